import Foundation
import XCTest
@testable import W2V

/// What every C-ABI test checks after a call: its status and the calling thread's `w2v_last_error()`.
extension XCTestCase {
    var lastError: String { String(cString: w2v_last_error()) }

    /// The call returned `expected` and the message mentions `fragment`.
    func expect(_ status: w2v_status, _ expected: w2v_status, mentions fragment: String,
                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(status, expected, lastError, file: file, line: line)
        XCTAssertTrue(lastError.contains(fragment), "message '\(lastError)' should mention '\(fragment)'", file: file, line: line)
    }
}

/// A test that compiles C programs against include/w2v.h (strict C99, every warning an error) and links
/// them with the release libw2v.so, as the demo is, in a scratch directory of its own.
class CProgramTestCase: XCTestCase {
    static let root = DemoTests.root
    static let warnings = ["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror"]

    var directory: URL!
    var library: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-c-\(UUID().uuidString)")
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

    /// Compiles and links the repository's C file `source` with `compiler` into the scratch directory;
    /// nil (after a failed assertion with the compiler's output) when it does not build warning-free.
    func buildProgram(_ source: String, with compiler: String, file: StaticString = #filePath, line: UInt = #line) throws -> String? {
        let program = directory.appendingPathComponent("\((source as NSString).lastPathComponent)-\(compiler)").path
        let build = try HeaderTests.run("/usr/bin/env", [compiler] + Self.warnings + [
            "-I", Self.root.appendingPathComponent("include").path, Self.root.appendingPathComponent(source).path,
            "-L", library.path, "-lw2v", "-Wl,-rpath,\(library.path)", "-lm", "-pthread", "-o", program,
        ])
        XCTAssertEqual(build.status, 0, "\(compiler) must compile \(source) warning-free: \(build.output)", file: file, line: line)
        return build.status == 0 ? program : nil
    }
}
