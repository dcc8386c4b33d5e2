import Foundation
import XCTest
@testable import W2V
@testable import W2VCore

/// The C calls added for gensim's training options (issue 13): per-row learning rates and
/// predict_output_word, with their buffers, NULLs and bad values.
final class GensimCABITests: XCTestCase {
    /// A model over "a".."e" (counts 5 each), dim 8, no subsampling, trained a few steps.
    func makeTrainedModel(negative: Int64 = 5, hs: Int64 = 0) -> OpaquePointer {
        var vocab: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        defer { w2v_vocab_free(vocab) }
        let text = "a a a a a b b b b b c c c c c d d d d d e e e e e"
        XCTAssertEqual(text.withCString { w2v_vocab_add_text(vocab, $0, UInt(strlen($0))) }, .W2V_OK)
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 8), .W2V_OK)
        XCTAssertEqual(w2v_params_set_float(params, w2v_param.W2V_PARAM_SAMPLE.rawValue, 0), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_NEGATIVE.rawValue, negative), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_HS.rawValue, hs), .W2V_OK)
        var model: OpaquePointer?
        XCTAssertEqual(w2v_model_new(&model, vocab, params), .W2V_OK, lastError)
        var tokens = cStrings(["a", "b", "c", "d", "e", "a", "c", "e"])
        defer { freeAll(tokens) }
        var lengths: [UInt] = [UInt(tokens.count)]
        for _ in 0..<5 {
            XCTAssertEqual(w2v_model_train_step(model, &tokens, &lengths, 1, 0, nil, nil), .W2V_OK, lastError)
        }
        return model!
    }

    func cStrings(_ words: [String]) -> [UnsafePointer<CChar>?] {
        words.map { word -> UnsafePointer<CChar>? in UnsafePointer(strdup(word)!) }
    }

    func freeAll(_ strings: [UnsafePointer<CChar>?]) {
        for s in strings { free(UnsafeMutablePointer(mutating: s)) }
    }

    func testNewParametersAreInTheTable() {
        for (name, key) in [("cbow_mean", w2v_param.W2V_PARAM_CBOW_MEAN), ("shrink_windows", .W2V_PARAM_SHRINK_WINDOWS),
                            ("sorted_vocab", .W2V_PARAM_SORTED_VOCAB)] {
            var found: Int32 = -1
            XCTAssertEqual(w2v_param_lookup(name, &found), .W2V_OK, lastError)
            XCTAssertEqual(found, key.rawValue)
            var kind: Int32 = -1
            var value = 0.0
            XCTAssertEqual(w2v_param_info(key.rawValue, nil, &kind, nil, nil, &value), .W2V_OK)
            XCTAssertEqual(kind, w2v_param_kind.W2V_PARAM_KIND_BOOL.rawValue)
            XCTAssertEqual(value, 1, "\(name) defaults to word2vec's behaviour")
        }
    }

    func testRowLearningRates() {
        let model = makeTrainedModel()
        defer { w2v_model_free(model) }
        var needed: UInt = 0
        XCTAssertEqual(w2v_model_get_row_learning_rate(model, nil, 0, &needed), .W2V_ERR_BUFFER_TOO_SMALL)
        XCTAssertEqual(needed, 5)
        var factors = [Float](repeating: -1, count: 5)
        XCTAssertEqual(w2v_model_get_row_learning_rate(model, &factors, 5, nil), .W2V_OK, lastError)
        XCTAssertEqual(factors, [1, 1, 1, 1, 1], "every factor 1 by default")

        var set: [Float] = [0, 1, 0.5, 1, 0]
        XCTAssertEqual(w2v_model_set_row_learning_rate(model, &set, 5), .W2V_OK, lastError)
        XCTAssertEqual(w2v_model_get_row_learning_rate(model, &factors, 5, nil), .W2V_OK)
        XCTAssertEqual(factors, set)

        // Rows of factor 0 do not move during training; the others do.
        let vectors = w2v_model_vectors(model)!
        let before = Array(UnsafeBufferPointer(start: vectors, count: 40))
        var tokens = cStrings(["a", "b", "c", "d", "e", "e", "a"])
        defer { freeAll(tokens) }
        var lengths: [UInt] = [UInt(tokens.count)]
        XCTAssertEqual(w2v_model_train_step(model, &tokens, &lengths, 1, 0, nil, nil), .W2V_OK, lastError)
        let after = Array(UnsafeBufferPointer(start: vectors, count: 40))
        var index: UInt = 0
        for (word, factor) in zip(["a", "b", "c", "d", "e"], set) {
            XCTAssertEqual(w2v_model_index(model, word, &index), .W2V_OK)
            let row = Int(index) * 8
            if factor == 0 {
                XCTAssertEqual(Array(after[row..<row + 8]), Array(before[row..<row + 8]), word)
            } else {
                XCTAssertNotEqual(Array(after[row..<row + 8]), Array(before[row..<row + 8]), word)
            }
        }

        expect(w2v_model_set_row_learning_rate(model, &set, 4), .W2V_ERR_INVALID_ARGUMENT, mentions: "4 learning-rate factors")
        var negative: [Float] = [1, 1, -1, 1, 1]
        expect(w2v_model_set_row_learning_rate(model, &negative, 5), .W2V_ERR_INVALID_ARGUMENT, mentions: "factor 2 is -1")
        var nan: [Float] = [1, .nan, 1, 1, 1]
        expect(w2v_model_set_row_learning_rate(model, &nan, 5), .W2V_ERR_INVALID_ARGUMENT, mentions: "factor 1 is nan")
        expect(w2v_model_set_row_learning_rate(nil, &set, 5), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        XCTAssertEqual(w2v_model_get_row_learning_rate(model, &factors, 5, nil), .W2V_OK)
        XCTAssertEqual(factors, set, "a refused set changes nothing")

        var one: Float = 0.25
        XCTAssertEqual(w2v_model_set_row_learning_rate(model, &one, 1), .W2V_OK, lastError)
        XCTAssertEqual(w2v_model_get_row_learning_rate(model, &factors, 5, nil), .W2V_OK)
        XCTAssertEqual(factors, [0.25, 0.25, 0.25, 0.25, 0.25], "one factor for every row")
        XCTAssertEqual(w2v_model_set_row_learning_rate(model, nil, 0), .W2V_OK, "NULL resets")
        XCTAssertEqual(w2v_model_get_row_learning_rate(model, &factors, 5, nil), .W2V_OK)
        XCTAssertEqual(factors, [1, 1, 1, 1, 1])
        expect(w2v_model_get_row_learning_rate(model, nil, 5, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "factors_out is NULL")
    }

    func testPredictOutputWord() throws {
        let model = makeTrainedModel()
        defer { w2v_model_free(model) }
        let context = cStrings(["a", "c"])
        defer { freeAll(context) }
        var indices = [UInt](repeating: 99, count: 10)
        var probabilities = [Float](repeating: -1, count: 10)
        var n: UInt = 99
        XCTAssertEqual(w2v_model_predict_output_word(model, context, 2, 10, &indices, &probabilities, &n), .W2V_OK, lastError)
        XCTAssertEqual(n, 5, "every word of a five-word vocabulary")
        XCTAssertEqual(Set(indices.prefix(5)), Set(0..<5))
        XCTAssertEqual(probabilities.prefix(5).map(Double.init).reduce(0, +), 1, accuracy: 1e-5)
        XCTAssertEqual(Array(probabilities.prefix(5)), probabilities.prefix(5).sorted(by: >), "best first")

        let core = try Handle.model(model).predictOutputWord(context: [0, 2], k: 3)
        XCTAssertEqual(core.map { UInt($0.index) }, Array(indices.prefix(3)))
        XCTAssertEqual(core.map(\.score), Array(probabilities.prefix(3)))

        XCTAssertEqual(w2v_model_predict_output_word(model, context, 2, 0, nil, nil, &n), .W2V_OK, lastError)
        XCTAssertEqual(n, 0)
        let unknown = cStrings(["zzz"])
        defer { freeAll(unknown) }
        expect(w2v_model_predict_output_word(model, unknown, 1, 3, &indices, &probabilities, &n), .W2V_ERR_NOT_FOUND, mentions: "'zzz'")
        expect(w2v_model_predict_output_word(model, context, 0, 3, &indices, &probabilities, &n), .W2V_ERR_INVALID_ARGUMENT,
               mentions: "at least one context word")
        expect(w2v_model_predict_output_word(model, context, 2, 3, &indices, &probabilities, nil), .W2V_ERR_INVALID_ARGUMENT,
               mentions: "n_out is NULL")
        expect(w2v_model_predict_output_word(model, context, 2, 3, nil, &probabilities, &n), .W2V_ERR_INVALID_ARGUMENT,
               mentions: "indices_out is NULL")

        let hsOnly = makeTrainedModel(negative: 0, hs: 1)
        defer { w2v_model_free(hsOnly) }
        expect(w2v_model_predict_output_word(hsOnly, context, 2, 3, &indices, &probabilities, &n), .W2V_ERR_INVALID_ARGUMENT,
               mentions: "negative = 0")
        expect(w2v_model_predict_output_word(hsOnly, context, 2, 0, nil, nil, &n), .W2V_ERR_INVALID_ARGUMENT,
               mentions: "negative = 0")
    }

    func testIntersectVectors() throws {
        let model = makeTrainedModel()
        defer { w2v_model_free(model) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-intersect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pretrained.txt").path
        try "2 8\nc 1 2 3 4 5 6 7 8\nzzz 0 0 0 0 0 0 0 1\n".write(toFile: path, atomically: true, encoding: .utf8)

        var merged: UInt = 99
        XCTAssertEqual(w2v_model_intersect_vectors(model, path, w2v_format.W2V_FORMAT_AUTO.rawValue, 0.5, &merged), .W2V_OK, lastError)
        XCTAssertEqual(merged, 1)
        var vector = [Float](repeating: 0, count: 8)
        XCTAssertEqual(w2v_model_vector(model, "c", &vector, 8), .W2V_OK)
        XCTAssertEqual(vector, [1, 2, 3, 4, 5, 6, 7, 8])
        var index: UInt = 0
        XCTAssertEqual(w2v_model_index(model, "c", &index), .W2V_OK)
        var factors = [Float](repeating: -1, count: 5)
        XCTAssertEqual(w2v_model_get_row_learning_rate(model, &factors, 5, nil), .W2V_OK)
        for row in 0..<5 { XCTAssertEqual(factors[row], row == Int(index) ? 0.5 : 1) }
        XCTAssertEqual(w2v_model_vocab_size(model), 5, "no word is added")

        expect(w2v_model_intersect_vectors(model, path, w2v_format.W2V_FORMAT_AUTO.rawValue, -1, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "lockf")
        expect(w2v_model_intersect_vectors(nil, path, w2v_format.W2V_FORMAT_AUTO.rawValue, 0, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_intersect_vectors(model, nil, w2v_format.W2V_FORMAT_AUTO.rawValue, 0, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        expect(w2v_model_intersect_vectors(model, directory.appendingPathComponent("missing").path, w2v_format.W2V_FORMAT_AUTO.rawValue, 0, nil),
               .W2V_ERR_IO, mentions: "missing")
        let wide = directory.appendingPathComponent("wide.txt").path
        try "1 3\nc 1 2 3\n".write(toFile: wide, atomically: true, encoding: .utf8)
        expect(w2v_model_intersect_vectors(model, wide, w2v_format.W2V_FORMAT_TEXT.rawValue, 0, nil), .W2V_ERR_INVALID_ARGUMENT,
               mentions: "incompatible vector size 3")
    }
}

