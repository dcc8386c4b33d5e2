import Foundation
import XCTest
@testable import W2V
@testable import W2VCore

/// The vocabulary-control entry points (pruning, vocabulary files, max_final_vocab), called from Swift
/// exactly as C calls them, NULLs and bad files included.
final class VocabControlCABITests: XCTestCase {
    func newVocab(_ text: String = "") -> OpaquePointer {
        var vocab: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        if !text.isEmpty {
            XCTAssertEqual(text.withCString { w2v_vocab_add_text(vocab, $0, UInt(strlen($0))) }, .W2V_OK)
        }
        return vocab!
    }

    func count(_ vocab: OpaquePointer, _ word: String) -> UInt64 {
        var n: UInt64 = 0
        XCTAssertEqual(w2v_vocab_count(vocab, word, &n), .W2V_OK)
        return n
    }

    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-vocab-cabi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testPruningLimitAndReport() {
        let vocab = newVocab("a a a b c")
        defer { w2v_vocab_free(vocab) }
        XCTAssertEqual(w2v_vocab_pruned_words(vocab), 0)
        XCTAssertEqual(w2v_vocab_pruned_max_count(vocab), 0)
        XCTAssertEqual(w2v_vocab_set_max_words(vocab, 2), .W2V_OK, "above the new limit: pruned at once")
        XCTAssertEqual(w2v_vocab_size(vocab), 1)
        XCTAssertEqual(w2v_vocab_pruned_words(vocab), 2)
        XCTAssertEqual(w2v_vocab_pruned_max_count(vocab), 1)
        XCTAssertEqual(count(vocab, "a"), 3)
        XCTAssertEqual(w2v_vocab_total_words(vocab), 5, "pruned occurrences still count as words seen")
        XCTAssertEqual("d d e f".withCString { w2v_vocab_add_text(vocab, $0, 7) }, .W2V_OK)
        XCTAssertEqual(w2v_vocab_size(vocab), 2, "a and f: at e the second pass dropped counts up to 2 (d d, e)")
        XCTAssertEqual(w2v_vocab_pruned_words(vocab), 4)
        XCTAssertEqual(w2v_vocab_pruned_max_count(vocab), 2)
        XCTAssertEqual(w2v_vocab_set_max_words(vocab, 0), .W2V_OK, "0 lifts the limit")
        XCTAssertEqual("x y z w".withCString { w2v_vocab_add_text(vocab, $0, 7) }, .W2V_OK)
        XCTAssertEqual(w2v_vocab_size(vocab), 6)
        XCTAssertEqual(w2v_vocab_set_max_words(vocab, UInt.max), .W2V_OK)

        expect(w2v_vocab_set_max_words(nil, 10), .W2V_ERR_INVALID_ARGUMENT, mentions: "vocab is NULL")
        XCTAssertEqual(w2v_vocab_pruned_words(nil), 0)
        XCTAssertEqual(w2v_vocab_pruned_max_count(nil), 0)
    }

    func testSaveAndAddCountsFile() throws {
        let dir = try directory()
        let path = dir.appendingPathComponent("vocab.txt").path
        let vocab = newVocab("the cat and the dog\nthe end and\n")
        defer { w2v_vocab_free(vocab) }
        XCTAssertEqual(w2v_vocab_save(vocab, path, 2), .W2V_OK, lastError)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "</s> 2\nthe 3\nand 2\n")
        XCTAssertEqual(w2v_vocab_save(vocab, path, 0), .W2V_OK)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "</s> 2\nthe 3\nand 2\ncat 1\ndog 1\nend 1\n")

        let read = newVocab()
        defer { w2v_vocab_free(read) }
        XCTAssertEqual(w2v_vocab_add_counts_file(read, path), .W2V_OK, lastError)
        XCTAssertEqual(w2v_vocab_size(read), 5)
        XCTAssertEqual(w2v_vocab_total_words(read), 8)
        XCTAssertEqual(count(read, "the"), 3)
        XCTAssertEqual(count(read, "</s>"), 0)
        XCTAssertEqual(w2v_vocab_add_counts_file(read, path), .W2V_OK, "counts are added")
        XCTAssertEqual(count(read, "the"), 6)

        // A model made from the read counts has the same words in the same order.
        var a: OpaquePointer?, b: OpaquePointer?, params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MIN_COUNT.rawValue, 1), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 4), .W2V_OK)
        let once = newVocab()
        defer { w2v_vocab_free(once) }
        XCTAssertEqual(w2v_vocab_add_counts_file(once, path), .W2V_OK)
        XCTAssertEqual(w2v_model_new(&a, vocab, params), .W2V_OK)
        XCTAssertEqual(w2v_model_new(&b, once, params), .W2V_OK)
        defer { w2v_model_free(a); w2v_model_free(b) }
        XCTAssertEqual(w2v_model_vocab_size(a), w2v_model_vocab_size(b))
        for i in 0..<w2v_model_vocab_size(a) {
            XCTAssertEqual(String(cString: w2v_model_word(a, i)!), String(cString: w2v_model_word(b, i)!))
            XCTAssertEqual(w2v_model_count(a, i), w2v_model_count(b, i))
        }
    }

    func testVocabularyFileErrors() throws {
        let dir = try directory()
        let vocab = newVocab("kept words")
        defer { w2v_vocab_free(vocab) }
        let bad = dir.appendingPathComponent("bad.txt").path
        try "good 3\nbad line here\n".write(toFile: bad, atomically: true, encoding: .utf8)
        expect(w2v_vocab_add_counts_file(vocab, bad), .W2V_ERR_FORMAT, mentions: "line 2: expected '<word> <count>', found 'bad line here'")
        try "a 2\nb 1\na 1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        expect(w2v_vocab_add_counts_file(vocab, bad), .W2V_ERR_FORMAT, mentions: "line 3: the word 'a' appears on an earlier line too")
        try "a two\n".write(toFile: bad, atomically: true, encoding: .utf8)
        expect(w2v_vocab_add_counts_file(vocab, bad), .W2V_ERR_FORMAT, mentions: "line 1: the count 'two' is not a whole number")
        XCTAssertEqual(w2v_vocab_size(vocab), 2, "failed reads change nothing")
        XCTAssertEqual(w2v_vocab_total_words(vocab), 2)
        expect(w2v_vocab_add_counts_file(vocab, dir.appendingPathComponent("absent.txt").path), .W2V_ERR_IO, mentions: "absent.txt")
        expect(w2v_vocab_add_counts_file(vocab, dir.path), .W2V_ERR_IO, mentions: "directory")
        expect(w2v_vocab_add_counts_file(nil, bad), .W2V_ERR_INVALID_ARGUMENT, mentions: "vocab is NULL")
        expect(w2v_vocab_add_counts_file(vocab, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        expect(w2v_vocab_add_counts_file(vocab, ""), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is empty")

        expect(w2v_vocab_save(nil, bad, 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "vocab is NULL")
        expect(w2v_vocab_save(vocab, nil, 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        expect(w2v_vocab_save(vocab, "", 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is empty")
        expect(w2v_vocab_save(vocab, dir.appendingPathComponent("missing/v.txt").path, 1), .W2V_ERR_IO, mentions: "missing/v.txt")
        XCTAssertEqual(try String(contentsOfFile: bad, encoding: .utf8), "a two\n", "an unrelated file is untouched")
    }

    func testMaxFinalVocabInModelNew() {
        // Counts: a 6, b 4, c 4, d 4, e 2, f 1.
        let vocab = newVocab("a a a a a a b b b b c c c c d d d d e e f")
        defer { w2v_vocab_free(vocab) }
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MIN_COUNT.rawValue, 1), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 4), .W2V_OK)
        // max_final_vocab -> effective min_count -> words kept.
        for (limit, kept) in [(0, 6), (6, 6), (5, 5), (4, 4), (3, 1), (2, 1), (1, 1)] as [(Int64, UInt)] {
            XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MAX_FINAL_VOCAB.rawValue, limit), .W2V_OK)
            var model: OpaquePointer?
            XCTAssertEqual(w2v_model_new(&model, vocab, params), .W2V_OK, lastError)
            XCTAssertEqual(w2v_model_vocab_size(model), kept, "max_final_vocab \(limit)")
            XCTAssertEqual(String(cString: w2v_model_word(model, 0)!), "a")
            w2v_model_free(model)
        }
        let tied = newVocab("x x y y")
        defer { w2v_vocab_free(tied) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MAX_FINAL_VOCAB.rawValue, 1), .W2V_OK)
        var model: OpaquePointer?
        expect(w2v_model_new(&model, tied, params), .W2V_ERR_INVALID_ARGUMENT, mentions: "raised to 3 by max_final_vocab 1")
        XCTAssertNil(model)
    }

    func testUpdateVocab() throws {
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MIN_COUNT.rawValue, 2), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 4), .W2V_OK)
        let first = newVocab("a a a b b c")
        defer { w2v_vocab_free(first) }
        var model: OpaquePointer?
        XCTAssertEqual(w2v_model_new(&model, first, params), .W2V_OK)
        defer { w2v_model_free(model) }
        XCTAssertEqual(w2v_model_vocab_size(model), 2)
        XCTAssertEqual(w2v_model_epoch_words(model), 5, "a and b: c is below min_count")
        let before = Array(UnsafeBufferPointer(start: w2v_model_vectors(model), count: 8))

        let next = newVocab("c d d e e e a z")
        defer { w2v_vocab_free(next) }
        var added: UInt = 99
        XCTAssertEqual(w2v_model_update_vocab(model, next, &added), .W2V_OK, lastError)
        XCTAssertEqual(added, 2, "e and d reach min_count 2 in the new text; c and z do not")
        XCTAssertEqual(w2v_model_vocab_size(model), 4)
        XCTAssertEqual((0..<4).map { String(cString: w2v_model_word(model, $0)!) }, ["a", "b", "e", "d"])
        XCTAssertEqual((0..<4).map { w2v_model_count(model, $0) }, [4, 2, 3, 2])
        XCTAssertEqual(w2v_model_epoch_words(model), 6, "a, d d, e e e")
        XCTAssertEqual(Array(UnsafeBufferPointer(start: w2v_model_vectors(model), count: 8)), before, "old vectors kept")
        var trained: UInt64 = 0
        let sentence = ["e", "d", "a", "c"]
        var lengths: [UInt] = [4]
        let pointers = sentence.map { strdup($0).map { UnsafePointer($0) } }
        defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        XCTAssertEqual(w2v_model_train_step(model, pointers, &lengths, 1, 0, &trained, nil), .W2V_OK, lastError)
        XCTAssertEqual(trained, 3, "the new words are trained; c is still unknown")
        let again = newVocab("d d")
        defer { w2v_vocab_free(again) }
        XCTAssertEqual(w2v_model_update_vocab(model, again, nil), .W2V_OK, "added_out may be NULL")

        expect(w2v_model_update_vocab(nil, next, &added), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_update_vocab(model, nil, &added), .W2V_ERR_INVALID_ARGUMENT, mentions: "vocab is NULL")
        let empty = newVocab()
        defer { w2v_vocab_free(empty) }
        expect(w2v_model_update_vocab(model, empty, &added), .W2V_ERR_INVALID_ARGUMENT, mentions: "no words were counted")
        let rare = newVocab("x y")
        defer { w2v_vocab_free(rare) }
        expect(w2v_model_update_vocab(model, rare, &added), .W2V_ERR_INVALID_ARGUMENT, mentions: "none of the 2 counted words")
        XCTAssertEqual(w2v_model_vocab_size(model), 4, "failed updates change nothing")
        XCTAssertEqual(w2v_model_epoch_words(nil), 0)

        // A model loaded from a word2vec file has no output weights to grow.
        let path = try directory().appendingPathComponent("vectors.txt").path
        XCTAssertEqual(w2v_model_save(model, path, w2v_format.W2V_FORMAT_TEXT.rawValue), .W2V_OK)
        var loaded: OpaquePointer?
        XCTAssertEqual(w2v_model_load(&loaded, path, w2v_format.W2V_FORMAT_AUTO.rawValue), .W2V_OK)
        defer { w2v_model_free(loaded) }
        expect(w2v_model_update_vocab(loaded, next, &added), .W2V_ERR_INVALID_ARGUMENT, mentions: "cannot be trained")
    }
}
