import XCTest
@testable import W2VCore

/// fastText's n-grams and hash. The expected hashes were computed outside the library by a C program
/// with fastText's expression `h ^= uint32_t(int8_t(c)); h *= 16777619` (gcc, x86-64).
final class SubwordNgramTests: XCTestCase {
    private func ngrams(_ word: String, minN: Int, maxN: Int) -> [String] {
        let bytes = Array(word.utf8).withUnsafeBufferPointer { CharacterNgrams.bracketed($0) }
        var result = [String]()
        CharacterNgrams.forEach(in: bytes, minN: minN, maxN: maxN) { result.append(String(decoding: bytes[$0], as: UTF8.self)) }
        return result
    }

    func testHashIsFNV1aWithSignExtendedBytes() {
        XCTAssertEqual(FastTextHash.hash("".utf8), 2_166_136_261)
        XCTAssertEqual(FastTextHash.hash("a".utf8), 3_826_002_220)       // FNV-1a's published value for "a"
        XCTAssertEqual(FastTextHash.hash("<wh".utf8), 1_048_167_652)
        XCTAssertEqual(FastTextHash.hash("<where>".utf8), 2_319_392_596)
        // Bytes >= 0x80 enter sign-extended: these differ from plain FNV-1a.
        XCTAssertEqual(FastTextHash.hash("<é".utf8), 672_036_627)
        XCTAssertEqual(FastTextHash.hash("<été>".utf8), 2_778_999_949)
        XCTAssertEqual(FastTextHash.hash("日本".utf8), 4_164_387_409)
        XCTAssertEqual(FastTextHash.hash("<日本>".utf8), 3_315_313_759)
        var plain: UInt32 = 2_166_136_261
        for byte in "<é".utf8 { plain = (plain ^ UInt32(byte)) &* 16_777_619 }
        XCTAssertNotEqual(plain, FastTextHash.hash("<é".utf8))
    }

    func testNgramsOfAnASCIIWordAtFastTextsDefaults() {
        XCTAssertEqual(ngrams("where", minN: 3, maxN: 6), [
            "<wh", "<whe", "<wher", "<where", "whe", "wher", "where", "where>", "her", "here", "here>",
            "ere", "ere>", "re>"])
    }

    func testTheWholeBracketedWordIsAnNgramWhenItsLengthIsInRange() {
        XCTAssertEqual(ngrams("ab", minN: 3, maxN: 6), ["<ab", "<ab>", "ab>"])
        XCTAssertEqual(ngrams("ab", minN: 3, maxN: 3), ["<ab", "ab>"])
    }

    func testBoundaryMarkersAloneAreNotNgrams() {
        XCTAssertEqual(ngrams("ab", minN: 1, maxN: 2), ["<a", "a", "ab", "b", "b>"])
    }

    func testMultiByteCharactersAreNeverSplit() {
        // é is two bytes, 日 and 本 three: n counts characters.
        XCTAssertEqual(ngrams("été", minN: 3, maxN: 6), ["<ét", "<été", "<été>", "été", "été>", "té>"])
        XCTAssertEqual(ngrams("日本", minN: 2, maxN: 3), ["<日", "<日本", "日本", "日本>", "本>"])
    }

    func testBucketsAreTheHashModuloTheBucketCount() throws {
        let settings = try SubwordSettings(minN: 3, maxN: 6, buckets: 2_000_000)
        let buckets = Array("été".utf8).withUnsafeBufferPointer { settings.buckets(of: $0) }
        // <ét, <été, <été>, été, été>, té> ; hashes from the C program above, modulo 2,000,000.
        XCTAssertEqual(buckets.count, 6)
        XCTAssertEqual(buckets[0], 1_908_133)
        XCTAssertEqual(buckets[2], 999_949)
        XCTAssertEqual(buckets[3], 187_927)
        // <日本, <日本>, 日本>: the middle one is the whole word.
        let japanese = Array("日本".utf8).withUnsafeBufferPointer { settings.buckets(of: $0) }
        XCTAssertEqual(japanese.count, 3)
        XCTAssertEqual(japanese[1], 1_313_759)
        let few = try SubwordSettings(minN: 3, maxN: 6, buckets: 7)
        XCTAssertEqual(Array("été".utf8).withUnsafeBufferPointer { few.buckets(of: $0) }[2], Int32(2_778_999_949 % 7))
    }

    func testInvalidUTF8NeitherTrapsNorSplitsAtContinuationBytes() {
        // A stray continuation byte first: skipped as an n-gram start, joined to the marker before it.
        let bytes: [UInt8] = [0x80, 0x41, 0xFF, 0xC3]
        let bracketed = bytes.withUnsafeBufferPointer { CharacterNgrams.bracketed($0) }
        var starts = [Int]()
        CharacterNgrams.forEach(in: bracketed, minN: 1, maxN: 6) { starts.append($0.lowerBound) }
        XCTAssertFalse(starts.contains(1))
        XCTAssertFalse(starts.isEmpty)
    }

    func testSettingsAreValidated() {
        XCTAssertThrowsError(try SubwordSettings(minN: 0, maxN: 6, buckets: 10))
        XCTAssertThrowsError(try SubwordSettings(minN: 4, maxN: 3, buckets: 10))
        XCTAssertThrowsError(try SubwordSettings(minN: 3, maxN: 6, buckets: 0))
        XCTAssertThrowsError(try SubwordSettings(minN: 3, maxN: 6, buckets: Int(Int32.max) + 1))
        XCTAssertNoThrow(try SubwordSettings(minN: 3, maxN: 3, buckets: 1))
    }

    func testTheTableHoldsEachWordsBucketsAndSkipsTheSentenceEnd() throws {
        let counter = WordCounter()
        counter.add("where where where été été </s> </s> </s> </s>")
        let vocabulary = try Vocabulary(counter: counter, minCount: 1, maxSize: 0)
        let settings = try SubwordSettings(minN: 3, maxN: 6, buckets: 2_000_000)
        let table = SubwordTable(vocabulary: vocabulary, settings: settings)
        XCTAssertEqual(table.wordCount, 3)
        let end = try XCTUnwrap(vocabulary.index(of: "</s>"))
        let ete = try XCTUnwrap(vocabulary.index(of: "été"))
        XCTAssertTrue(table.buckets(of: end).isEmpty)
        XCTAssertEqual(Array(table.buckets(of: ete)), Array("été".utf8).withUnsafeBufferPointer { settings.buckets(of: $0) })
        XCTAssertEqual(table.buckets(of: try XCTUnwrap(vocabulary.index(of: "where"))).count, 14)
    }
}
