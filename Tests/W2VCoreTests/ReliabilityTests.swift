import Foundation
import XCTest
@testable import W2VCore

fileprivate extension WordCounter {
    /// Every counted word with its count, in first-seen order.
    var entries: [String: Int64] {
        Dictionary(uniqueKeysWithValues: (0..<table.count).map { (table.string($0), counts[$0]) })
    }
}

/// Issue 11, core side: counts from files and callers never overflow (item 3), `</s>` round-trips
/// through vocabulary files (item 13), corpora that cannot be read twice or split by size (items 8, 12).
final class ReliabilityTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func assertError<T>(_ body: @autoclosure () throws -> T, _ expected: W2VError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual(error as? W2VError, expected, file: file, line: line)
        }
    }

    // MARK: Item 3: count overflow

    /// 9,300 lines of count 10^15, each within the documented maximum: a format error at the line that
    /// takes the total past 2^62, and the counter unchanged (this trapped in `WordCounter.add`).
    func testVocabularyFileCountsAddingUpPastTheLimitAreAFormatError() throws {
        let file = path("big.vocab")
        var text = "</s> 5\n"
        for i in 0..<9_300 { text += "w\(i) 1000000000000000\n" }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let line = Int(WordCounter.maxBulkTotal / 1_000_000_000_000_000) + 2   // the first line past the limit
        for counter in [WordCounter(), { let c = WordCounter(); c.add("a b a\n"); return c }()] {
            let before = (counter.entries, counter.totalWords, counter.sentences)
            assertError(try counter.add(vocabularyFile: file),
                        .format("'\(file)' line \(line): the counts add up to more than \(WordCounter.maxBulkTotal) words (2^62), the most a counter holds"))
            XCTAssertEqual(counter.entries, before.0)
            XCTAssertEqual(counter.totalWords, before.1)
            XCTAssertEqual(counter.sentences, before.2)
        }
    }

    /// Files that are each within the limit, read into one counter: the one that would pass it is refused.
    func testSeveralVocabularyFilesPastTheLimitTogetherAreRefused() throws {
        let file = path("half.vocab")
        var text = ""
        for i in 0..<2_500 { text += "w\(i) 1000000000000000\n" }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let counter = WordCounter()
        try counter.add(vocabularyFile: file)
        XCTAssertEqual(counter.totalWords, 2_500_000_000_000_000_000)
        assertError(try counter.add(vocabularyFile: file),
                    .invalidArgument("the two counters hold more than \(WordCounter.maxBulkTotal) words or sentences (2^62) together, the most a counter holds"))
        XCTAssertEqual(counter.totalWords, 2_500_000_000_000_000_000, "unchanged")
        // Text after a file at the limit still counts (2^62 more words would be needed to overflow).
        counter.add("one more line\n")
        XCTAssertEqual(counter.totalWords, 2_500_000_000_000_000_003)
    }

    func testSentenceCountsPastTheLimitAreRefused() throws {
        let file = path("sentences.vocab")
        try "</s> 11\na 1\n".write(toFile: file, atomically: true, encoding: .utf8)
        let counter = WordCounter()
        try counter.addSentences(WordCounter.maxBulkTotal - 10)
        assertError(try counter.add(vocabularyFile: file),
                    .invalidArgument("the two counters hold more than \(WordCounter.maxBulkTotal) words or sentences (2^62) together, the most a counter holds"))
        XCTAssertEqual(counter.sentences, WordCounter.maxBulkTotal - 10)
        XCTAssertThrowsError(try counter.addSentences(11))
        XCTAssertThrowsError(try counter.addSentences(-1))
        try counter.addSentences(10)
        XCTAssertEqual(counter.sentences, WordCounter.maxBulkTotal)
    }

    func testMergingCountersPastTheLimitIsRefusedAndChangesNothing() throws {
        func counter(_ count: Int64) throws -> WordCounter {
            let c = WordCounter()
            try Array("a".utf8).withUnsafeBufferPointer { word throws(W2VError) in try c.addChecked(word: word, count: count) }
            return c
        }
        let big = try counter(4_000_000_000_000_000_000)
        XCTAssertThrowsError(try counter(WordCounter.maxBulkTotal + 1))
        XCTAssertThrowsError(try counter(-1))
        assertError(try big.merge(try counter(700_000_000_000_000_000)),
                    .invalidArgument("the two counters hold more than \(WordCounter.maxBulkTotal) words or sentences (2^62) together, the most a counter holds"))
        XCTAssertEqual(big.totalWords, 4_000_000_000_000_000_000)
        XCTAssertEqual(big.entries, ["a": 4_000_000_000_000_000_000])
        try big.merge(try counter(WordCounter.maxBulkTotal - 4_000_000_000_000_000_000))
        XCTAssertEqual(big.entries, ["a": WordCounter.maxBulkTotal])
    }

    /// A vocabulary whose counts add up to Int64.max (a valid native file) grown with more text: an
    /// error, not an overflow trap, and the model unchanged.
    func testVocabularyUpdatePastInt64MaxIsAnErrorNotATrap() throws {
        var parameters = TrainingParameters()
        parameters.dim = 4
        parameters.minCount = 1
        let counter = WordCounter()
        counter.add("a b c\n")
        let model = try Model(vocabulary: try Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: parameters)
        let file = path("m.w2v")
        try model.save(to: file, format: .native)
        var crafted = try CraftedNativeFile(path: file)
        crafted.counts = [Int64.max - 2, 1, 1]
        try crafted.write(to: file)
        let loaded = try Model.load(nativeFrom: file, verifyChecksums: true)
        XCTAssertEqual(loaded.vocabulary.trainWords, Int64.max)
        let more = WordCounter()
        more.add("a d\n")
        assertError(try loaded.updateVocabulary(with: more), .invalidArgument("the updated word counts would exceed \(Int64.max) in all"))
        XCTAssertEqual(loaded.vocabularySize, 3)
        XCTAssertEqual(loaded.vocabulary.counts, [Int64.max - 2, 1, 1])
    }

    func testVocabularyTotalIsCheckedForOverflowAndNegativeCounts() throws {
        XCTAssertEqual(try Vocabulary.total([Int64.max - 1, 1]), Int64.max)
        assertError(try Vocabulary.total([Int64.max, 1]),
                    .format("the word counts add up to more than \(Int64.max) (the sum overflows at word 2, count 1)"))
        assertError(try Vocabulary.total([3, -1]), .format("word 2 has the negative count -1"))
    }

    // MARK: Item 13: `</s>` as a word

    func testTheWordSentenceEndRoundTripsThroughAVocabularyFile() throws {
        let counter = WordCounter()
        counter.add("a </s> b a\n</s> a\nc\n")
        XCTAssertEqual(counter.entries, ["a": 3, "</s>": 2, "b": 1, "c": 1])
        let file = path("vocab.txt")
        try counter.save(to: file, minCount: 1)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "</s> 3\na 3\n</s> 2\nb 1\nc 1\n")
        let back = WordCounter()
        try back.add(vocabularyFile: file)
        XCTAssertEqual(back.entries, counter.entries)
        XCTAssertEqual(back.sentences, 3)
        XCTAssertEqual(back.totalWords, counter.totalWords)
        // And again, from what was read back: the same file.
        let again = path("again.txt")
        try back.save(to: again, minCount: 1)
        XCTAssertEqual(try String(contentsOfFile: again, encoding: .utf8), "</s> 3\na 3\n</s> 2\nb 1\nc 1\n")
    }

    func testAWord2VecVocabularyFileKeepsItsOneSentenceEndLine() throws {
        let file = path("w2v.txt")
        try "</s> 7\nthe 5\ncat 2\n".write(toFile: file, atomically: true, encoding: .utf8)
        let counter = WordCounter()
        try counter.add(vocabularyFile: file)
        XCTAssertEqual(counter.entries, ["the": 5, "cat": 2])
        XCTAssertEqual(counter.sentences, 7)
    }

    // MARK: Item 8: corpora that cannot be read twice

    /// Opens the FIFO's write end whenever a reader waits on it, then closes it (EOF for the reader), until
    /// stopped: whatever the code under test does, it cannot block for ever on the FIFO.
    private final class FIFOUnblocker: @unchecked Sendable {
        private let path: String
        private var stopped = false
        private let lock = NSLock()
        private let done = DispatchSemaphore(value: 0)

        init(_ path: String, writing text: String = "") {
            self.path = path
            Thread.detachNewThread { [self] in
                // The reader may close the FIFO before the write (training only looks at what it is):
                // the write then fails with EPIPE, and the SIGPIPE it raises, blocked in this thread
                // only, must not end the test process.
                var pipeSignal = sigset_t()
                sigemptyset(&pipeSignal)
                sigaddset(&pipeSignal, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
                var text = text
                while !isStopped {
                    let fd = open(path, O_WRONLY | O_NONBLOCK)
                    if fd >= 0 {
                        // The text once, to the first reader; later readers get EOF at once.
                        _ = text.withCString { write(fd, $0, strlen($0)) }
                        text = ""
                        close(fd)
                    }
                    usleep(20_000)
                }
                done.signal()
            }
        }

        private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

        func stop() {
            lock.lock(); stopped = true; lock.unlock()
            done.wait()
        }
    }

    func testTrainingOnAFIFOIsRefusedWithoutHanging() throws {
        var parameters = TrainingParameters()
        parameters.dim = 4
        parameters.minCount = 1
        parameters.threads = 2
        let counter = WordCounter()
        counter.add("a b c a b\n")
        let model = try Model(vocabulary: try Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: parameters)
        let fifo = path("corpus.fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let unblocker = FIFOUnblocker(fifo, writing: "a b c\n")
        defer { unblocker.stop() }
        assertError(try model.train(file: fifo) { _ in true },
                    .invalidArgument("cannot train on '\(fifo)': it is a FIFO (a pipe), which can be read only once; training reads its corpus once per epoch and splits it between threads, so it must be a regular file (counting words reads any file once, as a stream)"))
        XCTAssertEqual(model.wordsTrained, 0)
        assertError(try model.train(file: "/dev/zero") { _ in true },
                    .invalidArgument("cannot train on '/dev/zero': it is a character device; training reads its corpus once per epoch and splits it between threads, so it must be a regular file (counting words reads any file once, as a stream)"))
    }

    func testCountingAFIFOReadsItOnceAsAStream() throws {
        let fifo = path("words.fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let unblocker = FIFOUnblocker(fifo, writing: "x y x\nz\n")
        defer { unblocker.stop() }
        let counter = WordCounter()
        try counter.add(file: fifo)
        XCTAssertEqual(counter.entries, ["x": 2, "y": 1, "z": 1])
        XCTAssertEqual(counter.sentences, 2)
    }

    /// A file under /proc reports size 0 but has content: training reads it as a stream instead of
    /// training on nothing with success.
    func testTrainingOnAFileWhoseSizeReadsZeroReadsItAsAStream() throws {
        let file = "/proc/self/status"
        var info = stat()
        guard stat(file, &info) == 0, info.st_size == 0 else { throw XCTSkip("\(file) does not report size 0 here") }
        let counter = WordCounter()
        try counter.add(file: file)
        XCTAssertGreaterThan(counter.totalWords, 20)
        for threads in [1, 3] {
            var parameters = TrainingParameters()
            parameters.dim = 4
            parameters.minCount = 1
            parameters.threads = threads
            parameters.epochs = 2
            parameters.sample = 0
            let model = try Model(vocabulary: try Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: parameters)
            try model.train(file: file) { _ in true }
            XCTAssertGreaterThan(model.wordsTrained, 20, "\(threads) threads")
            let ranges = try CorpusFile(path: file).partition(parts: threads)
            XCTAssertEqual(ranges, [0..<Int.max] + [Range<Int>](repeating: 0..<0, count: threads - 1))
        }
    }

    // MARK: Item 12: splitting a corpus

    /// The cuts are where the byte-at-a-time scan put them: the first offset at or after size * k / parts
    /// whose previous byte is a separator.
    func testPartitionCutsAreTheFirstWordStartsAfterTheNominalOffsets() throws {
        var rng = SplitMix64(seed: 5)
        let file = path("random.txt")
        for round in 0..<40 {
            let size = Int(rng.next() % 300_000)
            let separators = round % 4 == 0 ? 0 : Int(rng.next() % 50)
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: size)
            for _ in 0..<(size == 0 ? 0 : separators) { bytes[Int(rng.next() % UInt64(size))] = [32, 10, 9, 0][Int(rng.next() % 4)] }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let parts = 1 + Int(rng.next() % 6)
            var expected = [0]
            for part in 1..<parts {
                var offset = max(size * part / parts, expected.last!)
                while offset > 0 && offset < size && !Tokenizer.isSeparator(bytes[offset - 1]) { offset += 1 }
                expected.append(min(offset, size))
            }
            expected.append(size)
            let ranges = try CorpusFile(path: file).partition(parts: parts)
            XCTAssertEqual(ranges, (0..<parts).map { expected[$0]..<max(expected[$0], expected[$0 + 1]) }, "round \(round)")
        }
    }

    /// One 64 MB token split for 4 threads: blocks of 64 KiB, not one system call per byte (which took
    /// many seconds here). Counted in read system calls (/proc/self/io's syscr), not timed.
    func testSplittingAHugeSingleTokenReadsInBlocks() throws {
        let file = path("token.txt")
        let size = 64 << 20
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        let block = Data(repeating: UInt8(ascii: "z"), count: 1 << 20)
        for _ in 0..<(size >> 20) { handle.write(block) }
        try handle.close()
        let readsBefore = try readSystemCalls()
        let ranges = try CorpusFile(path: file).partition(parts: 4)
        let reads = try readSystemCalls() - readsBefore
        XCTAssertEqual(ranges, [0..<size, size..<size, size..<size, size..<size])
        // 3 cut points each scan at most the 64 MB in 64 KiB blocks: 3 x 1024 reads; one per byte would
        // be millions. (Other threads of the test process may add a few.)
        XCTAssertLessThan(reads, 4 * (size >> 16), "\(reads) read system calls to split a \(size >> 20) MB token")
    }

    // MARK: Loaders

    /// A (sparse) word2vec file large enough for 2^31 rows, text or binary: refused before anything is allocated, since
    /// the word table holds at most Int32.max words.
    func testAWord2VecHeaderAnnouncingMoreThanInt32MaxWordsIsRefused() throws {
        let file = path("huge.txt")
        try "2147483648 1\n".write(toFile: file, atomically: false, encoding: .utf8)
        XCTAssertEqual(truncate(file, 13 << 30), 0)
        for format in [FileFormat.text, .auto] {
            assertError(try Model.load(from: file, format: format),
                        .format("header: the file announces 2147483648 words, more than the \(Int32.max) a vocabulary holds"))
        }
    }

    func testLoadingANativeFileThroughAutoCanCopy() throws {
        let model = try makeModel([("a", [1, 2]), ("b", [3, 4])])
        let file = path("m.w2v")
        try model.save(to: file, format: .native)
        XCTAssertTrue(try Model.load(from: file, format: .auto).input.isMapped)
        for format in [FileFormat.auto, .native] {
            let copied = try Model.load(from: file, format: format, mapped: false)
            XCTAssertFalse(copied.input.isMapped)
            XCTAssertEqual(copied.vector(1), [3, 4])
        }
    }
}

/// Read system calls made so far by this process (Linux's /proc/self/io).
private func readSystemCalls() throws -> Int {
    let io = try String(contentsOfFile: "/proc/self/io", encoding: .utf8)
    guard let line = io.split(separator: "\n").first(where: { $0.hasPrefix("syscr:") }),
          let count = Int(line.dropFirst("syscr:".count).trimmingCharacters(in: .whitespaces)) else {
        throw XCTSkip("/proc/self/io has no syscr line")
    }
    return count
}
