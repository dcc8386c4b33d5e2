import Foundation
import XCTest

/// The fault-test driver (Tests/Faults/faults.c, run in full by scripts/fault-tests from .ci/run) compiles
/// warning-free with gcc and clang against the header, and its cases that need no root run here too: a
/// file truncated under a copy-loaded model (and SIGBUS under a mapped one), and kill -9 during saves.
final class FaultDriverTests: XCTestCase {
    var directory: URL!
    var library: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard let library = DemoTests.releaseLibraryDirectory() else {
            XCTFail("no release libw2v.so: run `swift build -c release` first (scripts/test does), or set W2V_RELEASE_LIB")
            throw XCTSkip("no release library")
        }
        self.library = library
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testDriverCompilesAndItsUnprivilegedCasesPass() throws {
        let source = CABIContractTests.root.appendingPathComponent("Tests/Faults/faults.c").path
        for compiler in ["gcc", "clang"] {
            let program = directory.appendingPathComponent("faults-\(compiler)").path
            let build = try HeaderTests.run("/usr/bin/env", [compiler] + CABIContractTests.warnings + [
                "-I", CABIContractTests.root.appendingPathComponent("include").path, source,
                "-L", library.path, "-lw2v", "-Wl,-rpath,\(library.path)", "-o", program,
            ])
            XCTAssertEqual(build.status, 0, "\(compiler) must compile Tests/Faults/faults.c warning-free: \(build.output)")
            guard build.status == 0 else { continue }
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
