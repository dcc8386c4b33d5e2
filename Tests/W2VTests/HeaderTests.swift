import Foundation
import XCTest

/// Guards the public header include/w2v.h: it is what scripts/generate-header makes of this build, it
/// compiles cleanly as C99 and C++, and the release libw2v.so exports exactly its functions.
final class HeaderTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let header = packageRoot.appendingPathComponent("include/w2v.h")

    // MARK: - Freshness

    /// Regenerates the header from the compiler header of the very build running this test and fails
    /// with the diff when the committed include/w2v.h differs.
    func testHeaderIsUpToDate() throws {
        let compilerHeader = try XCTUnwrap(Self.compilerHeaderOfThisBuild(), """
            no W2V-Swift.h next to the test binary \(Self.testBinary?.path ?? "(unknown)"); expected \
            <build dir>/W2V.build/include/W2V-Swift.h
            """)
        let script = Self.packageRoot.appendingPathComponent("scripts/generate-header")
        let result = try Self.run(script.path, ["--check", "--compiler-header", compilerHeader.path])
        XCTAssertEqual(result.status, 0, """
            include/w2v.h is stale: run scripts/generate-header and commit include/w2v.h.
            \(result.output)
            """)
    }

    /// The build directory holding this test binary (<scratch>/<triple>/<config>), found from
    /// /proc/self/exe, then the bundle, then argv[0].
    static var testBinary: URL? {
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: exe)
        }
        if let path = Bundle.main.executablePath { return URL(fileURLWithPath: path) }
        return CommandLine.arguments.first.map { URL(fileURLWithPath: $0) }
    }

    static func compilerHeaderOfThisBuild() -> URL? {
        var candidates = [URL]()
        if let binary = testBinary { candidates.append(binary.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: Bundle.main.bundlePath))
        candidates.append(URL(fileURLWithPath: Bundle.main.bundlePath).deletingLastPathComponent())
        for directory in candidates {
            let header = directory.appendingPathComponent("W2V.build/include/W2V-Swift.h")
            if FileManager.default.fileExists(atPath: header.path) { return header }
        }
        return nil
    }

    // MARK: - Compiling

    static let program = """
        #include "w2v.h"
        #include "w2v.h" /* the include guard holds */

        static int32_t on_progress(double progress, double words_per_second, double alpha, double loss, void *user_data) {
            (void)words_per_second; (void)alpha; (void)loss;
            *(double *)user_data = progress;
            return 0;
        }

        int header_demo(const char *path);

        int header_demo(const char *path) {
            w2v_vocab *vocab = NULL;
            w2v_params *params = NULL;
            w2v_model *model = NULL;
            w2v_progress_fn callback = on_progress;
            double last_progress = 0;
            int64_t dim = 0;
            size_t index = 0;
            float cosine = 0;
            const char *positive[] = {"king", "woman"};
            const char *negative[] = {"man"};
            size_t indices[3];
            float scores[3];
            size_t found = 0;
            w2v_status status;
            if (w2v_version() / 10000 != W2V_VERSION_MAJOR) return -1;
            if (w2v_vocab_new(&vocab) != W2V_OK) return (int)W2V_ERR_OUT_OF_MEMORY;
            status = w2v_vocab_add_file(vocab, path);
            if (status != W2V_OK) return (int)w2v_status_string(status)[0];
            if (w2v_params_new(&params) != W2V_OK) return 1;
            if (w2v_params_set_int(params, W2V_PARAM_DIM, 32) != W2V_OK) return 2;
            if (w2v_params_set_int(params, W2V_PARAM_ARCH, W2V_ARCH_SKIPGRAM) != W2V_OK) return 3;
            if (w2v_params_get_int(params, W2V_PARAM_DIM, &dim) != W2V_OK || dim != 32) return 4;
            status = w2v_model_new(&model, vocab, params);
            w2v_params_free(params);
            w2v_vocab_free(vocab);
            if (status != W2V_OK) return w2v_last_error()[0];
            if (w2v_model_train_file(model, path, callback, &last_progress) != W2V_OK) return 5;
            if (w2v_model_index(model, "king", &index) != W2V_OK || w2v_model_word(model, index) == NULL) return 6;
            if (w2v_model_similarity(model, "king", "queen", &cosine) != W2V_OK) return 7;
            if (w2v_model_most_similar(model, positive, 2, negative, 1, 0, 3, indices, scores, &found) != W2V_OK) return 8;
            if (w2v_model_vectors(model) == NULL || w2v_model_dim(model) != (size_t)dim) return 9;
            w2v_model_free(model);
            return last_progress < 1.0;
        }
        """

    /// The header and a small program using it compile without a warning as C99 with gcc and clang and
    /// as C++11 with g++ and clang++ (-c only: no library needed).
    func testHeaderCompilesCleanlyAsCAndCxx() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-header-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("demo.c")
        try Self.program.write(to: source, atomically: true, encoding: .utf8)
        let include = Self.header.deletingLastPathComponent().path
        let warnings = ["-Wall", "-Wextra", "-Wpedantic", "-Werror"]
        let compilers: [(String, [String])] = [
            ("gcc", ["-std=c99", "-Wstrict-prototypes", "-x", "c"]),
            ("clang", ["-std=c99", "-Wstrict-prototypes", "-x", "c"]),
            ("g++", ["-std=c++11", "-x", "c++"]),
            ("clang++", ["-std=c++11", "-x", "c++"]),
        ]
        for (compiler, flags) in compilers {
            let object = work.appendingPathComponent("demo-\(compiler).o").path
            let result = try Self.run("/usr/bin/env", [compiler] + flags + warnings + ["-I", include, "-c", source.path, "-o", object])
            XCTAssertEqual(result.status, 0, "\(compiler) \(flags.joined(separator: " ")): \(result.output)")
        }
    }

    /// Handles are typed in the header: `w2v_model **out`, never `void **` or `void *model`.
    func testHandlesAreTyped() throws {
        let code = try Self.headerCode()
        let handles = Self.matches(#"typedef\s+struct\s+w2v_(\w+)\s+w2v_\w+\s*;"#, in: code)
        XCTAssertFalse(handles.isEmpty, "no `typedef struct w2v_x w2v_x;` in the header")
        XCTAssertTrue(Self.matches(#"void\s*\*\s*\*"#, in: code).isEmpty, "`void **` in the header")
        for handle in handles {
            let untyped = Self.matches(#"void\s*\*\s*(\#(handle))\b"#, in: code)
            XCTAssertTrue(untyped.isEmpty, "a `void *\(handle)` parameter in the header: use w2v_\(handle) *")
        }
    }

    // MARK: - Exports

    /// The release library exports exactly the functions the header declares: nothing missing, no
    /// Swift symbol and nothing else. W2V_RELEASE_LIB overrides the library's path.
    func testReleaseLibraryExportsExactlyTheHeaderFunctions() throws {
        let library = ProcessInfo.processInfo.environment["W2V_RELEASE_LIB"]
            ?? Self.packageRoot.appendingPathComponent(".build/release/libw2v.so").path
        guard FileManager.default.fileExists(atPath: library) else {
            XCTFail("\(library) does not exist: run `swift build -c release` first (scripts/test does), or set W2V_RELEASE_LIB")
            return
        }
        let declared = try Self.declaredFunctions()
        XCTAssertGreaterThan(declared.count, 10, "cannot read the functions of include/w2v.h")

        let result = try Self.run("/usr/bin/env", ["nm", "-D", "--defined-only", library])
        XCTAssertEqual(result.status, 0, result.output)
        var functions = Set<String>()
        var others = [String]()
        for line in result.output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, let kind = fields[fields.count - 2].first else { continue }
            let name = String(fields[fields.count - 1])
            // Lower-case kinds are local symbols, which nothing outside the library can bind to;
            // `u` (unique global) and `i` (indirect function) are exported nonetheless.
            guard kind.isUppercase || kind == "u" || kind == "i" else { continue }
            if kind == "T" { functions.insert(name) } else { others.append("\(kind) \(name)") }
        }
        let missing = declared.subtracting(functions).sorted()
        let extra = functions.subtracting(declared).sorted()
        XCTAssertTrue(missing.isEmpty, "declared in include/w2v.h but not exported by \(library): \(missing)")
        XCTAssertTrue(extra.isEmpty, "exported by \(library) but not declared in include/w2v.h: \(extra.prefix(50))")
        XCTAssertTrue(others.isEmpty, "exported symbols that are not functions: \(others.prefix(50))")
    }

    // MARK: - Helpers

    /// The header without its comments.
    static func headerCode() throws -> String {
        var text = try String(contentsOf: header, encoding: .utf8)
        text = text.replacingOccurrences(of: #"/\*[\s\S]*?\*/"#, with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: #"//[^\n]*"#, with: "", options: .regularExpression)
        return text
    }

    /// Names of the functions include/w2v.h declares: identifiers followed by `(` at file scope, outside
    /// typedefs (a function-pointer typedef names its type as `(*name)`, which does not match).
    static func declaredFunctions() throws -> Set<String> {
        let code = try headerCode()
        var names = Set<String>()
        for statement in code.split(separator: ";") {
            let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
            // Drop preprocessor lines, `extern "C" {` and enum bodies' braces.
            let lines = text.split(separator: "\n").filter { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return !trimmed.hasPrefix("#") && !trimmed.contains("{") && !trimmed.contains("}")
            }
            let declaration = lines.joined(separator: " ").trimmingCharacters(in: .whitespaces)
            if declaration.hasPrefix("typedef") || declaration.contains("typedef ") { continue }
            if let name = matches(#"\b(w2v_\w+)\s*\("#, in: declaration).first { names.insert(name) }
        }
        return names
    }

    /// The first capture group of every match.
    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            return Range(group, in: text).map { String(text[$0]) }
        }
    }

    /// Runs a program to completion; its standard output and error together.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
