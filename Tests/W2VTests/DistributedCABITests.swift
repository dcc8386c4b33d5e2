import Foundation
import XCTest
@testable import W2V
@testable import W2VCore

/// The data-parallel section of the C API, called from Swift exactly as C calls it: two workers that
/// exchange counts as bytes, train byte ranges, sum deltas and end with identical checksums; and every
/// argument check.
final class DistributedCABITests: XCTestCase {
    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-dist-cabi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func counts(of vocab: OpaquePointer) -> [CChar] {
        var needed: UInt = 0
        XCTAssertEqual(w2v_vocab_counts_save(vocab, nil, 0, &needed), needed == 0 ? .W2V_OK : .W2V_ERR_BUFFER_TOO_SMALL)
        var bytes = [CChar](repeating: 0, count: Int(needed))
        XCTAssertEqual(w2v_vocab_counts_save(vocab, &bytes, needed, nil), .W2V_OK)
        return bytes
    }

    func checksum(_ model: OpaquePointer?, _ matrix: w2v_matrix) -> UInt64 {
        var value: UInt64 = 0
        XCTAssertEqual(w2v_model_matrix_checksum(model, matrix.rawValue, &value), .W2V_OK)
        return value
    }

    func testTwoWorkersEndWithIdenticalWeights() throws {
        let dir = try directory()
        let corpus = URL(fileURLWithPath: try DemoTests.makeDemoCorpus(in: dir, sentences: 1500).corpus)
        let path = corpus.path
        let size = UInt64(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int)
        // Each worker counts its half (cut inside a word: the library moves the cut to a word start);
        // the counts travel as bytes and merge in worker order.
        var halves = [[CChar]]()
        for (begin, end) in [(0, size / 2 + 1), (size / 2 + 1, size)] {
            var vocab: OpaquePointer?
            XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
            XCTAssertEqual(w2v_vocab_add_file_range(vocab, path, begin, end), .W2V_OK)
            halves.append(counts(of: vocab!))
            w2v_vocab_free(vocab)
        }
        var merged: OpaquePointer?, whole: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&merged), .W2V_OK)
        XCTAssertEqual(w2v_vocab_new(&whole), .W2V_OK)
        defer { w2v_vocab_free(merged); w2v_vocab_free(whole) }
        for half in halves { XCTAssertEqual(w2v_vocab_counts_add(merged, half, UInt(half.count)), .W2V_OK) }
        XCTAssertEqual(w2v_vocab_add_file(whole, path), .W2V_OK)
        // The same words, counts and order; the sentence count (first line) may differ by the cut line.
        func words(_ bytes: [CChar]) -> ArraySlice<CChar> { bytes[(bytes.firstIndex(of: 10)! + 1)...] }
        XCTAssertEqual(words(counts(of: merged!)), words(counts(of: whole!)), "merged in corpus order = counted whole")
        XCTAssertEqual(w2v_vocab_total_words(merged), w2v_vocab_total_words(whole))
        XCTAssertEqual(w2v_vocab_order_ties_by_bytes(merged), .W2V_OK)

        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 12), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MIN_COUNT.rawValue, 1), .W2V_OK)
        var workers: [OpaquePointer?] = [nil, nil]
        for i in 0..<2 { XCTAssertEqual(w2v_model_new(&workers[i], merged, params), .W2V_OK) }
        defer { workers.forEach { w2v_model_free($0) } }
        XCTAssertEqual(checksum(workers[0], .W2V_MATRIX_INPUT), checksum(workers[1], .W2V_MATRIX_INPUT))
        var rows: UInt = 0, columns: UInt = 0
        XCTAssertEqual(w2v_model_matrix_shape(workers[0], w2v_matrix.W2V_MATRIX_OUTPUT.rawValue, &rows, &columns), .W2V_OK)
        XCTAssertEqual(rows, w2v_model_vocab_size(workers[0]))
        XCTAssertEqual(columns, 12)
        XCTAssertEqual(w2v_model_matrix_shape(workers[0], w2v_matrix.W2V_MATRIX_HS.rawValue, &rows, &columns), .W2V_OK)
        XCTAssertEqual([rows, columns], [0, 0], "no hs matrix without hs")

        for worker in workers { XCTAssertEqual(w2v_sync_take_base(worker), .W2V_OK) }
        let n = Int(w2v_model_vocab_size(workers[0])) * 12
        var sums = [[Float]](repeating: [Float](repeating: 0, count: n), count: 2)
        var touched = [[UInt32]](repeating: [UInt32](repeating: 0, count: n / 12), count: 2)
        for (i, (begin, end)) in [(UInt64(0), size / 2), (size / 2, size)].enumerated() {
            var offset = begin, words: UInt64 = 0, total: UInt64 = 0, resume: UInt64 = 0, loss = 0.0
            while offset < end {
                XCTAssertEqual(w2v_model_train_file_range(workers[i], path, offset, end, 0, 1, 300, &resume, &words, &loss), .W2V_OK)
                XCTAssertGreaterThan(resume, offset)
                offset = resume
                total += words
            }
            XCTAssertGreaterThan(total, 0)
            for (k, matrix) in [w2v_matrix.W2V_MATRIX_INPUT, w2v_matrix.W2V_MATRIX_OUTPUT].enumerated() {
                var delta = [Float](repeating: 0, count: n)
                XCTAssertEqual(w2v_sync_delta(workers[i], matrix.rawValue, 0, UInt(n / 12), &delta, UInt(n)), .W2V_OK)
                for j in 0..<n { sums[k][j] += delta[j] }
                var mine = [UInt32](repeating: 0, count: n / 12)
                XCTAssertEqual(w2v_sync_touched(workers[i], matrix.rawValue, 0, UInt(n / 12), &mine, UInt(n / 12)), .W2V_OK)
                if k == 0 { for j in 0..<(n / 12) { touched[0][j] += mine[j] } }
            }
        }
        XCTAssertTrue(touched[0].contains(2), "both workers trained the frequent rows")
        for worker in workers {
            XCTAssertEqual(w2v_sync_apply(worker, w2v_matrix.W2V_MATRIX_INPUT.rawValue, 0, UInt(n / 12), sums[0], UInt(n), w2v_sync_scale.W2V_SYNC_TOUCHED.rawValue, 0, touched[0], UInt(n / 12)), .W2V_OK)
            XCTAssertEqual(w2v_sync_apply(worker, w2v_matrix.W2V_MATRIX_OUTPUT.rawValue, 0, UInt(n / 12), sums[1], UInt(n), w2v_sync_scale.W2V_SYNC_MEAN.rawValue, 2, nil, 0), .W2V_OK)
        }
        XCTAssertEqual(checksum(workers[0], .W2V_MATRIX_INPUT), checksum(workers[1], .W2V_MATRIX_INPUT))
        XCTAssertEqual(checksum(workers[0], .W2V_MATRIX_OUTPUT), checksum(workers[1], .W2V_MATRIX_OUTPUT))

        // The writable view is the model's storage.
        let data = w2v_model_matrix_data(workers[0], w2v_matrix.W2V_MATRIX_OUTPUT.rawValue)!
        data[0] += 1
        XCTAssertNotEqual(checksum(workers[0], .W2V_MATRIX_OUTPUT), checksum(workers[1], .W2V_MATRIX_OUTPUT))
        XCTAssertEqual(w2v_model_matrix_data(workers[0], w2v_matrix.W2V_MATRIX_INPUT.rawValue), UnsafeMutablePointer(mutating: w2v_model_vectors(workers[0])))
    }

    /// A model of 3 words ("a b c a b a"), dim 4, negative sampling, and its vocabulary; both freed at
    /// the test's end.
    func smallModel() -> (vocab: OpaquePointer?, model: OpaquePointer?) {
        var vocab: OpaquePointer?, model: OpaquePointer?, params: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        XCTAssertEqual("a b c a b a".withCString { w2v_vocab_add_text(vocab, $0, 11) }, .W2V_OK)
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MIN_COUNT.rawValue, 1), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 4), .W2V_OK)
        XCTAssertEqual(w2v_model_new(&model, vocab, params), .W2V_OK)
        w2v_params_free(params)
        addTeardownBlock { [vocab, model] in
            w2v_model_free(model)
            w2v_vocab_free(vocab)
        }
        return (vocab, model)
    }

    func testArgumentsAreChecked() throws {
        let (vocab, model) = smallModel()
        var rows: UInt = 0, columns: UInt = 0, sum: UInt64 = 0
        var buffer = [Float](repeating: 0, count: 12)
        var counts = [UInt32](repeating: 0, count: 3)

        expect(w2v_model_matrix_shape(nil, 0, &rows, &columns), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_matrix_shape(model, 3, &rows, &columns), .W2V_ERR_INVALID_ARGUMENT, mentions: "matrix 3 is not a w2v_matrix")
        expect(w2v_model_matrix_shape(model, -1, nil, &columns), .W2V_ERR_INVALID_ARGUMENT, mentions: "rows_out")
        XCTAssertNil(w2v_model_matrix_data(model, w2v_matrix.W2V_MATRIX_HS.rawValue))
        XCTAssertTrue(String(cString: w2v_last_error()).contains("no hierarchical softmax matrix"))
        XCTAssertNil(w2v_model_matrix_data(nil, 0))
        expect(w2v_model_matrix_checksum(model, w2v_matrix.W2V_MATRIX_HS.rawValue, &sum), .W2V_ERR_NOT_FOUND, mentions: "no hierarchical softmax")
        expect(w2v_model_matrix_checksum(model, 0, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "checksum_out")

        expect(w2v_sync_delta(model, 0, 0, 3, &buffer, 12), .W2V_ERR_INVALID_ARGUMENT, mentions: "no sync base")
        XCTAssertEqual(w2v_sync_take_base(model), .W2V_OK)
        XCTAssertEqual(w2v_sync_delta(model, 0, 0, 3, &buffer, 12), .W2V_OK)
        expect(w2v_sync_delta(model, 0, 0, 3, &buffer, 11), .W2V_ERR_BUFFER_TOO_SMALL, mentions: "need 12")
        expect(w2v_sync_delta(model, 0, 2, 1, &buffer, 12), .W2V_ERR_INVALID_ARGUMENT, mentions: "after row_end")
        expect(w2v_sync_delta(model, 0, 0, 4, &buffer, 16), .W2V_ERR_INVALID_ARGUMENT, mentions: "out of range")
        expect(w2v_sync_delta(model, 0, 0, 3, nil, 12), .W2V_ERR_INVALID_ARGUMENT, mentions: "NULL")
        expect(w2v_sync_delta(model, 0, 0, 3, &buffer, UInt.max), .W2V_ERR_INVALID_ARGUMENT, mentions: "more than any array")
        expect(w2v_sync_touched(model, 0, 0, 3, &counts, 2), .W2V_ERR_BUFFER_TOO_SMALL, mentions: "need 3")
        XCTAssertEqual(w2v_sync_touched(model, 0, 0, 3, &counts, 3), .W2V_OK)
        XCTAssertEqual(counts, [0, 0, 0])
        expect(w2v_sync_apply(model, 0, 0, 3, buffer, 12, 7, 1, nil, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "scale 7")
        expect(w2v_sync_apply(model, 0, 0, 3, buffer, 12, w2v_sync_scale.W2V_SYNC_MEAN.rawValue, 0, nil, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "at least 1 worker")
        expect(w2v_sync_apply(model, 0, 0, 3, buffer, 12, w2v_sync_scale.W2V_SYNC_TOUCHED.rawValue, 1, nil, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "touched counts")
        expect(w2v_sync_apply(model, 0, 0, 3, buffer, 12, w2v_sync_scale.W2V_SYNC_TOUCHED.rawValue, 1, counts, 2), .W2V_ERR_BUFFER_TOO_SMALL, mentions: "touched buffer")
        buffer[5] = .infinity
        let before = { () -> UInt64 in var v: UInt64 = 0; _ = w2v_model_matrix_checksum(model, 0, &v); return v }()
        expect(w2v_sync_apply(model, 0, 0, 3, buffer, 12, w2v_sync_scale.W2V_SYNC_SUM.rawValue, 1, nil, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "finite")
        XCTAssertEqual(checksum(model, .W2V_MATRIX_INPUT), before, "nothing applied")
        XCTAssertEqual(w2v_sync_drop_base(model), .W2V_OK)
        expect(w2v_sync_drop_base(nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "NULL")

        var needed: UInt = 0
        expect(w2v_vocab_counts_save(vocab, nil, 0, &needed), .W2V_ERR_BUFFER_TOO_SMALL, mentions: "the counts take")
        XCTAssertEqual(needed, UInt("</s> 1\na 3\nb 2\nc 1\n".utf8.count))
        expect(w2v_vocab_counts_add(vocab, nil, 3), .W2V_ERR_INVALID_ARGUMENT, mentions: "NULL")
        XCTAssertEqual(w2v_vocab_counts_add(vocab, nil, 0), .W2V_OK)
        expect("a x\n".withCString { w2v_vocab_counts_add(vocab, $0, 4) }, .W2V_ERR_FORMAT, mentions: "the counts line 1")
        expect(w2v_vocab_order_ties_by_bytes(nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "NULL")

        let missing = "/nonexistent/w2v-corpus"
        expect(w2v_model_train_file_range(model, missing, 0, 10, 0, 1, 0, nil, nil, nil), .W2V_ERR_IO, mentions: "nonexistent")
        expect(w2v_model_train_file_range(model, "/dev/null", 5, 1, 0, 1, 0, nil, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "after end")
        expect(w2v_model_train_file_range(model, "/dev/null", 0, 1, 0, 1, 0, nil, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "regular file")
        expect(w2v_model_train_file_range(model, nil, 0, 1, 0, 1, 0, nil, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "NULL")
        expect(w2v_model_train_file_range(model, missing, 0, 1, -0.5, 1, 0, nil, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "outside [0, 1]")
        expect(w2v_model_train_file_range(model, missing, 0, 1, .nan, 1, 0, nil, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "not finite")
    }

    /// Per-row learning rates of each matrix: the input's are `w2v_model_set_row_learning_rate`'s, the
    /// output's their own; sizes, values and absent matrices are checked, and a refused set changes nothing.
    func testMatrixLearningRates() throws {
        let model = smallModel().model
        let input = w2v_matrix.W2V_MATRIX_INPUT.rawValue, output = w2v_matrix.W2V_MATRIX_OUTPUT.rawValue
        let hs = w2v_matrix.W2V_MATRIX_HS.rawValue

        var factors = [Float](repeating: -1, count: 3), needed: UInt = 0
        XCTAssertEqual(w2v_model_get_matrix_learning_rate(model, output, &factors, 3, &needed), .W2V_OK, lastError)
        XCTAssertEqual(factors, [1, 1, 1])
        XCTAssertEqual(needed, 3)
        var set: [Float] = [1, 0.5, 0.25]
        XCTAssertEqual(w2v_model_set_matrix_learning_rate(model, output, &set, 3), .W2V_OK, lastError)
        XCTAssertEqual(w2v_model_get_matrix_learning_rate(model, output, &factors, 3, nil), .W2V_OK)
        XCTAssertEqual(factors, set)
        XCTAssertEqual(w2v_model_get_row_learning_rate(model, &factors, 3, nil), .W2V_OK)
        XCTAssertEqual(factors, [1, 1, 1], "the input's factors are not the output's")
        var locked: [Float] = [0, 1, 1]
        XCTAssertEqual(w2v_model_set_matrix_learning_rate(model, input, &locked, 3), .W2V_OK)
        XCTAssertEqual(w2v_model_get_row_learning_rate(model, &factors, 3, nil), .W2V_OK)
        XCTAssertEqual(factors, locked, "the input matrix's factors are the row learning rates")

        expect(w2v_model_get_matrix_learning_rate(model, output, &factors, 2, &needed), .W2V_ERR_BUFFER_TOO_SMALL, mentions: "3 rows")
        XCTAssertEqual(needed, 3)
        expect(w2v_model_get_matrix_learning_rate(model, hs, &factors, 3, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "no hierarchical softmax matrix")
        expect(w2v_model_set_matrix_learning_rate(model, hs, &set, 3), .W2V_ERR_INVALID_ARGUMENT, mentions: "no hierarchical softmax matrix")
        XCTAssertEqual(w2v_model_set_matrix_learning_rate(model, hs, nil, 0), .W2V_OK, "clearing an absent matrix's factors")
        expect(w2v_model_set_matrix_learning_rate(model, 9, &set, 3), .W2V_ERR_INVALID_ARGUMENT, mentions: "matrix 9")
        expect(w2v_model_set_matrix_learning_rate(model, output, &set, 2), .W2V_ERR_INVALID_ARGUMENT, mentions: "2 learning-rate factors")
        var bad: [Float] = [1, .nan, 1]
        expect(w2v_model_set_matrix_learning_rate(model, output, &bad, 3), .W2V_ERR_INVALID_ARGUMENT, mentions: "factor 1 is nan")
        expect(w2v_model_set_matrix_learning_rate(nil, output, &set, 3), .W2V_ERR_INVALID_ARGUMENT, mentions: "NULL")
        expect(w2v_model_set_matrix_learning_rate(model, output, &set, UInt.max), .W2V_ERR_INVALID_ARGUMENT, mentions: "learning-rate factors")
        XCTAssertEqual(w2v_model_get_matrix_learning_rate(model, output, &factors, 3, nil), .W2V_OK)
        XCTAssertEqual(factors, set, "a refused set changes nothing")
        XCTAssertEqual(w2v_model_set_matrix_learning_rate(model, output, nil, 0), .W2V_OK)
        XCTAssertEqual(w2v_model_get_matrix_learning_rate(model, output, &factors, 3, nil), .W2V_OK)
        XCTAssertEqual(factors, [1, 1, 1], "NULL restores the default")
    }
}
