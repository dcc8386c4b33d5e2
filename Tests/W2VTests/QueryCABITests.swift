import Foundation
import XCTest
@testable import W2V
@testable import W2VCore

/// The gensim-style query entry points (Queries.swift, Evaluation.swift) called as C calls them: results on a
/// hand-made model, and NULLs, bad sizes and unknown words, each an error status with a message.
final class QueryCABITests: XCTestCase {
    var directory: URL!
    var model: OpaquePointer!
    /// C strings of the words, and of "zzz", which is not in the vocabulary.
    var cWords: [String: UnsafeMutablePointer<CChar>] = [:]

    /// Rows 0-5: a, b, c on axes; bc between b and c; far on the fourth axis; anti opposite a.
    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-query-cabi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("vectors.txt").path
        let text = """
        6 4
        a 1 0 0 0
        b 0 1 0 0
        c 0 0 1 0
        bc 0 0.70710678 0.70710678 0
        far 0 0 0 1
        anti -1 0 0 0

        """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var loaded: OpaquePointer?
        XCTAssertEqual(w2v_model_load(&loaded, path, w2v_format.W2V_FORMAT_TEXT.rawValue), .W2V_OK, lastError)
        model = try XCTUnwrap(loaded)
        for word in ["a", "b", "c", "bc", "far", "anti", "zzz"] { cWords[word] = strdup(word)! }
    }

    override func tearDown() {
        w2v_model_free(model)
        for (_, pointer) in cWords { free(pointer) }
        try? FileManager.default.removeItem(at: directory)
    }

    func list(_ words: String...) -> [UnsafePointer<CChar>?] { words.map { UnsafePointer(cWords[$0]!) } }

    func testMostSimilarRestrictVocab() {
        var positive = list("b", "c"), negative = list("a")
        var indices = [UInt](repeating: 99, count: 10), scores = [Float](repeating: 0, count: 10)
        var n: UInt = 0
        XCTAssertEqual(w2v_model_most_similar(model, &positive, 2, &negative, 1, 0, 10, &indices, &scores, &n), .W2V_OK, lastError)
        var allIndices = [UInt](repeating: 99, count: 10), allScores = [Float](repeating: 0, count: 10)
        var allN: UInt = 0
        XCTAssertEqual(w2v_model_most_similar(model, &positive, 2, &negative, 1, UInt.max, 10, &allIndices, &allScores, &allN), .W2V_OK)
        XCTAssertEqual(n, 3)
        XCTAssertEqual(n, allN, "restrict_vocab 0 is every word, as restrict_vocab >= the vocabulary size")
        XCTAssertEqual(indices, allIndices)
        XCTAssertEqual(scores, allScores)
        XCTAssertEqual(indices[0], 3, "bc")
        // Only rows 0..<5 are candidates: anti (row 5) is gone.
        XCTAssertEqual(w2v_model_most_similar(model, &positive, 2, &negative, 1, 5, 10, &indices, &scores, &n), .W2V_OK)
        XCTAssertEqual(Array(indices[0..<Int(n)]), [3, 4])
        // k larger than the candidates (a buffer of 2^20 entries would do; SIZE_MAX is no buffer at all).
        XCTAssertEqual(w2v_model_most_similar(model, &positive, 2, &negative, 1, 4, 1 << 20, &indices, &scores, &n), .W2V_OK)
        XCTAssertEqual(Array(indices[0..<Int(n)]), [3])
        expect(w2v_model_most_similar(model, &positive, 2, &negative, 1, 4, UInt.max, &indices, &scores, &n),
               .W2V_ERR_INVALID_ARGUMENT, mentions: "k is 18446744073709551615")
        // k = 0 needs no buffers.
        n = 7
        XCTAssertEqual(w2v_model_most_similar(model, &positive, 2, nil, 0, 3, 0, nil, nil, &n), .W2V_OK)
        XCTAssertEqual(n, 0)

        expect(w2v_model_most_similar(nil, &positive, 2, nil, 0, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_most_similar(model, nil, 0, nil, 0, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "at least one")
        expect(w2v_model_most_similar(model, nil, 0, nil, 0, 0, 0, nil, nil, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "at least one")
        expect(w2v_model_most_similar(model, nil, 1, nil, 0, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "positive is NULL")
        expect(w2v_model_most_similar(model, &positive, 2, nil, 1, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "negative is NULL")
        expect(w2v_model_most_similar(model, &positive, 2, nil, 0, 0, 3, nil, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "indices_out is NULL")
        expect(w2v_model_most_similar(model, &positive, 2, nil, 0, 0, 3, &indices, nil, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "scores_out is NULL")
        expect(w2v_model_most_similar(model, &positive, 2, nil, 0, 0, 3, &indices, &scores, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "n_out is NULL")
        var withNull: [UnsafePointer<CChar>?] = [UnsafePointer(cWords["a"]!), nil]
        expect(w2v_model_most_similar(model, &withNull, 2, nil, 0, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "positive[1] is NULL")
        var unknown = list("zzz")
        expect(w2v_model_most_similar(model, &positive, 2, &unknown, 1, 0, 3, &indices, &scores, &n), .W2V_ERR_NOT_FOUND, mentions: "zzz")
        XCTAssertEqual(n, 0)
    }

    func testMostSimilarCosmul() {
        var positive = list("b", "c"), negative = list("a")
        var indices = [UInt](repeating: 99, count: 10), scores = [Float](repeating: 0, count: 10)
        var n: UInt = 0
        XCTAssertEqual(w2v_model_most_similar_cosmul(model, &positive, 2, &negative, 1, 0, 10, &indices, &scores, &n), .W2V_OK, lastError)
        // anti: (1/2)(1/2) / (0 + 1e-6); bc: 0.8536^2 / (1/2 + 1e-6); far: (1/4) / (1/2 + 1e-6).
        XCTAssertEqual(n, 3)
        XCTAssertEqual(Array(indices[0..<3]), [5, 3, 4])
        XCTAssertEqual(scores[0], 250_000, accuracy: 1)
        XCTAssertEqual(Double(scores[1]), 0.8535534 * 0.8535534 / 0.500001, accuracy: 1e-5)
        XCTAssertEqual(Double(scores[2]), 0.25 / 0.500001, accuracy: 1e-6)
        XCTAssertEqual(w2v_model_most_similar_cosmul(model, &positive, 2, &negative, 1, 5, 10, &indices, &scores, &n), .W2V_OK)
        XCTAssertEqual(Array(indices[0..<Int(n)]), [3, 4], "restrict_vocab 5 leaves anti out")
        XCTAssertEqual(w2v_model_most_similar_cosmul(model, &positive, 2, nil, 0, 0, 1, &indices, &scores, &n), .W2V_OK)
        XCTAssertEqual(n, 1)
        XCTAssertEqual(indices[0], 3)
        XCTAssertEqual(w2v_model_most_similar_cosmul(model, &positive, 2, nil, 0, 0, 0, nil, nil, &n), .W2V_OK)
        XCTAssertEqual(n, 0)

        expect(w2v_model_most_similar_cosmul(nil, &positive, 2, nil, 0, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_most_similar_cosmul(model, nil, 0, &negative, 1, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "at least one positive word")
        expect(w2v_model_most_similar_cosmul(model, nil, 2, nil, 0, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "positive is NULL")
        expect(w2v_model_most_similar_cosmul(model, &positive, 2, nil, 3, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "negative is NULL")
        expect(w2v_model_most_similar_cosmul(model, &positive, 2, nil, 0, 0, 3, nil, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "indices_out is NULL")
        expect(w2v_model_most_similar_cosmul(model, &positive, 2, nil, 0, 0, 3, &indices, nil, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "scores_out is NULL")
        expect(w2v_model_most_similar_cosmul(model, &positive, 2, nil, 0, 0, 3, &indices, &scores, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "n_out is NULL")
        var unknown = list("b", "zzz")
        expect(w2v_model_most_similar_cosmul(model, &unknown, 2, nil, 0, 0, 3, &indices, &scores, &n), .W2V_ERR_NOT_FOUND, mentions: "'zzz'")
        XCTAssertEqual(n, 0)
    }

    func testSimilarByVector() {
        var vector: [Float] = [0, 2, 2, 0]
        var indices = [UInt](repeating: 99, count: 10), scores = [Float](repeating: 0, count: 10)
        var n: UInt = 0
        XCTAssertEqual(w2v_model_similar_by_vector(model, &vector, 4, 0, 10, &indices, &scores, &n), .W2V_OK, lastError)
        XCTAssertEqual(n, 6, "nothing is excluded")
        XCTAssertEqual(Array(indices[0..<3]), [3, 1, 2])
        XCTAssertEqual(scores[0], 1, accuracy: 1e-6)
        XCTAssertEqual(scores[1], 0.70710678, accuracy: 1e-6)
        XCTAssertEqual(w2v_model_similar_by_vector(model, &vector, 4, 2, 10, &indices, &scores, &n), .W2V_OK)
        XCTAssertEqual(Array(indices[0..<Int(n)]), [1, 0], "restrict_vocab 2")
        XCTAssertEqual(w2v_model_similar_by_vector(model, &vector, 4, 0, 0, nil, nil, &n), .W2V_OK)
        XCTAssertEqual(n, 0)

        expect(w2v_model_similar_by_vector(nil, &vector, 4, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_similar_by_vector(model, nil, 4, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "vector is NULL")
        expect(w2v_model_similar_by_vector(model, &vector, 3, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "dim is 3; the model's vectors have 4")
        expect(w2v_model_similar_by_vector(model, &vector, 5, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "dim is 5")
        expect(w2v_model_similar_by_vector(model, &vector, 4, 0, 3, nil, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "indices_out is NULL")
        expect(w2v_model_similar_by_vector(model, &vector, 4, 0, 3, &indices, nil, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "scores_out is NULL")
        expect(w2v_model_similar_by_vector(model, &vector, 4, 0, 3, &indices, &scores, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "n_out is NULL")
        vector[2] = .nan
        expect(w2v_model_similar_by_vector(model, &vector, 4, 0, 3, &indices, &scores, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "vector[2] is nan")
        expect(w2v_model_similar_by_vector(model, &vector, 4, 0, 0, nil, nil, &n), .W2V_ERR_INVALID_ARGUMENT, mentions: "vector[2] is nan")
        XCTAssertEqual(n, 0)
    }

    func testDoesntMatch() {
        var words = list("b", "c", "bc", "a")
        var index: UInt = 99
        XCTAssertEqual(w2v_model_doesnt_match(model, &words, 4, &index), .W2V_OK, lastError)
        XCTAssertEqual(index, 0, "a")
        XCTAssertEqual(String(cString: w2v_model_word(model, index)!), "a")
        var pair = list("far", "anti")
        XCTAssertEqual(w2v_model_doesnt_match(model, &pair, 2, &index), .W2V_OK)
        XCTAssertEqual(index, 5, "a tie goes to the word that sorts first: anti")
        var one = list("far")
        XCTAssertEqual(w2v_model_doesnt_match(model, &one, 1, &index), .W2V_OK)
        XCTAssertEqual(index, 4)

        expect(w2v_model_doesnt_match(nil, &words, 4, &index), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_doesnt_match(model, nil, 4, &index), .W2V_ERR_INVALID_ARGUMENT, mentions: "words is NULL")
        expect(w2v_model_doesnt_match(model, &words, 0, &index), .W2V_ERR_INVALID_ARGUMENT, mentions: "at least one word")
        expect(w2v_model_doesnt_match(model, nil, 0, &index), .W2V_ERR_INVALID_ARGUMENT, mentions: "at least one word")
        expect(w2v_model_doesnt_match(model, &words, 4, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "index_out is NULL")
        var unknown = list("a", "b", "zzz")
        expect(w2v_model_doesnt_match(model, &unknown, 3, &index), .W2V_ERR_NOT_FOUND, mentions: "'zzz'")
        var withNull: [UnsafePointer<CChar>?] = [UnsafePointer(cWords["a"]!), nil]
        expect(w2v_model_doesnt_match(model, &withNull, 2, &index), .W2V_ERR_INVALID_ARGUMENT, mentions: "words[1] is NULL")
    }

    func testNSimilarity() {
        var first = list("b", "c"), second = list("bc")
        var cosine: Float = -9
        XCTAssertEqual(w2v_model_n_similarity(model, &first, 2, &second, 1, &cosine), .W2V_OK, lastError)
        XCTAssertEqual(cosine, 1, accuracy: 1e-6)
        var opposite = list("anti")
        XCTAssertEqual(w2v_model_n_similarity(model, &opposite, 1, &first, 2, &cosine), .W2V_OK)
        XCTAssertEqual(cosine, 0, accuracy: 1e-6)
        var cancel = list("a", "anti")
        XCTAssertEqual(w2v_model_n_similarity(model, &cancel, 2, &first, 2, &cosine), .W2V_OK)
        XCTAssertEqual(cosine, 0, "a zero mean gives 0")

        expect(w2v_model_n_similarity(nil, &first, 2, &second, 1, &cosine), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_n_similarity(model, nil, 2, &second, 1, &cosine), .W2V_ERR_INVALID_ARGUMENT, mentions: "words1 is NULL")
        expect(w2v_model_n_similarity(model, &first, 2, nil, 1, &cosine), .W2V_ERR_INVALID_ARGUMENT, mentions: "words2 is NULL")
        expect(w2v_model_n_similarity(model, &first, 0, &second, 1, &cosine), .W2V_ERR_INVALID_ARGUMENT, mentions: "at least one word in each list")
        expect(w2v_model_n_similarity(model, &first, 2, &second, 0, &cosine), .W2V_ERR_INVALID_ARGUMENT, mentions: "at least one word in each list")
        expect(w2v_model_n_similarity(model, &first, 2, &second, 1, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "cosine_out is NULL")
        var unknown = list("zzz")
        expect(w2v_model_n_similarity(model, &first, 2, &unknown, 1, &cosine), .W2V_ERR_NOT_FOUND, mentions: "'zzz'")
    }

    func testDistances() {
        var others = list("a", "anti", "far", "bc")
        var out = [Float](repeating: -1, count: 8)
        var needed: UInt = 0
        XCTAssertEqual(w2v_model_distances(model, cWords["a"], &others, 4, &out, 8, &needed), .W2V_OK, lastError)
        XCTAssertEqual(needed, 4)
        for (got, expected) in zip(out[0..<4], [0, 2, 1, 1] as [Float]) { XCTAssertEqual(got, expected, accuracy: 1e-6) }
        XCTAssertEqual(out[4], -1, "nothing written past the distances")
        // Against every word, in row order.
        XCTAssertEqual(w2v_model_distances(model, cWords["b"], nil, 0, &out, 6, &needed), .W2V_OK, lastError)
        XCTAssertEqual(needed, 6)
        for (got, expected) in zip(out[0..<6], [1, 0, 1, 0.29289322, 1, 1] as [Float]) { XCTAssertEqual(got, expected, accuracy: 1e-6) }
        // Asking for the size, and a buffer too small: the needed length is reported, nothing written.
        needed = 0
        expect(w2v_model_distances(model, cWords["b"], nil, 0, nil, 0, &needed), .W2V_ERR_BUFFER_TOO_SMALL, mentions: "6 distances are needed")
        XCTAssertEqual(needed, 6)
        out = [Float](repeating: -1, count: 8)
        expect(w2v_model_distances(model, cWords["b"], &others, 4, &out, 3, &needed), .W2V_ERR_BUFFER_TOO_SMALL, mentions: "holds 3 floats")
        XCTAssertEqual(needed, 4)
        XCTAssertEqual(out, [Float](repeating: -1, count: 8))
        XCTAssertEqual(w2v_model_distances(model, cWords["b"], &others, 4, &out, 4, nil), .W2V_OK, "needed_out may be NULL")

        expect(w2v_model_distances(nil, cWords["a"], &others, 4, &out, 8, &needed), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_distances(model, nil, &others, 4, &out, 8, &needed), .W2V_ERR_INVALID_ARGUMENT, mentions: "word is NULL")
        expect(w2v_model_distances(model, cWords["a"], nil, 4, &out, 8, &needed), .W2V_ERR_INVALID_ARGUMENT, mentions: "others is NULL")
        expect(w2v_model_distances(model, cWords["a"], &others, 4, nil, 8, &needed), .W2V_ERR_INVALID_ARGUMENT, mentions: "distances_out is NULL")
        expect(w2v_model_distances(model, cWords["zzz"], &others, 4, &out, 8, &needed), .W2V_ERR_NOT_FOUND, mentions: "'zzz'")
        var unknown = list("a", "zzz")
        expect(w2v_model_distances(model, cWords["a"], &unknown, 2, &out, 8, &needed), .W2V_ERR_NOT_FOUND, mentions: "'zzz'")
    }

    func testEvaluateAnalogiesByMethod() throws {
        // "a : b :: c : anti" is 3CosMul's answer (its denominator is 1e-6); 3CosAdd answers bc.
        let path = directory.appendingPathComponent("questions.txt").path
        try ": s\na b c anti\n: t\nA B C BC\n".write(toFile: path, atomically: true, encoding: .utf8)
        var counts = [UInt](repeating: 99, count: 6)
        func evaluate(_ method: Int32) -> w2v_status {
            var c: UInt = 99, s: UInt = 99, sc: UInt = 99, ss: UInt = 99, yc: UInt = 99, ys: UInt = 99
            let status = w2v_model_evaluate_analogies(model, path, 0, method, &c, &s, &sc, &ss, &yc, &ys)
            counts = [c, s, sc, ss, yc, ys]
            return status
        }
        XCTAssertEqual(evaluate(w2v_analogy_method.W2V_ANALOGY_3COSMUL.rawValue), .W2V_OK, lastError)
        XCTAssertEqual(counts, [1, 2, 1, 2, 0, 0])
        XCTAssertEqual(evaluate(w2v_analogy_method.W2V_ANALOGY_3COSADD.rawValue), .W2V_OK, lastError)
        XCTAssertEqual(counts, [1, 2, 1, 2, 0, 0])
        try ": s\na b c anti\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(evaluate(w2v_analogy_method.W2V_ANALOGY_3COSMUL.rawValue), .W2V_OK)
        XCTAssertEqual(Array(counts[0..<2]), [1, 1])
        XCTAssertEqual(evaluate(w2v_analogy_method.W2V_ANALOGY_3COSADD.rawValue), .W2V_OK)
        XCTAssertEqual(Array(counts[0..<2]), [0, 1])
        XCTAssertEqual(w2v_model_evaluate_analogies(model, path, 5, 1, nil, nil, nil, nil, nil, nil), .W2V_OK, "every out-parameter may be NULL")

        expect(evaluate(7), .W2V_ERR_INVALID_ARGUMENT, mentions: "unknown analogy method 7")
        expect(evaluate(-1), .W2V_ERR_INVALID_ARGUMENT, mentions: "unknown analogy method -1")
        expect(w2v_model_evaluate_analogies(nil, path, 0, 1, nil, nil, nil, nil, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_evaluate_analogies(model, nil, 0, 1, nil, nil, nil, nil, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        let missing = directory.appendingPathComponent("absent.txt").path
        expect(w2v_model_evaluate_analogies(model, missing, 0, 1, nil, nil, nil, nil, nil, nil), .W2V_ERR_IO, mentions: "absent.txt")
        try ": s\na b c\n".write(toFile: path, atomically: true, encoding: .utf8)
        expect(evaluate(1), .W2V_ERR_FORMAT, mentions: "line 2")
    }
}
