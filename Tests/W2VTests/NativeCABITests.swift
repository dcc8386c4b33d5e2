import Foundation
import XCTest
@testable import W2V
@testable import W2VCore

/// The native format through the C API: W2V_FORMAT_NATIVE in save and load (and AUTO), the
/// mapped loader with its flags, the model's parameters for continued training, and every NULL.
final class NativeCABITests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-native-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A corpus of a few dozen words on many lines.
    func corpus() throws -> String {
        var rng = SplitMix64(seed: 21)
        var text = ""
        for _ in 0..<300 {
            text += (0..<(4 + Int(rng.next() % 8))).map { _ in "t\(rng.next() % 30)" }.joined(separator: " ") + "\n"
        }
        let file = path("corpus.txt")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A new skip-gram model over the corpus, 1 thread.
    func newModel(_ corpus: String) -> OpaquePointer {
        var vocab: OpaquePointer?
        XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
        defer { w2v_vocab_free(vocab) }
        XCTAssertEqual(w2v_vocab_add_file(vocab, corpus), .W2V_OK, lastError)
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 10), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_MIN_COUNT.rawValue, 2), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_EPOCHS.rawValue, 2), .W2V_OK)
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_ARCH.rawValue, Int64(w2v_arch.W2V_ARCH_SKIPGRAM.rawValue)), .W2V_OK)
        var model: OpaquePointer?
        XCTAssertEqual(w2v_model_new(&model, vocab, params), .W2V_OK, lastError)
        return model!
    }

    func vectors(_ model: OpaquePointer?) -> [UInt32] {
        Array(UnsafeBufferPointer(start: w2v_model_vectors(model), count: Int(w2v_model_vocab_size(model) * w2v_model_dim(model)))).map(\.bitPattern)
    }

    func testNativeRoundTripKeepsCountsAndTrainsOnExactly() throws {
        let corpus = try corpus()
        let uninterrupted = newModel(corpus)
        defer { w2v_model_free(uninterrupted) }
        XCTAssertEqual(w2v_model_train_file(uninterrupted, corpus, nil, nil), .W2V_OK, lastError)
        XCTAssertEqual(w2v_model_train_file(uninterrupted, corpus, nil, nil), .W2V_OK, lastError)

        let model = newModel(corpus)
        defer { w2v_model_free(model) }
        XCTAssertEqual(w2v_model_train_file(model, corpus, nil, nil), .W2V_OK, lastError)
        let file = path("model.w2v")
        XCTAssertEqual(w2v_model_save(model, file, w2v_format.W2V_FORMAT_NATIVE.rawValue), .W2V_OK, lastError)
        for (format, flags) in [(w2v_format.W2V_FORMAT_NATIVE, -1), (.W2V_FORMAT_AUTO, -1), (.W2V_FORMAT_NATIVE, 0), (.W2V_FORMAT_NATIVE, 1)] {
            var loaded: OpaquePointer?
            if flags < 0 {
                XCTAssertEqual(w2v_model_load(&loaded, file, format.rawValue), .W2V_OK, lastError)
            } else {
                XCTAssertEqual(w2v_model_load_native(&loaded, file, UInt32(flags)), .W2V_OK, lastError)
            }
            XCTAssertEqual(w2v_model_vocab_size(loaded), w2v_model_vocab_size(model))
            XCTAssertEqual(w2v_model_dim(loaded), 10)
            for i in 0..<w2v_model_vocab_size(model) {
                XCTAssertEqual(String(cString: w2v_model_word(loaded, i)!), String(cString: w2v_model_word(model, i)!))
                XCTAssertEqual(w2v_model_count(loaded, i), w2v_model_count(model, i))
                XCTAssertGreaterThan(w2v_model_count(loaded, i), 0)
            }
            XCTAssertEqual(vectors(loaded), vectors(model))
            // Resumed, the loaded model ends exactly where two calls without a save end.
            XCTAssertEqual(w2v_model_train_file(loaded, corpus, nil, nil), .W2V_OK, lastError)
            XCTAssertEqual(vectors(loaded), vectors(uninterrupted), "resumed after loading with \(format), flags \(flags)")
            w2v_model_free(loaded)
        }
    }

    func testModelParamsForContinuedTraining() throws {
        let corpus = try corpus()
        let model = newModel(corpus)
        defer { w2v_model_free(model) }
        var params: OpaquePointer?
        XCTAssertEqual(w2v_model_get_params(&params, model), .W2V_OK, lastError)
        defer { w2v_params_free(params) }
        var value: Int64 = 0
        XCTAssertEqual(w2v_params_get_int(params, w2v_param.W2V_PARAM_DIM.rawValue, &value), .W2V_OK)
        XCTAssertEqual(value, 10)
        XCTAssertEqual(w2v_params_get_int(params, w2v_param.W2V_PARAM_EPOCHS.rawValue, &value), .W2V_OK)
        XCTAssertEqual(value, 2)
        // The run settings change...
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_EPOCHS.rawValue, 1), .W2V_OK)
        XCTAssertEqual(w2v_params_set_float(params, w2v_param.W2V_PARAM_ALPHA.rawValue, 0.01), .W2V_OK)
        XCTAssertEqual(w2v_model_set_params(model, params), .W2V_OK, lastError)
        var again: OpaquePointer?
        XCTAssertEqual(w2v_model_get_params(&again, model), .W2V_OK)
        XCTAssertEqual(w2v_params_get_int(again, w2v_param.W2V_PARAM_EPOCHS.rawValue, &value), .W2V_OK)
        XCTAssertEqual(value, 1)
        var alpha = 0.0
        XCTAssertEqual(w2v_params_get_float(again, w2v_param.W2V_PARAM_ALPHA.rawValue, &alpha), .W2V_OK)
        XCTAssertEqual(alpha, 0.01)
        w2v_params_free(again)
        // ...the shape does not.
        XCTAssertEqual(w2v_params_set_int(params, w2v_param.W2V_PARAM_DIM.rawValue, 20), .W2V_OK)
        expect(w2v_model_set_params(model, params), .W2V_ERR_INVALID_ARGUMENT, mentions: "dim cannot change")
        XCTAssertEqual(w2v_model_dim(model), 10)
    }

    func testBadFilesAreFormatErrors() throws {
        let corpus = try corpus()
        let model = newModel(corpus)
        defer { w2v_model_free(model) }
        let file = path("good.w2v")
        XCTAssertEqual(w2v_model_save(model, file, w2v_format.W2V_FORMAT_NATIVE.rawValue), .W2V_OK, lastError)
        let good = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        var loaded: OpaquePointer? = OpaquePointer(bitPattern: 1)

        var corrupt = good
        corrupt[good.count - 3] ^= 0x10
        try Data(corrupt).write(to: URL(fileURLWithPath: path("corrupt.w2v")))
        expect(w2v_model_load(&loaded, path("corrupt.w2v"), w2v_format.W2V_FORMAT_AUTO.rawValue), .W2V_ERR_FORMAT, mentions: "checksum mismatch")
        XCTAssertNil(loaded)
        XCTAssertEqual(w2v_model_load_native(&loaded, path("corrupt.w2v"), 1), .W2V_OK, "the weights' checksums skipped")
        w2v_model_free(loaded)

        try Data(good[0..<(good.count / 2)]).write(to: URL(fileURLWithPath: path("short.w2v")))
        expect(w2v_model_load(&loaded, path("short.w2v"), w2v_format.W2V_FORMAT_NATIVE.rawValue), .W2V_ERR_FORMAT, mentions: "truncated")
        expect(w2v_model_load_native(&loaded, path("short.w2v"), 1), .W2V_ERR_FORMAT, mentions: "truncated")

        var newer = good
        newer[8] = 7
        try Data(newer).write(to: URL(fileURLWithPath: path("newer.w2v")))
        expect(w2v_model_load(&loaded, path("newer.w2v"), w2v_format.W2V_FORMAT_AUTO.rawValue), .W2V_ERR_FORMAT, mentions: "format version 7")
        XCTAssertTrue(lastError.contains("reads format version 1"), lastError)

        try "1 2\nw 0.5 0.25\n".write(toFile: path("text.txt"), atomically: true, encoding: .utf8)
        expect(w2v_model_load(&loaded, path("text.txt"), w2v_format.W2V_FORMAT_NATIVE.rawValue), .W2V_ERR_FORMAT, mentions: "not a native model")
        expect(w2v_model_load_native(&loaded, path("missing.w2v"), 0), .W2V_ERR_IO, mentions: "missing.w2v")

        // A word2vec file saved natively stays untrainable, with the clear error.
        XCTAssertEqual(w2v_model_load(&loaded, path("text.txt"), w2v_format.W2V_FORMAT_AUTO.rawValue), .W2V_OK)
        XCTAssertEqual(w2v_model_save(loaded, path("w2v-native.w2v"), w2v_format.W2V_FORMAT_NATIVE.rawValue), .W2V_OK, lastError)
        w2v_model_free(loaded)
        XCTAssertEqual(w2v_model_load(&loaded, path("w2v-native.w2v"), w2v_format.W2V_FORMAT_AUTO.rawValue), .W2V_OK, lastError)
        expect(w2v_model_train_file(loaded, corpus, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "cannot be trained")
        w2v_model_free(loaded)
    }

    func testNullsAndBadArguments() throws {
        let corpus = try corpus()
        let model = newModel(corpus)
        defer { w2v_model_free(model) }
        let file = path("m.w2v")
        let native = w2v_format.W2V_FORMAT_NATIVE.rawValue
        expect(w2v_model_save(nil, file, native), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_save(model, nil, native), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        expect(w2v_model_save(model, file, 5), .W2V_ERR_INVALID_ARGUMENT, mentions: "unknown file format 5")
        XCTAssertEqual(w2v_model_save(model, file, native), .W2V_OK)
        var loaded: OpaquePointer?
        expect(w2v_model_load(nil, file, native), .W2V_ERR_INVALID_ARGUMENT, mentions: "out is NULL")
        expect(w2v_model_load(&loaded, nil, native), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        expect(w2v_model_load_native(nil, file, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "out is NULL")
        expect(w2v_model_load_native(&loaded, nil, 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is NULL")
        expect(w2v_model_load_native(&loaded, "", 0), .W2V_ERR_INVALID_ARGUMENT, mentions: "path is empty")
        expect(w2v_model_load_native(&loaded, file, 6), .W2V_ERR_INVALID_ARGUMENT, mentions: "unknown load flags 4")
        XCTAssertNil(loaded)
        var params: OpaquePointer?
        expect(w2v_model_get_params(nil, model), .W2V_ERR_INVALID_ARGUMENT, mentions: "out is NULL")
        expect(w2v_model_get_params(&params, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        XCTAssertNil(params)
        XCTAssertEqual(w2v_model_get_params(&params, model), .W2V_OK)
        defer { w2v_params_free(params) }
        expect(w2v_model_set_params(nil, params), .W2V_ERR_INVALID_ARGUMENT, mentions: "model is NULL")
        expect(w2v_model_set_params(model, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "params is NULL")
        expect(w2v_model_set_params(model, model), .W2V_ERR_INVALID_ARGUMENT, mentions: "not a w2v_params")
        XCTAssertEqual(w2v_model_set_params(model, params), .W2V_OK, "the model's own parameters are accepted")
        // The enum values the header promises.
        XCTAssertEqual(w2v_format.W2V_FORMAT_NATIVE.rawValue, 3)
        XCTAssertEqual(w2v_load_flags.W2V_LOAD_DEFAULT.rawValue, 0)
        XCTAssertEqual(w2v_load_flags.W2V_LOAD_SKIP_WEIGHT_CHECKSUMS.rawValue, 1)
    }
}
