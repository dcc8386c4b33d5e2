import Glibc

/// A file written in full or not at all: bytes go, through a large buffer, to a new temporary file in
/// the target's directory (so the final rename stays on one file system), which `commit` flushes to
/// disk and renames over the target. Until then the target is untouched; `abandon` (after any failure)
/// removes the temporary file. Every `write`, `fsync` and `close` is checked.
///
/// No temporary file outlives a killed save:
/// - On Linux, where the file system supports it, the temporary file is made with `O_TMPFILE`: it has
///   no name while it is written, so a process killed then leaves nothing (the kernel frees it).
///   `commit` gives it a name (`linkat` through `/proc/self/fd`) just before the rename.
/// - Elsewhere it is named `.<name>.tmp-<random hex>`. Every temporary holds an exclusive `flock` for
///   as long as its save runs, and each save first removes the temporaries of its target that nobody
///   holds (left by a killed process), so an orphan lasts at most until the next save to the same path.
///
/// Only a regular file, a symbolic link (replaced, not followed) or nothing may stand at the target:
/// a save refuses to replace a directory, a device node, a FIFO or a socket. The new file gets the
/// usual permissions of a created file (0666 less the umask), not those of the file it replaces.
struct AtomicFile: ~Copyable {
    let path: BytePath
    /// The target's directory ("" for the current one, else ending in "/").
    private let directory: BytePath
    /// `.<name>.tmp-`: every temporary name of this target starts so, then up to 16 hex digits.
    private let temporaryPrefix: [UInt8]
    /// The temporary file's name once it has one (at once for a named one, at commit for `O_TMPFILE`).
    private(set) var temporaryPath: BytePath?
    /// Whether the temporary file was made with `O_TMPFILE` (no name while it is written).
    let isUnnamed: Bool
    private var descriptor: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private var used = 0
    static let bufferBytes = 1 << 20

    /// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), which Glibc's Swift overlay does not import.
    private static var openTemporary: Int32? {
        #if os(Linux) && (arch(x86_64) || arch(arm64) || arch(arm) || arch(i386))
        return 0o2000_0000 | O_DIRECTORY
        #else
        return nil
        #endif
    }

    init(replacing path: BytePath) throws(W2VError) {
        if path.isEmpty { throw .invalidArgument("the path is empty") }
        let (directory, name) = path.directoryAndName
        if name.isEmpty { throw .invalidArgument("'\(path)' names a directory, not a file") }
        try Self.checkReplaceable(path)
        // Keep the temporary name within NAME_MAX (255 bytes) whatever the target's name; the name's
        // bytes are kept as they are (a cut inside a UTF-8 character is fine for the system).
        let prefix = Array(".".utf8) + name.prefix(200) + Array(".tmp-".utf8)
        Self.removeStaleTemporaries(directory: directory, prefix: prefix)
        let directoryOrDot = directory.isEmpty ? BytePath(".") : directory

        var unnamed = false
        var named: BytePath?
        var fd: Int32 = -1
        if let flags = Self.openTemporary, access("/proc/self/fd", X_OK) == 0 {
            fd = directoryOrDot.withCString { open($0, flags | O_WRONLY | O_CLOEXEC, 0o666) }
            if fd >= 0 {
                unnamed = true
                _ = flock(fd, LOCK_EX)
            }
        }
        if fd < 0 {
            // Not supported here (EOPNOTSUPP, EISDIR or EINVAL from older kernels and some file
            // systems), or another failure that the named path reports better.
            var attempt = 0
            while true {
                let candidate = directory.appending(prefix).appending(Self.randomHex())
                fd = candidate.withCString { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666) }
                if fd >= 0 {
                    // Locked, so no other save takes it for stale; one that did before the lock
                    // unlinked it: then start over with another name.
                    _ = flock(fd, LOCK_EX)
                    var info = stat()
                    if fstat(fd, &info) == 0 && info.st_nlink > 0 {
                        named = candidate
                        break
                    }
                    _ = Glibc.close(fd)
                    fd = -1
                    attempt += 1
                    if attempt < 100 { continue }
                    throw .io("cannot create a temporary file next to '\(path)': it keeps disappearing")
                }
                let code = errno
                attempt += 1
                if code == EEXIST && attempt < 100 { continue }
                throw RawFile.error("cannot create a temporary file next to '\(path)'", code)
            }
        }
        self.path = path
        self.directory = directory
        self.temporaryPrefix = prefix
        self.temporaryPath = named
        self.isUnnamed = unnamed
        self.descriptor = fd
        buffer = .allocate(capacity: Self.bufferBytes)
    }

    init(replacing path: String) throws(W2VError) {
        try self.init(replacing: BytePath(path))
    }

    deinit {
        buffer.deallocate()
        if descriptor >= 0 {
            // Neither committed nor abandoned: leave nothing behind.
            _ = Glibc.close(descriptor)
            if let temporaryPath { _ = temporaryPath.withCString { unlink($0) } }
        }
    }

    /// Appends bytes to the file.
    @inline(__always)
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(W2VError) {
        if bytes.count > Self.bufferBytes - used {
            try flush()
            if bytes.count >= Self.bufferBytes {
                try writeFully(bytes)
                return
            }
        }
        if let base = bytes.baseAddress {
            (buffer + used).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
        used += bytes.count
    }

    @inline(__always)
    mutating func write(byte: UInt8) throws(W2VError) {
        if used == Self.bufferBytes { try flush() }
        buffer[used] = byte
        used += 1
    }

    /// Appends a short string's UTF-8 bytes (a header line, a number: at most a buffer).
    @inline(__always)
    mutating func write(_ string: String) throws(W2VError) {
        var string = string
        let count = string.utf8.count
        precondition(count <= Self.bufferBytes, "write(String) is for short strings")
        if count > Self.bufferBytes - used { try flush() }
        let destination = buffer + used
        string.withUTF8 { bytes in
            if let base = bytes.baseAddress { destination.update(from: base, count: bytes.count) }
        }
        used += count
    }

    /// Writes what is buffered, flushes the file to disk, names it (an `O_TMPFILE`) and renames it over
    /// the target. The lock is held until the rename is done, through a duplicate descriptor, so that
    /// `close` (whose error is checked) can come first; an `O_TMPFILE` file is named through that
    /// duplicate only then, right before the rename, so a process killed during a save leaves a named
    /// temporary only if it dies between those two system calls (the next save removes it).
    consuming func commit() throws(W2VError) {
        try flush()
        if fsync(descriptor) != 0 { throw RawFile.error("cannot flush the temporary file of '\(path)' to disk", errno) }
        let lock = dup(descriptor)
        let lockError = errno
        defer { if lock >= 0 { _ = Glibc.close(lock) } }
        let closed = Glibc.close(descriptor)
        let closeError = errno
        descriptor = -1
        if closed != 0 {
            if let temporaryPath { _ = temporaryPath.withCString { unlink($0) } }
            throw RawFile.error("cannot write the temporary file of '\(path)'", closeError)
        }
        if isUnnamed && lock < 0 { throw RawFile.error("cannot keep the temporary file of '\(path)' open", lockError) }
        do throws(W2VError) {
            try Self.checkReplaceable(path)
        } catch {
            if let temporaryPath { _ = temporaryPath.withCString { unlink($0) } }
            throw error
        }
        if isUnnamed { try link(lock) }
        let temporary = temporaryPath!
        let renamed = temporary.withCString { from in path.withCString { to in rename(from, to) } }
        if renamed != 0 {
            let code = errno
            _ = temporary.withCString { unlink($0) }
            throw RawFile.error("cannot rename '\(temporary)' to '\(path)'", code)
        }
        // Make the rename itself durable. The file is in place whatever happens here, and some file
        // systems do not sync directories (EINVAL), so a failure no longer changes the result.
        let fd = (directory.isEmpty ? BytePath(".") : directory).withCString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if fd >= 0 {
            _ = fsync(fd)
            _ = Glibc.close(fd)
        }
    }

    /// Removes the temporary file, leaving the target as it was.
    consuming func abandon() {
        // deinit closes and unlinks.
    }

    /// Gives the `O_TMPFILE` file a temporary name, kept for microseconds before the rename.
    private mutating func link(_ descriptor: Int32) throws(W2VError) {
        var attempt = 0
        while true {
            let candidate = directory.appending(temporaryPrefix).appending(Self.randomHex())
            let linked = candidate.withCString { linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, $0, AT_SYMLINK_FOLLOW) }
            if linked == 0 {
                temporaryPath = candidate
                return
            }
            let code = errno
            attempt += 1
            if code == EEXIST && attempt < 100 { continue }
            throw RawFile.error("cannot give the temporary file of '\(path)' a name", code)
        }
    }

    private mutating func flush() throws(W2VError) {
        if used == 0 { return }
        try writeFully(UnsafeRawBufferPointer(start: buffer, count: used))
        used = 0
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws(W2VError) {
        try SystemCall.writeAll(descriptor, bytes, "cannot write the temporary file of '\(path)'")
    }

    private static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 16)
    }

    /// Refuses a target that a save must not replace: anything but a regular file or a symbolic link.
    /// Nothing at the path is fine; other `lstat` failures are left to the steps that follow.
    static func checkReplaceable(_ path: BytePath) throws(W2VError) {
        var info = stat()
        if path.withCString({ lstat($0, &info) }) != 0 { return }
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFLNK: return
        case S_IFDIR: kind = "a directory"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFIFO: kind = "a FIFO"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        throw .io("cannot save to '\(path)': it is \(kind); a save replaces only a regular file (or a symbolic link)")
    }

    /// Removes the temporaries `.<name>.tmp-<hex>` of this target that no running save holds (each
    /// save locks its own), as a killed save leaves them. Best effort: any failure skips the entry.
    static func removeStaleTemporaries(directory: BytePath, prefix prefixBytes: [UInt8]) {
        guard let dir = (directory.isEmpty ? BytePath(".") : directory).withCString({ opendir($0) }) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            // The name is read in place: `entry.pointee` would copy a whole `dirent` (280 bytes), but
            // readdir's record is only d_reclen bytes long and may end sooner (a heap over-read that the
            // native fuzzer found under ASan).
            let nameStart = UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            let nameLength = strlen(nameStart.assumingMemoryBound(to: CChar.self))
            let name = [UInt8](UnsafeRawBufferPointer(start: nameStart, count: nameLength))
            guard name.count > prefixBytes.count, name.count <= prefixBytes.count + 16,
                  name.starts(with: prefixBytes),
                  name[prefixBytes.count...].allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
            else { continue }
            let candidate = directory.appending(name)
            let fd = candidate.withCString { open($0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
            if fd < 0 { continue }
            defer { _ = Glibc.close(fd) }
            var opened = stat(), named = stat()
            guard fstat(fd, &opened) == 0, (opened.st_mode & S_IFMT) == S_IFREG,
                  flock(fd, LOCK_EX | LOCK_NB) == 0,
                  candidate.withCString({ lstat($0, &named) }) == 0, named.st_dev == opened.st_dev, named.st_ino == opened.st_ino
            else { continue }
            _ = candidate.withCString { unlink($0) }
        }
    }
}
