
import Glibc

import W2VCore

nonisolated(unsafe) private var lastErrorKeyOnce = pthread_once_t()
nonisolated(unsafe) private var lastErrorKey = pthread_key_t()

/// The per-thread error message behind `w2v_last_error`, in a malloc'ed buffer owned by a pthread key
/// so it is freed when its thread exits.
enum LastError {
    /// Made once with pthread_once (not a lazy Swift global, whose swift_once ThreadSanitizer cannot see).
    private static var key: pthread_key_t {
        pthread_once(&lastErrorKeyOnce) { pthread_key_create(&lastErrorKey) { free($0) } }
        return lastErrorKey
    }

    /// A string literal: static storage, nothing to initialise.
    private static let empty: StaticString = ""

    static var current: UnsafePointer<CChar> {
        guard let stored = pthread_getspecific(key) else {
            return UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self)
        }
        return UnsafePointer(stored.assumingMemoryBound(to: CChar.self))
    }

    static func set(_ message: String) {
        let copy = strdup(message)
        let old = pthread_getspecific(key)
        pthread_setspecific(key, copy)
        free(old)
    }

    static func clear() {
        if let old = pthread_getspecific(key) {
            pthread_setspecific(key, nil)
            free(old)
        }
    }
}

/// Runs one C entry point: clears the thread's error, and turns a thrown `W2VError` into its status
/// with the message kept for `w2v_last_error`. Every exported function that can fail goes through here.
@inline(__always)
func withStatus(_ body: () throws(W2VError) -> Void) -> w2v_status {
    LastError.clear()
    do {
        try body()
        return .W2V_OK
    } catch {
        LastError.set(error.message)
        return w2v_status(error)
    }
}

/// A NULL check that names the argument.
@inline(__always)
func required<T>(_ pointer: T?, _ name: String) throws(W2VError) -> T {
    guard let pointer else { throw .invalidArgument("\(name) is NULL") }
    return pointer
}

/// Names of statuses as static C strings, alive for the whole process.
enum StaticText {
    nonisolated(unsafe) static let ok = make("W2V_OK")
    nonisolated(unsafe) static let invalidArgument = make("W2V_ERR_INVALID_ARGUMENT")
    nonisolated(unsafe) static let io = make("W2V_ERR_IO")
    nonisolated(unsafe) static let format = make("W2V_ERR_FORMAT")
    nonisolated(unsafe) static let notFound = make("W2V_ERR_NOT_FOUND")
    nonisolated(unsafe) static let bufferTooSmall = make("W2V_ERR_BUFFER_TOO_SMALL")
    nonisolated(unsafe) static let aborted = make("W2V_ERR_ABORTED")
    nonisolated(unsafe) static let outOfMemory = make("W2V_ERR_OUT_OF_MEMORY")
    nonisolated(unsafe) static let composed = make("W2V_COMPOSED")
    nonisolated(unsafe) static let unknown = make("unknown status")
    nonisolated(unsafe) static let version = make(LibraryVersion.string)
    /// The parameter table's names, by key.
    nonisolated(unsafe) static let parameterNames = ParameterTable.rows.map { make($0.name) }

    private static func make(_ text: String) -> UnsafePointer<CChar> {
        UnsafePointer(strdup(text)!)
    }
}
