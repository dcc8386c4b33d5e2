import Foundation
import XCTest
@testable import W2VCore

/// A tokenizer event copied out of the borrowed buffer, so it can be stored and compared.
fileprivate enum Token: Equatable, CustomStringConvertible {
    case word([UInt8])
    case end

    static func w(_ s: String) -> Token { .word(Array(s.utf8)) }

    init(_ event: Tokenizer.Event) {
        switch event {
        case .word(let bytes): self = .word(Array(bytes))
        case .sentenceEnd: self = .end
        }
    }

    var description: String {
        switch self {
        case .word(let bytes): return "w(\(bytes.count):\(String(decoding: bytes.prefix(40), as: UTF8.self)))"
        case .end: return "<end>"
        }
    }
}

/// All events of `bytes` tokenized in one piece.
fileprivate func tokens(_ bytes: [UInt8]) -> [Token] {
    var out = [Token]()
    bytes.withUnsafeBytes { raw in
        Tokenizer.forEachEvent(in: raw) { (event: Tokenizer.Event) -> Void in out.append(Token(event)) }
    }
    return out
}

fileprivate func tokens(_ text: String) -> [Token] { tokens(Array(text.utf8)) }

/// All events of `bytes` fed to one tokenizer in consecutive chunks of the given sizes (cycled).
fileprivate func tokens(_ bytes: [UInt8], chunkSizes: [Int]) -> [Token] {
    var out = [Token]()
    var tokenizer = Tokenizer()
    var start = 0
    var next = 0
    bytes.withUnsafeBytes { raw in
        while start < bytes.count {
            let size = chunkSizes[next % chunkSizes.count]
            next += 1
            let end = min(start + size, bytes.count)
            tokenizer.feed(UnsafeRawBufferPointer(rebasing: raw[start..<end])) { (event: Tokenizer.Event) -> Void in
                out.append(Token(event))
            }
            start = end
        }
    }
    tokenizer.finish { (event: Tokenizer.Event) -> Void in out.append(Token(event)) }
    return out
}

final class TokenizerTests: XCTestCase {
    // MARK: - Separators and sentences

    func testEmptyInputGivesNoEvents() {
        XCTAssertEqual(tokens(""), [])
        // An empty chunk followed by finish, and finish alone.
        var tokenizer = Tokenizer()
        var events = [Token]()
        tokenizer.feed(UnsafeRawBufferPointer(start: nil, count: 0)) { (e: Tokenizer.Event) -> Void in events.append(Token(e)) }
        tokenizer.finish { (e: Tokenizer.Event) -> Void in events.append(Token(e)) }
        XCTAssertEqual(events, [])
    }

    func testOnlyWhitespaceGivesOnlySentenceEnds() {
        XCTAssertEqual(tokens("   \t \r \u{0B}\u{0C}  "), [])
        XCTAssertEqual(tokens("\n"), [.end])
        XCTAssertEqual(tokens(" \n\n \r\n"), [.end, .end, .end])
    }

    func testSimpleWordsAndSentenceEnds() {
        XCTAssertEqual(tokens("the cat sat\non the mat\n"),
                       [.w("the"), .w("cat"), .w("sat"), .end, .w("on"), .w("the"), .w("mat"), .end])
        // Runs of separators make no empty words; leading separators are skipped.
        XCTAssertEqual(tokens("   a    b   "), [.w("a"), .w("b")])
        // Every newline is a sentence end, even on an empty line.
        XCTAssertEqual(tokens("a\n\n\nb"), [.w("a"), .end, .end, .end, .w("b")])
        XCTAssertEqual(tokens("\na"), [.end, .w("a")])
    }

    func testWordAtEndWithoutTrailingSeparator() {
        XCTAssertEqual(tokens("x"), [.w("x")])
        XCTAssertEqual(tokens("hello world"), [.w("hello"), .w("world")])
        XCTAssertEqual(tokens("a\nlast"), [.w("a"), .end, .w("last")])
    }

    func testCRLFCarriageReturnIsWhitespaceNewlineEndsSentence() {
        XCTAssertEqual(tokens("one two\r\nthree\r\n\r\nfour"),
                       [.w("one"), .w("two"), .end, .w("three"), .end, .end, .w("four")])
        // \r alone never ends a sentence nor sticks to a word.
        XCTAssertEqual(tokens("a\rb\r"), [.w("a"), .w("b")])
    }

    func testTabVerticalTabFormFeedAreSeparatorsButNotSentenceEnds() {
        XCTAssertEqual(tokens("a\tb\u{0B}c\u{0C}d e"), [.w("a"), .w("b"), .w("c"), .w("d"), .w("e")])
        XCTAssertEqual(tokens("\t\u{0B}\u{0C}x\t\n"), [.w("x"), .end])
    }

    func testEveryByteClassifiedExactlyAsDocumented() {
        // Separators: NUL, 9...13, 32. Every other byte, including 0x7F, 0x85, 0xA0 and 1...8, 14...31,
        // belongs to a word.
        for byte in UInt8.min...UInt8.max {
            let expected = byte == 0 || byte == 32 || (9...13).contains(byte)
            XCTAssertEqual(Tokenizer.isSeparator(byte), expected, "byte \(byte)")
            let events = tokens([UInt8(ascii: "a"), byte, UInt8(ascii: "b")])
            if byte == 10 {
                XCTAssertEqual(events, [.w("a"), .end, .w("b")])
            } else if expected {
                XCTAssertEqual(events, [.w("a"), .w("b")], "byte \(byte)")
            } else {
                XCTAssertEqual(events, [.word([UInt8(ascii: "a"), byte, UInt8(ascii: "b")])], "byte \(byte)")
            }
        }
    }

    func testNULBytesSeparateWords() {
        let bytes: [UInt8] = [0, 0x61, 0x62, 0, 0x63, 0, 0, 0x64, 0x0A, 0, 0x65, 0]
        XCTAssertEqual(tokens(bytes), [.w("ab"), .w("c"), .w("d"), .end, .w("e")])
    }

    func testInvalidUTF8BytesAreKeptVerbatim() {
        // Lone continuation bytes, an overlong encoding, a truncated sequence, 0xFF/0xFE and Latin-1 text.
        let word1: [UInt8] = [0x80, 0xBF, 0x41]
        let word2: [UInt8] = [0xC0, 0xAF]
        let word3: [UInt8] = [0x61, 0xE2, 0x82]       // "a" + 2 of the 3 bytes of "€"
        let word4: [UInt8] = [0xFF, 0xFE, 0xFD]
        let word5: [UInt8] = [0x63, 0x61, 0x66, 0xE9] // "café" in Latin-1
        let input = word1 + [32] + word2 + [9] + word3 + [10] + word4 + [32] + word5
        XCTAssertEqual(tokens(input), [.word(word1), .word(word2), .word(word3), .end, .word(word4), .word(word5)])
    }

    func testValidUTF8WordsAreKeptWhole() {
        // Non-ASCII whitespace (U+00A0, U+3000) is not a separator: only ASCII whitespace is.
        XCTAssertEqual(tokens("naïve 東京 😀x a\u{00A0}b c\u{3000}d"),
                       [.w("naïve"), .w("東京"), .w("😀x"), .w("a\u{00A0}b"), .w("c\u{3000}d")])
    }

    // MARK: - Over-long words

    func testWordsUpToTheLimitAreKeptWhole() {
        XCTAssertEqual(Tokenizer.maxWordBytes, 100)
        for length in [99, 100] {
            let word = [UInt8](repeating: UInt8(ascii: "q"), count: length)
            XCTAssertEqual(tokens(word + [32] + word), [.word(word), .word(word)])
        }
    }

    func testASCIIWordOverTheLimitIsCutTo100Bytes() {
        let word = (0..<250).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let expected = Token.word(Array(word.prefix(100)))
        XCTAssertEqual(tokens(word), [expected])
        XCTAssertEqual(tokens([UInt8(ascii: "x"), 32] + word + [10, UInt8(ascii: "y")]),
                       [.w("x"), expected, .end, .w("y")])
        XCTAssertEqual(tokens(Array(word.prefix(101))), [expected])
    }

    /// A multi-byte character that straddles byte 100 is dropped whole; one that ends exactly at byte
    /// 100 is kept. Checked for 2-, 3- and 4-byte characters at every offset around the limit.
    func testCutNeverSplitsAMultiByteCharacter() {
        let characters: [(String, Int)] = [("é", 2), ("€", 3), ("😀", 4)]
        for (character, width) in characters {
            let encoded = Array(character.utf8)
            XCTAssertEqual(encoded.count, width)
            for prefixLength in (100 - width - 2)...101 {
                let prefix = [UInt8](repeating: UInt8(ascii: "a"), count: prefixLength)
                let word = prefix + encoded + [UInt8](repeating: UInt8(ascii: "z"), count: 20)
                let expectedLength: Int
                if prefixLength + width <= 100 {
                    expectedLength = 100                 // the character fits; "z"s fill up to 100
                } else if prefixLength < 100 {
                    expectedLength = prefixLength        // the character straddles: drop it whole
                } else {
                    expectedLength = 100                 // the character starts at or after the limit
                }
                let expected = Token.word(Array(word.prefix(expectedLength)))
                XCTAssertEqual(tokens(word), [expected], "\(width)-byte char after \(prefixLength) bytes")
                // The same through every chunking that splits the word near the limit.
                for split in [1, 3, 7, 50, 99, 100, 101, 102] {
                    XCTAssertEqual(tokens(word, chunkSizes: [split]), [expected],
                                   "\(width)-byte char after \(prefixLength) bytes, chunks of \(split)")
                }
                // The kept bytes decode as valid UTF-8.
                if case .word(let kept) = expected {
                    XCTAssertNotNil(String(validating: kept, as: UTF8.self))
                }
            }
        }
    }

    func testAllMultiByteWordIsCutOnCharacterBoundary() {
        // 40 x "€" = 120 bytes: 33 whole characters (99 bytes) fit.
        let euro = String(repeating: "€", count: 40)
        XCTAssertEqual(tokens(euro), [.w(String(repeating: "€", count: 33))])
        // 30 x "😀" = 120 bytes: 25 whole characters (100 bytes) fit exactly.
        let smile = String(repeating: "😀", count: 30)
        XCTAssertEqual(tokens(smile), [.w(String(repeating: "😀", count: 25))])
        // 60 x "é" = 120 bytes: 50 characters (100 bytes).
        XCTAssertEqual(tokens(String(repeating: "é", count: 60)), [.w(String(repeating: "é", count: 50))])
        // "a" + 60 x "é": byte 100 is the second half of a character, so 99 bytes are kept.
        XCTAssertEqual(tokens("a" + String(repeating: "é", count: 60)), [.w("a" + String(repeating: "é", count: 49))])
    }

    func testCutOfInvalidContinuationRunKeeps100Bytes() {
        // A run of continuation bytes longer than any character cannot back up past three bytes: the
        // word is cut at 100 bytes as if it were ASCII.
        let word = [UInt8](repeating: UInt8(ascii: "a"), count: 90) + [UInt8](repeating: 0x80, count: 30)
        XCTAssertEqual(tokens(word), [.word(Array(word.prefix(100)))])
        // Exactly three continuation bytes before byte 100 and one at it, with no lead byte: also 100.
        let word2 = [UInt8](repeating: UInt8(ascii: "a"), count: 97) + [0x80, 0x80, 0x80, 0x80, 0x41]
        XCTAssertEqual(tokens(word2), [.word(Array(word2.prefix(100)))])
        // A lead byte three back is a whole 4-byte character cut at its start.
        let word3 = [UInt8](repeating: UInt8(ascii: "a"), count: 97) + [0xF0, 0x9F, 0x98, 0x80, 0x41]
        XCTAssertEqual(tokens(word3), [.word(Array(word3.prefix(97)))])
    }

    func testTenMegabyteSingleTokenIsCutWithoutCrash() throws {
        let size = 10 << 20
        var big = [UInt8](repeating: UInt8(ascii: "w"), count: size)
        // A 3-byte character straddling the limit, so the cut has to back up.
        big.replaceSubrange(99..<102, with: Array("€".utf8))
        let whole = tokens(big + [10] + Array("tail".utf8))
        let chunked = tokens(big, chunkSizes: [65_536, 1, 4096, 1 << 20])
        let expected = Token.word(Array(big.prefix(99)))
        XCTAssertEqual(whole, [expected, .end, .w("tail")])
        XCTAssertEqual(chunked, [expected])
    }

    // MARK: - Chunked input

    /// Feeding the same text in every chunk size from 1 to its length gives exactly the events of the
    /// whole text: words split across chunks are carried over, whatever the split.
    func testEveryChunkSizeGivesTheSameEvents() {
        var text = Array("The quick\tbrown  fox\r\njumps\n\nover 😀 the lazy dog\u{0C}naïve東京".utf8)
        text += [0, 0x80, 0xFF, 0x41, 32]
        text += (0..<130).map { _ in UInt8(ascii: "L") }       // over-long word crossing many chunks
        text += Array(" mid \n".utf8)
        text += Array(String(repeating: "€", count: 45).utf8)   // over-long multi-byte word
        text += Array("\nend".utf8)                            // no trailing separator
        let whole = tokens(text)
        XCTAssertEqual(whole.count, 21)
        XCTAssertEqual(whole.first, .w("The"))
        XCTAssertEqual(whole.last, .w("end"))
        XCTAssertTrue(whole.contains(.word([UInt8](repeating: UInt8(ascii: "L"), count: 100))))
        XCTAssertTrue(whole.contains(.w(String(repeating: "€", count: 33))))
        for size in 1...text.count {
            XCTAssertEqual(tokens(text, chunkSizes: [size]), whole, "chunk size \(size)")
        }
        // Irregular chunkings, including empty chunks.
        for sizes in [[1, 2, 3], [0, 5, 0, 1], [7, 13, 0], [101, 1], [100, 2, 99]] {
            XCTAssertEqual(tokens(text, chunkSizes: sizes), whole, "chunk sizes \(sizes)")
        }
    }

    func testRandomChunkingsOfARandomText() {
        var rng = SplitMix64(seed: 12345)
        let alphabet: [UInt8] = Array("ab é€😀".utf8) + [9, 10, 13, 0, 0x80, 0xFF]
        for round in 0..<30 {
            var text = [UInt8]()
            for _ in 0..<(300 + rng.nextBelow(400)) {
                if rng.nextBelow(50) == 0 {
                    text += [UInt8](repeating: UInt8(ascii: "k"), count: 90 + rng.nextBelow(30))
                } else {
                    text.append(alphabet[rng.nextBelow(alphabet.count)])
                }
            }
            let whole = tokens(text)
            let sizes = (0..<10).map { _ in rng.nextBelow(40) + (rng.nextBelow(4) == 0 ? 0 : 1) }
            XCTAssertEqual(tokens(text, chunkSizes: sizes), whole, "round \(round) sizes \(sizes)")
        }
    }

    func testWordSplitAcrossTwoChunks() {
        var tokenizer = Tokenizer()
        var events = [Token]()
        let emit = { (e: Tokenizer.Event) -> Void in events.append(Token(e)) }
        for part in ["hel", "lo wo", "", "rld", "\nfoo"] {
            var part = part
            part.withUTF8 { tokenizer.feed(UnsafeRawBufferPointer($0), emit) }
        }
        XCTAssertEqual(events, [.w("hello"), .w("world"), .end], "the open word waits for more input")
        tokenizer.finish(emit)
        XCTAssertEqual(events, [.w("hello"), .w("world"), .end, .w("foo")])
        // finish leaves the tokenizer empty: calling it again emits nothing, and it can be reused.
        tokenizer.finish(emit)
        XCTAssertEqual(events.count, 4)
        var more = "bar baz"
        more.withUTF8 { tokenizer.feed(UnsafeRawBufferPointer($0), emit) }
        tokenizer.finish(emit)
        XCTAssertEqual(events, [.w("hello"), .w("world"), .end, .w("foo"), .w("bar"), .w("baz")])
    }

    func testEmitErrorsPropagate() {
        struct Stop: Error {}
        var seen = 0
        var caught = false
        Array("a b c d".utf8).withUnsafeBytes { raw in
            do {
                try Tokenizer.forEachEvent(in: raw) { (_: Tokenizer.Event) throws(Stop) -> Void in
                    seen += 1
                    if seen == 2 { throw Stop() }
                }
            } catch {
                caught = true
            }
        }
        XCTAssertTrue(caught)
        XCTAssertEqual(seen, 2, "no event after the one that threw")
    }

    // MARK: - CorpusFile

    private func events(of file: CorpusFile, in range: Range<Int>? = nil, chunkBytes: Int = CorpusFile.chunkBytes) throws -> [Token] {
        var out = [Token]()
        try file.forEachEvent(in: range, chunkBytes: chunkBytes) { (e: Tokenizer.Event) throws(W2VError) -> Void in
            out.append(Token(e))
        }
        return out
    }

    func testCorpusFileStreamsAFileBiggerThanOneChunk() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("big.txt")
        // ~3 MiB of numbered words on lines of varying length, so words straddle the 1 MiB chunk edges.
        var text = [UInt8]()
        var expected = [Token]()
        var n = 0
        while text.count < 3 * CorpusFile.chunkBytes + 12345 {
            let word = "w\(n)"
            text += Array(word.utf8)
            expected.append(.w(word))
            if n % 17 == 16 {
                text.append(10)
                expected.append(.end)
            } else {
                text.append(n % 5 == 0 ? 9 : 32)
            }
            n += 1
        }
        text += Array("final".utf8)
        expected.append(.w("final"))
        try Data(text).write(to: url)
        let file = CorpusFile(path: url.path)
        XCTAssertEqual(try file.byteCount(), text.count)
        XCTAssertGreaterThan(text.count, 3 * CorpusFile.chunkBytes)
        let got = try events(of: file)
        XCTAssertEqual(got.count, expected.count)
        XCTAssertEqual(got, expected)
        XCTAssertEqual(got, tokens(text))
        // Small odd chunk sizes give the same.
        XCTAssertEqual(try events(of: file, chunkBytes: 4093), expected)
    }

    func testCorpusFileLongSingleLine() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("line.txt")
        // 2.5 MiB on one line, no newline at all, ending in a word.
        var text = [UInt8]()
        var words = 0
        while text.count < 5 * CorpusFile.chunkBytes / 2 {
            text += Array("tok\(words % 1000) ".utf8)
            words += 1
        }
        text += Array("last".utf8)
        words += 1
        try Data(text).write(to: url)
        let got = try events(of: CorpusFile(path: url.path))
        XCTAssertEqual(got.count, words)
        XCTAssertFalse(got.contains(.end))
        XCTAssertEqual(got.first, .w("tok0"))
        XCTAssertEqual(got.last, .w("last"))
        XCTAssertEqual(got, tokens(text))
    }

    func testCorpusFileWithOneHugeTokenSpanningChunks() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("huge.txt")
        var text = Array("a ".utf8)
        text += [UInt8](repeating: UInt8(ascii: "h"), count: 3 * CorpusFile.chunkBytes)
        text += Array(" b\n".utf8)
        try Data(text).write(to: url)
        XCTAssertEqual(try events(of: CorpusFile(path: url.path)),
                       [.w("a"), .word([UInt8](repeating: UInt8(ascii: "h"), count: 100)), .w("b"), .end])
    }

    func testCorpusFileEmptyFile() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("empty.txt")
        try Data().write(to: url)
        XCTAssertEqual(try events(of: CorpusFile(path: url.path)), [])
        XCTAssertEqual(try CorpusFile(path: url.path).byteCount(), 0)
    }

    func testCorpusFileMissingFileIsIOErrorNamingThePath() throws {
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("no-such-file.txt").path
        XCTAssertThrowsError(try events(of: CorpusFile(path: path))) { error in
            guard case W2VError.io(let message) = error else { return XCTFail("expected .io, got \(error)") }
            XCTAssertTrue(message.contains(path), message)
            XCTAssertTrue(message.contains("No such file"), message)
        }
        XCTAssertThrowsError(try CorpusFile(path: path).byteCount()) { error in
            guard case W2VError.io(let message) = error else { return XCTFail("expected .io, got \(error)") }
            XCTAssertTrue(message.contains(path), message)
        }
    }

    func testCorpusFileOnADirectoryIsIOError() throws {
        let dir = try temporaryDirectory(self)
        XCTAssertThrowsError(try events(of: CorpusFile(path: dir.path))) { error in
            guard case W2VError.io(let message) = error else { return XCTFail("expected .io, got \(error)") }
            XCTAssertTrue(message.contains(dir.path), message)
            XCTAssertTrue(message.contains("directory"), message)
        }
    }

    func testCorpusFileEmitErrorStopsTheScan() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("c.txt")
        try Data("a b c d e".utf8).write(to: url)
        var seen = 0
        XCTAssertThrowsError(try CorpusFile(path: url.path).forEachEvent { (_: Tokenizer.Event) throws(W2VError) -> Void in
            seen += 1
            if seen == 3 { throw .aborted("stop") }
        }) { error in
            XCTAssertEqual(error as? W2VError, .aborted("stop"))
        }
        XCTAssertEqual(seen, 3)
    }

    /// The ranges of `partition` cover the file without gaps and never split a word, so the events of
    /// all ranges in order are exactly the events of the whole file.
    func testCorpusFilePartitionsConcatenateToTheWholeFile() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("p.txt")
        var rng = SplitMix64(seed: 3)
        var text = [UInt8]()
        for i in 0..<5000 {
            text += Array("word\(rng.nextBelow(300))".utf8)
            if i % 50 == 0 { text += [UInt8](repeating: UInt8(ascii: "x"), count: 150) }
            text.append(rng.nextBelow(10) == 0 ? 10 : 32)
        }
        try Data(text).write(to: url)
        let file = CorpusFile(path: url.path)
        let whole = try events(of: file)
        for parts in [1, 2, 3, 7, 16] {
            let ranges = try file.partition(parts: parts)
            XCTAssertEqual(ranges.count, parts)
            XCTAssertEqual(ranges.first?.lowerBound, 0)
            XCTAssertEqual(ranges.last?.upperBound, text.count)
            for j in 1..<ranges.count {
                XCTAssertEqual(ranges[j - 1].upperBound, ranges[j].lowerBound, "gap between ranges")
                let cut = ranges[j].lowerBound
                if cut > 0 && cut < text.count {
                    XCTAssertTrue(Tokenizer.isSeparator(text[cut - 1]), "range \(j) starts inside a word")
                }
            }
            var joined = [Token]()
            for range in ranges {
                joined += try events(of: file, in: range, chunkBytes: 1000)
            }
            XCTAssertEqual(joined, whole, "\(parts) parts")
        }
    }
}

/// The word-at-a-time scan for word ends (`Tokenizer.separatorIndex`) against a byte-by-byte reference.
final class SeparatorScanTests: XCTestCase {
    /// Texts dense in the bytes the 8-byte test must tell apart: control bytes that are not
    /// separators (1-8, 14-31, which stay inside words), every separator, bytes at 32/33 and above 127,
    /// at every offset from 8-byte boundaries; each chunked several ways.
    func testTheScanFindsWhatAByteLoopFinds() {
        let alphabet: [UInt8] = [0, 1, 8, 9, 10, 11, 12, 13, 14, 31, 32, 33, 65, 97, 127, 128, 200, 255]
        var rng = SplitMix64(seed: 17)
        for length in 0..<80 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in alphabet[rng.nextBelow(alphabet.count)] }
                var reference = [Token]()
                var word = [UInt8]()
                for byte in bytes {
                    if byte == 0 || byte == 32 || (9...13).contains(byte) {
                        if !word.isEmpty { reference.append(.word(word)); word = [] }
                        if byte == 10 { reference.append(.end) }
                    } else {
                        word.append(byte)
                    }
                }
                if !word.isEmpty { reference.append(.word(word)) }
                XCTAssertEqual(tokens(bytes), reference, "\(bytes)")
                XCTAssertEqual(tokens(bytes, chunkSizes: [1 + rng.nextBelow(9)]), reference, "\(bytes), chunked")
                bytes.withUnsafeBufferPointer { buffer in
                    for from in 0..<buffer.count {
                        var end = from
                        while end < buffer.count && !Tokenizer.isSeparator(buffer[end]) { end += 1 }
                        XCTAssertEqual(Tokenizer.separatorIndex(buffer, from: from), end, "\(bytes) from \(from)")
                    }
                }
            }
        }
    }
}
