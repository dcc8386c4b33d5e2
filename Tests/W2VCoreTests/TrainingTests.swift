import Foundation
import XCTest
@testable import W2VCore

final class TrainingTests: XCTestCase {
    func testSkipGramLearnsPlantedAnalogies() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, questions) = try makeDemoCorpus(in: dir, sentences: 20000)
        var parameters = TrainingParameters()
        parameters.architecture = .skipGram
        parameters.dim = 40
        parameters.epochs = 5
        parameters.minCount = 2
        let counter = WordCounter()
        try counter.add(file: corpus.path)
        let vocabulary = try Vocabulary(counter: counter, minCount: 2, maxSize: 0)
        let model = try Model(vocabulary: vocabulary, parameters: parameters)
        let before = try quickAccuracy(model, questions)
        let start = Date()
        try model.train(file: corpus.path) { _ in true }
        let after = try quickAccuracy(model, questions)
        print("analogies before \(before), after \(after), \(Date().timeIntervalSince(start)) s")
        XCTAssertLessThan(before, 0.1)
        XCTAssertGreaterThan(after, 0.6)
    }
}

func quickAccuracy(_ model: Model, _ questions: URL) throws -> Double {
    var right = 0, seen = 0
    for line in try String(contentsOf: questions, encoding: .utf8).split(separator: "\n") where !line.hasPrefix(":") {
        let w = line.split(separator: " ").map(String.init)
        let r = try model.mostSimilar(positive: [model.index(of: w[1]), model.index(of: w[2])], negative: [model.index(of: w[0])], k: 1)
        seen += 1
        if model.vocabulary.word(r[0].index) == w[3] { right += 1 }
    }
    return Double(right) / Double(seen)
}
