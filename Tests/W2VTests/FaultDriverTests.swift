import Foundation
import XCTest

/// The fault-test driver (Tests/Faults/faults.c, run in full by scripts/fault-tests from .ci/run) compiles
/// warning-free with gcc and clang against the header, and its cases that need no root run here too: a
/// file truncated under a copy-loaded model (and SIGBUS under a mapped one), and kill -9 during saves.
final class FaultDriverTests: CProgramTestCase {
    func testDriverCompilesAndItsUnprivilegedCasesPass() throws {
        for compiler in ["gcc", "clang"] {
            guard let program = try buildProgram("Tests/Faults/faults.c", with: compiler) else { continue }
            for (name, arguments) in [("truncate", [String]()), ("kill-loop", ["20"])] {
                let scratch = directory.appendingPathComponent("\(compiler)-\(name)")
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                // No Swift crash report for the child that is meant to die of SIGBUS.
                let result = try HeaderTests.run("/usr/bin/env", ["SWIFT_BACKTRACE=enable=no", program, name, scratch.path] + arguments)
                XCTAssertEqual(result.status, 0, "\(compiler) \(name):\n\(result.output)")
                XCTAssertTrue(result.output.contains("\(name): "), result.output)
                XCTAssertTrue(result.output.contains(" 0 failed"), result.output)
            }
        }
    }
}
