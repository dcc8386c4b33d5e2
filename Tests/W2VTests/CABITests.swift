import Foundation
import XCTest
@testable import W2V
@testable import W2VCore

/// Every entry point, called from Swift exactly as C calls it, with NULL, wrong sizes and bad values:
/// each must return an error status with a message, never crash.
final class CABITests: XCTestCase {
    /// A small trained-shape model: vocabulary "a b c ..." with counts, default parameters.
    func makeModel(_ text: String = "a a a a a b b b b b c c c c c d d d d d e e e e e", dim: Int64 = 8) -> OpaquePointer {
        var vocab: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        defer { w2v_vocab_free(vocab) }
        XCTAssertEqual(text.withCString { w2v_vocab_add_text(vocab, $0, UInt(strlen($0))) }, .W2V_OK)
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, dim), .W2V_OK)
        XCTAssertEqual(w2v_params_set_float(params, w2v_param.W2V_PARAM_SAMPLE.rawValue, 0), .W2V_OK)
        var model: OpaquePointer?
        XCTAssertEqual(w2v_model_new(&model, vocab, params), .W2V_OK, lastError)
        return model!
    }

    func testStatusStringsAndVersion() {
        XCTAssertEqual(String(cString: w2v_status_string(0)), "W2V_OK")
        XCTAssertEqual(String(cString: w2v_status_string(w2v_status.W2V_ERR_FORMAT.rawValue)), "W2V_ERR_FORMAT")
        XCTAssertEqual(String(cString: w2v_status_string(99)), "unknown status")
        XCTAssertEqual(String(cString: w2v_status_string(-1)), "unknown status")
        XCTAssertEqual(w2v_version(), 200)
        XCTAssertEqual(String(cString: w2v_version_string()), "0.2.0")
    }

    func testLastErrorIsPerThreadAndClearedOnSuccess() {
        XCTAssertEqual(w2v_params_new(nil), .W2V_ERR_INVALID_ARGUMENT)
        XCTAssertEqual(lastError, "out is NULL")
        let other = Thread {
            XCTAssertEqual(String(cString: w2v_last_error()), "")
        }
        other.start()
        while !other.isFinished { usleep(1000) }
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        XCTAssertEqual(lastError, "")
        w2v_params_free(params)
    }

    func testParams() {
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        var i: Int64 = 0
        var f: Double = 0
        XCTAssertEqual(w2v_params_get_int(params, w2v_param.W2V_PARAM_DIM.rawValue, &i), .W2V_OK)
        XCTAssertEqual(i, 100)
        XCTAssertEqual(w2v_params_get_float(params, w2v_param.W2V_PARAM_ALPHA.rawValue, &f), .W2V_OK)
        XCTAssertEqual(f, 0.05)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_ARCH.rawValue, Int64(w2v_arch.W2V_ARCH_SKIPGRAM.rawValue)), .W2V_OK)
        XCTAssertEqual(w2v_params_get_float(params, w2v_param.W2V_PARAM_ALPHA.rawValue, &f), .W2V_OK)
        XCTAssertEqual(f, 0.025)
        expect(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "dim = 0 is out of range")
        expect(w2v_params_set_int(params, w2v_param.W2V_PARAM_SAMPLE.rawValue, 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "sample is a float")
        expect(w2v_params_set_float(params, w2v_param.W2V_PARAM_WINDOW.rawValue, 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "window is an integer")
        expect(w2v_params_set_float(params, w2v_param.W2V_PARAM_SAMPLE.rawValue, .nan), .W2V_ERR_INVALID_ARGUMENT, mentions: "out of range")
        expect(w2v_params_set_int(params, 999, 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "unknown parameter key 999")
        expect(w2v_params_set_int(nil, 0, 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "params is NULL")
        expect(w2v_params_get_int(params, 0, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "out is NULL")
        expect(w2v_params_get_float(nil, 5, &f), .W2V_ERR_INVALID_ARGUMENT, mentions: "params is NULL")
        XCTAssertEqual(w2v_params_get_int(params, w2v_param.W2V_PARAM_DIM.rawValue, &i), .W2V_OK)
        XCTAssertEqual(i, 100, "a refused value leaves the parameter unchanged")
        w2v_params_free(nil)
    }

    func testVocabNullAndBadInput() {
        var vocab: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        defer { w2v_vocab_free(vocab) }
        expect(w2v_vocab_new(nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "out is NULL")
        expect(w2v_vocab_add_text(nil, "a", 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "vocab is NULL")
        expect(w2v_vocab_add_text(vocab, nil, 3), .W2V_ERR_INVALID_ARGUMENT, mentions: "text is NULL")
        XCTAssertEqual(w2v_vocab_add_text(vocab, nil, 0), .W2V_OK)
        expect(w2v_vocab_add_tokens(vocab, nil, 2), .W2V_ERR_INVALID_ARGUMENT, mentions: "tokens is NULL")
        let good = strdup("good")!, spaced = strdup("two words")!
        defer { free(good); free(spaced) }
        var list: [UnsafePointer<CChar>?] = [UnsafePointer(good), nil]
        expect(w2v_vocab_add_tokens(vocab, &list, 2), .W2V_ERR_INVALID_ARGUMENT, mentions: "tokens[1] is NULL")
        list = [UnsafePointer(good), UnsafePointer(spaced)]
        expect(w2v_vocab_add_tokens(vocab, &list, 2), .W2V_ERR_INVALID_ARGUMENT, mentions: "token 1")
        XCTAssertEqual(w2v_vocab_total_words(vocab), 0, "a refused list counts nothing")
        expect(w2v_vocab_add_file(vocab, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        expect(w2v_vocab_add_file(vocab, "/nonexistent/corpus.txt"), .W2V_ERR_IO, mentions: "/nonexistent/corpus.txt")
        expect(w2v_vocab_add_file(vocab, ""), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is empty")
        var count: UInt64 = 7
        expect(w2v_vocab_count(vocab, nil, &count), .W2V_ERR_INVALID_ARGUMENT, mentions: "word is NULL")
        expect(w2v_vocab_count(vocab, "x", nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "count_out is NULL")
        XCTAssertEqual(w2v_vocab_size(nil), 0)
        XCTAssertEqual(w2v_vocab_total_words(nil), 0)

        XCTAssertEqual(w2v_vocab_add_text(vocab, "x y x\nz", 7), .W2V_OK)
        XCTAssertEqual(w2v_vocab_add_tokens(vocab, &list, 1), .W2V_OK)
        XCTAssertEqual(w2v_vocab_size(vocab), 4)
        XCTAssertEqual(w2v_vocab_total_words(vocab), 5)
        XCTAssertEqual(w2v_vocab_count(vocab, "x", &count), .W2V_OK)
        XCTAssertEqual(count, 2)
        XCTAssertEqual(w2v_vocab_count(vocab, "never", &count), .W2V_OK)
        XCTAssertEqual(count, 0)
    }

    func testModelNewErrors() {
        var vocab: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        defer { w2v_vocab_free(vocab) }
        var model: OpaquePointer?
        expect(w2v_model_new(nil, vocab, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "out is NULL")
        expect(w2v_model_new(&model, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "vocab is NULL")
        expect(w2v_model_new(&model, vocab, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "empty")
        XCTAssertEqual(w2v_vocab_add_text(vocab, "rare words only", 15), .W2V_OK)
        expect(w2v_model_new(&model, vocab, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "min_count 5")
        XCTAssertNil(model)
        w2v_model_free(nil)
    }

    func testLookupAndQueries() {
        let model = makeModel()
        defer { w2v_model_free(model) }
        XCTAssertEqual(w2v_model_vocab_size(model), 5)
        XCTAssertEqual(w2v_model_dim(model), 8)
        XCTAssertEqual(w2v_model_vocab_size(nil), 0)
        XCTAssertEqual(w2v_model_dim(nil), 0)
        var index: UInt = 99
        XCTAssertEqual(w2v_model_index(model, "c", &index), .W2V_OK)
        XCTAssertEqual(index, 2)
        XCTAssertEqual(String(cString: w2v_model_word(model, 2)!), "c")
        XCTAssertEqual(w2v_model_count(model, 2), 5)
        XCTAssertEqual(w2v_model_count(model, 5), 0)
        XCTAssertEqual(w2v_model_count(nil, 0), 0)
        expect(w2v_model_index(model, "zzz", &index), .W2V_ERR_NOT_FOUND, mentions: "'zzz' is not in the vocabulary")
        expect(w2v_model_index(model, nil, &index), .W2V_ERR_INVALID_ARGUMENT, mentions: "word is NULL")
        expect(w2v_model_index(model, "a", nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "index_out is NULL")
        expect(w2v_model_index(nil, "a", &index), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        XCTAssertNil(w2v_model_word(model, 5))
        XCTAssertTrue(lastError.contains("index 5 is out of range"))
        XCTAssertNil(w2v_model_word(nil, 0))

        var vector = [Float](repeating: 0, count: 8)
        XCTAssertEqual(w2v_model_vector(model, "b", &vector, 8), .W2V_OK)
        let rows = w2v_model_vectors(model)!
        XCTAssertEqual(vector, Array(UnsafeBufferPointer(start: rows + 8, count: 8)))
        expect(w2v_model_vector(model, "b", &vector, 7), .W2V_ERR_BUFFER_TOO_SMALL, mentions: "have 8")
        expect(w2v_model_vector(model, "b", nil, 8), .W2V_ERR_INVALID_ARGUMENT, mentions: "out is NULL")
        expect(w2v_model_vector(model, "nope", &vector, 8), .W2V_ERR_NOT_FOUND, mentions: "nope")
        XCTAssertNil(w2v_model_vectors(nil))

        var cosine: Float = 0
        XCTAssertEqual(w2v_model_similarity(model, "a", "a", &cosine), .W2V_OK)
        XCTAssertEqual(cosine, 1, accuracy: 1e-6)
        expect(w2v_model_similarity(model, "a", "nope", &cosine), .W2V_ERR_NOT_FOUND, mentions: "nope")
        expect(w2v_model_similarity(model, "a", "b", nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "cosine_out is NULL")

        let a = strdup("a")!, b = strdup("b")!, unknown = strdup("unknown")!
        defer { free(a); free(b); free(unknown) }
        var positive: [UnsafePointer<CChar>?] = [UnsafePointer(a)]
        var negative: [UnsafePointer<CChar>?] = [UnsafePointer(b)]
        var indices = [UInt](repeating: 0, count: 10)
        var scores = [Float](repeating: 0, count: 10)
        var n: UInt = 0
        XCTAssertEqual(w2v_model_most_similar(model, &positive, 1, nil, 0, 0, 10, &indices, &scores, &n), .W2V_OK)
        XCTAssertEqual(n, 4, "five words minus the query word")
        XCTAssertFalse(indices[0..<4].contains(0))
        XCTAssertEqual(w2v_model_most_similar(model, &positive, 1, &negative, 1, 0, 2, &indices, &scores, &n), .W2V_OK)
        XCTAssertEqual(n, 2)
        XCTAssertGreaterThanOrEqual(scores[0], scores[1])
        expect(w2v_model_most_similar(model, nil, 0, nil, 0, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "at least one")
        expect(w2v_model_most_similar(model, nil, 1, nil, 0, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "positive is NULL")
        expect(w2v_model_most_similar(model, &positive, 1, nil, 0, 0, 3, nil, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "indices_out is NULL")
        expect(w2v_model_most_similar(model, &positive, 1, nil, 0, 0, 3, &indices, nil, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "scores_out is NULL")
        expect(w2v_model_most_similar(model, &positive, 1, nil, 0, 0, 3, &indices, &scores, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "n_out is NULL")
        positive = [UnsafePointer(unknown)]
        expect(w2v_model_most_similar(model, &positive, 1, nil, 0, 0, 3, &indices, &scores, &n), .W2V_ERR_NOT_FOUND, mentions: "unknown")
        XCTAssertEqual(n, 0)
    }

    func testTrainStepErrors() {
        let model = makeModel()
        defer { w2v_model_free(model) }
        let a = strdup("a")!, b = strdup("b")!, unknown = strdup("unknown")!
        defer { free(a); free(b); free(unknown) }
        var tokens: [UnsafePointer<CChar>?] = [UnsafePointer(a), UnsafePointer(b), UnsafePointer(unknown)]
        var lengths: [UInt] = [3]
        var words: UInt64 = 0
        var loss: Double = -1
        XCTAssertEqual(w2v_model_train_step(model, &tokens, &lengths, 1, 0, &words, &loss), .W2V_OK, lastError)
        XCTAssertEqual(words, 2, "the unknown word is dropped")
        XCTAssertEqual(loss, log(2), accuracy: 1e-3, "output weights start at zero: every prediction has p = 1/2")
        XCTAssertEqual(w2v_model_train_step(model, &tokens, &lengths, 1, 0.5, nil, nil), .W2V_OK)
        expect(w2v_model_train_step(model, &tokens, &lengths, 1, 1.5, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "progress 1.5")
        expect(w2v_model_train_step(model, &tokens, nil, 1, 0, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "sentence_lengths is NULL")
        expect(w2v_model_train_step(model, nil, &lengths, 1, 0, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "tokens is NULL")
        expect(w2v_model_train_step(nil, &tokens, &lengths, 1, 0, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        tokens[1] = nil
        expect(w2v_model_train_step(model, &tokens, &lengths, 1, 0, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "tokens[1] is NULL")
        XCTAssertEqual(w2v_model_train_step(model, nil, nil, 0, 0, &words, nil), .W2V_OK)
        XCTAssertEqual(words, 0)

        var indices: [UInt32] = [0, 1, 2, 7]
        lengths = [4]
        expect(w2v_model_train_step_indices(model, &indices, &lengths, 1, 0, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "index 7 at position 3")
        lengths = [3]
        XCTAssertEqual(w2v_model_train_step_indices(model, &indices, &lengths, 1, 0, &words, nil), .W2V_OK)
        XCTAssertEqual(words, 3)
        expect(w2v_model_train_step_indices(model, nil, &lengths, 1, 0, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "indices is NULL")

        expect(w2v_model_train_file(model, nil, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        expect(w2v_model_train_file(model, "/nonexistent/file", nil, nil), .W2V_ERR_IO, mentions: "/nonexistent/file")
        expect(w2v_model_train_file(nil, "/tmp", nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
    }

    /// w2v_model_learning_rate is the schedule train_step applies: alpha at 0, min_alpha at 1, linear, from
    /// the model's parameters (CBOW defaults here: 0.05 -> 5e-6; then a set alpha and min_alpha).
    func testLearningRate() {
        let model = makeModel()
        defer { w2v_model_free(model) }
        var alpha = -1.0
        for (progress, expected) in [(0.0, 0.05), (1.0, 0.05 * 0.0001), (0.25, 0.05 - (0.05 - 5e-6) * 0.25)] {
            XCTAssertEqual(w2v_model_learning_rate(model, progress, &alpha), .W2V_OK, lastError)
            XCTAssertEqual(alpha, expected, accuracy: 1e-15, "progress \(progress)")
        }
        var params: OpaquePointer?
        XCTAssertEqual(w2v_model_get_params(&params, model), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_float(params, w2v_param.W2V_PARAM_ALPHA.rawValue, 0.1), .W2V_OK)
        XCTAssertEqual(w2v_params_set_float(params, w2v_param.W2V_PARAM_MIN_ALPHA.rawValue, 0.02), .W2V_OK)
        XCTAssertEqual(w2v_model_set_params(model, params), .W2V_OK, lastError)
        XCTAssertEqual(w2v_model_learning_rate(model, 0.5, &alpha), .W2V_OK)
        XCTAssertEqual(alpha, 0.06, accuracy: 1e-15)
        alpha = -1
        expect(w2v_model_learning_rate(model, 1.5, &alpha), .W2V_ERR_INVALID_ARGUMENT, mentions: "progress 1.5")
        expect(w2v_model_learning_rate(model, -0.1, &alpha), .W2V_ERR_INVALID_ARGUMENT, mentions: "outside [0, 1]")
        expect(w2v_model_learning_rate(model, .nan, &alpha), .W2V_ERR_INVALID_ARGUMENT, mentions: "progress nan")
        XCTAssertEqual(alpha, -1, "nothing written on error")
        expect(w2v_model_learning_rate(model, 0, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "alpha_out is NULL")
        expect(w2v_model_learning_rate(nil, 0, &alpha), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
    }

    func testSaveAndLoad() throws {
        let model = makeModel()
        defer { w2v_model_free(model) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-cabi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in [w2v_format.W2V_FORMAT_BINARY, .W2V_FORMAT_TEXT] {
            let path = dir.appendingPathComponent("m\(format.rawValue)").path
            XCTAssertEqual(w2v_model_save(model, path, format.rawValue), .W2V_OK, lastError)
            var loaded: OpaquePointer?
            XCTAssertEqual(w2v_model_load(&loaded, path, w2v_format.W2V_FORMAT_AUTO.rawValue), .W2V_OK, lastError)
            defer { w2v_model_free(loaded) }
            XCTAssertEqual(w2v_model_vocab_size(loaded), 5)
            XCTAssertEqual(Array(UnsafeBufferPointer(start: w2v_model_vectors(loaded), count: 40)).map(\.bitPattern),
                           Array(UnsafeBufferPointer(start: w2v_model_vectors(model), count: 40)).map(\.bitPattern))
            XCTAssertEqual(w2v_model_count(loaded, 0), 0, "word2vec files keep no counts")
            var lengths: [UInt] = [0]
            expect(w2v_model_train_step(loaded, nil, &lengths, 1, 0, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "no output weights")
        }
        let path = dir.appendingPathComponent("m").path
        expect(w2v_model_save(nil, path, 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_save(model, nil, 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        expect(w2v_model_save(model, path, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "auto")
        expect(w2v_model_save(model, path, 42), .W2V_ERR_INVALID_ARGUMENT, mentions: "unknown file format 42")
        expect(w2v_model_save(model, dir.appendingPathComponent("no/such/dir/m").path, 1), .W2V_ERR_IO, mentions: "no/such/dir")
        var loaded: OpaquePointer? = OpaquePointer(bitPattern: 1)
        expect(w2v_model_load(&loaded, dir.appendingPathComponent("absent").path, 0), .W2V_ERR_IO, mentions: "absent")
        XCTAssertNil(loaded, "a failed load leaves NULL in *out")
        expect(w2v_model_load(nil, path, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "out is NULL")
        expect(w2v_model_load(&loaded, nil, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        expect(w2v_model_load(&loaded, path, 7), .W2V_ERR_INVALID_ARGUMENT, mentions: "unknown file format 7")
        let bad = dir.appendingPathComponent("bad.txt").path
        try "2 3\na 1 2 3\nb 1 2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        expect(w2v_model_load(&loaded, bad, 0), .W2V_ERR_FORMAT, mentions: "row 2")
    }
}
