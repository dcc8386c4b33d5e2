// The library itself: its version, the status every fallible call returns, and the per-thread message
// that says why a call failed. Check `w2v_version() / 10000 == W2V_VERSION_MAJOR` once before any other
// call; after a call returns anything but W2V_OK, `w2v_last_error()` names the cause.
//
// Sizes: every count or length argument (of an array the caller passes or a buffer it provides) is
// checked before it is used. One that no array can have, because its bytes would overflow or would not
// fit in the address space (SIZE_MAX, SIZE_MAX / 2), is W2V_ERR_INVALID_ARGUMENT naming the argument,
// and the call changes nothing.
//
// Misuse: handles are checked on entry, as sqlite does (SQLITE_MISUSE). A handle of the wrong kind (a
// `w2v_model *` passed as a `w2v_vocab *`), a freed handle, or a pointer to memory that holds no handle
// gives W2V_ERR_INVALID_ARGUMENT ("vocab is not a w2v_vocab handle: it is a w2v_model handle"), and a
// `_free` function given one frees nothing (it returns no status; `w2v_last_error()` then says why).
// This is best effort, a diagnostic and not a licence: a pointer to unmapped memory still crashes; a
// freed handle is recognised while its memory is held back, which the library does for the last 4096
// handles freed, and after that it may be reused, even by a new handle, which the old pointer would
// then reach; a use racing with the `_free` of the same handle is undefined.

import W2VCore

enum LibraryVersion {
    static let major: Int32 = 0
    static let minor: Int32 = 2
    static let patch: Int32 = 0
    static var string: String { "\(major).\(minor).\(patch)" }
}

/// Result of every fallible call. `W2V_OK` is 0; on any other value `w2v_last_error()` says why.
@c public enum w2v_status: Int32 {
    /// Success.
    case W2V_OK = 0
    /// A NULL pointer, a wrong size, an out-of-range value or an impossible combination.
    case W2V_ERR_INVALID_ARGUMENT = 1
    /// A file could not be opened, read or written.
    case W2V_ERR_IO = 2
    /// A file's content is not what its format requires.
    case W2V_ERR_FORMAT = 3
    /// A word (or a parameter name) is not known.
    case W2V_ERR_NOT_FOUND = 4
    /// A caller buffer is too small; the needed size was reported.
    case W2V_ERR_BUFFER_TOO_SMALL = 5
    /// A callback asked to stop.
    case W2V_ERR_ABORTED = 6
    /// Memory could not be allocated.
    case W2V_ERR_OUT_OF_MEMORY = 7
    /// Not a failure: the word is not in a subword model's vocabulary, and the vector written is the
    /// mean of its character n-grams' vectors (`w2v_model_vector`). A model without subwords answers
    /// W2V_ERR_NOT_FOUND instead.
    case W2V_COMPOSED = 8
}

/// C type `w2v_status`, passed in by a caller, who may hold any integer.
public typealias W2VStatusCode = Int32

extension w2v_status {
    init(_ error: W2VError) {
        switch error {
        case .invalidArgument: self = .W2V_ERR_INVALID_ARGUMENT
        case .io: self = .W2V_ERR_IO
        case .format: self = .W2V_ERR_FORMAT
        case .notFound: self = .W2V_ERR_NOT_FOUND
        case .bufferTooSmall: self = .W2V_ERR_BUFFER_TOO_SMALL
        case .aborted: self = .W2V_ERR_ABORTED
        case .outOfMemory: self = .W2V_ERR_OUT_OF_MEMORY
        }
    }
}

/// The library's version as major * 10000 + minor * 100 + patch. A program built against the header
/// should check that `w2v_version() / 10000 == W2V_VERSION_MAJOR` before use.
@c public func w2v_version() -> Int32 {
    LibraryVersion.major * 10000 + LibraryVersion.minor * 100 + LibraryVersion.patch
}

/// The library's version as "major.minor.patch"; static, never NULL.
@c public func w2v_version_string() -> UnsafePointer<CChar> {
    StaticText.version
}

/// A static, human-readable name for a status code ("W2V_ERR_IO"); "unknown status" for a code the
/// library does not define. Never NULL; the string is never freed.
@c public func w2v_status_string(_ status: W2VStatusCode) -> UnsafePointer<CChar> {
    switch w2v_status(rawValue: status) {
    case .W2V_OK: StaticText.ok
    case .W2V_ERR_INVALID_ARGUMENT: StaticText.invalidArgument
    case .W2V_ERR_IO: StaticText.io
    case .W2V_ERR_FORMAT: StaticText.format
    case .W2V_ERR_NOT_FOUND: StaticText.notFound
    case .W2V_ERR_BUFFER_TOO_SMALL: StaticText.bufferTooSmall
    case .W2V_ERR_ABORTED: StaticText.aborted
    case .W2V_ERR_OUT_OF_MEMORY: StaticText.outOfMemory
    case .W2V_COMPOSED: StaticText.composed
    case nil: StaticText.unknown
    }
}

/// The message of the last failed call on the calling thread ("row 3: expected 100 floats, found 97"),
/// or "" when the last call that returns a status succeeded. Owned by the library and valid until the
/// next call into it on the same thread; never NULL. Each thread has its own.
@c public func w2v_last_error() -> UnsafePointer<CChar> {
    LastError.current
}
