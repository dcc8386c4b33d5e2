import Foundation
import XCTest
@testable import W2VCore

/// The reproducible threaded mode (sync_words > 0): threads on replicas combining at fixed rounds.
final class ReproducibleTrainingTests: XCTestCase {
    func train(_ corpus: URL, threads: Int, syncWords: Int, _ configure: (inout TrainingParameters) -> Void = { _ in }) throws -> Model {
        try trainedModel(corpus: corpus) { p in
            p.dim = 24
            p.minCount = 2
            p.epochs = 2
            p.threads = threads
            p.syncWords = syncWords
            configure(&p)
        }
    }

    func checksums(_ model: Model) -> [UInt64?] { WeightMatrix.allCases.map { model.checksum($0) } }

    func testTwoThreadsGiveIdenticalWeightsOnEveryRunAndLearn() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, questions) = try makeDemoCorpus(in: dir, sentences: 20000)
        for architecture in [Architecture.cbow, .skipGram] {
            let first = try train(corpus, threads: 2, syncWords: 2000) { $0.architecture = architecture; $0.hierarchicalSoftmax = true }
            let second = try train(corpus, threads: 2, syncWords: 2000) { $0.architecture = architecture; $0.hierarchicalSoftmax = true }
            XCTAssertEqual(checksums(first), checksums(second), "\(architecture)")
            XCTAssertEqual(first.wordsTrained, second.wordsTrained)
            XCTAssertEqual(first.wordsTrained, 2 * first.epochWords, "every word of both epochs, once")
            XCTAssertGreaterThan(try quickAccuracy(first, questions), 0.6, "\(architecture)")
            let three = try train(corpus, threads: 3, syncWords: 2000) { $0.architecture = architecture; $0.hierarchicalSoftmax = true }
            XCTAssertNotEqual(checksums(three), checksums(first), "the thread count is part of what a run depends on")
        }
    }

    func testOneThreadTrainsExactlyAsPlainTraining() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 4000)
        for architecture in [Architecture.cbow, .skipGram] {
            let plain = try train(corpus, threads: 1, syncWords: 0) { $0.architecture = architecture; $0.hierarchicalSoftmax = true }
            let rounds = try train(corpus, threads: 1, syncWords: 700) { $0.architecture = architecture; $0.hierarchicalSoftmax = true }
            XCTAssertEqual(checksums(plain), checksums(rounds), "\(architecture)")
        }
    }

    func testTheProgressCallbackStopsTraining() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 4000)
        var p = TrainingParameters()
        p.dim = 16; p.minCount = 2; p.threads = 2; p.syncWords = 500; p.epochs = 3
        let counter = WordCounter()
        try counter.add(file: corpus.path)
        let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: 2, maxSize: 0), parameters: p)
        var reports = [Double]()
        XCTAssertThrowsError(try model.train(file: corpus.path) { report in
            reports.append(report.progress)
            return reports.count < 3
        }) { error in
            guard case W2VError.aborted = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(reports.count, 3)
        XCTAssertEqual(reports, reports.sorted())
        XCTAssertGreaterThan(model.wordsTrained, 0)
        XCTAssertLessThan(model.wordsTrained, 3 * model.epochWords)
    }

    func testSyncWordsIsSavedOnlyWhenSet() throws {
        var p = TrainingParameters()
        let plain = NativeFormatParameters.encode(p).count
        p.syncWords = 5000
        let bytes = NativeFormatParameters.encode(p)
        XCTAssertEqual(bytes.count, plain + NativeFormatLayout.parameterEntryBytes)
        XCTAssertEqual(try bytes.withUnsafeBytes { try NativeFormatParameters.decode($0) }, p)
        XCTAssertEqual(ParameterTable.row(named: "sync_words")?.key, .syncWords)
    }
}
