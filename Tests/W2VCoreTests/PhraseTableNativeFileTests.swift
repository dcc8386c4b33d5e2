import Foundation
import XCTest
@testable import W2VCore

/// The phrase table in the native family: it round-trips as the text table does, and every structure in
/// it is checked against the others before a table exists (crafted files recompute the checksums).
final class PhraseTableNativeFileTests: XCTestCase {
    private func learned() throws -> Phrases {
        let p = try Phrases(settings: .init(scoring: .original, minCount: 1, threshold: 1.5, delimiter: Array("::".utf8)),
                            connectors: [Array("of".utf8), Array("the".utf8)])
        try p.add("new york is big\nnew york new york\nbank of america\nbank of america is\nthe bank\n")
        return p
    }

    func testNativeTableRoundTripsAndAppliesAsTheTextTable() throws {
        let directory = try temporaryDirectory(self)
        let text = "new york new york\nbank of america is\nthe new york bank\n"
        // A second pass's table too: its phrases keep their split ("x_y_z" from "x y_z" only).
        let second = try Phrases(settings: .init(scoring: .word2phrase, minCount: 1, threshold: 5))
        try second.add(String(repeating: "x y_z\n", count: 3) + "x_y z\n" + String(repeating: "x_y q\nr z\n", count: 20))
        for (p, sample) in [(try learned(), text), (second, "x y_z\nx_y z\n")] {
            let native = directory.appendingPathComponent("table.w2vp").path
            let plain = directory.appendingPathComponent("table.txt").path
            try p.save(to: native, format: .native)
            try p.save(to: plain, format: .text)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: native))
            XCTAssertEqual(Array(bytes.prefix(8)), PhraseTableNativeFile.magic)
            let fromNative = try Phrases.load(from: native), fromText = try Phrases.load(from: plain)
            XCTAssertTrue(fromNative.isFrozen)
            XCTAssertEqual(fromNative.settings, p.settings)
            XCTAssertEqual(fromNative.exported, p.exported)
            XCTAssertEqual(fromNative.exported, fromText.exported)
            XCTAssertEqual(fromNative.connectorWords.map { Array($0) }, p.connectorWords.map { Array($0) })
            XCTAssertEqual(fromNative.apply(sample), p.apply(sample))
            XCTAssertNotEqual(p.apply(sample), sample, "the sample must join something for the comparison to mean anything")
        }
        XCTAssertThrowsError(try learned().save(to: directory.appendingPathComponent("t.bin").path, format: .binary)) { error in
            guard case .invalidArgument = error as? W2VError else { return XCTFail("\(error)") }
        }
    }

    /// Every byte is covered by a checksum or a check, so any single changed byte and any truncation is a
    /// format error, never a table.
    func testEveryChangedByteAndEveryTruncationIsRefused() throws {
        let directory = try temporaryDirectory(self)
        let path = directory.appendingPathComponent("table.w2vp").path
        try learned().save(to: path, format: .native)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertGreaterThan(original.count, 300)
        let damaged = directory.appendingPathComponent("damaged").path
        func assertRefused(_ bytes: Data, _ what: String) throws {
            try bytes.write(to: URL(fileURLWithPath: damaged))
            XCTAssertThrowsError(try Phrases.load(from: damaged), what) { error in
                guard case .format = error as? W2VError else { return XCTFail("\(what): \(error)") }
            }
        }
        for i in 0..<original.count {
            var bytes = original
            bytes[i] ^= 0x20
            try assertRefused(bytes, "byte \(i) changed")
        }
        for length in 0..<original.count { try assertRefused(original.prefix(length), "\(length) bytes") }
    }

    /// Files whose checksums are right but whose contents disagree with each other or with the rules.
    func testCraftedTablesAreRefusedWithTheirReason() throws {
        let directory = try temporaryDirectory(self)
        let path = directory.appendingPathComponent("crafted.w2vp").path
        let good = Crafted()
        try good.write(to: path)
        XCTAssertEqual(try Phrases.load(from: path).apply("new york\n"), "new_york\n", "the crafting helper writes a valid table")
        var cases: [(Crafted, String)] = []
        var c = good
        c.splits = [(0, Int32.max, Int32.max, 10)]
        cases.append((c, "must be at least 1 and fit"))
        c = good
        c.splits = [(1, 1, 1, 10)]
        cases.append((c, "phrase index 1"))
        c = good
        c.phrases.append(Array("a_b".utf8))
        cases.append((c, "have no split"))
        c = good
        c.phrases = [Array("new york".utf8)]
        cases.append((c, "whitespace"))
        c = good
        c.phrases = [Array("newyork".utf8)]
        cases.append((c, "at least two words"))
        c = good
        c.splits = [(0, 1, 1, .nan)]
        cases.append((c, "not a number"))
        c = good
        c.splits = [(0, 1, 1, 10), (0, 1, 1, 20)]
        cases.append((c, "listed twice"))
        c = good
        c.phraseCount = UInt64.max
        cases.append((c, "cannot fit"))
        c = good
        c.phraseCount = 2
        cases.append((c, "phrase lengths"))
        c = good
        c.delimiterLength = 2
        cases.append((c, "delimiter"))
        c = good
        c.scoring = 7
        cases.append((c, "unknown scoring"))
        c = good
        c.connectors = [Array("of".utf8), Array("of".utf8)]
        cases.append((c, "connector word 2"))
        c = good
        c.phraseLengths = [1_000_000]
        cases.append((c, "run past"))
        for (crafted, fragment) in cases {
            try crafted.write(to: path)
            XCTAssertThrowsError(try Phrases.load(from: path), fragment) { error in
                guard case .format(let message) = error as? W2VError else { return XCTFail("\(fragment): \(error)") }
                XCTAssertTrue(message.contains(fragment), "expected '\(fragment)' in: \(message)")
            }
        }
    }

    /// The text reader once added the split's two parts as Int32 and trapped on overflow.
    func testTextTableWithHugeSplitIsAFormatError() throws {
        let path = try temporaryDirectory(self).appendingPathComponent("t.txt").path
        try "w2v-phrases 1 0 _ word2phrase 100 5\na_b 7 2147483647 2147483647\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Phrases.load(from: path)) { error in
            guard case .format(let message) = error as? W2VError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("line 2"), message)
        }
    }
}

/// A native phrase table written section by section from plain values, checksums recomputed, so a test
/// can make any one field disagree with the rest.
private struct Crafted {
    var scoring: UInt32 = 0
    var delimiter: [UInt8] = Array("_".utf8)
    var delimiterLength: UInt32?
    var connectors: [[UInt8]] = [Array("of".utf8)]
    var phrases: [[UInt8]] = [Array("new_york".utf8)]
    var phraseLengths: [UInt32]?
    var phraseCount: UInt64?
    var splits: [(UInt32, Int32, Int32, Double)] = [(0, 1, 1, 150)]

    func write(to path: String) throws {
        func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        var settings = bytes(scoring) + bytes(delimiterLength ?? UInt32(delimiter.count)) + bytes(Int64(5)) + bytes(Double(100).bitPattern)
        settings += delimiter
        let sections: [[UInt8]] = [
            settings,
            connectors.flatMap { bytes(UInt32($0.count)) }, connectors.flatMap { $0 },
            (phraseLengths ?? phrases.map { UInt32($0.count) }).flatMap { bytes($0) }, phrases.flatMap { $0 },
            splits.flatMap { bytes($0.0) + bytes($0.1) + bytes($0.2) + bytes(UInt32(0)) + bytes($0.3.bitPattern) },
        ]
        let buffers = sections.map { NativeContainer.copy($0) }
        defer { for buffer in buffers { buffer.deallocate() } }
        let parts = buffers.enumerated().map { NativeContainer.Part(kind: UInt32($0.offset + 1), bytes: UnsafeRawBufferPointer($0.element)) }
        let (table, fileBytes) = NativeContainer.place(parts)
        let front = NativeContainer.front(magic: PhraseTableNativeFile.magic, fileBytes: fileBytes, sections: table) { p in
            p.storeLittleEndian(phraseCount ?? UInt64(phrases.count), at: PhraseTableNativeFile.Field.phrases)
            p.storeLittleEndian(UInt64(splits.count), at: PhraseTableNativeFile.Field.splits)
            p.storeLittleEndian(UInt64(connectors.count), at: PhraseTableNativeFile.Field.connectors)
        }
        var file = try AtomicFile(replacing: BytePath(path))
        try NativeContainer.write(parts, front: front, sections: table, to: &file)
        try file.commit()
    }
}
