import PythonEmbed
import Foundation
import XCTest

/// Runs the Python binding's tests (bindings/python/tests/test_*.py, unittest discovery) inside an
/// embedded CPython that loads the freshly built libw2v.so through ctypes, exactly as a Python user
/// does. This target does not link W2V: the library is only ever loaded as the shared object. Each
/// Python failure becomes an XCTest failure carrying its traceback. The suite runs twice: with NumPy
/// (Debian's python3-numpy) and with W2V_NO_NUMPY=1 (lists and memoryviews).
final class PythonBindingTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testPythonBindingWithNumPy() throws {
        try runPythonTests(noNumPy: false)
    }

    func testPythonBindingWithoutNumPy() throws {
        try runPythonTests(noNumPy: true)
    }

    // MARK: - Finding libw2v.so

    static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// The newest modification time among the library's Swift sources.
    static func newestSource() -> Date {
        var newest = Date.distantPast
        for folder in ["Sources/W2V", "Sources/W2VCore"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".swift") || relative.hasSuffix(".map") {
                if let date = modificationDate(base.appendingPathComponent(relative).path), date > newest { newest = date }
            }
        }
        return newest
    }

    /// W2V_LIBRARY as the caller of `swift test` set it (before this suite sets it for Python).
    static let callerLibrary = ProcessInfo.processInfo.environment["W2V_LIBRARY"]

    /// `$W2V_LIBRARY` when set; else the first libw2v.so newer than every source, trying the release
    /// builds (this build's scratch path, then the package's `.build`) before the debug one SwiftPM
    /// builds beside this test binary (its core is optimised too since Package.swift says so, but it
    /// still trains about 1.7 times slower); else the newest one found, with a warning.
    static func locateLibrary() -> (path: String?, note: String) {
        if let explicit = callerLibrary, !explicit.isEmpty {
            return (explicit, "from $W2V_LIBRARY")
        }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let buildDirectory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        let candidates = [
            buildDirectory.deletingLastPathComponent().appendingPathComponent("release/libw2v.so").path,
            root.appendingPathComponent(".build/release/libw2v.so").path,
            buildDirectory.appendingPathComponent("libw2v.so").path,
        ]
        let sources = newestSource()
        let existing = candidates.filter { FileManager.default.fileExists(atPath: $0) }
        if let fresh = existing.first(where: { (modificationDate($0) ?? .distantPast) >= sources }) {
            return (fresh, "built after the last source change")
        }
        if let newest = existing.max(by: { (modificationDate($0) ?? .distantPast) < (modificationDate($1) ?? .distantPast) }) {
            return (newest, "WARNING: older than the newest source in Sources/W2V*; run `swift build -c release`")
        }
        return (nil, "looked for \(candidates.joined(separator: ", "))")
    }

    // MARK: - Running Python

    /// A Python expression for `text` that needs no escaping: bytes.fromhex("...").decode().
    static func pythonString(_ text: String) -> String {
        "bytes.fromhex(\"" + text.utf8.map { String(format: "%02x", $0) }.joined() + "\").decode()"
    }

    func runPythonTests(noNumPy: Bool) throws {
        _ = Self.callerLibrary
        let (library, note) = Self.locateLibrary()
        guard let library else {
            XCTFail("no libw2v.so to test (\(note)): run `swift build -c release` first (scripts/test does), "
                    + "or set W2V_LIBRARY to a libw2v.so")
            return
        }
        setenv("W2V_LIBRARY", library, 1)  // read by the interpreter when it starts
        var startError: UnsafeMutablePointer<CChar>?
        if test_python_initialize(&startError) != 0 {
            let message = startError.map { String(cString: $0) } ?? "?"
            free(startError)
            XCTFail("the embedded Python did not start: \(message)")
            return
        }
        let tests = Self.root.appendingPathComponent("bindings/python/tests").path
        let source = """
        import os, sys
        os.environ["W2V_LIBRARY"] = \(Self.pythonString(library))
        sys.path.insert(0, \(Self.pythonString(tests)))
        import run_tests
        result = run_tests.run_as_json(no_numpy=\(noNumPy ? "True" : "False"))
        """
        var output: UnsafeMutablePointer<CChar>?
        let status = test_python_run(source, &output)
        let text = output.map { String(cString: $0) } ?? ""
        free(output)
        guard status == 0 else {
            XCTFail("the Python test runner raised:\n\(text)")
            return
        }
        guard let summary = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let run = summary["run"] as? Int,
              let problems = summary["problems"] as? [[String: Any]],
              let skipped = summary["skipped"] as? [[String: Any]]
        else {
            XCTFail("unreadable summary from the Python test runner: \(text.prefix(2000))")
            return
        }
        print(summary["log"] as? String ?? "")
        let numpy = (summary["numpy"] as? String).map { "NumPy \($0)" } ?? "no NumPy"
        print("Python binding tests (embedded Python \(summary["python"] as? String ?? "?"), \(numpy), "
              + "libw2v \(summary["library"] as? String ?? library), \(note)): "
              + "\(run) run, \(problems.count) failed, \(skipped.count) skipped")
        XCTAssertGreaterThan(run, 0, "no Python test ran")
        if noNumPy {
            XCTAssertNil(summary["numpy"] as? String, "W2V_NO_NUMPY=1 should hide NumPy from the package")
        }
        for problem in problems {
            XCTFail("Python \(problem["kind"] as? String ?? "failure"): \(problem["test"] as? String ?? "?")\n"
                    + (problem["traceback"] as? String ?? ""))
        }
    }
}
