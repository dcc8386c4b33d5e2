import Foundation
import XCTest
@testable import W2VCore

fileprivate extension WordCounter {
    func add(tokens: [String]) throws(W2VError) {
        let storage = tokens.map { Array($0.utf8) }
        let pointers = storage.map { bytes in
            bytes.withUnsafeBufferPointer { buffer in
                let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(buffer.count, 1))
                _ = copy.initialize(from: buffer)
                return UnsafeBufferPointer(start: copy.baseAddress, count: buffer.count)
            }
        }
        defer { pointers.forEach { UnsafeMutablePointer(mutating: $0.baseAddress!).deallocate() } }
        try add(tokens: pointers)
    }

    func count(of word: String) -> Int64 {
        var word = word
        return word.withUTF8 { count(of: $0) }
    }

    /// Every counted word with its count, in first-seen order.
    var snapshot: [(String, Int64)] {
        (0..<table.count).map { (table.string($0), counts[$0]) }
    }
}

/// Calls `body` with the words as byte buffers that stay valid during the call.
fileprivate func withWordBuffers<R>(_ words: [[UInt8]], _ body: ([UnsafeBufferPointer<UInt8>]) throws -> R) rethrows -> R {
    let pointers = words.map { bytes -> UnsafeBufferPointer<UInt8> in
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = copy.initialize(from: bytes)
        return UnsafeBufferPointer(start: copy.baseAddress, count: bytes.count)
    }
    defer { pointers.forEach { UnsafeMutablePointer(mutating: $0.baseAddress!).deallocate() } }
    return try body(pointers)
}

fileprivate func assertSnapshot(_ counter: WordCounter, _ expected: [(String, Int64)], file: StaticString = #filePath, line: UInt = #line) {
    let got = counter.snapshot
    XCTAssertEqual(got.map(\.0), expected.map(\.0), "words", file: file, line: line)
    XCTAssertEqual(got.map(\.1), expected.map(\.1), "counts", file: file, line: line)
}

final class VocabularyTests: XCTestCase {
    // MARK: - WordCounter

    func testFreshCounterIsEmpty() {
        let counter = WordCounter()
        XCTAssertEqual(counter.distinctWords, 0)
        XCTAssertEqual(counter.totalWords, 0)
        XCTAssertEqual(counter.sentences, 0)
        XCTAssertEqual(counter.count(of: "a"), 0)
    }

    func testAddTextCountsWordsAndSentences() {
        let counter = WordCounter()
        counter.add("the cat sat on the mat\nthe end\n\n\n  \n")
        assertSnapshot(counter, [("the", 3), ("cat", 1), ("sat", 1), ("on", 1), ("mat", 1), ("end", 1)])
        XCTAssertEqual(counter.distinctWords, 6)
        XCTAssertEqual(counter.totalWords, 8)
        XCTAssertEqual(counter.sentences, 2, "empty lines are not sentences")
        XCTAssertEqual(counter.count(of: "the"), 3)
        XCTAssertEqual(counter.count(of: "The"), 0, "counting is case-sensitive")
        XCTAssertEqual(counter.count(of: "dog"), 0)
        XCTAssertEqual(counter.count(of: ""), 0)
    }

    func testEachAddTextEndsASentence() {
        let counter = WordCounter()
        counter.add("a b")              // no newline: the call ends the sentence
        counter.add("c")
        counter.add("d\n")              // the newline ended it already: not counted twice
        counter.add("")                 // nothing
        counter.add("\n\n")             // only empty sentences
        counter.add("e\nf")             // two
        XCTAssertEqual(counter.sentences, 5)
        XCTAssertEqual(counter.totalWords, 6)
        assertSnapshot(counter, [("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 1), ("f", 1)])
    }

    func testAddTextKeepsNonUTF8WordsApartAndCutsLongWords() {
        let counter = WordCounter()
        let latin1: [UInt8] = [0x63, 0x61, 0x66, 0xE9]            // "café" in Latin-1
        let utf8 = Array("café".utf8)
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 150)
        let text = latin1 + [32] + utf8 + [32] + latin1 + [10] + long + [32] + Array(long.prefix(100))
        text.withUnsafeBytes { counter.add(text: $0) }
        XCTAssertEqual(counter.distinctWords, 3)
        XCTAssertEqual(counter.totalWords, 5)
        latin1.withUnsafeBufferPointer { XCTAssertEqual(counter.count(of: $0), 2) }
        utf8.withUnsafeBufferPointer { XCTAssertEqual(counter.count(of: $0), 1) }
        // The 150-byte word was cut to the same 100 bytes as the other: one word, counted twice.
        long.withUnsafeBufferPointer { XCTAssertEqual(counter.count(of: UnsafeBufferPointer(rebasing: $0[0..<100])), 2) }
        long.withUnsafeBufferPointer { XCTAssertEqual(counter.count(of: $0), 0) }
        XCTAssertEqual(Array(counter.table.word(0)), latin1)
    }

    func testAddTokensCountsOneSentence() throws {
        let counter = WordCounter()
        try counter.add(tokens: ["b", "a", "b", "naïve"])
        assertSnapshot(counter, [("b", 2), ("a", 1), ("naïve", 1)])
        XCTAssertEqual(counter.totalWords, 4)
        XCTAssertEqual(counter.sentences, 1)
        try counter.add(tokens: [String]())
        XCTAssertEqual(counter.sentences, 1, "an empty list is no sentence")
        XCTAssertEqual(counter.totalWords, 4)
    }

    func testAddTokensCutsOverLongTokensLikeTheTokenizer() throws {
        let counter = WordCounter()
        let long = String(repeating: "a", count: 99) + "€" + "bbb"   // the "€" straddles byte 100
        try counter.add(tokens: [long])
        counter.add(long)
        XCTAssertEqual(counter.distinctWords, 1)
        XCTAssertEqual(counter.count(of: String(repeating: "a", count: 99)), 2)
    }

    func testAddTokensRejectsEmptyTokenAndCountsNothing() throws {
        let counter = WordCounter()
        try counter.add(tokens: ["keep"])
        XCTAssertThrowsError(try counter.add(tokens: ["x", "y", "", "z"])) { error in
            XCTAssertEqual(error as? W2VError, .invalidArgument("token 2 is empty"))
        }
        assertSnapshot(counter, [("keep", 1)])
        XCTAssertEqual(counter.totalWords, 1)
        XCTAssertEqual(counter.sentences, 1)
        XCTAssertEqual(counter.count(of: "x"), 0)
    }

    func testAddTokensRejectsTokensWithWhitespaceOrNULAndCountsNothing() throws {
        for (bad, index) in [("a b", 1), ("a\tb", 1), ("line\n", 1), ("\r", 1), ("a\u{0B}", 1), ("a\u{0C}b", 1), ("nul\u{0}x", 1), (" ", 1)] {
            let counter = WordCounter()
            XCTAssertThrowsError(try counter.add(tokens: ["ok", bad, "more"]), "token \(bad.debugDescription)") { error in
                guard case W2VError.invalidArgument(let message) = error else {
                    return XCTFail("expected .invalidArgument, got \(error)")
                }
                XCTAssertTrue(message.hasPrefix("token \(index) contains whitespace"), message)
            }
            XCTAssertEqual(counter.distinctWords, 0, bad.debugDescription)
            XCTAssertEqual(counter.totalWords, 0)
            XCTAssertEqual(counter.sentences, 0)
            XCTAssertEqual(counter.count(of: "ok"), 0)
        }
        // Non-ASCII whitespace and other control bytes are ordinary word bytes.
        let counter = WordCounter()
        try counter.add(tokens: ["a\u{00A0}b", "\u{01}", "\u{7F}"])
        XCTAssertEqual(counter.distinctWords, 3)
    }

    func testAddFileCountsLikeAddText() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("corpus.txt")
        let text = "x y z x\r\ny x\n\nlast x"
        try Data(text.utf8).write(to: url)
        let fromFile = WordCounter()
        try fromFile.add(file: url.path)
        let fromText = WordCounter()
        fromText.add(text)
        assertSnapshot(fromFile, [("x", 4), ("y", 2), ("z", 1), ("last", 1)])
        assertSnapshot(fromText, fromFile.snapshot)
        XCTAssertEqual(fromFile.totalWords, 8)
        XCTAssertEqual(fromFile.sentences, 3)
        XCTAssertEqual(fromText.sentences, 3)
    }

    func testAddFileBiggerThanAChunk() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("big.txt")
        var text = ""
        var lines = 0
        while text.utf8.count < 2 * CorpusFile.chunkBytes + 1000 {
            text += "alpha beta beta gamma gamma gamma\n"
            lines += 1
        }
        try Data(text.utf8).write(to: url)
        let counter = WordCounter()
        try counter.add(file: url.path)
        assertSnapshot(counter, [("alpha", Int64(lines)), ("beta", Int64(2 * lines)), ("gamma", Int64(3 * lines))])
        XCTAssertEqual(counter.totalWords, Int64(6 * lines))
        XCTAssertEqual(counter.sentences, Int64(lines))
    }

    func testAddMissingFileIsIOErrorAndChangesNothing() throws {
        let dir = try temporaryDirectory(self)
        let counter = WordCounter()
        counter.add("a b\nc")
        let missing = dir.appendingPathComponent("missing.txt").path
        XCTAssertThrowsError(try counter.add(file: missing)) { error in
            guard case W2VError.io(let message) = error else { return XCTFail("expected .io, got \(error)") }
            XCTAssertTrue(message.contains(missing), message)
        }
        XCTAssertThrowsError(try counter.add(file: dir.path)) { error in
            guard case W2VError.io = error else { return XCTFail("expected .io, got \(error)") }
        }
        assertSnapshot(counter, [("a", 1), ("b", 1), ("c", 1)])
        XCTAssertEqual(counter.totalWords, 3)
        XCTAssertEqual(counter.sentences, 2)
    }

    func testMixingAndRepeatingAllThreeSources() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("c.txt")
        try Data("new b\nc new".utf8).write(to: url)
        let counter = WordCounter()
        counter.add("a b a\n")
        try counter.add(tokens: ["c", "a"])
        try counter.add(file: url.path)
        try counter.add(file: url.path)
        counter.add("a")
        try counter.add(tokens: ["zz"])
        // First-seen order across sources: a b c (text/tokens), new (file), zz.
        assertSnapshot(counter, [("a", 4), ("b", 3), ("c", 3), ("new", 4), ("zz", 1)])
        XCTAssertEqual(counter.distinctWords, 5)
        XCTAssertEqual(counter.totalWords, 15)
        XCTAssertEqual(counter.sentences, 1 + 1 + 2 + 2 + 1 + 1)
    }

    func testMergeAddsCountsAndKeepsFirstSeenOrder() throws {
        let a = WordCounter()
        a.add("p q p\n")
        let b = WordCounter()
        b.add("r q\ns")
        try a.merge(b)
        assertSnapshot(a, [("p", 2), ("q", 2), ("r", 1), ("s", 1)])
        XCTAssertEqual(a.totalWords, 6)
        XCTAssertEqual(a.sentences, 3)
        assertSnapshot(b, [("r", 1), ("q", 1), ("s", 1)])
    }

    // MARK: - Vocabulary finalisation

    func counter(_ text: String) -> WordCounter {
        let counter = WordCounter()
        counter.add(text)
        return counter
    }

    func testOrderByDescendingCountTiesInFirstSeenOrder() throws {
        // Counts: d 1, c 3, b 2, a 3, e 2, f 1 (first seen in that order).
        let c = counter("d c b a e f c a b e a c")
        let vocabulary = try Vocabulary(counter: c, minCount: 1, maxSize: 0)
        XCTAssertEqual(vocabulary.words, ["c", "a", "b", "e", "d", "f"])
        XCTAssertEqual(vocabulary.counts, [3, 3, 2, 2, 1, 1])
        XCTAssertEqual(vocabulary.count, 6)
        XCTAssertEqual(vocabulary.trainWords, 12)
        for (i, word) in vocabulary.words.enumerated() {
            XCTAssertEqual(vocabulary.index(of: word), i)
            XCTAssertEqual(String(cString: vocabulary.table.cString(i)), word)
        }
        XCTAssertNil(vocabulary.index(of: "g"))
    }

    func testMinCountDropsRareWordsAndTrainWordsCountsOnlyKept() throws {
        let c = counter("a a a a a b b b b c c c d d e\nf")
        let vocabulary = try Vocabulary(counter: c, minCount: 3, maxSize: 0)
        XCTAssertEqual(vocabulary.words, ["a", "b", "c"])
        XCTAssertEqual(vocabulary.counts, [5, 4, 3])
        XCTAssertEqual(vocabulary.trainWords, 12)
        XCTAssertNil(vocabulary.index(of: "d"))
        // minCount exactly the top count keeps one word; min_count 1 keeps all.
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 5, maxSize: 0).words, ["a"])
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 1, maxSize: 0).count, 6)
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 1, maxSize: 0).trainWords, 16)
        // The counter is not consumed: it can be finalised again with other settings.
        XCTAssertEqual(c.distinctWords, 6)
    }

    func testMaxSizeKeepsTheMostFrequent() throws {
        let c = counter("z y y x x x w w w w v")
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 1, maxSize: 2).words, ["w", "x"])
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 1, maxSize: 2).trainWords, 7)
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 1, maxSize: 4).words, ["w", "x", "y", "z"],
                       "z and v tie at 1: the first seen wins the last place")
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 1, maxSize: 100).count, 5)
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 1, maxSize: 0).count, 5, "0 = unlimited")
        // Both limits: min-count first, then size.
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 3, maxSize: 1).words, ["w"])
        XCTAssertEqual(try Vocabulary(counter: c, minCount: 3, maxSize: 5).words, ["w", "x"])
    }

    /// gensim's sorted_vocab=0: the words min-count and the size limit keep, in first-seen order.
    func testUnsortedKeepsTheSameWordsInFirstSeenOrder() throws {
        let c = counter("z y y x x x w w w w v")
        func unsorted(minCount: Int, maxSize: Int) throws -> Vocabulary {
            try Vocabulary(counter: c, minCount: minCount, maxSize: maxSize, maxFinalVocab: 0, sorted: false)
        }
        XCTAssertEqual(try unsorted(minCount: 1, maxSize: 0).words, ["z", "y", "x", "w", "v"])
        XCTAssertEqual(try unsorted(minCount: 1, maxSize: 0).counts, [1, 2, 3, 4, 1])
        XCTAssertEqual(try unsorted(minCount: 2, maxSize: 0).words, ["y", "x", "w"])
        XCTAssertEqual(try unsorted(minCount: 1, maxSize: 2).words, ["x", "w"], "the size limit keeps the most frequent")
        XCTAssertEqual(try unsorted(minCount: 1, maxSize: 2).trainWords, 7)
    }

    func testEmptyCounterIsAnError() {
        XCTAssertThrowsError(try Vocabulary(counter: WordCounter(), minCount: 1, maxSize: 0)) { error in
            XCTAssertEqual(error as? W2VError, .invalidArgument("the vocabulary is empty: no words were counted"))
        }
        // Only whitespace counted is still empty.
        XCTAssertThrowsError(try Vocabulary(counter: counter(" \n\t "), minCount: 1, maxSize: 0)) { error in
            XCTAssertEqual(error as? W2VError, .invalidArgument("the vocabulary is empty: no words were counted"))
        }
    }

    func testNoWordReachingMinCountNamesTheNumbers() {
        XCTAssertThrowsError(try Vocabulary(counter: counter("a b a c"), minCount: 5, maxSize: 0)) { error in
            XCTAssertEqual(error as? W2VError,
                           .invalidArgument("no word reaches min_count 5 (3 distinct words, the most frequent seen 2 times)"))
        }
    }

    func testOrderedWordsKeepTheGivenOrder() throws {
        let words = ["zeta", "alpha", "mu", "naïve"]
        let vocabulary = try withWordBuffers(words.map { Array($0.utf8) }) {
            try Vocabulary(orderedWords: $0, counts: [0, 0, 0, 0])
        }
        XCTAssertEqual(vocabulary.words, words)
        XCTAssertEqual(vocabulary.trainWords, 0)
        XCTAssertEqual(vocabulary.index(of: "mu"), 2)
        let counted = try withWordBuffers(words.map { Array($0.utf8) }) {
            try Vocabulary(orderedWords: $0, counts: [1, 5, 2, 2])
        }
        XCTAssertEqual(counted.words, words, "counts do not reorder a stored vocabulary")
        XCTAssertEqual(counted.trainWords, 10)
    }

    func testOrderedWordsWithADuplicateIsAFormatError() {
        let words = ["a", "b", "c", "b", "d"].map { Array($0.utf8) }
        XCTAssertThrowsError(try withWordBuffers(words) { try Vocabulary(orderedWords: $0, counts: [0, 0, 0, 0, 0]) }) { error in
            XCTAssertEqual(error as? W2VError, .format("word 'b' appears twice (rows 2 and 4)"))
        }
    }

    func testVocabularyIndexByBytes() throws {
        let latin1: [UInt8] = [0x63, 0x61, 0x66, 0xE9]
        let c = WordCounter()
        (latin1 + [32] + Array("café café".utf8)).withUnsafeBytes { c.add(text: $0) }
        let vocabulary = try Vocabulary(counter: c, minCount: 1, maxSize: 0)
        XCTAssertEqual(vocabulary.index(of: "café"), 0)
        latin1.withUnsafeBufferPointer { XCTAssertEqual(vocabulary.index(of: $0), 1) }
        XCTAssertEqual(Array(vocabulary.table.word(1)), latin1)
    }

    // MARK: - WordTable

    func testWordTableGrowsPastManyThousandsWithStableIds() {
        let table = WordTable(expectedCount: 1)   // forces many rehashes and arena moves
        let n = 60_000
        func word(_ i: Int) -> [UInt8] { Array("w\(i)_\(String(repeating: "x", count: i % 13))".utf8) }
        var totalBytes = 0
        for i in 0..<n {
            let bytes = word(i)
            totalBytes += bytes.count
            let (id, inserted) = bytes.withUnsafeBufferPointer { table.findOrInsert($0) }
            XCTAssertTrue(inserted)
            XCTAssertEqual(id, i)
            if i % 997 == 0 {
                // Every earlier word is still found at its id after the rehashes so far.
                for j in stride(from: 0, through: i, by: 131) {
                    XCTAssertEqual(word(j).withUnsafeBufferPointer { table.find($0) }, j)
                }
            }
        }
        XCTAssertEqual(table.count, n)
        XCTAssertEqual(table.byteCount, totalBytes)
        var failures = 0
        for i in 0..<n {
            let bytes = word(i)
            if bytes.withUnsafeBufferPointer({ table.find($0) }) != i { failures += 1 }
            if Array(table.word(i)) != bytes { failures += 1 }
            let (id, inserted) = bytes.withUnsafeBufferPointer { table.findOrInsert($0) }
            if id != i || inserted { failures += 1 }
        }
        XCTAssertEqual(failures, 0)
        XCTAssertEqual(table.count, n, "re-inserting adds nothing")
        XCTAssertNil(Array("w\(n)_".utf8).withUnsafeBufferPointer { table.find($0) })
        XCTAssertNil(table.find("w1"))
        XCTAssertEqual(table.find("w1_x"), 1)
        XCTAssertEqual(table.string(12), "w12_" + String(repeating: "x", count: 12))
    }

    func testWordTableCStringIsNULTerminated() {
        let table = WordTable(expectedCount: 2)
        let words: [[UInt8]] = [Array("hello".utf8), Array("é€😀".utf8), [0xFF, 0x80], Array(repeating: 0x61, count: 100)]
        for w in words { _ = w.withUnsafeBufferPointer { table.findOrInsert($0) } }
        for (i, w) in words.enumerated() {
            let c = UnsafeRawPointer(table.cString(i)).assumingMemoryBound(to: UInt8.self)
            XCTAssertEqual(Array(UnsafeBufferPointer(start: c, count: w.count)), w)
            XCTAssertEqual(c[w.count], 0, "word \(i) is NUL-terminated")
            XCTAssertEqual(strlen(table.cString(i)), w.count)
            XCTAssertEqual(UnsafeRawPointer(table.cString(i)), UnsafeRawPointer(table.word(i).baseAddress!),
                           "the C string and the bytes are the same storage")
        }
        XCTAssertEqual(String(cString: table.cString(1)), "é€😀")
    }

    func testWordTableDistinguishesPrefixesAndCollisionsOfLength() {
        let table = WordTable()
        for w in ["a", "aa", "aaa", "ab", "ba", ""] {
            var w = w
            _ = w.withUTF8 { table.findOrInsert($0) }
        }
        XCTAssertEqual(table.count, 6)
        XCTAssertEqual(table.find("aa"), 1)
        XCTAssertEqual(table.find("ba"), 4)
        XCTAssertEqual(table.find(""), 5)
        XCTAssertNil(table.find("aaaa"))
        XCTAssertNil(table.find("b"))
    }
}

/// The word table's records (a packed start and length, with longer words' lengths kept aside) and
/// its word-at-a-time comparison.
final class WordTableRecordTests: XCTestCase {
    /// Words of 2^24 bytes and more (an evaluation file's line may be one word) keep their lengths.
    func testWordsLongerThanThePackedLengthKeepTheirLengths() {
        let table = WordTable(expectedCount: 4)
        let long = 1 << 24
        let words: [[UInt8]] = [Array("a".utf8), [UInt8](repeating: 0x61, count: long - 1), [UInt8](repeating: 0x61, count: long),
                                [UInt8](repeating: 0x61, count: long + 1), [UInt8](repeating: 0x61, count: long + 1) + [0x62]]
        for (i, word) in words.enumerated() {
            let (id, inserted) = word.withUnsafeBufferPointer { table.findOrInsert($0) }
            XCTAssertEqual(id, i)
            XCTAssertTrue(inserted, "word \(i) of \(word.count) bytes is new")
        }
        for (i, word) in words.enumerated() {
            XCTAssertEqual(word.withUnsafeBufferPointer { table.find($0) }, i, "word \(i) of \(word.count) bytes")
            XCTAssertEqual(table.word(i).count, word.count)
            XCTAssertEqual(word.withUnsafeBufferPointer { memcmp(table.word(i).baseAddress!, $0.baseAddress!, word.count) }, 0)
        }
        XCTAssertNil([UInt8](repeating: 0x61, count: long + 2).withUnsafeBufferPointer { table.find($0) })
        XCTAssertEqual(table.byteCount, words.reduce(0) { $0 + $1.count })
    }

    /// Every length up to 40 bytes (the 8- and 4-byte loads and their overlapping tails), a difference
    /// at each position.
    func testTheComparisonSeesEveryByte() {
        for n in 0...40 {
            let a = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            guard n > 0 else { continue }
            a.withUnsafeBufferPointer { pa in
                let copy = a.map { $0 }
                copy.withUnsafeBufferPointer { pc in
                    XCTAssertTrue(WordHash.equal(pa.baseAddress!, pc.baseAddress!, count: n), "equal, \(n) bytes")
                }
                for position in 0..<n {
                    var b = a
                    b[position] ^= 0x40
                    b.withUnsafeBufferPointer { pb in
                        XCTAssertFalse(WordHash.equal(pa.baseAddress!, pb.baseAddress!, count: n), "\(n) bytes, byte \(position) differs")
                    }
                }
            }
        }
    }

    /// Words that differ in one byte (at any position of any length) hash apart, and a table of many
    /// such near-duplicates finds each at its id.
    func testNearDuplicateWordsStayApart() {
        let table = WordTable(expectedCount: 1)
        var words = [[UInt8]]()
        for n in 1...24 {
            for position in 0..<n {
                var word = [UInt8](repeating: 0x61, count: n)
                word[position] = 0x62
                words.append(word)
            }
            words.append([UInt8](repeating: 0x61, count: n))
        }
        var hashes = Set<UInt64>()
        for (i, word) in words.enumerated() {
            hashes.insert(word.withUnsafeBufferPointer { WordHash.hash($0) })
            XCTAssertEqual(word.withUnsafeBufferPointer { table.findOrInsert($0) }.id, i)
        }
        XCTAssertEqual(hashes.count, words.count, "no two of these words share a hash")
        for (i, word) in words.enumerated() { XCTAssertEqual(word.withUnsafeBufferPointer { table.find($0) }, i) }
    }
}
