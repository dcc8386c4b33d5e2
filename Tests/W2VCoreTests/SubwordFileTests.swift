import Foundation
import XCTest
@testable import W2VCore

/// Subword models in files: the native format keeps the n-gram rows and the settings.
final class SubwordFileTests: XCTestCase {
    func trainedSubwordModel(_ configure: (inout TrainingParameters) -> Void = { _ in }) throws -> Model {
        var p = TrainingParameters()
        p.dim = 16
        p.minCount = 1
        p.sample = 0
        p.epochs = 2
        p.architecture = .skipGram
        p.maxN = 5
        p.minN = 2
        p.buckets = 3_000
        configure(&p)
        let counter = WordCounter()
        let text = "walk walked walks talk talked talks run runs ran jump jumped jumps\n"
        for _ in 0..<20 { counter.add(text) }
        let model = try Model(vocabulary: try Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: p)
        let words = text.split(separator: " ").map { Int32(try! model.index(of: String($0.trimmingCharacters(in: .whitespacesAndNewlines)))) }
        for step in 0..<5 {
            _ = try words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [words.count], progress: Double(step) / 5) }
        }
        return model
    }

    func testTheNativeFormatKeepsTheNgramRowsAndSettings() throws {
        let model = try trainedSubwordModel()
        let path = try temporaryDirectory(self).appendingPathComponent("m.w2v").path
        try model.save(to: path, format: .native)
        for mapped in [true, false] {
            let loaded = try Model.load(nativeFrom: path, verifyChecksums: true, mapped: mapped)
            XCTAssertEqual(loaded.parameters, model.parameters)
            XCTAssertEqual(loaded.subwords?.settings, try SubwordSettings(minN: 2, maxN: 5, buckets: 3_000))
            for word in ["walk", "jumps", "walking", "talkers", "xyz"] {
                let (expected, source) = try model.wordVector(word)
                let (actual, loadedSource) = try loaded.wordVector(word)
                XCTAssertEqual(actual, expected, word)
                XCTAssertEqual(source, loadedSource, word)
            }
            // Training continues the same way from the loaded model as from the original.
            let words: [Int32] = [0, 1, 2, 3, 4, 5]
            let a = try words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [6], progress: 0.5) }
            let b = try words.withUnsafeBufferPointer { try loaded.trainStep(words: $0, lengths: [6], progress: 0.5) }
            XCTAssertEqual(a, b)
            XCTAssertEqual(try loaded.wordVector("walking").vector, try model.wordVector("walking").vector)
            try model.save(to: path, format: .native)   // the next round starts from the same state
        }
    }

    func testAModelWithoutSubwordsWritesNoNgramSection() throws {
        let model = try trainedSubwordModel { $0.maxN = 0 }
        let path = try temporaryDirectory(self).appendingPathComponent("m.w2v").path
        try model.save(to: path, format: .native)
        let crafted = try CraftedNativeFile(path: path)
        XCTAssertNil(crafted[.ngrams])
        XCTAssertNil(try Model.load(nativeFrom: path, verifyChecksums: true).subwords)
    }

    // MARK: fastText's .bin

    func testFastTextBinaryRoundTrips() throws {
        let model = try trainedSubwordModel()
        let path = try temporaryDirectory(self).appendingPathComponent("m.bin").path
        try model.save(to: path, format: .fastText)
        for format in [FileFormat.fastText, .auto] {
            let loaded = try Model.load(from: path, format: format)
            XCTAssertEqual(loaded.vocabulary.counts, model.vocabulary.counts)
            XCTAssertEqual((0..<loaded.vocabularySize).map { loaded.vocabulary.table.string($0) },
                           (0..<model.vocabularySize).map { model.vocabulary.table.string($0) })
            XCTAssertEqual(loaded.subwords?.settings, model.subwords?.settings)
            for key in [ParameterKey.dim, .window, .epochs, .minCount, .negative, .architecture, .minN, .maxN, .buckets] {
                XCTAssertEqual(try loaded.parameters.int(key), try model.parameters.int(key), key.name)
            }
            XCTAssertEqual(loaded.parameters.nsExponent, 0.5, "fastText's noise distribution")
            for word in ["walk", "jumps", "walking", "talkers"] {
                XCTAssertEqual(try loaded.wordVector(word).vector, try model.wordVector(word).vector, word)
                XCTAssertEqual(try loaded.wordVector(word).source, try model.wordVector(word).source, word)
            }
            XCTAssertEqual(loaded.output.map { Array(UnsafeBufferPointer(start: $0.base, count: $0.count)) },
                           model.output.map { Array(UnsafeBufferPointer(start: $0.base, count: $0.count)) })
            XCTAssertTrue(loaded.isTrainable, "negative sampling's output rows come back")
        }
    }

    /// The layout byte by byte for a tiny model, as fastText's Args/Dictionary/DenseMatrix::save write it.
    func testFastTextBinaryLayout() throws {
        let model = try trainedSubwordModel { $0.dim = 2; $0.buckets = 3 }
        let path = try temporaryDirectory(self).appendingPathComponent("m.bin").path
        try model.save(to: path, format: .fastText)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        func int32(_ at: Int) -> Int32 { bytes[at..<at + 4].withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(as: Int32.self)) } }
        func int64(_ at: Int) -> Int64 { bytes[at..<at + 8].withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) } }
        XCTAssertEqual(int32(0), 793_712_314)
        XCTAssertEqual(int32(4), 12)
        // dim ws epoch minCount neg wordNgrams loss model bucket minn maxn lrUpdateRate
        XCTAssertEqual((0..<12).map { int32(8 + 4 * $0) }, [2, 5, 2, 1, 5, 1, 2, 2, 3, 2, 5, 100])
        let words = model.vocabularySize
        XCTAssertEqual(int32(64), Int32(words))
        XCTAssertEqual(int32(68), Int32(words))
        XCTAssertEqual(int32(72), 0)
        XCTAssertEqual(int64(84), -1, "not pruned")
        var at = 92
        for i in 0..<words {
            let word = Array(model.vocabulary.table.string(i).utf8)
            XCTAssertEqual(Array(bytes[at..<at + word.count]), word)
            XCTAssertEqual(bytes[at + word.count], 0)
            XCTAssertEqual(int64(at + word.count + 1), model.vocabulary.counts[i])
            XCTAssertEqual(bytes[at + word.count + 9], 0, "a word, not a label")
            at += word.count + 10
        }
        XCTAssertEqual(bytes[at], 0, "input not quantized")
        XCTAssertEqual(int64(at + 1), Int64(words + 3))
        XCTAssertEqual(int64(at + 9), 2)
        at += 17 + (words + 3) * 8
        XCTAssertEqual(bytes[at], 0, "output not quantized")
        XCTAssertEqual(int64(at + 1), Int64(words))
        XCTAssertEqual(bytes.count, at + 17 + words * 8)
    }

    /// Quantized, supervised, pruned, truncated and inconsistent files are format errors, never traps.
    func testFastTextFilesThatCannotBeReadAreRefused() throws {
        let model = try trainedSubwordModel { $0.dim = 2; $0.buckets = 3 }
        let directory = try temporaryDirectory(self)
        let path = directory.appendingPathComponent("m.bin").path
        try model.save(to: path, format: .fastText)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let crafted = directory.appendingPathComponent("crafted.bin")
        func refused(_ bytes: [UInt8], _ message: String, line: UInt = #line) throws {
            try Data(bytes).write(to: crafted)
            XCTAssertThrowsError(try Model.load(from: crafted.path, format: .fastText), line: line) { error in
                guard case .format(let text)? = error as? W2VError else { return XCTFail("\(error)", line: line) }
                XCTAssertTrue(text.contains(message), "'\(text)' does not contain '\(message)'", line: line)
            }
        }
        func with(_ offset: Int, _ value: Int32) -> [UInt8] {
            var bytes = good
            withUnsafeBytes(of: value.littleEndian) { for i in 0..<4 { bytes[offset + i] = $0[i] } }
            return bytes
        }
        let words = model.vocabularySize
        let wordBytes = (0..<words).map { model.vocabulary.table.word($0).count + 10 }.reduce(0, +)
        let quantizedFlag = 92 + wordBytes
        var quantized = good
        quantized[quantizedFlag] = 1
        try refused(quantized, "quantized fastText model (.ftz)")
        try refused(with(36, 3), "supervised fastText model")
        try refused(with(4, 13), "version 13")
        try refused(with(0, 1), "magic number")
        try refused(with(8, 3), "the input matrix is")          // dim 3 against the 2-column matrices
        try refused(with(40, 4), "the input matrix is")         // bucket 4
        try refused(with(44, 7), "fastText arguments: min_n (7) is larger than max_n (5)")
        try refused(with(64, 1_000_000), "labels")              // size differs from nwords
        var pruned = good
        for i in 0..<8 { pruned[84 + i] = 0 }
        try refused(pruned, "pruned")
        try refused(good + [0], "bytes follow the output matrix")
        var nan = good
        withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { for i in 0..<4 { nan[quantizedFlag + 17 + i] = $0[i] } }
        try refused(nan, "nan")
        for length in stride(from: 0, to: good.count, by: 7) {
            try Data(good[0..<length]).write(to: crafted)
            XCTAssertThrowsError(try Model.load(from: crafted.path, format: .fastText), "truncated at \(length)")
        }
    }
}
