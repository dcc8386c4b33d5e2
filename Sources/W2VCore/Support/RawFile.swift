import Glibc

/// A thin wrapper over a POSIX file descriptor whose failures become `W2VError.io` messages that name
/// the file and the system's reason.
struct RawFile {
    let path: BytePath
    let descriptor: Int32

    /// Opens `path` for reading. `nonBlocking` opens with `O_NONBLOCK` (so a FIFO without a writer does
    /// not block) and clears it again once open, so reads block as usual.
    init(openForReading path: BytePath, nonBlocking: Bool = false) throws(W2VError) {
        self.path = path
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)) }
        if fd < 0 { throw RawFile.error("cannot open '\(path)' for reading", errno) }
        if nonBlocking {
            let flags = fcntl(fd, F_GETFL)
            if flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 {
                let code = errno
                Glibc.close(fd)
                throw RawFile.error("cannot open '\(path)' for reading", code)
            }
        }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            throw .io("cannot read '\(path)': it is a directory")
        }
        descriptor = fd
    }

    init(creatingForWriting path: BytePath) throws(W2VError) {
        self.path = path
        let fd = path.withCString { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        if fd < 0 { throw RawFile.error("cannot create '\(path)'", errno) }
        descriptor = fd
    }

    init(openForReading path: String, nonBlocking: Bool = false) throws(W2VError) {
        try self.init(openForReading: BytePath(path), nonBlocking: nonBlocking)
    }

    init(creatingForWriting path: String) throws(W2VError) {
        try self.init(creatingForWriting: BytePath(path))
    }

    static func error(_ what: String, _ code: Int32) -> W2VError {
        .io("\(what): \(String(cString: strerror(code)))")
    }

    func close() {
        _ = Glibc.close(descriptor)
    }

    /// Reads up to `buffer.count` bytes; 0 means end of file. Retries on EINTR.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(W2VError) -> Int {
        try SystemCall.retrying("cannot read '\(path)'") { Glibc.read(descriptor, buffer.baseAddress, buffer.count) }
    }

    /// Reads exactly `buffer.count` bytes unless the file ends first; returns how many were read.
    func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(W2VError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Reads `buffer.count` bytes at `offset` (`pread`, the file position unchanged) unless the file
    /// ends first; returns how many were read. Retries on EINTR.
    func readFully(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(W2VError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = try SystemCall.retrying("cannot read '\(path)'") {
                pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    func seek(to offset: Int) throws(W2VError) {
        if lseek(descriptor, off_t(offset), SEEK_SET) < 0 { throw RawFile.error("cannot seek in '\(path)'", errno) }
    }

    /// Reads one byte at `offset` without moving the file position; returns 0 past the end.
    func read(at offset: Int, into byte: inout UInt8) throws(W2VError) -> Int {
        try SystemCall.retrying("cannot read '\(path)'") { pread(descriptor, &byte, 1, off_t(offset)) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(W2VError) {
        try SystemCall.writeAll(descriptor, bytes, "cannot write '\(path)'")
    }

    func size() throws(W2VError) -> Int {
        var info = stat()
        if fstat(descriptor, &info) != 0 { throw RawFile.error("cannot stat '\(path)'", errno) }
        return Int(info.st_size)
    }

    func sync() throws(W2VError) {
        if fsync(descriptor) != 0 { throw RawFile.error("cannot flush '\(path)'", errno) }
    }
}
