import Foundation
import XCTest
@testable import W2V
import W2VCore

/// The Phrases section, called from Swift exactly as C calls it: learning, scores, applying to text,
/// tokens and files, freezing, the table file, and every error.
final class PhrasesCABITests: XCTestCase {
    let small = "new york is big\ni love new york\nnew york new york\nyork is old\n"

    func withCStrings<R>(_ words: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = words.map { UnsafePointer(strdup($0)) }
        defer { copies.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return copies.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    func newPhrases(_ scoring: w2v_phrases_scoring = .W2V_PHRASES_SCORING_WORD2PHRASE, minCount: UInt64 = 1,
                    threshold: Double = 2, connectors: [String] = [], text: String = "") -> OpaquePointer {
        var p: OpaquePointer?
        let status = withCStrings(connectors) { w2v_phrases_new(&p, scoring, minCount, threshold, nil, $0, UInt(connectors.count), 0) }
        XCTAssertEqual(status, .W2V_OK, lastError)
        if !text.isEmpty {
            XCTAssertEqual(text.withCString { w2v_phrases_add_text(p, $0, UInt(strlen($0))) }, .W2V_OK)
        }
        return p!
    }

    func applyText(_ p: OpaquePointer, _ text: String) -> String {
        var needed: UInt = 0
        XCTAssertEqual(text.withCString { w2v_phrases_apply_text(p, $0, UInt(strlen($0)), nil, 0, &needed) }, .W2V_ERR_BUFFER_TOO_SMALL)
        var out = [CChar](repeating: 0, count: Int(needed))
        XCTAssertEqual(text.withCString { w2v_phrases_apply_text(p, $0, UInt(strlen($0)), &out, needed, &needed) }, .W2V_OK)
        return String(cString: out)
    }

    func testLearnScoreApply() {
        let p = newPhrases(text: small)
        defer { w2v_phrases_free(p) }
        XCTAssertEqual(w2v_phrases_size(p), 14)
        XCTAssertEqual(w2v_phrases_total_words(p), 15)
        XCTAssertEqual(w2v_phrases_is_frozen(p), 0)
        var n: UInt64 = 0
        XCTAssertEqual(w2v_phrases_count(p, "new_york", &n), .W2V_OK)
        XCTAssertEqual(n, 4)
        var score = 0.0
        XCTAssertEqual(withCStrings(["new", "york"]) { w2v_phrases_score(p, $0, 2, &score) }, .W2V_OK)
        XCTAssertEqual(score, 2.25)
        expect(withCStrings(["big", "old"]) { w2v_phrases_score(p, $0, 2, &score) }, .W2V_ERR_NOT_FOUND, mentions: "cannot be scored")
        XCTAssertEqual(applyText(p, "new york new york\nyork new york"), "new_york new_york\nyork new_york")

        // Tokens come back NUL-separated.
        var needed: UInt = 0, count: UInt = 0
        let tokens = ["york", "new", "york", "is"]
        XCTAssertEqual(withCStrings(tokens) { w2v_phrases_apply_tokens(p, $0, 4, nil, 0, &needed, &count) }, .W2V_ERR_BUFFER_TOO_SMALL)
        XCTAssertEqual(needed, 17)
        XCTAssertEqual(count, 3)
        var buffer = [CChar](repeating: 1, count: Int(needed))
        XCTAssertEqual(withCStrings(tokens) { w2v_phrases_apply_tokens(p, $0, 4, &buffer, needed, nil, nil) }, .W2V_OK)
        let words = buffer.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(cString: Array($0) + [0]) }
        XCTAssertEqual(words, ["york", "new_york", "is"])
    }

    func testFreezeSaveLoadAndApplyFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-phrases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let p = newPhrases(.W2V_PHRASES_SCORING_ORIGINAL, threshold: 0.4, connectors: ["of"], text: small + "bank of america\nbank of america\n")
        defer { w2v_phrases_free(p) }
        var frozen: OpaquePointer?
        XCTAssertEqual(w2v_phrases_freeze(p, &frozen), .W2V_OK)
        defer { w2v_phrases_free(frozen) }
        XCTAssertEqual(w2v_phrases_is_frozen(frozen), 1)
        var phrases: [String: Double] = [:]
        for i in 0..<w2v_phrases_size(frozen) {
            var phrase: UnsafePointer<CChar>?
            var score = 0.0
            XCTAssertEqual(w2v_phrases_phrase(frozen, i, &phrase, &score), .W2V_OK)
            phrases[String(cString: phrase!)] = score
        }
        XCTAssertEqual(phrases["bank_of_america"] ?? 0, (2.0 - 1) / (2 * 2) * 17, accuracy: 1e-12)
        expect(w2v_phrases_phrase(frozen, w2v_phrases_size(frozen), nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "out of range")
        expect(w2v_phrases_phrase(p, 0, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "not frozen")
        expect(w2v_phrases_add_text(frozen, "a b", 3), .W2V_ERR_INVALID_ARGUMENT, mentions: "frozen")
        var n: UInt64 = 0
        expect(w2v_phrases_count(frozen, "a", &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "no counts")
        let text = "bank of america is in new york\n"
        XCTAssertEqual(applyText(frozen!, text), applyText(p, text))

        let table = dir.appendingPathComponent("table.txt").path
        XCTAssertEqual(w2v_phrases_save(p, table), .W2V_OK)
        var loaded: OpaquePointer?
        XCTAssertEqual(w2v_phrases_load(&loaded, table), .W2V_OK)
        defer { w2v_phrases_free(loaded) }
        XCTAssertEqual(w2v_phrases_size(loaded), w2v_phrases_size(frozen))
        XCTAssertEqual(applyText(loaded!, text), applyText(p, text))

        let input = dir.appendingPathComponent("in.txt").path
        let output = dir.appendingPathComponent("out.txt").path
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        var formed: UInt64 = 0
        XCTAssertEqual(w2v_phrases_apply_file(loaded, input, output, &formed), .W2V_OK)
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), applyText(p, text))
        XCTAssertEqual(formed, 2)

        try "w2v-phrases 1 0 _ word2phrase 100 5\nnew_york\n".write(toFile: table, atomically: true, encoding: .utf8)
        var bad: OpaquePointer?
        expect(w2v_phrases_load(&bad, table), .W2V_ERR_FORMAT, mentions: "line 2")
        XCTAssertNil(bad)
        expect(w2v_phrases_load(&bad, dir.appendingPathComponent("missing").path), .W2V_ERR_IO, mentions: "missing")
        expect(w2v_phrases_add_file(p, dir.appendingPathComponent("missing").path), .W2V_ERR_IO, mentions: "missing")
        expect(w2v_phrases_apply_file(p, input, dir.path, nil), .W2V_ERR_IO, mentions: "it is a directory")
    }

    func testArgumentErrors() {
        var p: OpaquePointer?
        expect(w2v_phrases_new(nil, .W2V_PHRASES_SCORING_WORD2PHRASE, 5, 100, nil, nil, 0, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "out is NULL")
        expect(w2v_phrases_new(&p, .W2V_PHRASES_SCORING_NPMI, 5, 100, nil, nil, 0, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "[-1, 1]")
        expect(w2v_phrases_new(&p, .W2V_PHRASES_SCORING_WORD2PHRASE, 5, .nan, nil, nil, 0, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "NaN")
        expect(w2v_phrases_new(&p, .W2V_PHRASES_SCORING_WORD2PHRASE, 5, 100, "a b", nil, 0, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "delimiter")
        expect(w2v_phrases_new(&p, .W2V_PHRASES_SCORING_WORD2PHRASE, 5, 100, "", nil, 0, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "delimiter")
        expect(w2v_phrases_new(&p, .W2V_PHRASES_SCORING_WORD2PHRASE, 5, 100, nil, nil, 2, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "tokens is NULL")
        expect(withCStrings(["of", ""]) { w2v_phrases_new(&p, .W2V_PHRASES_SCORING_WORD2PHRASE, 5, 100, nil, $0, 2, 0) }, .W2V_ERR_INVALID_ARGUMENT, mentions: "connector word 1")
        XCTAssertNil(p)
        expect(w2v_phrases_add_text(nil, "a", 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "phrases is NULL")
        var vocab: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        expect(w2v_phrases_add_text(vocab, "a", 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "not a w2v_phrases handle")
        w2v_vocab_free(vocab)
        let q = newPhrases(connectors: ["of"], text: small)
        defer { w2v_phrases_free(q) }
        expect(w2v_phrases_add_text(q, nil, 3), .W2V_ERR_INVALID_ARGUMENT, mentions: "text is NULL")
        expect(withCStrings(["a", "b c"]) { w2v_phrases_add_tokens(q, $0, 2) }, .W2V_ERR_INVALID_ARGUMENT, mentions: "token 1")
        var score = 0.0
        expect(withCStrings(["new"]) { w2v_phrases_score(q, $0, 1, &score) }, .W2V_ERR_INVALID_ARGUMENT, mentions: "at least two")
        expect(withCStrings(["of", "york"]) { w2v_phrases_score(q, $0, 2, &score) }, .W2V_ERR_INVALID_ARGUMENT, mentions: "connector")
        expect(withCStrings(["new", "york"]) { w2v_phrases_score(q, $0, 2, nil) }, .W2V_ERR_INVALID_ARGUMENT, mentions: "score_out")
        expect(withCStrings(["new", "a b"]) { w2v_phrases_apply_tokens(q, $0, 2, nil, 0, nil, nil) }, .W2V_ERR_INVALID_ARGUMENT, mentions: "token 1")
        expect(w2v_phrases_save(q, ""), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is empty")
        XCTAssertEqual(w2v_phrases_size(nil), 0)
        XCTAssertEqual(w2v_phrases_total_words(nil), 0)
        XCTAssertEqual(w2v_phrases_pruned_entries(nil), 0)
        XCTAssertEqual(w2v_phrases_is_frozen(nil), 0)
        w2v_phrases_free(nil)
        XCTAssertEqual(w2v_phrases_add_text(q, nil, 0), .W2V_OK, "an empty text is nothing to count")
    }

    func testPruningBoundsTheTable() {
        var p: OpaquePointer?
        XCTAssertEqual(w2v_phrases_new(&p, .W2V_PHRASES_SCORING_WORD2PHRASE, 5, 100, nil, nil, 0, 100), .W2V_OK)
        defer { w2v_phrases_free(p) }
        let text = (0..<2000).map { "x\($0 * 7919 % 1000)" }.joined(separator: " ")
        XCTAssertEqual(text.withCString { w2v_phrases_add_text(p, $0, UInt(strlen($0))) }, .W2V_OK)
        XCTAssertLessThanOrEqual(w2v_phrases_size(p), 100)
        XCTAssertGreaterThan(w2v_phrases_pruned_entries(p), 0)
    }

    /// Counting and training with phrases joined on the fly: the phrase becomes a word of the vocabulary
    /// and of the model, as if the file had been rewritten; NULL arguments are refused, NULL phrases clear.
    func testCountAndTrainWithPhrasesOnTheFly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-phrases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.txt").path
        try String(repeating: small, count: 20).write(toFile: input, atomically: true, encoding: .utf8)
        let p = newPhrases(text: small)
        defer { w2v_phrases_free(p) }
        var vocab: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        defer { w2v_vocab_free(vocab) }
        XCTAssertEqual(w2v_vocab_add_file_phrases(vocab, input, p), .W2V_OK, lastError)
        expect(w2v_vocab_add_file_phrases(vocab, input, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "phrases")
        expect(w2v_vocab_add_file_phrases(nil, input, p), .W2V_ERR_INVALID_ARGUMENT, mentions: "vocab")
        expect(w2v_vocab_add_file_phrases(vocab, dir.appendingPathComponent("missing").path, p), .W2V_ERR_IO, mentions: "missing")
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MIN_COUNT.rawValue, 1), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 8), .W2V_OK)
        var model: OpaquePointer?
        XCTAssertEqual(w2v_model_new(&model, vocab, params), .W2V_OK, lastError)
        defer { w2v_model_free(model) }
        var row: UInt = 0
        XCTAssertEqual(w2v_model_index(model, "new_york", &row), .W2V_OK, "the phrase was counted as a word")
        XCTAssertEqual(w2v_model_set_training_phrases(model, p), .W2V_OK)
        func vector() -> [Float] {
            var v = [Float](repeating: 0, count: 8)
            XCTAssertEqual(w2v_model_vector(model, "new_york", &v, 8), .W2V_OK)
            return v
        }
        let before = vector()
        XCTAssertEqual(w2v_model_train_file(model, input, nil, nil), .W2V_OK, lastError)
        XCTAssertNotEqual(vector(), before, "the phrase's row trains")
        XCTAssertEqual(w2v_model_set_training_phrases(model, nil), .W2V_OK)
        expect(w2v_model_set_training_phrases(nil, p), .W2V_ERR_INVALID_ARGUMENT, mentions: "model")
    }
}
