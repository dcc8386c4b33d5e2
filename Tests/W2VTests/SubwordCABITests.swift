import Foundation
import XCTest
@testable import W2V
@testable import W2VCore

/// The C side of subword models (issue 17): the parameters, vectors for unknown words with
/// W2V_COMPOSED, most_similar with unknown words, the composed vector matrix; a model without subwords
/// keeps its old answers.
final class SubwordCABITests: XCTestCase {
    /// A model over five words trained a few steps; with subwords when `maxN` > 0.
    func makeModel(maxN: Int64) -> OpaquePointer {
        var vocab: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        defer { w2v_vocab_free(vocab) }
        let text = "walk walk walk walk walk walked walked walked walked walked talk talk talk talk talk run run run run run runs runs runs runs runs"
        XCTAssertEqual(text.withCString { w2v_vocab_add_text(vocab, $0, UInt(strlen($0))) }, .W2V_OK)
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 8), .W2V_OK)
        XCTAssertEqual(w2v_params_set_float(params, w2v_param.W2V_PARAM_SAMPLE.rawValue, 0), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MAX_N.rawValue, maxN), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_BUCKET.rawValue, 1000), .W2V_OK)
        var model: OpaquePointer?
        XCTAssertEqual(w2v_model_new(&model, vocab, params), .W2V_OK, lastError)
        let words = ["walk", "walked", "talk", "run", "runs", "walk"]
        var tokens = words.map { word -> UnsafePointer<CChar>? in UnsafePointer(strdup(word)!) }
        defer { for t in tokens { free(UnsafeMutablePointer(mutating: t)) } }
        var lengths: [UInt] = [UInt(tokens.count)]
        for _ in 0..<3 {
            XCTAssertEqual(w2v_model_train_step(model, &tokens, &lengths, 1, 0, nil, nil), .W2V_OK, lastError)
        }
        return model!
    }

    func testParametersAreValidatedWhenTheModelIsMade() {
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MAX_N.rawValue, 2), .W2V_OK)
        var vocab: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        defer { w2v_vocab_free(vocab) }
        XCTAssertEqual("a a a a a".withCString { w2v_vocab_add_text(vocab, $0, 9) }, .W2V_OK)
        var model: OpaquePointer?
        expect(w2v_model_new(&model, vocab, params), .W2V_ERR_INVALID_ARGUMENT, mentions: "min_n (3) is larger than max_n (2)")
        XCTAssertNil(model)
        expect(w2v_params_set_int(params, w2v_param.W2V_PARAM_BUCKET.rawValue, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "bucket")
    }

    func testUnknownWordsAreComposedWithTheirOwnStatus() {
        let model = makeModel(maxN: 5)
        defer { w2v_model_free(model) }
        var vector = [Float](repeating: .nan, count: 8)
        XCTAssertEqual(w2v_model_vector(model, "walking", &vector, 8), .W2V_COMPOSED)
        XCTAssertEqual(lastError, "")
        XCTAssertTrue(vector.allSatisfy { $0.isFinite } && vector.contains { $0 != 0 })
        XCTAssertEqual(String(cString: w2v_status_string(W2VStatusCode(w2v_status.W2V_COMPOSED.rawValue))), "W2V_COMPOSED")
        XCTAssertEqual(w2v_model_vector(model, "walk", &vector, 8), .W2V_OK)
        var index: UInt = 0
        expect(w2v_model_index(model, "walking", &index), .W2V_ERR_NOT_FOUND, mentions: "walking")
        // Too short for any n-gram of 3 to 5 characters with its markers: "<x>" is one; "" has none.
        XCTAssertEqual(w2v_model_vector(model, "", &vector, 8), .W2V_COMPOSED)
        XCTAssertEqual(vector, [Float](repeating: 0, count: 8))
        expect(w2v_model_vector(model, "walking", &vector, 7), .W2V_ERR_BUFFER_TOO_SMALL, mentions: "have 8")

        // The composed matrix holds each vocabulary word's w2v_model_vector.
        let size = Int(w2v_model_vocab_size(model))
        var all = [Float](repeating: 0, count: size * 8)
        expect(w2v_model_copy_vectors(model, &all, UInt(all.count - 1)), .W2V_ERR_BUFFER_TOO_SMALL, mentions: "\(size * 8)")
        XCTAssertEqual(w2v_model_copy_vectors(model, &all, UInt(all.count)), .W2V_OK, lastError)
        for i in 0..<size {
            XCTAssertEqual(w2v_model_vector(model, w2v_model_word(model, UInt(i)), &vector, 8), .W2V_OK)
            XCTAssertEqual(Array(all[i * 8..<(i + 1) * 8]), vector)
            XCTAssertNotEqual(Array(UnsafeBufferPointer(start: w2v_model_vectors(model)! + i * 8, count: 8)), vector,
                              "w2v_model_vectors holds the words' own rows")
        }
    }

    func testMostSimilarAcceptsUnknownWords() {
        let model = makeModel(maxN: 5)
        defer { w2v_model_free(model) }
        var positive: [UnsafePointer<CChar>?] = [UnsafePointer(strdup("walking")!)]
        defer { free(UnsafeMutablePointer(mutating: positive[0])) }
        var indices = [UInt](repeating: 0, count: 5), scores = [Float](repeating: 0, count: 5)
        var n: UInt = 0
        XCTAssertEqual(w2v_model_most_similar(model, &positive, 1, nil, 0, 0, 5, &indices, &scores, &n), .W2V_OK, lastError)
        XCTAssertEqual(n, 5, "an unknown word excludes nothing")
        // Its scores are the cosines with its composed vector.
        var query = [Float](repeating: 0, count: 8), other = [Float](repeating: 0, count: 8)
        XCTAssertEqual(w2v_model_vector(model, "walking", &query, 8), .W2V_COMPOSED)
        XCTAssertEqual(w2v_model_vector(model, w2v_model_word(model, indices[0]), &other, 8), .W2V_OK)
        let dot = zip(query, other).map { $0 * $1 }.reduce(0, +)
        let norms = (query.map { $0 * $0 }.reduce(0, +) * other.map { $0 * $0 }.reduce(0, +)).squareRoot()
        XCTAssertEqual(scores[0], dot / norms, accuracy: 1e-5)
        XCTAssertTrue(scores[0] >= scores[1] && scores[1] >= scores[4])
        var cosine: Float = 0
        XCTAssertEqual(w2v_model_similarity(model, "walking", w2v_model_word(model, indices[0]), &cosine), .W2V_OK, lastError)
        XCTAssertEqual(cosine, scores[0], accuracy: 1e-5)
        XCTAssertEqual(w2v_model_similarity(model, "walking", "walking", &cosine), .W2V_OK)
        XCTAssertEqual(cosine, 1, accuracy: 1e-5)
    }

    func testAModelWithoutSubwordsKeepsItsAnswers() {
        let model = makeModel(maxN: 0)
        defer { w2v_model_free(model) }
        var vector = [Float](repeating: 0, count: 8)
        expect(w2v_model_vector(model, "walking", &vector, 8), .W2V_ERR_NOT_FOUND, mentions: "walking")
        expect(w2v_model_vector(model, "walking", &vector, 7), .W2V_ERR_NOT_FOUND, mentions: "walking")
        var positive: [UnsafePointer<CChar>?] = [UnsafePointer(strdup("walking")!)]
        defer { free(UnsafeMutablePointer(mutating: positive[0])) }
        var indices = [UInt](repeating: 0, count: 2), scores = [Float](repeating: 0, count: 2)
        var n: UInt = 9
        expect(w2v_model_most_similar(model, &positive, 1, nil, 0, 0, 2, &indices, &scores, &n), .W2V_ERR_NOT_FOUND, mentions: "walking")
        var cosine: Float = 0
        expect(w2v_model_similarity(model, "walking", "walk", &cosine), .W2V_ERR_NOT_FOUND, mentions: "walking")
        expect(w2v_model_similarity(model, "walking", nil, &cosine), .W2V_ERR_NOT_FOUND, mentions: "walking")
        var all = [Float](repeating: 0, count: 5 * 8)
        XCTAssertEqual(w2v_model_copy_vectors(model, &all, UInt(all.count)), .W2V_OK)
        XCTAssertEqual(all, Array(UnsafeBufferPointer(start: w2v_model_vectors(model)!, count: 40)))
    }
}
