import Foundation
import XCTest
@testable import W2VCore

/// Issue 11, items 7 and 11: saves leave no temporary file behind, even killed, and never replace
/// anything but a regular file.
final class AtomicSaveTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    private func model() throws -> Model {
        try makeModel([("alpha", [1, 2, 3]), ("beta", [0.5, -1, 2]), ("gamma", [0, 0, 1])])
    }

    /// Every kind of save to `target`: the three model formats and a vocabulary file.
    private func saves(to target: String) throws -> [(String, () throws -> Void)] {
        let model = try model()
        let counter = WordCounter()
        counter.add("a b a\n")
        return [
            ("text", { try model.save(to: target, format: .text) }),
            ("binary", { try model.save(to: target, format: .binary) }),
            ("native", { try model.save(to: target, format: .native) }),
            ("vocabulary", { try counter.save(to: target, minCount: 1) }),
        ]
    }

    private func assertRefusedLeavingNode(_ target: String, kind: String, mode: mode_t, file: StaticString = #filePath, line: UInt = #line) throws {
        var before = stat()
        XCTAssertEqual(lstat(target, &before), 0, file: file, line: line)
        for (format, save) in try saves(to: target) {
            XCTAssertThrowsError(try save(), format, file: file, line: line) { error in
                XCTAssertEqual(error as? W2VError, .io("cannot save to '\(target)': it is \(kind); a save replaces only a regular file (or a symbolic link)"),
                               file: file, line: line)
            }
            var after = stat()
            XCTAssertEqual(lstat(target, &after), 0, file: file, line: line)
            XCTAssertEqual(after.st_mode & S_IFMT, mode, "\(format): the node is still there", file: file, line: line)
            XCTAssertEqual(after.st_ino, before.st_ino, file: file, line: line)
            XCTAssertEqual(after.st_rdev, before.st_rdev, file: file, line: line)
        }
        XCTAssertEqual(try entries(), [URL(fileURLWithPath: target).lastPathComponent], "no temporary left", file: file, line: line)
    }

    func testASaveOverAFIFOIsRefusedAndTheFIFOStays() throws {
        let target = path("pipe")
        XCTAssertEqual(mkfifo(target, 0o600), 0)
        try assertRefusedLeavingNode(target, kind: "a FIFO", mode: S_IFIFO)
    }

    func testASaveOverACopyOfDevNullIsRefusedAndTheDeviceStays() throws {
        let target = path("null")
        var null = stat()
        XCTAssertEqual(stat("/dev/null", &null), 0)
        if mknod(target, S_IFCHR | 0o666, null.st_rdev) != 0 {
            throw XCTSkip("mknod is not permitted here (errno \(errno))")
        }
        try assertRefusedLeavingNode(target, kind: "a character device", mode: S_IFCHR)
        var after = stat()
        XCTAssertEqual(stat(target, &after), 0)
        XCTAssertEqual(after.st_rdev, null.st_rdev, "still the null device")
    }

    func testASaveOverADirectoryIsRefused() throws {
        let target = path("dir")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        try assertRefusedLeavingNode(target, kind: "a directory", mode: S_IFDIR)
    }

    func testASymbolicLinkIsReplacedNotFollowed() throws {
        let target = path("link")
        let pointee = path("pointee")
        try "keep".write(toFile: pointee, atomically: false, encoding: .utf8)
        XCTAssertEqual(symlink(pointee, target), 0)
        try model().save(to: target, format: .text)
        XCTAssertEqual(try String(contentsOfFile: pointee, encoding: .utf8), "keep")
        var info = stat()
        XCTAssertEqual(lstat(target, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFREG)
    }

    /// A save that fails half-way (a value the format cannot hold) leaves the old file and nothing else.
    func testAFailedSaveLeavesTheOldFileAndNoTemporary() throws {
        let target = path("model.txt")
        try model().save(to: target, format: .text)
        let old = try Data(contentsOf: URL(fileURLWithPath: target))
        let bad = try makeModel([("alpha", [1, 2, 3]), ("beta", [.nan, 0, 0])])
        XCTAssertThrowsError(try bad.save(to: target, format: .text))
        XCTAssertThrowsError(try bad.save(to: target, format: .binary))
        XCTAssertEqual(try entries(), ["model.txt"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)), old)
    }

    /// A write that the system refuses (the file size limit: EFBIG) is an I/O error; the old file
    /// stays and no temporary is left, in every format.
    func testAWriteErrorLeavesTheOldFileAndNoTemporary() throws {
        let target = path("model")
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let big = try makeModel((0..<2000).map { ("w\($0)", [Float](repeating: 0.25, count: 16)) })
        let counter = WordCounter()
        for i in 0..<5000 { counter.add("word\(i) ") }
        var limit = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit), 0)
        let saved = limit
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        limit.rlim_cur = 4096
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit), 0)
        var errors = [W2VError?]()
        for save in [{ try big.save(to: target, format: .text) }, { try big.save(to: target, format: .binary) },
                     { try big.save(to: target, format: .native) }, { try counter.save(to: target, minCount: 1) }] {
            do { try save(); errors.append(nil) } catch { errors.append(error as? W2VError) }
        }
        var restore = saved
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &restore), 0)
        signal(SIGXFSZ, oldHandler)
        for error in errors {
            guard case .io(let message)? = error else { return XCTFail("expected an I/O error, got \(String(describing: error))") }
            XCTAssertTrue(message.contains("File too large"), message)
        }
        XCTAssertEqual(try entries(), ["model"])
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "old")
    }

    /// What a save killed with the fallback (named) temporaries leaves is removed by the next save to
    /// the same path; a temporary that a running save holds, and other names, are not.
    func testTheNextSaveRemovesTheStaleTemporariesOfItsTarget() throws {
        let target = path("model.bin")
        let stale = [".model.bin.tmp-deadbeef", ".model.bin.tmp-0", ".model.bin.tmp-ffffffffffffffff"]
        let kept = [".model.bin.tmp-xyz", ".model.bin.tmp-", ".model.bin.tmp-12345678901234567", ".other.tmp-abc", "model.bin.tmp-abc"]
        for name in stale + kept { try "partial".write(toFile: path(name), atomically: false, encoding: .utf8) }
        // A save in progress in another process holds its temporary locked.
        let busy = ".model.bin.tmp-abc123"
        let fd = open(path(busy), O_WRONLY | O_CREAT | O_EXCL, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        XCTAssertEqual(flock(fd, LOCK_EX), 0)
        try model().save(to: target, format: .binary)
        XCTAssertEqual(try entries(), (kept + [busy, "model.bin"]).sorted())
        _ = try Model.load(from: target, format: .binary)
    }

    /// Where the file system supports O_TMPFILE, the temporary file has no name while it is written,
    /// so a process killed during a save leaves nothing; dropped without a commit, nothing either.
    func testTheTemporaryFileHasNoNameWhileItIsWritten() throws {
        let target = path("model.w2v")
        do {
            var file = try AtomicFile(replacing: target)
            if !file.isUnnamed { throw XCTSkip("O_TMPFILE is not supported in \(directory.path)") }
            let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 3 << 20, alignment: 8)
            defer { bytes.deallocate() }
            bytes.initializeMemory(as: UInt8.self, repeating: 7)
            try file.write(UnsafeRawBufferPointer(bytes))
            XCTAssertEqual(try entries(), [], "nothing named while the save runs")
            XCTAssertNil(file.temporaryPath)
            try file.commit()
        }
        XCTAssertEqual(try entries(), ["model.w2v"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)).count, 3 << 20)
        do {
            var file = try AtomicFile(replacing: target)
            try file.write("abandoned")
            file.abandon()
        }
        XCTAssertEqual(try entries(), ["model.w2v"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)).count, 3 << 20)
    }
}
