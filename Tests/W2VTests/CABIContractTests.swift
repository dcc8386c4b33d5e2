import Foundation
import XCTest

/// The C-ABI contract tests written in C (Tests/CABI/contract.c): compiled against include/w2v.h with gcc
/// and clang as strict C99 with every warning an error, linked with the release libw2v.so (as the demo
/// is) and run; any failed check fails this test with the program's report. Also checks that the header's
/// const is real: passing a const handle to a call that changes the object does not compile.
final class CABIContractTests: CProgramTestCase {
    func testContractProgramPassesWithGccAndClang() throws {
        for compiler in ["gcc", "clang"] {
            guard let program = try buildProgram("Tests/CABI/contract.c", with: compiler) else { continue }
            let scratch = directory.appendingPathComponent("scratch-\(compiler)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let result = try HeaderTests.run(program, [scratch.path])
            XCTAssertEqual(result.status, 0, "\(compiler): failed checks:\n\(result.output)")
            let summary = result.output.firstMatch(of: /(\d+) checks, (\d+) failed/)
            XCTAssertNotNil(summary, "\(compiler): no summary line in \(result.output)")
            if let summary {
                XCTAssertGreaterThan(Int(summary.1)!, 500, "\(compiler): the program ran only part of its checks")
                XCTAssertEqual(summary.2, "0")
            }
        }
    }

    /// Each call that changes its object takes a mutable handle: handing it a const one is an error under
    /// -Werror, with gcc and clang alike (while contract.c shows that every read-only call takes const).
    func testMutatingCallsRefuseConstHandles() throws {
        let calls = [
            "void f(const w2v_model *m) { (void)w2v_model_train_step(m, NULL, NULL, 0, 0, NULL, NULL); }",
            "void f(const w2v_model *m) { (void)w2v_model_set_params(m, NULL); }",
            "void f(const w2v_model *m) { (void)w2v_model_update_vocab(m, NULL, NULL); }",
            "void f(const w2v_model *m) { w2v_model_free(m); }",
            "void f(const w2v_vocab *v) { (void)w2v_vocab_add_text(v, \"a\", 1); }",
            "void f(const w2v_vocab *v) { (void)w2v_vocab_set_max_words(v, 1); }",
            "void f(const w2v_params *p) { (void)w2v_params_set_int(p, W2V_PARAM_DIM, 1); }",
        ]
        let include = Self.root.appendingPathComponent("include").path
        for (i, call) in calls.enumerated() {
            let source = directory.appendingPathComponent("const-\(i).c")
            try "#include \"w2v.h\"\n\(call)\n".write(to: source, atomically: true, encoding: .utf8)
            for compiler in ["gcc", "clang"] {
                let result = try HeaderTests.run("/usr/bin/env", [compiler] + Self.warnings + [
                    "-I", include, "-c", source.path, "-o", directory.appendingPathComponent("const-\(i).o").path,
                ])
                XCTAssertNotEqual(result.status, 0, "\(compiler) compiled a const handle passed to a mutating call: \(call)")
                XCTAssertTrue(result.output.contains("const") || result.output.contains("qualifier"),
                              "\(compiler): \(call): the error should be about const: \(result.output)")
            }
        }
        // The same calls with mutable handles compile (so the errors above are about const alone).
        let fine = directory.appendingPathComponent("mutable.c")
        try """
            #include "w2v.h"
            void g(w2v_model *m, w2v_vocab *v, w2v_params *p);
            void g(w2v_model *m, w2v_vocab *v, w2v_params *p) {
                (void)w2v_model_train_step(m, NULL, NULL, 0, 0, NULL, NULL);
                (void)w2v_model_set_params(m, p);
                (void)w2v_model_update_vocab(m, v, NULL);
                (void)w2v_vocab_add_text(v, "a", 1);
                (void)w2v_vocab_set_max_words(v, 1);
                (void)w2v_params_set_int(p, W2V_PARAM_DIM, 1);
                w2v_model_free(m);
            }
            """.write(to: fine, atomically: true, encoding: .utf8)
        for compiler in ["gcc", "clang"] {
            let result = try HeaderTests.run("/usr/bin/env", [compiler] + Self.warnings + [
                "-I", include, "-c", fine.path, "-o", directory.appendingPathComponent("mutable.o").path,
            ])
            XCTAssertEqual(result.status, 0, "\(compiler): \(result.output)")
        }
    }
}
