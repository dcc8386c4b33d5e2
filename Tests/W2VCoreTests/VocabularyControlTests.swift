import Foundation
import XCTest
@testable import W2VCore

fileprivate extension WordCounter {
    func count(of word: String) -> Int64 {
        var word = word
        return word.withUTF8 { count(of: $0) }
    }

    /// Every counted word with its count, in first-seen order.
    var snapshot: [String: Int64] {
        Dictionary(uniqueKeysWithValues: (0..<table.count).map { (table.string($0), counts[$0]) })
    }

    var words: [String] { (0..<table.count).map { table.string($0) } }
}

/// Resident memory now, from /proc/self/statm, in bytes.
fileprivate func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// Resets the kernel's resident high-water mark (VmHWM) to the current resident memory (Linux: `5` to
/// clear_refs), so that a peak reached before the test (loading the test bundle) does not hide the
/// test's own. getrusage's ru_maxrss is not reset by it.
@discardableResult
fileprivate func resetPeakResident() -> Bool {
    (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
}

/// The resident high-water mark VmHWM from /proc/self/status, in bytes (0 when unavailable).
fileprivate func highWaterMarkBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
}

/// The process's peak resident memory so far (getrusage), in bytes.
fileprivate func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

final class VocabularyControlTests: XCTestCase {
    // MARK: - max_final_vocab

    /// a 9, b 7, c 5, d 5, e 5, f 2, g 1: in descending order [9, 7, 5, 5, 5, 2, 1].
    func handCounter() -> WordCounter {
        let c = WordCounter()
        c.add("g f f " + String(repeating: "a ", count: 9) + String(repeating: "b ", count: 7)
              + String(repeating: "c d e ", count: 5))
        return c
    }

    func testMaxFinalVocabRaisesMinCountAsGensim() throws {
        let c = handCounter()
        // gensim: calc_min_count = count of sorted_vocab[max_final_vocab] + 1; effective = max(min_count, calc).
        let cases: [(maxFinal: Int, minCount: Int, effective: Int, words: [String])] = [
            (0, 1, 1, ["a", "b", "c", "d", "e", "f", "g"]),      // no limit
            (7, 1, 1, ["a", "b", "c", "d", "e", "f", "g"]),      // as many as there are: no change
            (100, 3, 3, ["a", "b", "c", "d", "e"]),
            (6, 1, 2, ["a", "b", "c", "d", "e", "f"]),           // [6] = 1 -> 2
            (5, 1, 3, ["a", "b", "c", "d", "e"]),                // [5] = 2 -> 3
            (4, 1, 6, ["a", "b"]),                               // [4] = 5 -> 6: the tie c d e all go
            (3, 1, 6, ["a", "b"]),                               // [3] = 5 -> 6
            (2, 1, 6, ["a", "b"]),                               // [2] = 5 -> 6
            (1, 1, 8, ["a"]),                                    // [1] = 7 -> 8
            (5, 6, 6, ["a", "b"]),                               // min_count is larger: kept
            (6, 3, 3, ["a", "b", "c", "d", "e"]),
        ]
        for t in cases {
            XCTAssertEqual(Vocabulary.effectiveMinCount(counts: c.counts, minCount: t.minCount, maxFinalVocab: t.maxFinal),
                           t.effective, "max_final_vocab \(t.maxFinal), min_count \(t.minCount)")
            let vocabulary = try Vocabulary(counter: c, minCount: t.minCount, maxSize: 0, maxFinalVocab: t.maxFinal)
            XCTAssertEqual(vocabulary.words, t.words, "max_final_vocab \(t.maxFinal), min_count \(t.minCount)")
            XCTAssertLessThanOrEqual(vocabulary.count, t.maxFinal == 0 ? Int.max : t.maxFinal)
        }
        // The size limit still applies after it, and counts follow the words.
        let both = try Vocabulary(counter: c, minCount: 1, maxSize: 3, maxFinalVocab: 5)
        XCTAssertEqual(both.words, ["a", "b", "c"])
        XCTAssertEqual(both.counts, [9, 7, 5])
        XCTAssertEqual(both.trainWords, 21)
        // The three-argument initializer is unchanged: no max_final_vocab.
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 1, maxSize: 0).count, 7)
    }

    func testMaxFinalVocabTieAtTheTopLeavesNothingAndSaysWhy() {
        let c = WordCounter()
        c.add("x y x y z")
        XCTAssertThrowsError(try Vocabulary(counter: c, minCount: 1, maxSize: 0, maxFinalVocab: 1)) { error in
            XCTAssertEqual(error as? W2VError, .invalidArgument(
                "no word reaches min_count 3 (min_count 1 raised to 3 by max_final_vocab 1) (3 distinct words, the most frequent seen 2 times)"))
        }
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 1, maxSize: 0, maxFinalVocab: 2).words, ["x", "y"])
    }

    func testCountAtRankMatchesSorting() {
        var generator = SplitMix64(seed: 3)
        for trial in 0..<200 {
            let n = 1 + Int(generator.next() % 300)
            let spread = trial % 3 == 0 ? 3 : 1000   // many ties, or few
            let counts = (0..<n).map { _ in Int64(1 + generator.next() % UInt64(spread)) }
            let sorted = counts.sorted(by: >)
            for rank in [0, n / 2, n - 1] {
                XCTAssertEqual(Vocabulary.countAtRank(counts, rank), sorted[rank], "n \(n), rank \(rank)")
            }
        }
    }

    // MARK: - Pruning while counting

    func testPruningDropsTheRarestAsReduceVocab() {
        let c = WordCounter()
        XCTAssertEqual(c.maxDistinctWords, 21_000_000, "word2vec's 0.7 x 30M")
        c.setMaxDistinctWords(3)
        c.add("a a a b c")
        XCTAssertEqual(c.pruning, WordCounter.Pruning())
        c.add("d")    // a fourth word: the pass drops every count <= 1
        XCTAssertEqual(c.snapshot, ["a": 3])
        XCTAssertEqual(c.pruning.prunedWords, 3)
        XCTAssertEqual(c.pruning.prunedOccurrences, 3)
        XCTAssertEqual(c.pruning.maxPrunedCount, 1)
        XCTAssertEqual(c.pruning.passes, 1)
        XCTAssertEqual(c.pruning.threshold, 2)
        c.add("e e f g")    // the next pass drops every count <= 2
        XCTAssertEqual(c.snapshot, ["a": 3])
        XCTAssertEqual(c.pruning.prunedWords, 6)
        XCTAssertEqual(c.pruning.prunedOccurrences, 7)
        XCTAssertEqual(c.pruning.maxPrunedCount, 2)
        XCTAssertEqual(c.pruning.passes, 2)
        XCTAssertEqual(c.pruning.threshold, 3)
        XCTAssertEqual(c.totalWords, 10, "pruned occurrences were still counted")
        c.add("h i")
        XCTAssertEqual(c.words, ["a", "h", "i"], "survivors keep first-seen order")
        XCTAssertEqual(c.distinctWords, 3)

        // Passes repeat until the limit holds; a lower limit prunes at once; 0 lifts it.
        let d = WordCounter()
        d.add("p p p p q q q r r s")
        d.setMaxDistinctWords(2)
        XCTAssertEqual(d.snapshot, ["p": 4, "q": 3], "count 1 then count 2 go")
        XCTAssertEqual(d.pruning.passes, 2)
        d.setMaxDistinctWords(0)
        d.add("t u v w")
        XCTAssertEqual(d.distinctWords, 6)
        XCTAssertEqual(d.pruning.passes, 2)
    }

    func testMergeAndFilesKeepTheLimitAndThePruningRecord() throws {
        let directory = try temporaryDirectory(self)
        let corpus = directory.appendingPathComponent("c.txt")
        try "k k k l m n o\n".write(to: corpus, atomically: true, encoding: .utf8)
        let c = WordCounter()
        c.setMaxDistinctWords(3)
        c.add("z z z z")
        try c.add(file: corpus.path)    // counted in a scratch counter with the same limit, then merged
        XCTAssertLessThanOrEqual(c.distinctWords, 3)
        XCTAssertEqual(c.count(of: "z"), 4)
        XCTAssertEqual(c.count(of: "k"), 3)
        XCTAssertGreaterThan(c.pruning.prunedWords, 0)
        XCTAssertEqual(c.totalWords, 11)
        XCTAssertEqual(c.sentences, 2)

        let fresh = WordCounter()
        fresh.setMaxDistinctWords(3)
        try fresh.add(file: corpus.path)    // an empty counter counts in place
        XCTAssertEqual(fresh.snapshot, ["k": 3, "o": 1], "the fourth word pruned l m n")
        XCTAssertEqual(fresh.pruning.prunedWords, 3)
        XCTAssertThrowsError(try fresh.add(file: directory.appendingPathComponent("absent").path))
        XCTAssertEqual(fresh.snapshot, ["k": 3, "o": 1], "a failed file changes nothing")

        let empty = WordCounter()
        XCTAssertThrowsError(try empty.add(file: directory.appendingPathComponent("absent").path))
        XCTAssertEqual(empty.distinctWords, 0)
        XCTAssertEqual(empty.totalWords, 0)
    }

    /// 20M distinct tokens (plus a few frequent words), generated in chunks: the table never holds more
    /// than the limit, the frequent words keep exact counts, and memory stays far below what 20M words need.
    func testPruningBoundsMemoryOnTwentyMillionDistinctTokens() {
        let distinct = 20_000_000
        let limit = 400_000
        let frequentWords = 32
        let frequentEvery = 20
        let c = WordCounter()
        c.setMaxDistinctWords(limit)
        let peakBefore = peakResidentBytes()
        let reset = resetPeakResident()
        let highWaterBefore = highWaterMarkBytes()
        let residentBefore = residentBytes()
        var maxResident = residentBefore
        var maxDistinct = 0
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        // Token i is "u" and i in five base-36 digits, kept as an odometer; every `frequentEvery`-th token
        // is followed by one of the frequent words "f0".."fv" and a newline.
        var digits = [Int](repeating: 0, count: 5)
        let chunkTokens = 200_000
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkTokens * 11, alignment: 8)
        defer { chunk.deallocate() }
        var i = 0
        let start = Date()
        while i < distinct {
            var used = 0
            let end = min(distinct, i + chunkTokens)
            while i < end {
                chunk[used] = UInt8(ascii: "u")
                for d in 0..<5 { chunk[used + 1 + d] = alphabet[digits[d]] }
                chunk[used + 6] = 32
                used += 7
                if i % frequentEvery == 0 {
                    chunk[used] = UInt8(ascii: "f")
                    chunk[used + 1] = alphabet[(i / frequentEvery) % frequentWords]
                    chunk[used + 2] = 10
                    used += 3
                }
                var d = 0
                while d < 5 {
                    digits[d] += 1
                    if digits[d] < 36 { break }
                    digits[d] = 0
                    d += 1
                }
                i += 1
            }
            c.add(text: UnsafeRawBufferPointer(rebasing: chunk[0..<used]))
            maxDistinct = max(maxDistinct, c.distinctWords)
            maxResident = max(maxResident, residentBytes())
        }
        maxResident = max(maxResident, residentBytes())
        let seconds = Date().timeIntervalSince(start)
        let peakGrowth = peakResidentBytes() - peakBefore
        let residentGrowth = maxResident - residentBefore
        let highWaterGrowth = highWaterMarkBytes() - highWaterBefore

        XCTAssertLessThanOrEqual(maxDistinct, limit)
        let frequentCount = Int64(distinct / frequentEvery / frequentWords)
        for k in 0..<frequentWords {
            XCTAssertEqual(c.count(of: "f\(String(decoding: [alphabet[k]], as: UTF8.self))"), frequentCount, "frequent words are never pruned")
        }
        XCTAssertEqual(c.totalWords, Int64(distinct + distinct / frequentEvery))
        let survivingTokens = c.distinctWords - frequentWords
        XCTAssertEqual(c.pruning.prunedWords, Int64(distinct - survivingTokens), "every other token was pruned once")
        XCTAssertEqual(c.pruning.prunedOccurrences, c.pruning.prunedWords)
        XCTAssertEqual(c.pruning.maxPrunedCount, 1)
        XCTAssertGreaterThan(c.pruning.passes, 40)
        // Unpruned, 20M words of 6 bytes take over 1 GB here (arena, ids, hashes, slots, counts); the limit
        // of 400k words needs tens of MB, twice during a pass. A sanitizer's shadow memory and quarantine
        // (scripts/sanitize sets W2V_SANITIZER) add a fixed share on top: the bound grows by half then.
        let bound = ProcessInfo.processInfo.environment["W2V_SANITIZER"] == nil ? 200 << 20 : 300 << 20
        XCTAssertLessThan(peakGrowth, bound, "getrusage peak grew by \(peakGrowth >> 20) MB")
        XCTAssertLessThan(residentGrowth, bound, "resident memory grew by \(residentGrowth >> 20) MB")
        if reset { XCTAssertLessThan(highWaterGrowth, bound, "VmHWM grew by \(highWaterGrowth >> 20) MB") }
        print("20M distinct tokens, limit \(limit): \(c.pruning.passes) passes; getrusage peak \(peakBefore >> 20) -> "
              + "\(peakResidentBytes() >> 20) MB; VmHWM \(highWaterBefore >> 20) -> \((highWaterBefore + highWaterGrowth) >> 20) MB"
              + "\(reset ? "" : " (not reset)"); resident \(residentBefore >> 20) MB -> sampled maximum \(maxResident >> 20) MB; "
              + "\(String(format: "%.1f", seconds)) s")
    }

    // MARK: - Vocabulary files

    func testSaveWritesWord2VecVocabularyFormat() throws {
        let directory = try temporaryDirectory(self)
        let path = directory.appendingPathComponent("vocab.txt").path
        let c = WordCounter()
        c.add("b a b c a b\nd e e\n\n   \nc a z\n")
        // a 3, b 3, c 2, e 2, d 1, z 1: ties keep first-seen order (b before a; c before e; d before z).
        try c.save(to: path, minCount: 2)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "</s> 3\nb 3\na 3\nc 2\ne 2\n")
        try c.save(to: path, minCount: 0)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "</s> 3\nb 3\na 3\nc 2\ne 2\nd 1\nz 1\n")
        try c.save(to: path, minCount: 50)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "</s> 3\n", "the marker line always")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["vocab.txt"], "no temporary file left")

        XCTAssertThrowsError(try c.save(to: directory.appendingPathComponent("no/such/dir/v.txt").path, minCount: 1)) { error in
            guard case .io(let message) = error as? W2VError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("no/such/dir/v.txt"), message)
        }
    }

    func testSavedVocabularyReadsBackToTheSameVocabulary() throws {
        let directory = try temporaryDirectory(self)
        let path = directory.appendingPathComponent("vocab.txt").path
        let original = WordCounter()
        var text = ""
        var generator = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            text += (0..<10).map { _ in "w\(generator.next() % 300)" }.joined(separator: " ") + "\n"
        }
        text += "caf\u{e9} na\u{ef}ve \u{1F600}\n"
        original.add(text)
        try original.save(to: path, minCount: 1)
        let read = WordCounter()
        try read.add(vocabularyFile: path)
        XCTAssertEqual(read.snapshot, original.snapshot)
        XCTAssertEqual(read.totalWords, original.totalWords)
        XCTAssertEqual(read.sentences, original.sentences)
        for minCount in [1, 60, 75] {
            let a = try Vocabulary(counter: original, minCount: minCount, maxSize: 0)
            let b = try Vocabulary(counter: read, minCount: minCount, maxSize: 0)
            XCTAssertEqual(a.words, b.words, "same order, ties included")
            XCTAssertEqual(a.counts, b.counts)
        }
        // Saved after min-count: only the kept words come back.
        try original.save(to: path, minCount: 70)
        let kept = WordCounter()
        try kept.add(vocabularyFile: path)
        XCTAssertEqual(try Vocabulary(counter: kept, minCount: 1, maxSize: 0).words,
                       try Vocabulary(counter: original, minCount: 70, maxSize: 0).words)

        // Non-UTF-8 bytes survive as they are.
        let bytes = WordCounter()
        let raw: [UInt8] = [0xff, 0xfe, 0x41, 32, 0xff, 0xfe, 0x41, 10]
        raw.withUnsafeBytes { bytes.add(text: $0) }
        try bytes.save(to: path, minCount: 1)
        XCTAssertEqual(try Array(Data(contentsOf: URL(fileURLWithPath: path))), Array("</s> 1\n".utf8) + [0xff, 0xfe, 0x41] + Array(" 2\n".utf8))
        let back = WordCounter()
        try back.add(vocabularyFile: path)
        XCTAssertEqual(back.counts, [2])
        XCTAssertTrue(back.table.word(0).elementsEqual([0xff, 0xfe, 0x41]))
    }

    func testReadingAddsToCountsAndAcceptsWord2VecFiles() throws {
        let directory = try temporaryDirectory(self)
        let path = directory.appendingPathComponent("vocab.txt").path
        // As word2vec writes it, with a CRLF line, tabs, blank lines, no final newline, any order.
        try "</s> 7\nthe 10\r\nof\t4\n\n  \ncat 6\nlong\(String(repeating: "x", count: 120)) 2".write(toFile: path, atomically: true, encoding: .utf8)
        let c = WordCounter()
        c.add("the cat sat")
        try c.add(vocabularyFile: path)
        XCTAssertEqual(c.snapshot, ["the": 11, "cat": 7, "sat": 1, "of": 4, "long" + String(repeating: "x", count: 96): 2])
        XCTAssertEqual(c.totalWords, 3 + 22)
        XCTAssertEqual(c.sentences, 1 + 7)
        XCTAssertEqual(c.count(of: "</s>"), 0, "the sentence-end marker is not a word")
        try c.add(vocabularyFile: path)
        XCTAssertEqual(c.count(of: "the"), 21, "reading twice adds twice")
    }

    func testMalformedVocabularyFilesNameTheLineAndChangeNothing() throws {
        let directory = try temporaryDirectory(self)
        let path = directory.appendingPathComponent("bad.txt").path
        let cases: [(String, String)] = [
            ("a 1\nb\n", "line 2: expected '<word> <count>', found 'b'"),
            ("a 1\n\nb 2 3\n", "line 3: expected '<word> <count>', found 'b 2 3'"),
            ("a x1\n", "line 1: the count 'x1' is not a whole number"),
            ("a -3\n", "line 1: the count '-3' is not a whole number"),
            ("a 2.5\n", "line 1: the count '2.5' is not a whole number"),
            ("a 1\nb 0\n", "line 2: the count of 'b' is 0; counts start at 1"),
            ("a 99999999999999999999\n", "line 1: the count is larger than 1000000000000000"),
            ("a 3\nb 2\na 1\n", "line 3: the word 'a' appears on an earlier line too"),
            ("</s> 1\na 3\n</s> 2\n</s> 4\n", "line 4: '</s>' appears a third time"),
        ]
        for (content, message) in cases {
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            for counter in [WordCounter(), { let c = WordCounter(); c.add("a b q"); return c }()] {
                let before = (counter.snapshot, counter.totalWords, counter.sentences)
                XCTAssertThrowsError(try counter.add(vocabularyFile: path), content) { error in
                    XCTAssertEqual(error as? W2VError, .format("'\(path)' \(message)"))
                }
                XCTAssertEqual(counter.snapshot, before.0, "unchanged after: \(message)")
                XCTAssertEqual(counter.totalWords, before.1)
                XCTAssertEqual(counter.sentences, before.2)
            }
        }
        let missing = directory.appendingPathComponent("absent.txt").path
        XCTAssertThrowsError(try WordCounter().add(vocabularyFile: missing)) { error in
            guard case .io(let message) = error as? W2VError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains(missing), message)
        }
        // An empty file adds nothing and is no error.
        try "".write(toFile: path, atomically: true, encoding: .utf8)
        let empty = WordCounter()
        try empty.add(vocabularyFile: path)
        XCTAssertEqual(empty.distinctWords, 0)
    }
}
