import Glibc

/// A value behind a pthread mutex, with `Synchronization.Mutex`'s `withLock`. Used instead of `Mutex`,
/// whose futex-based locking ThreadSanitizer cannot see: it reports every access inside one as a race,
/// which would hide a real race among them (scripts/sanitize thread).
final class Lock<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
