import Foundation
import XCTest
@testable import W2VCore

/// Issue 11, item 1: native files crafted with valid checksums (`CraftedNativeFile`) are refused with a
/// format error before a model exists, whatever structure they break; what loads can be trained and
/// queried without a trap. Item 6: a load that copies instead of mapping.
final class CraftedNativeFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A small untrained model saved natively; `configure` sets its parameters.
    private func savedModel(_ name: String = "model.w2v", _ configure: (inout TrainingParameters) -> Void = { _ in }) throws -> String {
        var parameters = TrainingParameters()
        parameters.dim = 8
        parameters.minCount = 1
        parameters.epochs = 1
        configure(&parameters)
        let counter = WordCounter()
        counter.add("the cat sat on the mat\nthe dog sat on the log\na cat and a dog\n")
        let vocabulary = try Vocabulary(counter: counter, minCount: 1, maxSize: 0)
        let model = try Model(vocabulary: vocabulary, parameters: parameters)
        let file = path(name)
        try model.save(to: file, format: .native)
        return file
    }

    /// Writes `crafted` and checks that loading it (mapped and copied, verified or not) is a format error
    /// whose message contains `message`.
    private func assertRefused(_ crafted: CraftedNativeFile, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let target = path("crafted.w2v")
        try crafted.write(to: target)
        for mapped in [true, false] {
            for verify in [true, false] {
                XCTAssertThrowsError(try Model.load(nativeFrom: target, verifyChecksums: verify, mapped: mapped), file: file, line: line) { error in
                    guard case .format(let text)? = error as? W2VError else {
                        return XCTFail("expected a format error, got \(error)", file: file, line: line)
                    }
                    XCTAssertTrue(text.contains(message), "'\(text)' does not contain '\(message)'", file: file, line: line)
                }
            }
        }
        XCTAssertThrowsError(try Model.load(from: target, format: .auto), file: file, line: line)
    }

    /// One training step and one query, which must not trap on whatever loaded.
    private func exercise(_ model: Model) throws {
        let words: [Int32] = (0..<Int32(min(model.vocabularySize, 6))).map { $0 }
        // A model whose step counter is past 2^61 (crafted) is refused training, so its saves stay loadable.
        if model.isTrainable && model.trainSteps <= TrainingState.counterLimit / 2 {
            _ = try words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [words.count], progress: 0.5) }
        } else {
            XCTAssertThrowsError(try words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [words.count], progress: 0.5) })
        }
        _ = try model.normalized()
    }

    func testTheHelperWritesAnUnchangedFileBackByteForByte() throws {
        for configure: (inout TrainingParameters) -> Void in [{ _ in }, { $0.hierarchicalSoftmax = true }, { $0.hierarchicalSoftmax = true; $0.negative = 0 }] {
            let file = try savedModel("m.w2v", configure)
            let crafted = try CraftedNativeFile(path: file)
            XCTAssertEqual(crafted.bytes(), Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        }
    }

    // MARK: Counts

    func testCountsWhoseSumOverflowsAreRefused() throws {
        var crafted = try CraftedNativeFile(path: try savedModel())
        var counts = crafted.counts
        counts[0] = Int64.max
        counts[1] = 1
        crafted.counts = counts
        try assertRefused(crafted, "the word counts add up to more than \(Int64.max)")
    }

    func testCountsThatSumToExactlyInt64MaxLoadAndTrain() throws {
        var crafted = try CraftedNativeFile(path: try savedModel())
        var counts = [Int64](repeating: 0, count: crafted.counts.count)
        counts[0] = Int64.max - 1
        counts[1] = 1
        crafted.counts = counts
        let target = path("max.w2v")
        try crafted.write(to: target)
        let model = try Model.load(nativeFrom: target, verifyChecksums: true)
        XCTAssertEqual(model.vocabulary.trainWords, Int64.max)
        try exercise(model)
    }

    func testNegativeCountIsRefused() throws {
        var crafted = try CraftedNativeFile(path: try savedModel())
        var counts = crafted.counts
        counts[2] = -1
        crafted.counts = counts
        try assertRefused(crafted, "negative count -1")
    }

    // MARK: Sections against parameters

    func testHierarchicalSoftmaxWithoutItsSectionIsRefused() throws {
        var crafted = try CraftedNativeFile(path: try savedModel())
        XCTAssertNil(crafted[.hsOutput])
        crafted.setParameter(.hierarchicalSoftmax, int: 1)
        try assertRefused(crafted, "the hierarchical softmax weights section is missing, but the parameters say hs = 1")
    }

    func testNegativeSamplingWithoutTheOutputSectionIsRefused() throws {
        var crafted = try CraftedNativeFile(path: try savedModel { $0.hierarchicalSoftmax = true; $0.negative = 0 })
        XCTAssertNil(crafted[.output])
        crafted.setParameter(.negative, int: 5)
        try assertRefused(crafted, "the output weights section is missing, but the parameters train with negative = 5")
    }

    func testSectionsThatParametersDoNotUseAreRefused() throws {
        var crafted = try CraftedNativeFile(path: try savedModel { $0.hierarchicalSoftmax = true })
        crafted.setParameter(.hierarchicalSoftmax, int: 0)
        try assertRefused(crafted, "the hierarchical softmax weights section is present, but the parameters say hs = 0")
        crafted = try CraftedNativeFile(path: try savedModel { $0.hierarchicalSoftmax = true })
        crafted.setParameter(.negative, int: 0)
        try assertRefused(crafted, "the output weights section is present, but the parameters say negative = 0")
    }

    func testHierarchicalSoftmaxSectionWithTooFewOrTooManyRowsIsRefused() throws {
        let file = try savedModel { $0.hierarchicalSoftmax = true }
        let words = try CraftedNativeFile(path: file).header.words
        XCTAssertEqual(try CraftedNativeFile(path: file).rows(.hsOutput), words - 1)
        for rows in [1, words - 2, words, words + 5] {
            var crafted = try CraftedNativeFile(path: file)
            crafted.resize(.hsOutput, rows: rows)
            try assertRefused(crafted, "section hierarchical softmax weights: \(rows * 8 * 4) bytes, expected \(words - 1) x 8 floats")
        }
    }

    func testInputAndOutputSectionsWithTheWrongRowsAreRefused() throws {
        let file = try savedModel()
        let words = try CraftedNativeFile(path: file).header.words
        for kind in [NativeFormatLayout.Kind.input, .output] {
            for rows in [1, words - 1, words + 1] {
                var crafted = try CraftedNativeFile(path: file)
                crafted.resize(kind, rows: rows)
                try assertRefused(crafted, "section \(kind.name): \(rows * 32) bytes, expected \(words) x 8 floats")
            }
        }
    }

    /// Row learning-rate factors: one finite, non-negative float per word, and only in a model that
    /// can be trained.
    func testRowLearningRateSectionsThatDoNotFitAreRefused() throws {
        let file = try savedModel()
        let words = try CraftedNativeFile(path: file).header.words
        func floats(_ values: [Float]) -> [UInt8] { values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian) { Array($0) } } }
        for count in [words - 1, words + 1] {
            var crafted = try CraftedNativeFile(path: file)
            crafted[.rowLearningRates] = floats([Float](repeating: 1, count: count))
            try assertRefused(crafted, "expected one float per word (\(words * 4) bytes)")
        }
        for bad: Float in [.nan, -1, .infinity] {
            var crafted = try CraftedNativeFile(path: file)
            crafted[.rowLearningRates] = floats([1, bad] + [Float](repeating: 1, count: words - 2))
            try assertRefused(crafted, "the factor of row 1 is")
        }
        var vectorsOnly = try CraftedNativeFile(path: file)
        vectorsOnly[.output] = nil
        vectorsOnly[.rowLearningRates] = floats([Float](repeating: 0, count: words))
        try assertRefused(vectorsOnly, "in a model without output weights")

        var fitting = try CraftedNativeFile(path: file)
        fitting[.rowLearningRates] = floats([0.5] + [Float](repeating: 0, count: words - 1))
        let target = path("factors.w2v")
        try fitting.write(to: target)
        let model = try Model.load(nativeFrom: target, verifyChecksums: false)
        XCTAssertEqual(model.rowLearningRateFactors(), [0.5] + [Float](repeating: 0, count: words - 1))
        try exercise(model)
    }

    func testAModelOfVectorsOnlyLoadsAndRefusesTraining() throws {
        var crafted = try CraftedNativeFile(path: try savedModel { $0.hierarchicalSoftmax = true })
        crafted[.output] = nil
        crafted[.hsOutput] = nil
        let target = path("vectors.w2v")
        try crafted.write(to: target)
        for mapped in [true, false] {
            let model = try Model.load(nativeFrom: target, verifyChecksums: true, mapped: mapped)
            XCTAssertFalse(model.isTrainable)
            try exercise(model)
        }
    }

    func testHierarchicalSoftmaxOfAOneWordModelHasOneRow() throws {
        var parameters = TrainingParameters()
        parameters.dim = 4
        parameters.hierarchicalSoftmax = true
        parameters.negative = 0
        let counter = WordCounter()
        counter.add("only only only")
        let model = try Model(vocabulary: try Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: parameters)
        let file = path("one.w2v")
        try model.save(to: file, format: .native)
        XCTAssertEqual(try CraftedNativeFile(path: file).rows(.hsOutput), 1)
        try exercise(try Model.load(nativeFrom: file, verifyChecksums: true))
        var crafted = try CraftedNativeFile(path: file)
        crafted.resize(.hsOutput, rows: 2)
        try assertRefused(crafted, "expected 1 x 4 floats")
    }

    // MARK: Words

    func testWordsWithNULWhitespaceEmptyOrRepeatedAreRefused() throws {
        let file = try savedModel()
        let original = try CraftedNativeFile(path: file).words
        let cases: [(Int, [UInt8], String)] = [
            (1, Array("c\0t".utf8), "word 2 ('c?t') contains a NUL byte (byte 2)"),
            (1, Array("\0".utf8), "contains a NUL byte (byte 1)"),
            (2, Array("a b".utf8), "contains a space (byte 2)"),
            (2, Array("a\tb".utf8), "contains whitespace (byte 2)"),
            (2, Array("ab\n".utf8), "contains whitespace (byte 3)"),
            (0, Array(original[1]), "appears twice (rows 1 and 2)"),
        ]
        for (index, word, message) in cases {
            var crafted = try CraftedNativeFile(path: file)
            var words = original
            words[index] = word
            crafted.setWords(words)
            try assertRefused(crafted, message)
        }
        var crafted = try CraftedNativeFile(path: file)
        var words = original
        words[3] = []
        crafted.setWords(words)
        try assertRefused(crafted, "word 4 is empty")
        words[3] = [UInt8](repeating: 65, count: (1 << 20) + 1)
        crafted.setWords(words)
        try assertRefused(crafted, "word 4 is 1048577 bytes long, more than the 1048576 a word may have")
        words[3] = [UInt8](repeating: 65, count: 1 << 20)
        crafted.setWords(words)
        try crafted.write(to: path("long.w2v"))
        XCTAssertEqual(try Model.load(nativeFrom: path("long.w2v"), verifyChecksums: true).vocabulary.table.word(3).count, 1 << 20)
    }

    func testAVectorsOnlyModelMayHoldInnerWhitespaceAsAWord2VecBinaryFileDoes() throws {
        var crafted = try CraftedNativeFile(path: try savedModel())
        crafted[.output] = nil
        var words = crafted.words
        words[2] = Array("a\tb".utf8)
        crafted.setWords(words)
        let target = path("tab.w2v")
        try crafted.write(to: target)
        let model = try Model.load(nativeFrom: target, verifyChecksums: true)
        XCTAssertEqual(try model.index(of: "a\tb"), 2)
        for (word, message) in [("\ta", "contains whitespace at its start (byte 1)"), ("a b", "contains a space (byte 2)"), ("a\0", "contains a NUL byte (byte 2)")] {
            words[2] = Array(word.utf8)
            crafted.setWords(words)
            try assertRefused(crafted, message)
        }
    }

    // MARK: Header counters

    func testTrainingCountersNearOverflowAreRefused() throws {
        let file = try savedModel()
        for field in 0..<3 {
            var crafted = try CraftedNativeFile(path: file)
            switch field {
            case 0: crafted.header.wordsTrained = Int64.max
            case 1: crafted.header.fileTrainingCalls = UInt64.max
            default: crafted.header.trainSteps = UInt64.max
            }
            try assertRefused(crafted, "more than \(UInt64(1) << 62) (2^62)")
        }
        var crafted = try CraftedNativeFile(path: file)
        crafted.header.wordsTrained = 1 << 62
        crafted.header.fileTrainingCalls = 1 << 62
        crafted.header.trainSteps = 1 << 62
        let target = path("counters.w2v")
        try crafted.write(to: target)
        let model = try Model.load(nativeFrom: target, verifyChecksums: true)
        try exercise(model)
        // Training past the limit would save a file that no longer loads (the native fuzzer found it):
        // it is refused, and the model saves and loads as it is.
        let corpus = path("corpus.txt")
        try "the cat sat on the mat\n".write(toFile: corpus, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try model.train(file: corpus) { _ in true }) { error in
            XCTAssertTrue("\(error)".contains("past 2^61"), "\(error)")
        }
        let words: [Int32] = [0, 1]
        XCTAssertThrowsError(try words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [2], progress: 0) })
        XCTAssertEqual(model.fileTrainingCalls, 1 << 62)
        let again = path("counters-again.w2v")
        try model.save(to: again, format: .native)
        XCTAssertEqual(try Model.load(nativeFrom: again, verifyChecksums: true).trainSteps, 1 << 62)
    }

    // MARK: Fuzzing with fixed-up checksums

    /// Random changes to every part of small models, biased to the structures that must agree (sections,
    /// rows, the parameters that decide what training touches, counts, counters, words), checksums fixed
    /// up: each file is refused with a format error or loads into a model that trains one step and
    /// answers a query. (Before the validation this trapped within the first few hundred files.)
    func testRandomlyCraftedFilesNeverTrap() throws {
        let files = [try savedModel("a.w2v"), try savedModel("b.w2v") { $0.hierarchicalSoftmax = true },
                     try savedModel("c.w2v") { $0.hierarchicalSoftmax = true; $0.negative = 0; $0.architecture = .skipGram }]
        var rng = SplitMix64(seed: 11)
        let target = path("fuzz.w2v")
        var loaded = 0
        for iteration in 0..<1000 {
            var crafted = try CraftedNativeFile(path: files[iteration % files.count])
            for _ in 0..<(1 + Int(rng.next() % 2)) {
                switch rng.next() % 10 {
                case 0:
                    // A random byte of a random section.
                    let s = Int(rng.next() % UInt64(crafted.sections.count))
                    if !crafted.sections[s].bytes.isEmpty {
                        let i = Int(rng.next() % UInt64(crafted.sections[s].bytes.count))
                        crafted.sections[s].bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                    }
                case 1:
                    // A section dropped, most often a weight matrix.
                    if rng.next() % 2 == 0 {
                        crafted[rng.next() % 2 == 0 ? .output : .hsOutput] = nil
                    } else {
                        crafted.sections.remove(at: Int(rng.next() % UInt64(crafted.sections.count)))
                        if crafted.sections.isEmpty { crafted = try CraftedNativeFile(path: files[0]) }
                    }
                case 2:
                    // A matrix with a few rows more or fewer, or added.
                    let kind = [NativeFormatLayout.Kind.input, .output, .hsOutput][Int(rng.next() % 3)]
                    crafted.resize(kind, rows: max(0, (crafted.rows(kind) ?? crafted.header.words) + Int(rng.next() % 5) - 2))
                case 3:
                    // A parameter that decides what training touches.
                    let choices: [(ParameterKey, [Int64])] = [(.negative, [0, 1, 5, 1000]), (.hierarchicalSoftmax, [0, 1]),
                                                              (.architecture, [0, 1]), (.sharedNegatives, [0, 1]),
                                                              (.window, [1, 5, 1000]), (.dim, [1, 8, 9]), (.minCount, [1, 5])]
                    let (key, values) = choices[Int(rng.next() % UInt64(choices.count))]
                    crafted.setParameter(key, int: values[Int(rng.next() % UInt64(values.count))])
                case 4:
                    var counts = crafted.counts
                    if !counts.isEmpty {
                        let i = Int(rng.next() % UInt64(counts.count))
                        counts[i] = [Int64.max, Int64.max / 2 + 1, -1, 0, Int64(bitPattern: rng.next())][Int(rng.next() % 5)]
                    }
                    crafted.counts = counts
                case 5:
                    crafted.header.words = max(0, crafted.header.words + Int(rng.next() % 5) - 2)
                case 6:
                    crafted.header.dim = max(0, crafted.header.dim + Int(rng.next() % 3) - 1)
                case 7:
                    let big: [Int64] = [0, 1, Int64.max, Int64.max - 1, 1 << 62, (1 << 62) + 1, -1]
                    crafted.header.wordsTrained = big[Int(rng.next() % UInt64(big.count))]
                    crafted.header.epochWords = big[Int(rng.next() % UInt64(big.count))]
                    crafted.header.fileTrainingCalls = UInt64(bitPattern: big[Int(rng.next() % UInt64(big.count))])
                    crafted.header.trainSteps = UInt64(bitPattern: big[Int(rng.next() % UInt64(big.count))])
                default:
                    // A word repeated, emptied, or given a NUL, whitespace or another byte.
                    var words = crafted.words
                    if words.count > 1 {
                        let i = Int(rng.next() % UInt64(words.count))
                        switch rng.next() % 4 {
                        case 0: words[i] = words[(i + 1) % words.count]
                        case 1: words[i] = []
                        default: words[i] += [[0, 9, 10, 32, 65, 0xC3][Int(rng.next() % 6)]]
                        }
                        crafted.setWords(words)
                    }
                }
            }
            try crafted.write(to: target)
            for mapped in [true, false] {
                do {
                    let model = try Model.load(nativeFrom: target, verifyChecksums: iteration % 2 == 0, mapped: mapped)
                    loaded += 1
                    try exercise(model)
                } catch let error as W2VError {
                    guard case .format = error else { return XCTFail("iteration \(iteration): \(error)") }
                }
            }
        }
        XCTAssertGreaterThan(loaded, 10, "some crafted files are valid")
    }

    // MARK: Loading without mapping (item 6)

    func testACopyingLoadEqualsAMappedOneAndOwnsItsMemory() throws {
        let file = try savedModel { $0.hierarchicalSoftmax = true }
        let mapped = try Model.load(nativeFrom: file, verifyChecksums: true)
        let copied = try Model.load(nativeFrom: file, verifyChecksums: true, mapped: false)
        XCTAssertTrue(mapped.input.isMapped)
        for matrix in [copied.input, copied.output!, copied.hsOutput!] { XCTAssertFalse(matrix.isMapped) }
        XCTAssertEqual(copied.parameters, mapped.parameters)
        XCTAssertEqual(copied.vocabulary.counts, mapped.vocabulary.counts)
        for (a, b) in [(copied.input, mapped.input), (copied.output!, mapped.output!), (copied.hsOutput!, mapped.hsOutput!)] {
            XCTAssertEqual(a.rows, b.rows)
            XCTAssertEqual(memcmp(a.base, b.base, a.count * 4), 0)
        }
        XCTAssertEqual(copied.wordsTrained, mapped.wordsTrained)
        XCTAssertEqual(copied.epochWords, mapped.epochWords)
        XCTAssertEqual(copied.trainSteps, mapped.trainSteps)
    }

    func testTruncatingTheFileAfterACopyingLoadDoesNotAffectTheModel() throws {
        let file = try savedModel()
        let model = try Model.load(nativeFrom: file, verifyChecksums: false, mapped: false)
        let expected = (0..<model.vocabularySize).map { model.vector($0) }
        XCTAssertEqual(truncate(file, 0), 0)
        // Every page of every matrix, after the file lost them (a mapped model would die of SIGBUS here).
        XCTAssertEqual((0..<model.vocabularySize).map { model.vector($0) }, expected)
        try exercise(model)
        XCTAssertThrowsError(try Model.load(nativeFrom: file, verifyChecksums: false, mapped: false))
    }

    func testReadFullyAtStopsAtTheEndOfTheFile() throws {
        let file = try savedModel()
        let bytes = try CraftedNativeFile(path: file).bytes()
        let handle = try RawFile(openForReading: file)
        defer { handle.close() }
        var buffer = [UInt8](repeating: 0, count: 16)
        XCTAssertEqual(try buffer.withUnsafeMutableBytes { try handle.readFully(at: bytes.count - 8, into: $0) }, 8, "pread stops at the end")
    }
}
