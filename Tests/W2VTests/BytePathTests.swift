import XCTest
@testable import W2VCore

/// Paths are bytes (issue 11 item 2): `BytePath` keeps a caller's bytes exactly and prints them for
/// messages without raw bytes. The C-ABI half (saves and loads at paths with bytes 0x80-0xff, two
/// paths differing only there) is `test_byte_paths` in Tests/CABI/contract.c.
final class BytePathTests: XCTestCase {
    func testKeepsEveryByte() {
        let ff = BytePath(bytes: [0x78, 0xff]), fe = BytePath(bytes: [0x78, 0xfe])
        XCTAssertNotEqual(ff, fe)
        XCTAssertEqual(Array(ff.bytes), [0x78, 0xff])
        XCTAssertEqual(ff.withCString { strlen($0) }, 2)
        XCTAssertEqual(ff.withCString { UInt8(bitPattern: $0[1]) }, 0xff)
        XCTAssertEqual(BytePath("é").bytes.count, 2)
        XCTAssertEqual(Array(BytePath(bytes: [0x61, 0, 0x62]).bytes), [0x61], "cut at a NUL, as C reads it")
        XCTAssertTrue(BytePath("").isEmpty)
    }

    func testDescriptionEscapesWhatIsNotPrintableUTF8() {
        XCTAssertEqual(BytePath(bytes: [0x78, 0xff]).description, "x\\xff")
        XCTAssertEqual(BytePath(bytes: Array("a\u{1}b\tc\u{7f}".utf8)).description, "a\\x01b\\x09c\\x7f")
        XCTAssertEqual(BytePath("dir/é 日本.txt").description, "dir/é 日本.txt")
        // Overlong, surrogate, truncated and out-of-range sequences byte by byte.
        XCTAssertEqual(BytePath(bytes: [0xc0, 0xaf]).description, "\\xc0\\xaf")
        XCTAssertEqual(BytePath(bytes: [0xed, 0xa0, 0x80]).description, "\\xed\\xa0\\x80")
        XCTAssertEqual(BytePath(bytes: [0xe2, 0x82]).description, "\\xe2\\x82")
        XCTAssertEqual(BytePath(bytes: [0xf4, 0x90, 0x80, 0x80]).description, "\\xf4\\x90\\x80\\x80")
        XCTAssertEqual(BytePath(bytes: [0xf0, 0x9f, 0x98, 0x80, 0x80]).description, "😀\\x80")
    }

    func testDirectoryAndName() {
        let (directory, name) = BytePath(bytes: Array("a/b\u{ff}/".utf8) + [0xfe, 0x63]).directoryAndName
        XCTAssertEqual(Array(directory.bytes), Array("a/b\u{ff}/".utf8))
        XCTAssertEqual(Array(name), [0xfe, 0x63])
        XCTAssertTrue(BytePath("plain").directoryAndName.directory.isEmpty)
        XCTAssertTrue(BytePath("dir/").directoryAndName.name.isEmpty)
    }

    func testSaveAndLoadAtAPathThatIsNotUTF8() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-bytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let counter = WordCounter()
        Array("a b b c c c".utf8).withUnsafeBytes { counter.add(text: $0) }
        let ff = BytePath(directory.path).appending([UInt8(ascii: "/"), 0xff])
        let fe = BytePath(directory.path).appending([UInt8(ascii: "/"), 0xfe])
        try counter.save(to: ff, minCount: 1)
        try counter.save(to: fe, minCount: 3)
        let one = WordCounter(), other = WordCounter()
        try one.add(vocabularyFile: ff)
        try other.add(vocabularyFile: fe)
        XCTAssertEqual(one.distinctWords, 3)
        XCTAssertEqual(other.distinctWords, 1)
        for path in [ff, fe] { XCTAssertEqual(path.withCString { unlink($0) }, 0) }
        // A temporary that a killed save left next to a target whose name is not UTF-8 (named as the
        // saves name theirs: `.<name>.tmp-<hex>`) is recognised by its bytes and removed by the next save.
        let stale = BytePath(directory.path).appending(Array("/.".utf8) + [0xff] + Array(".tmp-5eed".utf8))
        let fd = stale.withCString { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
        try counter.save(to: ff, minCount: 1)
        XCTAssertNotEqual(stale.withCString { access($0, F_OK) }, 0, "the stale temporary is gone")
        XCTAssertEqual(ff.withCString { unlink($0) }, 0)
        XCTAssertThrowsError(try WordCounter().add(vocabularyFile: ff)) { error in
            XCTAssertTrue("\(error)".contains("/\\xff'"), "\(error)")
        }
    }
}
