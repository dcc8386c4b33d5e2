import Glibc

/// The one place that retries interrupted system calls and turns failures into `W2VError.io`.
enum SystemCall {
    /// Calls `call` until it is not interrupted by a signal (EINTR); returns its non-negative result,
    /// or throws "`what`: <the system's reason>".
    @inline(__always)
    static func retrying(_ what: @autoclosure () -> String, _ call: () -> Int) throws(W2VError) -> Int {
        while true {
            let n = call()
            if n >= 0 { return n }
            if errno != EINTR { throw RawFile.error(what(), errno) }
        }
    }

    /// Writes all of `bytes` to `descriptor`, however many calls it takes.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, _ what: @autoclosure () -> String) throws(W2VError) {
        var done = 0
        while done < bytes.count {
            let n = try retrying(what()) { Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done) }
            if n == 0 { throw .io("\(what()): the system wrote nothing") }
            done += n
        }
    }
}
