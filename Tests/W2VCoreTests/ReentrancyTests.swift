import Foundation
import XCTest
@testable import W2VCore

/// A progress callback that changes the model it is training (issue 11, item 5): refused with an
/// error, never a use-after-free; the training call goes on and the model stays consistent.
final class ReentrancyTests: XCTestCase {
    private func model(_ directory: URL) throws -> (Model, URL) {
        let (corpus, _) = try makeDemoCorpus(in: directory, sentences: 3000)
        var p = TrainingParameters()
        p.dim = 16
        p.minCount = 2
        p.epochs = 2
        p.hierarchicalSoftmax = true
        let counter = WordCounter()
        try counter.add(file: corpus.path)
        let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: p.minCount, maxSize: 0), parameters: p)
        return (model, corpus)
    }

    func testProgressCallbackCannotGrowTheVocabularyItTrains() throws {
        let (model, corpus) = try model(try temporaryDirectory(self))
        let before = model.vocabularySize
        let newWords = WordCounter()
        newWords.add("zebra zebra zebra yak yak yak " + String(repeating: "zebra yak ", count: 10))
        var errors: [W2VError] = []
        try model.train(file: corpus.path) { _ in
            do throws(W2VError) {
                try model.updateVocabulary(with: newWords)
            } catch {
                errors.append(error)
            }
            return true
        }
        XCTAssertFalse(errors.isEmpty, "the callback ran and was refused")
        for error in errors {
            guard case .invalidArgument(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("while the model is being trained"), message)
        }
        XCTAssertEqual(model.vocabularySize, before, "nothing changed")
        XCTAssertTrue(UnsafeBufferPointer(start: model.input.base, count: model.input.count).allSatisfy(\.isFinite))
        // Once training has returned, the same update goes through.
        XCTAssertEqual(try model.updateVocabulary(with: newWords), 2)
    }

    func testProgressCallbackCannotChangeSettingsButMayQueryAndTrainSteps() throws {
        let (model, corpus) = try model(try temporaryDirectory(self))
        var changed = model.parameters
        changed.epochs = 7
        var settingErrors = 0, queries = 0, steps = 0
        try model.train(file: corpus.path) { _ in
            do throws(W2VError) { try model.setContinuedTrainingParameters(changed) } catch { settingErrors += 1 }
            if (try? model.mostSimilar(positive: [0], negative: [], k: 3)) != nil { queries += 1 }
            let words: [Int32] = [0, 1, 2]
            if (try? words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [3], progress: 0.5) }) != nil { steps += 1 }
            return true
        }
        XCTAssertGreaterThan(settingErrors, 0)
        XCTAssertEqual(model.parameters.epochs, 2, "settings unchanged")
        XCTAssertEqual(queries, settingErrors, "reading the model from a callback is allowed")
        XCTAssertEqual(steps, settingErrors, "training steps may run beside file training (Hogwild)")
        try model.setContinuedTrainingParameters(changed)
        XCTAssertEqual(model.parameters.epochs, 7, "allowed once training has returned")
    }
}
