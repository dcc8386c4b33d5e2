import Foundation
import XCTest

/// The core's folders depend on each other one way (ARCHITECTURE.md): scripts/check-layers finds every
/// type a folder names and where it is declared, and fails on a dependency upward or sideways.
final class LayeringTests: XCTestCase {
    func testFoldersDependOnLowerLayersOnly() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot.appendingPathComponent("scripts/check-layers").path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "layer violations:\n\(report)")
    }
}
