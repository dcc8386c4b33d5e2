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
}
