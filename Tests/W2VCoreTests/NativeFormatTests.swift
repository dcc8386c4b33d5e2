import Foundation
import XCTest
@testable import W2VCore

/// The native model format: exact round trips, every corrupt or truncated file refused, a newer version
/// refused by name, the weights mapped from the file, and training resumed from a file ending exactly
/// where uninterrupted training ends.
final class NativeFormatTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = path(name)
        try put(bytes, path)
        return path
    }

    /// Writes a file with plain POSIX calls (Foundation's `Data.write` takes milliseconds per file).
    private func put<C: Collection>(_ bytes: C, _ path: String) throws where C.Element == UInt8 {
        let file = try RawFile(creatingForWriting: path)
        defer { file.close() }
        try Array(bytes).withUnsafeBytes { try file.write($0) }
    }

    /// A small corpus with repeated words, so min-count keeps a few dozen of them.
    private func corpus() throws -> URL {
        let url = directory.appendingPathComponent("corpus.txt")
        var rng = SplitMix64(seed: 3)
        var text = ""
        for _ in 0..<400 {
            var line: [String] = []
            for _ in 0..<(5 + Int(rng.next() % 10)) { line.append("w\(rng.next() % 40)") }
            text += line.joined(separator: " ") + "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func newModel(_ corpus: URL, _ configure: (inout TrainingParameters) -> Void) throws -> Model {
        var parameters = TrainingParameters()
        parameters.dim = 12
        parameters.epochs = 2
        parameters.minCount = 2
        configure(&parameters)
        let counter = WordCounter()
        try counter.add(file: corpus.path)
        let vocabulary = try Vocabulary(counter: counter, minCount: parameters.minCount, maxSize: parameters.maxVocab)
        return try Model(vocabulary: vocabulary, parameters: parameters)
    }

    private func same(_ a: FloatMatrix?, _ b: FloatMatrix?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let a, let b else {
            XCTAssertTrue(a == nil && b == nil, "\(what): present in one model only", file: file, line: line)
            return
        }
        XCTAssertEqual(a.rows, b.rows, what, file: file, line: line)
        XCTAssertEqual(a.columns, b.columns, what, file: file, line: line)
        XCTAssertEqual(memcmp(a.base, b.base, a.count * 4), 0, "\(what) differ", file: file, line: line)
    }

    private func assertSameModel(_ a: Model, _ b: Model, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.vocabularySize, b.vocabularySize, file: file, line: line)
        for i in 0..<a.vocabularySize {
            XCTAssertTrue(a.vocabulary.table.word(i).elementsEqual(b.vocabulary.table.word(i)), "word \(i)", file: file, line: line)
        }
        XCTAssertEqual(a.vocabulary.counts, b.vocabulary.counts, file: file, line: line)
        XCTAssertEqual(a.vocabulary.trainWords, b.vocabulary.trainWords, file: file, line: line)
        XCTAssertEqual(a.parameters, b.parameters, file: file, line: line)
        XCTAssertEqual(a.wordsTrained, b.wordsTrained, file: file, line: line)
        XCTAssertEqual(a.epochWords, b.epochWords, file: file, line: line)
        XCTAssertEqual(a.fileTrainingCalls, b.fileTrainingCalls, file: file, line: line)
        XCTAssertEqual(a.trainSteps, b.trainSteps, file: file, line: line)
        same(a.input, b.input, "input vectors", file: file, line: line)
        same(a.output, b.output, "output weights", file: file, line: line)
        same(a.hsOutput, b.hsOutput, "hierarchical softmax weights", file: file, line: line)
    }

    private func expectFormatError(_ path: String, format: FileFormat = .native, mentions fragment: String? = nil,
                                   _ context: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try Model.load(from: path, format: format)
            XCTFail("loaded a bad file \(context())", file: file, line: line)
        } catch {
            guard case .format(let message) = error else {
                XCTFail("expected a format error, got \(error) \(context())", file: file, line: line)
                return
            }
            if let fragment {
                XCTAssertTrue(message.contains(fragment), "'\(message)' should mention '\(fragment)' \(context())", file: file, line: line)
            }
        }
    }

    /// A model with every part: trained by file and by steps, explicit alpha, default min_alpha, and
    /// hierarchical-softmax weights filled with known values.
    private func fullModel() throws -> Model {
        let trained = try newModel(try corpus()) {
            $0.architecture = .skipGram
            $0.alphaOverride = 0.03
            $0.sample = 1e-2
            $0.seed = 99
            $0.window = 3
        }
        try trained.train(file: try corpus().path) { _ in true }
        let steps: [Int32] = [0, 1, 2, 3, 4, 5, 1, 2]
        _ = try steps.withUnsafeBufferPointer { try trained.trainStep(words: $0, lengths: [5, 3], progress: 0.5) }
        var parameters = trained.parameters
        parameters.hierarchicalSoftmax = true
        let hs = try FloatMatrix(rows: max(1, trained.vocabularySize - 1), columns: trained.dim)
        for i in 0..<hs.count { hs.base[i] = Float(i) * 0.001 - 0.25 }
        return Model(vocabulary: trained.vocabulary, parameters: parameters, input: trained.input, output: trained.output,
                     hsOutput: hs, wordsTrained: trained.wordsTrained, epochWords: trained.epochWords, fileTrainingCalls: trained.fileTrainingCalls,
                     trainSteps: trained.trainSteps)
    }

    // MARK: The checksum

    func testChecksumIsXXH64() {
        func hash(_ text: String) -> UInt64 { Array(text.utf8).withUnsafeBytes { NativeFormatChecksum.hash($0) } }
        // Reference values of XXH64 with seed 0 (xxhsum, python-xxhash).
        XCTAssertEqual(hash(""), 0xEF46_DB37_51D8_E999)
        XCTAssertEqual(hash("a"), 0xD24E_C4F1_A98C_6E5B)
        XCTAssertEqual(hash("abc"), 0x44BC_2CF5_AD77_0999)
        XCTAssertEqual(hash("Nobody inspects the spammish repetition"), 0xFBCE_A83C_8A37_8BF1)
    }

    // MARK: Round trip

    func testRoundTripIsExact() throws {
        let model = try fullModel()
        XCTAssertGreaterThan(model.fileTrainingCalls, 0)
        XCTAssertGreaterThan(model.trainSteps, 0)
        XCTAssertNil(model.parameters.minAlphaOverride)
        let file = path("model.w2v")
        try model.save(to: file, format: .native)
        let loaded = try Model.load(from: file, format: .native)
        assertSameModel(model, loaded)
        XCTAssertNil(loaded.parameters.minAlphaOverride, "a default min_alpha stays a default")
        XCTAssertEqual(loaded.parameters.alphaOverride, 0.03)
        // Auto-detection, and the load that skips the weights' checksums, give the same model.
        assertSameModel(model, try Model.load(from: file, format: .auto))
        assertSameModel(model, try Model.load(nativeFrom: file, verifyChecksums: false))
        // Saving the loaded (mapped) model gives the same bytes.
        try loaded.save(to: path("again.w2v"), format: .native)
        XCTAssertEqual(try bytes(file), try bytes(path("again.w2v")))
    }

    func testEveryParameterRoundTrips() throws {
        let base = try newModel(try corpus()) { _ in }
        var parameters = TrainingParameters()
        parameters.dim = base.dim
        parameters.window = 7; parameters.negative = 3; parameters.minCount = 2; parameters.maxVocab = 1000
        parameters.sample = 0.0123; parameters.alphaOverride = 0.07; parameters.minAlphaOverride = 0.001
        parameters.epochs = 9; parameters.threads = 3; parameters.seed = UInt64(Int64.max)
        parameters.architecture = .skipGram; parameters.nsExponent = -0.5; parameters.sharedNegatives = false
        parameters.maxFinalVocab = 77
        let model = Model(vocabulary: base.vocabulary, parameters: parameters, input: base.input, output: base.output,
                          hsOutput: nil, wordsTrained: 123_456_789, epochWords: 4_321, fileTrainingCalls: 5, trainSteps: 1 << 40)
        try model.save(to: path("p.w2v"), format: .native)
        let loaded = try Model.load(from: path("p.w2v"), format: .native)
        assertSameModel(model, loaded)
        for key in ParameterKey.allCases {
            if key.isFloat {
                XCTAssertEqual(try loaded.parameters.float(key), try parameters.float(key), key.name)
            } else {
                XCTAssertEqual(try loaded.parameters.int(key), try parameters.int(key), key.name)
            }
        }
    }

    func testWordsAreBytesAndAModelFromAWord2VecFileStaysUntrainable() throws {
        let words: [[UInt8]] = [[0xFF, 0xFE], Array("é".utf8), Array("a".utf8)]
        let arena = words.flatMap { $0 }
        let vocabulary = try arena.withUnsafeBufferPointer { (all) throws(W2VError) -> Vocabulary in
            try Vocabulary(orderedWords: [UnsafeBufferPointer(rebasing: all[0..<2]), UnsafeBufferPointer(rebasing: all[2..<4]),
                                          UnsafeBufferPointer(rebasing: all[4..<5])], counts: [0, 0, 0])
        }
        let vectors = try FloatMatrix(rows: 3, columns: 2)
        for i in 0..<6 { vectors.base[i] = Float(i) - 2.5 }
        vectors.base[5] = .nan
        let model = Model(vocabulary: vocabulary, vectors: vectors)
        try model.save(to: path("v.w2v"), format: .native)
        let loaded = try Model.load(from: path("v.w2v"), format: .auto)
        assertSameModel(model, loaded)
        XCTAssertFalse(loaded.isTrainable)
        XCTAssertThrowsError(try loaded.train(file: try corpus().path) { _ in true }) { error in
            XCTAssertTrue("\(error)".contains("cannot be trained"), "\(error)")
        }
    }

    // MARK: Mapping

    func testWeightsAreMappedFromTheFileAndTrainingNeverWritesIt() throws {
        let model = try fullModel()
        let file = path("mapped.w2v")
        try model.save(to: file, format: .native)
        let before = try bytes(file)
        let loaded = try Model.load(from: file, format: .native)
        for matrix in [loaded.input, loaded.output!, loaded.hsOutput!] {
            XCTAssertTrue(matrix.isMapped)
            XCTAssertTrue(matrix.mapping!.contains(matrix.base))
            XCTAssertTrue(matrix.mapping!.contains(UnsafeRawPointer(matrix.base + matrix.count) - 1))
            XCTAssertEqual(Int(bitPattern: matrix.base) % 64, 0, "64-byte aligned")
            XCTAssertTrue(loaded.input.mapping === matrix.mapping, "one mapping for the whole file")
        }
        // The kernel agrees: the input rows' address lies in a mapping of this very file.
        let address = UInt(bitPattern: loaded.input.base)
        // procfs files report size 0 and yield a page per read: read to the end.
        let procMaps = try RawFile(openForReading: "/proc/self/maps")
        defer { procMaps.close() }
        var mapsBytes = [UInt8](repeating: 0, count: 1 << 22)
        let mapsCount = try mapsBytes.withUnsafeMutableBytes { try procMaps.readFully(into: $0) }
        let maps = String(decoding: mapsBytes[0..<mapsCount], as: UTF8.self)
        let real = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
        let covering = maps.split(separator: "\n").filter { line in
            let range = line.split(separator: " ")[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            return range.count == 2 && range[0] <= address && address < range[1]
        }
        XCTAssertEqual(covering.count, 1, "\(maps.count) bytes of maps, address \(String(address, radix: 16))")
        XCTAssertTrue(covering.first?.hasSuffix(real) ?? false, "\(covering) should map \(real)")
        XCTAssertTrue(covering.first?.split(separator: " ")[1].hasSuffix("p") ?? false, "a private mapping: \(covering)")

        // Training writes private copies of the pages: the model changes, the file does not.
        let first = loaded.input.rowArray(0)
        try loaded.train(file: try corpus().path) { _ in true }
        XCTAssertNotEqual(loaded.input.rowArray(0), first)
        XCTAssertEqual(try bytes(file), before)
        // Saving over the file the model is mapped from replaces it by rename; the model is intact.
        let trained = loaded.input.rowArray(0)
        try loaded.save(to: file, format: .native)
        XCTAssertEqual(loaded.input.rowArray(0), trained)
        assertSameModel(loaded, try Model.load(from: file, format: .native))
    }

    // MARK: Refused files

    func testEveryCorruptByteIsRefused() throws {
        let model = try fullModel()
        let file = path("good.w2v")
        try model.save(to: file, format: .native)
        let good = try bytes(file)
        XCTAssertLessThan(good.count, 20_000)
        // Each byte changed in place with pwrite and restored (rewriting the file each time is slow on ext4).
        let bad = try write(good, "bad.w2v")
        let fd = open(bad, O_WRONLY)
        defer { close(fd) }
        for offset in 0..<good.count {
            var byte = good[offset] ^ (offset % 2 == 0 ? 0x01 : 0x80)
            XCTAssertEqual(pwrite(fd, &byte, 1, off_t(offset)), 1)
            expectFormatError(bad, "with byte \(offset) of \(good.count) changed")
            byte = good[offset]
            XCTAssertEqual(pwrite(fd, &byte, 1, off_t(offset)), 1)
        }
        XCTAssertNoThrow(try Model.load(from: bad, format: .native))
    }

    func testSkippingWeightChecksumsStillVerifiesEverythingElse() throws {
        let model = try fullModel()
        let file = path("good.w2v")
        try model.save(to: file, format: .native)
        let good = try bytes(file)
        // The last byte belongs to a weight matrix: only the full verification sees it.
        var corrupt = good
        corrupt[good.count - 1] ^= 0x40
        let bad = try write(corrupt, "weights.w2v")
        expectFormatError(bad, mentions: "checksum mismatch")
        XCTAssertNoThrow(try Model.load(nativeFrom: bad, verifyChecksums: false))
        // A word's byte (in the first few hundred bytes of the sections) is caught either way.
        let dataStart = NativeFormatLayout.dataStart(sections: 7)
        for offset in [10, 40, 130, dataStart + 3] {
            var corrupt = good
            corrupt[offset] ^= 0x04
            let bad = try write(corrupt, "front-\(offset).w2v")
            XCTAssertThrowsError(try Model.load(nativeFrom: bad, verifyChecksums: false), "byte \(offset)")
        }
    }

    func testEveryTruncationIsRefused() throws {
        let model = try fullModel()
        let file = path("good.w2v")
        try model.save(to: file, format: .native)
        let good = try bytes(file)
        // Cut shorter and shorter with ftruncate.
        let bad = try write(good, "short.w2v")
        for length in (0..<good.count).reversed() {
            XCTAssertEqual(truncate(bad, off_t(length)), 0)
            expectFormatError(bad, mentions: length > 0 ? "truncated" : nil, "at \(length) of \(good.count) bytes")
            if length > 0 { expectFormatError(bad, format: .auto, "auto, at \(length) of \(good.count) bytes") }
        }
        // One byte too many is refused too.
        expectFormatError(try write(good + [0], "long.w2v"), mentions: "after the")
    }

    func testANewerVersionIsRefusedByName() throws {
        let model = try fullModel()
        try model.save(to: path("v1.w2v"), format: .native)
        var newer = try bytes(path("v1.w2v"))
        newer[8] = 2
        let file = try write(newer, "v2.w2v")
        expectFormatError(file, mentions: "format version 2")
        expectFormatError(file, mentions: "reads format version 1")
        expectFormatError(file, format: .auto, mentions: "format version 2")
        newer[8] = 0
        expectFormatError(try write(newer, "v0.w2v"), mentions: "version 0")
    }

    func testOtherFilesAreNotNative() throws {
        let text = try write(Array("2 1\na 1\nb 2\n".utf8), "text.txt")
        expectFormatError(text, mentions: "not a native model")
        XCTAssertEqual(try Model.load(from: text, format: .auto).vocabularySize, 2)
        XCTAssertThrowsError(try Model.load(from: path("missing.w2v"), format: .native)) { error in
            guard case .io = error as? W2VError else { return XCTFail("\(error)") }
        }
    }

    // MARK: Resume

    /// Two train_file calls on one model equal one call, a native save and load, and a second call.
    private func checkFileTrainingResumes(_ architecture: Architecture, hs: Bool = false, negative: Int = 5) throws {
        let corpus = try corpus()
        let configure: (inout TrainingParameters) -> Void = {
            $0.architecture = architecture
            $0.seed = 5
            $0.hierarchicalSoftmax = hs
            $0.negative = negative
        }
        let uninterrupted = try newModel(corpus, configure)
        try uninterrupted.train(file: corpus.path) { _ in true }
        try uninterrupted.train(file: corpus.path) { _ in true }

        let first = try newModel(corpus, configure)
        try first.train(file: corpus.path) { _ in true }
        let file = path("mid-\(architecture).w2v")
        try first.save(to: file, format: .native)
        let resumed = try Model.load(from: file, format: .native)
        try resumed.train(file: corpus.path) { _ in true }
        assertSameModel(uninterrupted, resumed)
        XCTAssertEqual(resumed.hsOutput != nil, hs)
        XCTAssertEqual(resumed.output != nil, negative > 0)
        // The same run without the save differs from one that never made the second call.
        XCTAssertNotEqual(memcmp(first.input.base, resumed.input.base, first.input.count * 4), 0)
    }

    func testSkipGramFileTrainingResumesExactly() throws { try checkFileTrainingResumes(.skipGram) }

    func testCBOWFileTrainingResumesExactly() throws { try checkFileTrainingResumes(.cbow) }

    func testHierarchicalSoftmaxTrainingResumesExactly() throws {
        try checkFileTrainingResumes(.skipGram, hs: true, negative: 0)
        try checkFileTrainingResumes(.cbow, hs: true, negative: 3)
    }

    /// A train_step sequence interrupted by a save and load ends as the uninterrupted one.
    private func checkStepTrainingResumes(_ architecture: Architecture) throws {
        let corpus = try corpus()
        let configure: (inout TrainingParameters) -> Void = { $0.architecture = architecture }
        var rng = SplitMix64(seed: 11)
        let batches: [[Int32]] = (0..<4).map { _ in (0..<60).map { _ in Int32(rng.next() % 20) } }
        func step(_ model: Model, _ i: Int) throws {
            _ = try batches[i].withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [25, 35], progress: Double(i) / 4) }
        }
        let uninterrupted = try newModel(corpus, configure)
        for i in 0..<4 { try step(uninterrupted, i) }

        let first = try newModel(corpus, configure)
        try step(first, 0)
        try step(first, 1)
        try first.save(to: path("steps.w2v"), format: .native)
        let resumed = try Model.load(from: path("steps.w2v"), format: .native)
        XCTAssertEqual(resumed.trainSteps, 2)
        try step(resumed, 2)
        try step(resumed, 3)
        assertSameModel(uninterrupted, resumed)
    }

    func testSkipGramStepTrainingResumesExactly() throws { try checkStepTrainingResumes(.skipGram) }

    func testCBOWStepTrainingResumesExactly() throws { try checkStepTrainingResumes(.cbow) }

    func testContinuedTrainingChangesOnlyTheRunSettings() throws {
        let corpus = try corpus()
        let model = try newModel(corpus) { $0.architecture = .skipGram }
        try model.train(file: corpus.path) { _ in true }
        try model.save(to: path("m.w2v"), format: .native)
        let loaded = try Model.load(from: path("m.w2v"), format: .native)
        var parameters = loaded.parameters
        parameters.epochs = 1
        parameters.threads = 2
        parameters.alphaOverride = 0.01
        parameters.seed = 8
        try loaded.setContinuedTrainingParameters(parameters)
        XCTAssertEqual(loaded.parameters, parameters)
        var before = loaded.wordsTrained
        try loaded.train(file: corpus.path) { _ in true }
        XCTAssertEqual(loaded.wordsTrained - before, loaded.vocabulary.trainWords, "one more epoch")
        before = loaded.wordsTrained
        var other = parameters
        other.dim = 20
        XCTAssertThrowsError(try loaded.setContinuedTrainingParameters(other)) { error in
            XCTAssertTrue("\(error)".contains("dim cannot change"), "\(error)")
        }
        other = parameters
        other.window = 2
        XCTAssertThrowsError(try loaded.setContinuedTrainingParameters(other)) { error in
            XCTAssertTrue("\(error)".contains("window"), "\(error)")
        }
        XCTAssertEqual(loaded.parameters, parameters, "unchanged after a refusal")
    }
}
