import Glibc

/// A file written in full or not at all: bytes go, through a large buffer, to a new temporary file next
/// to the target (`.<name>.tmp-<random>` in the same directory, so the rename stays on one file system),
/// which `commit` flushes to disk and renames over the target. Until then the target is untouched;
/// `abandon` (after any failure) removes the temporary file.
///
/// The new file gets the usual permissions of a created file (0666 less the umask), not those of the
/// file it replaces; a symbolic link at the target is replaced, not followed.
struct AtomicFile: ~Copyable {
    let path: String
    let temporaryPath: String
    private var descriptor: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private var used = 0
    static let bufferBytes = 1 << 20

    init(replacing path: String) throws(W2VError) {
        if path.isEmpty { throw .invalidArgument("the path is empty") }
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.utf8.index(after: $0)...]) } ?? path
        if name.isEmpty { throw .invalidArgument("'\(path)' names a directory, not a file") }
        // Keep the temporary name within NAME_MAX (255 bytes) whatever the target's name.
        let stem = String(decoding: name.utf8.prefix(200), as: UTF8.self)
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            let candidate = "\(directory).\(stem).tmp-\(String(generator.next() as UInt64, radix: 16))"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 {
                self.path = path
                self.temporaryPath = candidate
                self.descriptor = fd
                break
            }
            let code = errno
            attempt += 1
            if code == EEXIST && attempt < 100 { continue }
            throw RawFile.error("cannot create a temporary file next to '\(path)'", code)
        }
        buffer = .allocate(capacity: Self.bufferBytes)
    }

    deinit {
        buffer.deallocate()
        if descriptor >= 0 {
            // Neither committed nor abandoned: leave nothing behind.
            _ = Glibc.close(descriptor)
            _ = unlink(temporaryPath)
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

    /// Writes what is buffered, flushes the file to disk and renames it over the target.
    consuming func commit() throws(W2VError) {
        try flush()
        if fsync(descriptor) != 0 { throw RawFile.error("cannot flush '\(temporaryPath)' to disk", errno) }
        let closed = Glibc.close(descriptor)
        let closeError = errno
        descriptor = -1
        if closed != 0 {
            _ = unlink(temporaryPath)
            throw RawFile.error("cannot write '\(temporaryPath)'", closeError)
        }
        if rename(temporaryPath, path) != 0 {
            let code = errno
            _ = unlink(temporaryPath)
            throw RawFile.error("cannot rename '\(temporaryPath)' to '\(path)'", code)
        }
        // Make the rename itself durable; a failure here no longer affects the result.
        let directory = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[...$0]) } ?? "."
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            _ = Glibc.close(fd)
        }
    }

    /// Removes the temporary file, leaving the target as it was.
    consuming func abandon() {
        // deinit closes and unlinks.
    }

    private mutating func flush() throws(W2VError) {
        if used == 0 { return }
        try writeFully(UnsafeRawBufferPointer(start: buffer, count: used))
        used = 0
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws(W2VError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw RawFile.error("cannot write '\(temporaryPath)'", errno)
            }
            done += n
        }
    }
}
