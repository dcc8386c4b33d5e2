import Foundation
import XCTest
@testable import W2VCore

/// The package root, from this file's location.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

extension WordCounter {
    /// Counts the words of a Swift string.
    func add(_ text: String) {
        var text = text
        text.withUTF8 { add(text: UnsafeRawBufferPointer($0)) }
    }
}

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Writes the project's synthetic language (scripts/make-demo-corpus) and its planted analogies, as
/// `name`.txt and `name`-questions.txt; `options` are further options of the script.
func makeDemoCorpus(in directory: URL, sentences: Int, seed: Int = 7, name: String = "corpus", options: [String] = []) throws -> (corpus: URL, questions: URL) {
    let corpus = directory.appendingPathComponent("\(name).txt")
    let questions = directory.appendingPathComponent("\(name)-questions.txt")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", packageRoot.appendingPathComponent("scripts/make-demo-corpus").path,
                         corpus.path, questions.path, "--sentences", "\(sentences)", "--seed", "\(seed)"] + options
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "make-demo-corpus failed")
    return (corpus, questions)
}

/// A model trained on a file's words with the given parameters.
func trainedModel(corpus: URL, _ configure: (inout TrainingParameters) -> Void) throws -> Model {
    var parameters = TrainingParameters()
    configure(&parameters)
    let counter = WordCounter()
    try counter.add(file: corpus.path)
    let vocabulary = try Vocabulary(counter: counter, minCount: parameters.minCount, maxSize: parameters.maxVocab)
    let model = try Model(vocabulary: vocabulary, parameters: parameters)
    try model.train(file: corpus.path) { _ in true }
    return model
}

/// A query-only model whose rows are `entries`, in that order (row 0 the most frequent word; counts
/// descend from the number of entries).
func makeModel(_ entries: [(word: String, vector: [Float])]) throws -> Model {
    let words = entries.map { Array($0.word.utf8) }
    let storage = words.joined().map { $0 }
    let vocabulary = try storage.withUnsafeBufferPointer { all throws(W2VError) -> Vocabulary in
        var buffers = [UnsafeBufferPointer<UInt8>]()
        var start = 0
        for word in words {
            buffers.append(UnsafeBufferPointer(rebasing: all[start..<start + word.count]))
            start += word.count
        }
        return try Vocabulary(orderedWords: buffers, counts: (0..<words.count).map { Int64(words.count - $0) })
    }
    let dim = entries[0].vector.count
    let vectors = try FloatMatrix(rows: entries.count, columns: dim)
    for (r, entry) in entries.enumerated() {
        precondition(entry.vector.count == dim)
        for c in 0..<dim { vectors.row(r)[c] = entry.vector[c] }
    }
    return Model(vocabulary: vocabulary, vectors: vectors)
}

extension Vocabulary {
    /// The words by row.
    var words: [String] { (0..<count).map { word($0) } }
}
