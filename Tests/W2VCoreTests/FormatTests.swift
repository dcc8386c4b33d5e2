import Foundation
import XCTest
@testable import W2VCore

final class FormatTests: XCTestCase {
    // MARK: Helpers

    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
    }

    private func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Writes `bytes` to a new file in the test's directory and returns its path.
    private func file(_ bytes: [UInt8], _ name: String = "input-\(UUID().uuidString)") throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func file(_ text: String) throws -> String {
        try file(Array(text.utf8))
    }

    private func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value -> [UInt8] in
            let bits = value.bitPattern.littleEndian
            return [UInt8(bits & 0xff), UInt8(bits >> 8 & 0xff), UInt8(bits >> 16 & 0xff), UInt8(bits >> 24)]
        }
    }

    private func model(_ words: [[UInt8]], _ vectors: [[Float]]) throws -> Model {
        let arena = words.flatMap { $0 }
        let vocabulary = try arena.withUnsafeBufferPointer { (all) throws(W2VError) -> Vocabulary in
            var start = 0
            var buffers: [UnsafeBufferPointer<UInt8>] = []
            for word in words {
                buffers.append(UnsafeBufferPointer(rebasing: all[start..<start + word.count]))
                start += word.count
            }
            return try Vocabulary(orderedWords: buffers, counts: [Int64](repeating: 0, count: words.count))
        }
        let matrix = try FloatMatrix(rows: words.count, columns: vectors.first?.count ?? 1)
        for (r, vector) in vectors.enumerated() {
            for (c, value) in vector.enumerated() { matrix.row(r)[c] = value }
        }
        return Model(vocabulary: vocabulary, vectors: matrix)
    }

    private func model(_ words: [String], _ vectors: [[Float]]) throws -> Model {
        try model(words.map { Array($0.utf8) }, vectors)
    }

    /// A model of `count` words with values from a seeded generator, some of them awkward to print.
    private func randomModel(count: Int, dim: Int, seed: UInt64) throws -> Model {
        var rng = SplitMix64(seed: seed)
        let special: [Float] = [0, -0.0, 0.1, -1e-5, .leastNonzeroMagnitude, -.leastNormalMagnitude,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1 / 3, 16_777_216, 1e-38, 123456.79]
        let words = (0..<count).map { "w\($0)" }
        let vectors = (0..<count).map { r in
            (0..<dim).map { c -> Float in
                if r == 0 && c < special.count { return special[c] }
                return (rng.nextUnitFloat() - 0.5) * (r % 3 == 0 ? 1 : r % 3 == 1 ? 1e-3 : 1e4)
            }
        }
        return try model(words, vectors)
    }

    private func words(_ model: Model) -> [[UInt8]] {
        (0..<model.vocabularySize).map { Array(model.vocabulary.table.word($0)) }
    }

    private func assertSameModel(_ a: Model, _ b: Model, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.vocabularySize, b.vocabularySize, "words", file: file, line: line)
        XCTAssertEqual(a.dim, b.dim, "dim", file: file, line: line)
        XCTAssertEqual(words(a), words(b), "words", file: file, line: line)
        guard a.vocabularySize == b.vocabularySize, a.dim == b.dim else { return }
        for i in 0..<a.input.count where a.input.base[i].bitPattern != b.input.base[i].bitPattern {
            XCTFail("value \(i): \(a.input.base[i]) != \(b.input.base[i])", file: file, line: line)
            return
        }
    }

    /// The error `body` throws, or a failure when it does not throw.
    private func error(_ body: () throws(W2VError) -> Void, file: StaticString = #filePath, line: UInt = #line) -> W2VError? {
        do {
            try body()
        } catch {
            return error
        }
        XCTFail("expected an error", file: file, line: line)
        return nil
    }

    /// Loading `path` as `format` fails with a format error whose message contains `message`.
    private func assertFormatError(_ path: String, _ format: FileFormat, _ message: String,
                                   file: StaticString = #filePath, line: UInt = #line) {
        guard let error = error({ () throws(W2VError) in _ = try Model.load(from: path, format: format) }, file: file, line: line) else { return }
        guard case .format(let text) = error else {
            return XCTFail("expected a format error, got \(error)", file: file, line: line)
        }
        XCTAssertTrue(text.contains(message), "'\(text)' does not contain '\(message)'", file: file, line: line)
    }

    private func assertFormatError(text: String, _ message: String, as format: FileFormat = .text,
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        assertFormatError(try self.file(text), format, message, file: file, line: line)
    }

    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
    }

    // MARK: Round trips

    func testTextRoundTripIsExact() throws {
        let original = try randomModel(count: 50, dim: 17, seed: 3)
        let target = path("vectors.txt")
        try original.save(to: target, format: .text)
        assertSameModel(original, try Model.load(from: target, format: .text))
        assertSameModel(original, try Model.load(from: target, format: .auto))
        XCTAssertEqual(try leftovers(), [])
        let loaded = try Model.load(from: target, format: .text)
        XCTAssertNil(loaded.output)
        XCTAssertEqual(loaded.vocabulary.counts, [Int64](repeating: 0, count: 50))
        XCTAssertEqual(loaded.vocabulary.index(of: "w7"), 7)
    }

    func testTextRoundTripOfRandomBitPatterns() throws {
        // Every kind of finite float, subnormals included, reads back from its shortest decimal form.
        var rng = SplitMix64(seed: 11)
        var values: [Float] = []
        while values.count < 40_000 {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            if value.isFinite { values.append(value) }
        }
        let original = try model((0..<400).map { "w\($0)" }, (0..<400).map { Array(values[$0 * 100..<($0 + 1) * 100]) })
        let target = path("bits.txt")
        try original.save(to: target, format: .text)
        assertSameModel(original, try Model.load(from: target, format: .text))
    }

    func testLastNumberAtTheEndOfAFullBuffer() throws {
        // The file is exactly one read buffer long and ends in a number without a newline, so the last
        // token is moved to the front of the buffer before the read that finds the end of the file.
        let size = BufferedReader.capacity
        var body: [UInt8] = []
        var rows = 0
        while body.count < size - 200 {
            body += Array("w\(rows) 1\n".utf8)
            rows += 1
        }
        rows += 1
        let header = Array("\(rows) 1\n".utf8)
        let last = [UInt8](repeating: UInt8(ascii: "z"), count: size - header.count - body.count - 2) + Array(" 7".utf8)
        let bytes = header + body + last
        XCTAssertEqual(bytes.count, size)
        let loaded = try Model.load(from: try file(bytes), format: .text)
        XCTAssertEqual(loaded.vector(rows - 1), [7])
    }

    func testBinaryRoundTripIsBitExact() throws {
        let original = try randomModel(count: 50, dim: 17, seed: 4)
        let target = path("vectors.bin")
        try original.save(to: target, format: .binary)
        var expectedSize = "50 17\n".utf8.count
        for r in 0..<50 { expectedSize += "w\(r) ".utf8.count + 17 * 4 + 1 }
        XCTAssertEqual(try bytes(target).count, expectedSize)
        assertSameModel(original, try Model.load(from: target, format: .binary))
        assertSameModel(original, try Model.load(from: target, format: .auto))
    }

    func testLargeFilesCrossManyBufferRefills() throws {
        // About 12 MB of text and 4 MB of binary: rows and words straddle the 2 MB read buffer.
        let original = try randomModel(count: 20_000, dim: 50, seed: 5)
        for format in [FileFormat.text, .binary] {
            let target = path("large.\(format)")
            try original.save(to: target, format: format)
            assertSameModel(original, try Model.load(from: target, format: format))
            assertSameModel(original, try Model.load(from: target, format: .auto))
        }
    }

    func testRowsLargerThanTheReadBuffer() throws {
        // One binary row of 4 MB is read straight into the matrix; a text row of ~3 MB is parsed across refills.
        let dim = 1_000_000
        var rng = SplitMix64(seed: 9)
        let vectors = (0..<2).map { _ in (0..<dim).map { _ in rng.nextUnitFloat() - 0.5 } }
        let original = try model(["first", "second"], vectors)
        for format in [FileFormat.text, .binary] {
            let target = path("wide.\(format)")
            try original.save(to: target, format: format)
            assertSameModel(original, try Model.load(from: target, format: .auto))
        }
    }

    func testNonUTF8WordsRoundTrip() throws {
        let words: [[UInt8]] = [[0xff, 0xfe], [0xe9, 0x74, 0xe9], [0xc3], Array("café".utf8), [0x80, 0x41]]
        let original = try model(words, words.indices.map { [Float($0), -Float($0) / 7] })
        for format in [FileFormat.text, .binary] {
            let target = path("latin1.\(format)")
            try original.save(to: target, format: format)
            let loaded = try Model.load(from: target, format: .auto)
            assertSameModel(original, loaded)
            for (i, word) in words.enumerated() {
                XCTAssertEqual(word.withUnsafeBufferPointer { loaded.vocabulary.index(of: $0) }, i)
            }
        }
    }

    func testLongWordsUpToTheLimit() throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: BufferedReader.maxTokenBytes)
        let original = try model([Array("a".utf8), long, Array("b".utf8)], [[1, 2], [3, 4], [5, 6]])
        for format in [FileFormat.text, .binary] {
            let target = path("long.\(format)")
            try original.save(to: target, format: format)
            assertSameModel(original, try Model.load(from: target, format: .auto))
        }
    }

    // MARK: Compatibility with word2vec.c and gensim

    /// What gensim 4.4's `save_word2vec_format(binary=True)` writes for these vectors (checked against
    /// gensim): no newline after a row.
    private let gensimBinary: [UInt8] = Array("2 3\na ".utf8) + [0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x40, 0x40]
        + Array("b ".utf8) + [0xcd, 0xcc, 0xcc, 0x3d, 0x00, 0x00, 0x00, 0xbf, 0xac, 0xc5, 0x27, 0x37]
    private let gensimText = "2 3\na 1.0 2.0 3.0\nb 0.1 -0.5 1e-05\n"
    private let expectedVectors: [[Float]] = [[1, 2, 3], [0.1, -0.5, 1e-5]]

    private func assertGensimVectors(_ loaded: Model, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(words(loaded), [Array("a".utf8), Array("b".utf8)], file: file, line: line)
        XCTAssertEqual(loaded.dim, 3, file: file, line: line)
        XCTAssertEqual(loaded.vector(0), expectedVectors[0], file: file, line: line)
        XCTAssertEqual(loaded.vector(1), expectedVectors[1], file: file, line: line)
    }

    func testReadsGensimBinaryBytes() throws {
        let path = try file(gensimBinary)
        assertGensimVectors(try Model.load(from: path, format: .binary))
        assertGensimVectors(try Model.load(from: path, format: .auto))
    }

    func testReadsAndWritesWord2VecCBinaryBytes() throws {
        // word2vec.c: fprintf("%s ", word), fwrite the floats, fprintf("\n").
        var expected = Array("2 3\na ".utf8) + floatBytes(expectedVectors[0]) + [10]
        expected += Array("b ".utf8) + floatBytes(expectedVectors[1]) + [10]
        let path = try file(expected)
        assertGensimVectors(try Model.load(from: path, format: .binary))
        assertGensimVectors(try Model.load(from: path, format: .auto))

        let target = self.path("saved.bin")
        try model(["a", "b"], expectedVectors).save(to: target, format: .binary)
        XCTAssertEqual(try bytes(target), expected)
        // The same bytes as gensim's but for the newline after each row.
        XCTAssertEqual(try bytes(target).filter { $0 != 10 }, gensimBinary.filter { $0 != 10 })
    }

    func testReadsAndWritesGensimTextBytes() throws {
        let path = try file(gensimText)
        assertGensimVectors(try Model.load(from: path, format: .text))
        assertGensimVectors(try Model.load(from: path, format: .auto))
        let target = self.path("saved.txt")
        try model(["a", "b"], expectedVectors).save(to: target, format: .text)
        XCTAssertEqual(String(decoding: try bytes(target), as: UTF8.self), gensimText)
    }

    func testReadsWord2VecCTextRows() throws {
        // word2vec.c: "%s " then "%lf " per value, so each row ends in a space before the newline.
        let path = try file("2 3\na 1.000000 2.000000 3.000000 \nb 0.100000 -0.500000 0.000010 \n")
        let loaded = try Model.load(from: path, format: .auto)
        XCTAssertEqual(loaded.vector(0), [1, 2, 3])
        XCTAssertEqual(loaded.vector(1), [0.1, -0.5, 0.00001])
    }

    func testLenientTextLayout() throws {
        // CRLF, tabs, several spaces, a blank line, no newline at the end, exponents and signs.
        let path = try file("2 3\r\n\ta\t1  2\t3\r\n\r\nb +1e0 -2.5E-1 .5")
        let loaded = try Model.load(from: path, format: .auto)
        XCTAssertEqual(words(loaded), [Array("a".utf8), Array("b".utf8)])
        XCTAssertEqual(loaded.vector(0), [1, 2, 3])
        XCTAssertEqual(loaded.vector(1), [1, -0.25, 0.5])
    }

    func testBinaryRowsWithAndWithoutNewlinesAndTrailingWhitespace() throws {
        var bytes = Array("3 2\n".utf8)
        bytes += Array("a ".utf8) + floatBytes([1, 2])                  // no newline
        bytes += Array("b ".utf8) + floatBytes([3, 4]) + [10, 10]       // two newlines
        bytes += Array("c ".utf8) + floatBytes([5, 6]) + Array("\n \n".utf8)
        let loaded = try Model.load(from: try file(bytes), format: .binary)
        XCTAssertEqual(words(loaded), ["a", "b", "c"].map { Array($0.utf8) })
        XCTAssertEqual((0..<3).map { loaded.vector($0) }, [[1, 2], [3, 4], [5, 6]])
    }

    // MARK: Detection

    func testDetectsTextAndBinary() throws {
        // Binary files of many random models, including tiny dimensions, are never taken for text.
        for seed in 0..<300 as Range<UInt64> {
            let dim = 2 + Int(seed % 7)
            let original = try randomModel(count: 3, dim: dim, seed: seed)
            var bytes = Array("3 \(dim)\n".utf8)
            for r in 0..<3 { bytes += Array("w\(r) ".utf8) + floatBytes(original.vector(r)) + [10] }
            let loaded = try Model.load(from: try file(bytes, "detect-\(seed).bin"), format: .auto)
            assertSameModel(original, loaded)
        }
        // Text with one dimension and long numbers, or short numbers (the row shorter than 4 * dim bytes),
        // with a non-ASCII second word.
        XCTAssertEqual(try Model.load(from: try file("1 1\nx -0.12345678901234567890123\n"), format: .auto).vector(0), [-0.12345679])
        let short = try Model.load(from: try file("2 8\nx 0 0 0 0 0 0 0 1\nété 1 1 1 1 1 1 1 1\n"), format: .auto)
        XCTAssertEqual(short.vector(0), [0, 0, 0, 0, 0, 0, 0, 1])
        // A text file with a mistake in its first row is still read as text, so the message is about the numbers.
        try assertFormatError(text: "2 3\na 1 2\nb 1 2 3\n", "row 1 ('a'): expected 3 floats, found 2", as: .auto)
        try assertFormatError(text: "1 3\na 1 x 3\n", "row 1 ('a'): value 2 'x' is not a number", as: .auto)
    }

    // MARK: Errors

    func testMissingFileAndDirectoryAreIOErrors() throws {
        let missing = path("does-not-exist.bin")
        for format in [FileFormat.auto, .text, .binary] {
            guard let error = error({ () throws(W2VError) in _ = try Model.load(from: missing, format: format) }) else { continue }
            guard case .io(let message) = error else { XCTFail("expected an I/O error, got \(error)"); continue }
            XCTAssertTrue(message.contains(missing), message)
        }
        guard let error = error({ () throws(W2VError) in _ = try Model.load(from: directory.path, format: .auto) }) else { return }
        guard case .io = error else { return XCTFail("expected an I/O error, got \(error)") }
    }

    func testHeaderErrors() throws {
        for format in [FileFormat.auto, .text, .binary] {
            assertFormatError(try file([]), format, "is empty")
            try assertFormatError(text: "\n", "header: expected '<words> <dimensions>'", as: format)
            try assertFormatError(text: "two three\na 1 2 3\n", "header: expected '<words> <dimensions>' on the first line, found 'two three'", as: format)
            try assertFormatError(text: "-2 3\na 1 2 3\n", "header", as: format)
            try assertFormatError(text: "2\na 1 2 3\n", "header", as: format)
            try assertFormatError(text: "2 3 4\na 1 2 3\n", "header", as: format)
            try assertFormatError(text: "2 3.5\na 1 2 3\n", "header", as: format)
            try assertFormatError(text: "2 0\na\n", "dimension 0", as: format)
            try assertFormatError(text: "0 3\n", "0 words", as: format)
            try assertFormatError(text: "99999999999999999999999 3\na 1 2 3\n", "cannot fit", as: format)
            try assertFormatError(text: "1000000000000 1000000\na 1 2 3\n", "cannot fit", as: format)
            try assertFormatError(text: "3 1000000\na 1 2 3\n", "cannot fit", as: format)
            assertFormatError(try file([UInt8](repeating: UInt8(ascii: "1"), count: 5000)), format, "without a line break")
        }
        // Announces more rows than the file could hold in binary, though not in text.
        try assertFormatError(text: "3 2\na 1 2\nb 3 4\nc 5 6\n", "cannot fit", as: .binary)
    }

    func testTextRowErrors() throws {
        try assertFormatError(text: "2 3\na 1 2 3\nb 1 2\n", "row 2 ('b'): expected 3 floats, found 2")
        try assertFormatError(text: "2 3\na 1.0 2.0 3.0\nb\n", "row 2 ('b'): expected 3 floats, found 0")
        try assertFormatError(text: "2 3\na 1 2 3 4 5\nb 1 2 3\n", "row 1 ('a'): expected 3 floats, found 5")
        try assertFormatError(text: "2 3\na 1 2 3\nb 1 2 x\n", "row 2 ('b'): value 3 'x' is not a number")
        try assertFormatError(text: "2 3\na 1 2 3\nb 1 2.5.1 3\n", "row 2 ('b'): value 2 '2.5.1' is not a number")
        try assertFormatError(text: "2 3\na 1 2 3\nb 1,5 2 3\n", "row 2 ('b'): value 1 '1,5' is not a number")
        try assertFormatError(text: "2 3\na 1 nan 3\nb 1 2 3\n", "row 1 ('a'): value 2 'nan' is not a finite float")
        try assertFormatError(text: "2 3\na 1 2 -inf\nb 1 2 3\n", "row 1 ('a'): value 3 '-inf' is not a finite float")
        try assertFormatError(text: "2 3\na 1 2 3\nb 1 1e39 3\n", "row 2 ('b'): value 2 '1e39' is not a finite float")
        try assertFormatError(text: "2 3\na 1 2 3\nbbbb 1 2", "row 2 ('bbbb'): expected 3 floats, found 2")
        try assertFormatError(text: "3 3\na 1 2 3\nb 1 2 3\na 4 5 6\n", "word 'a' appears twice (rows 1 and 3)")
        try assertFormatError(text: "3 2\na 1 2\nb 1 2\n\n  \n", "the header announces 3 words but the file ends after 2 rows")
        try assertFormatError(text: "1 2\na 1 2\nb 1 2\n", "the header announces 1 word but more follows row 1: 'b'")
        assertFormatError(try file(Array("1 2\na".utf8) + [0] + Array("b 1 2\n".utf8)), .text, "row 1 ('a?b'): the word contains a NUL byte")
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: BufferedReader.maxTokenBytes + 1)
        assertFormatError(try file(Array("1 2\n".utf8) + long + Array(" 1 2\n".utf8)), .text, "row 1: the word is longer than 1048576 bytes")
        // Trailing whitespace after the last row is fine.
        XCTAssertEqual(try Model.load(from: try file("1 2\na 1 2\n\n \t\n"), format: .text).vector(0), [1, 2])
    }

    func testBinaryRowErrors() throws {
        // Words long enough that the header's size check passes and the rows themselves are read.
        let header = Array("2 3\n".utf8)
        let a = Array("alpha ".utf8) + floatBytes([1, 2, 3]) + [10]
        let b = String(repeating: "b", count: 30)
        assertFormatError(try file(header + a + Array("\(b) ".utf8) + floatBytes([1, 2]).prefix(5)), .binary,
                          "row 2 ('\(b)'): expected 3 floats (12 bytes), the file ends after 5 bytes")
        assertFormatError(try file(header + a + Array("\(b) ".utf8)), .binary,
                          "row 2 ('\(b)'): expected 3 floats (12 bytes), the file ends after 0 bytes")
        assertFormatError(try file(header + a + Array(b.utf8)), .binary, "row 2 ('\(b)'): the file ends inside the word")
        let longA = Array("\(String(repeating: "a", count: 40)) ".utf8) + floatBytes([1, 2, 3]) + [10]
        assertFormatError(try file(header + longA), .binary, "the header announces 2 words but the file ends after 1 row")
        assertFormatError(try file(header + a + Array("alpha ".utf8) + floatBytes([4, 5, 6])), .binary,
                          "word 'alpha' appears twice (rows 1 and 2)")
        assertFormatError(try file(header + a + Array("b ".utf8) + floatBytes([1, .nan, 3])), .binary,
                          "row 2 ('b'): value 2 is nan, not a finite float")
        assertFormatError(try file(header + a + Array("b ".utf8) + floatBytes([1, 2, -.infinity])), .binary,
                          "row 2 ('b'): value 3 is -inf, not a finite float")
        assertFormatError(try file(header + a + Array("b ".utf8) + floatBytes([1, 2, 3]) + Array("\nc ".utf8) + floatBytes([1, 2, 3])),
                          .binary, "the header announces 2 words but more follows row 2: 'c ")
        assertFormatError(try file(header + a + Array("b\0c ".utf8) + floatBytes([1, 2, 3])), .binary,
                          "row 2 ('b?c'): the word contains a NUL byte")
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: BufferedReader.maxTokenBytes + 1)
        assertFormatError(try file(Array("1 2\n".utf8) + long + Array(" ".utf8) + floatBytes([1, 2])), .binary,
                          "row 1: the word is longer than 1048576 bytes")
        // A file cut short is usually caught by the size check on the header, before any allocation.
        assertFormatError(try file(header + Array("a ".utf8) + floatBytes([1, 2, 3]) + [10] + Array("b ".utf8) + floatBytes([1, 2])), .binary,
                          "header: 2 words of dimension 3 cannot fit in the 25 bytes that follow it (a binary row takes at least 14 bytes)")
        // A binary file read as text: the raw floats are not numbers.
        assertFormatError(try file(header + a + Array("b ".utf8) + floatBytes([1, 2, 3])), .text, "row 1 ('alpha')")
    }

    // MARK: Saving

    func testSaveRefusesAutoAndUnwritableWordsAndValues() throws {
        let target = path("refused.txt")
        try Data("previous".utf8).write(to: URL(fileURLWithPath: target))
        let cases: [(Model, FileFormat, String)] = [
            (try model(["a"], [[1]]), .auto, "auto is only for loading"),
            (try model(["a b", "c"], [[1], [2]]), .text, "word 1 ('a b') contains a space"),
            (try model(["a", "b\tc"], [[1], [2]]), .text, "word 2 ('b?c') contains whitespace"),
            (try model(["a", "\tb"], [[1], [2]]), .binary, "word 2 ('?b') contains whitespace"),
            (try model([Array("a".utf8), [0x62, 0, 0x63]], [[1], [2]]), .binary, "contains a NUL byte"),
            (try model(["a", ""], [[1], [2]]), .binary, "word 2 is empty"),
            (try model([[UInt8]](), []), .text, "needs at least one word"),
            (try model(["a", "b"], [[1, 2], [3, .nan]]), .text, "word 2 ('b'): value 2 is nan"),
            (try model(["a", "b"], [[1, .infinity], [3, 4]]), .binary, "word 1 ('a'): value 2 is inf"),
        ]
        for (model, format, message) in cases {
            guard let error = error({ () throws(W2VError) in try model.save(to: target, format: format) }) else { continue }
            guard case .invalidArgument(let text) = error else { XCTFail("expected invalidArgument, got \(error)"); continue }
            XCTAssertTrue(text.contains(message), "'\(text)' does not contain '\(message)'")
        }
        // Binary may hold a tab inside a word.
        let tabbed = try model(["a\tb"], [[1]])
        try tabbed.save(to: path("tabbed.bin"), format: .binary)
        assertSameModel(tabbed, try Model.load(from: path("tabbed.bin"), format: .binary))
        XCTAssertEqual(String(decoding: try bytes(target), as: UTF8.self), "previous")
        XCTAssertEqual(try leftovers(), [])
    }

    func testFailedSaveLeavesTheTargetUntouched() throws {
        let good = try randomModel(count: 20, dim: 4, seed: 1)
        let target = path("vectors.bin")
        try good.save(to: target, format: .binary)
        let before = try bytes(target)

        // Fails half-way: the 15th word cannot be written.
        var vectors = (0..<20).map { good.vector($0) }
        vectors[14][2] = .nan
        let bad = try model((0..<20).map { "w\($0)" }, vectors)
        for format in [FileFormat.text, .binary] {
            XCTAssertNotNil(error({ () throws(W2VError) in try bad.save(to: target, format: format) }))
            XCTAssertEqual(try bytes(target), before)
        }
        XCTAssertEqual(try leftovers(), [])

        // The directory does not exist: an I/O error naming the path.
        let nowhere = path("missing/dir/vectors.bin")
        if let error = error({ () throws(W2VError) in try good.save(to: nowhere, format: .text) }) {
            guard case .io(let message) = error else { return XCTFail("expected an I/O error, got \(error)") }
            XCTAssertTrue(message.contains(nowhere), message)
        }

        // The target is a directory: the rename fails and the temporary file is removed.
        let directoryTarget = path("a-directory")
        try FileManager.default.createDirectory(atPath: directoryTarget, withIntermediateDirectories: false)
        if let error = error({ () throws(W2VError) in try good.save(to: directoryTarget, format: .binary) }) {
            guard case .io = error else { return XCTFail("expected an I/O error, got \(error)") }
        }
        XCTAssertEqual(try leftovers(), [])
        XCTAssertEqual(try bytes(target), before)
    }

    func testSaveReplacesAnExistingFile() throws {
        let target = path("vectors.txt")
        try Data(repeating: 65, count: 100_000).write(to: URL(fileURLWithPath: target))
        let original = try model(["x", "y"], [[1, 2], [3, 4]])
        try original.save(to: target, format: .text)
        XCTAssertEqual(String(decoding: try bytes(target), as: UTF8.self), "2 2\nx 1.0 2.0\ny 3.0 4.0\n")
        XCTAssertEqual(try leftovers(), [])
        // A relative path without a directory part.
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        try original.save(to: "relative.bin", format: .binary)
        assertSameModel(original, try Model.load(from: "relative.bin", format: .auto))
    }
}
