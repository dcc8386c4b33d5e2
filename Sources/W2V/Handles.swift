import Glibc
import W2VCore

// The C header names these handle types `w2v_vocab *`, `w2v_model *` and `w2v_params *`; in Swift they
// are opaque pointers to a `HandleHeader`: a tag word saying which kind of handle it is, then the
// retained object. scripts/generate-header maps each alias to its C type. The `Const` aliases are the
// same pointers, printed `const w2v_x *`: a function takes one when it only reads the object, so C
// callers can pass a const handle and see which calls leave a model unchanged (those a trained model
// allows from many threads at once).

/// C type `w2v_vocab *`.
public typealias W2VVocabHandle = OpaquePointer
/// C type `w2v_model *`.
public typealias W2VModelHandle = OpaquePointer
/// C type `w2v_params *`.
public typealias W2VParamsHandle = OpaquePointer
/// C type `const w2v_vocab *`.
public typealias W2VConstVocabHandle = OpaquePointer
/// C type `const w2v_model *`.
public typealias W2VConstModelHandle = OpaquePointer
/// C type `const w2v_params *`.
public typealias W2VConstParamsHandle = OpaquePointer

/// The mutable parameter set behind a `w2v_params *`.
final class ParamsBox {
    var value = TrainingParameters()
}

/// A kind of handle: its name in the header (`w2v_<name>`, also the argument's name in messages) and
/// its tag. A freed handle's tag is `freedTag`, so a use after free is told apart from garbage.
struct HandleKind: Equatable {
    let name: String
    let tag: UInt64
    var freedTag: UInt64 { tag ^ 0xffff_0000_0000_0000 }

    // "w2v vocb", "w2v modl", "w2v parm" as little-endian bytes: rare in other memory by chance.
    static let vocab = HandleKind(name: "vocab", tag: 0x6263_6f76_2076_3277)
    static let model = HandleKind(name: "model", tag: 0x6c64_6f6d_2076_3277)
    static let params = HandleKind(name: "params", tag: 0x6d72_6170_2076_3277)
    static let phrases = HandleKind(name: "phrases", tag: 0x7268_7070_2076_3277)  // "w2v pphr"
    /// Every kind, for naming the kind of a handle passed where another was expected.
    static let all: [HandleKind] = [.vocab, .model, .params, .phrases]
}

/// An object a C handle can stand for, and which kind of handle that is.
protocol HandleObject: AnyObject {
    static var handleKind: HandleKind { get }
}

extension WordCounter: HandleObject { static var handleKind: HandleKind { .vocab } }
extension Model: HandleObject { static var handleKind: HandleKind { .model } }
extension ParamsBox: HandleObject { static var handleKind: HandleKind { .params } }
extension Phrases: HandleObject { static var handleKind: HandleKind { .phrases } }

/// What a handle points to: 16 bytes of the library's own, 16-byte aligned, checked before the object
/// behind them is trusted.
struct HandleHeader {
    /// The kind's `tag` while the handle lives; its `freedTag` once freed.
    var tag: UInt64
    /// The object, retained once by the handle.
    var object: UnsafeMutableRawPointer
}

/// Handles with misuse detection, as sqlite's SQLITE_MISUSE: every entry point checks the tag of the
/// header a handle points to, so a handle of the wrong kind, a freed handle or a pointer to memory that
/// holds no handle is W2V_ERR_INVALID_ARGUMENT ("vocab is not a w2v_vocab handle: ...") and `_free` of
/// such a pointer frees nothing. Best effort, as the header says: the library can only read what the
/// pointer points to, so a pointer to unmapped memory still crashes (addresses no allocation can have
/// are refused without reading), and a freed handle is recognised only while its header is kept: freed
/// headers are kept in a quarantine of the last `quarantineCount` frees before their memory is reused.
enum Handle {
    static let quarantineCount = 4096

    static func make<T: HandleObject>(_ object: T) -> OpaquePointer {
        let header = UnsafeMutablePointer<HandleHeader>.allocate(capacity: 1)
        header.initialize(to: HandleHeader(tag: T.handleKind.tag, object: Unmanaged.passRetained(object).toOpaque()))
        return OpaquePointer(header)
    }

    /// Frees a handle of kind `T`: NULL is a no-op; anything that is not a live handle of this kind is
    /// left alone, with the reason kept as the thread's last error.
    static func free<T: HandleObject>(_ handle: OpaquePointer?, _ type: T.Type) {
        guard let handle else { return }
        let kind = T.handleKind
        let header: UnsafeMutablePointer<HandleHeader>
        do {
            header = try checked(handle, kind)
        } catch {
            LastError.set(error.message)
            return
        }
        // Under the lock the tag is checked again and changed, so of two racing frees one frees.
        guard let object = Quarantine.shared.retire(header, kind) else {
            LastError.set(misuse(kind, "it was freed by w2v_\(kind.name)_free"))
            return
        }
        Unmanaged<T>.fromOpaque(object).release()
    }

    static func vocab(_ handle: OpaquePointer?) throws(W2VError) -> WordCounter {
        try object(handle, WordCounter.self)
    }

    static func model(_ handle: OpaquePointer?) throws(W2VError) -> Model {
        try object(handle, Model.self)
    }

    static func phrases(_ handle: OpaquePointer?) throws(W2VError) -> Phrases {
        try object(handle, Phrases.self)
    }

    static func params(_ handle: OpaquePointer?) throws(W2VError) -> ParamsBox {
        try object(handle, ParamsBox.self)
    }

    @inline(__always)
    static func object<T: HandleObject>(_ handle: OpaquePointer?, _ type: T.Type) throws(W2VError) -> T {
        guard let handle else { throw .invalidArgument("\(T.handleKind.name) is NULL") }
        let header = try checked(handle, T.handleKind)
        return Unmanaged<T>.fromOpaque(header.pointee.object).takeUnretainedValue()
    }

    /// The header of a live handle of `kind`, or the misuse, named.
    @inline(__always)
    private static func checked(_ handle: OpaquePointer, _ kind: HandleKind) throws(W2VError) -> UnsafeMutablePointer<HandleHeader> {
        let address = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(handle)))
        // malloc aligns to 16, and a 16-aligned 16-byte header cannot straddle a page; the first 64 KiB
        // are never mapped (vm.mmap_min_addr) and nothing is mapped past the address space.
        if address % 16 != 0 || address < 1 << 16 || address >= addressSpaceEnd {
            throw .invalidArgument(misuse(kind, "no handle can be at address 0x\(String(address, radix: 16))"))
        }
        let header = UnsafeMutablePointer<HandleHeader>(handle)
        let tag = UnsafeRawPointer(header).load(as: UInt64.self)
        if tag == kind.tag { return header }
        throw .invalidArgument(misuse(kind, why(tag, kind)))
    }

    private static func why(_ tag: UInt64, _ kind: HandleKind) -> String {
        if tag == kind.freedTag { return "it was freed by w2v_\(kind.name)_free" }
        for other in HandleKind.all {
            if tag == other.tag { return "it is a w2v_\(other.name) handle" }
            if tag == other.freedTag { return "it is a w2v_\(other.name) handle, freed by w2v_\(other.name)_free" }
        }
        return "the memory it points to holds no handle (a garbage pointer, or a handle freed long ago)"
    }

    private static func misuse(_ kind: HandleKind, _ why: String) -> String {
        "\(kind.name) is not a w2v_\(kind.name) handle: \(why)"
    }
}

/// The headers of the last `Handle.quarantineCount` freed handles, kept (with their freed tags) so a
/// use after free reads a tag that says so; the oldest is deallocated when a newer one comes in.
private final class Quarantine: @unchecked Sendable {
    static let shared = Quarantine()

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var headers: [UnsafeMutablePointer<HandleHeader>?]
    private var next = 0

    private init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        headers = Array(repeating: nil, count: Handle.quarantineCount)
    }

    /// Marks a live header of `kind` freed and keeps it; returns its object to release, or nil when
    /// another thread freed it first.
    func retire(_ header: UnsafeMutablePointer<HandleHeader>, _ kind: HandleKind) -> UnsafeMutableRawPointer? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard header.pointee.tag == kind.tag else { return nil }
        header.pointee.tag = kind.freedTag
        let object = header.pointee.object
        if let oldest = headers[next] { oldest.deallocate() }
        headers[next] = header
        next = (next + 1) % headers.count
        return object
    }
}

/// The bytes of a NUL-terminated C string, named in the error when NULL.
@inline(__always)
func cBytes(_ text: UnsafePointer<CChar>?, _ name: String) throws(W2VError) -> UnsafeBufferPointer<UInt8> {
    let text = try required(text, name)
    return UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
}

/// Where the address space of a process ends, at most: 2^56 on 64-bit Linux (x86-64 with five-level
/// paging; arm64 maps at most 2^52), so no array a caller passes can end above it.
let addressSpaceEnd: UInt = MemoryLayout<Int>.size == 8 ? 1 << 56 : UInt.max

/// A caller's count of the elements of `array` (which may be NULL; that is checked after), checked
/// before any arithmetic or conversion: the array's bytes must not overflow and must end inside the
/// address space, as any real array does. So SIZE_MAX, SIZE_MAX / 2 and every other impossible size is
/// W2V_ERR_INVALID_ARGUMENT naming the argument, never a trap or a read out of bounds.
@inline(__always)
func callerCount<T>(_ n: UInt, of array: UnsafePointer<T>?, _ name: String) throws(W2VError) -> Int {
    try callerCount(n, elementSize: MemoryLayout<T>.stride, at: UnsafeRawPointer(array), name)
}

/// `callerCount(_:of:_:)` for an array the caller will have written to.
@inline(__always)
func callerCount<T>(_ n: UInt, of array: UnsafeMutablePointer<T>?, _ name: String) throws(W2VError) -> Int {
    try callerCount(n, elementSize: MemoryLayout<T>.stride, at: UnsafeRawPointer(array), name)
}

func callerCount(_ n: UInt, elementSize: Int, at base: UnsafeRawPointer?, _ name: String) throws(W2VError) -> Int {
    let (bytes, overflow) = n.multipliedReportingOverflow(by: UInt(elementSize))
    let (end, past) = UInt(bitPattern: Int(bitPattern: base)).addingReportingOverflow(bytes)
    if overflow || past || end > addressSpaceEnd {
        throw .invalidArgument("\(name) is \(n), more than any array can hold (\(elementSize)-byte elements)")
    }
    return Int(n)
}

/// A C path argument as its exact bytes (a Linux path need not be UTF-8); NULL and "" are invalid.
func cPath(_ path: UnsafePointer<CChar>?) throws(W2VError) -> BytePath {
    let bytes = try cBytes(path, "path")
    if bytes.isEmpty { throw .invalidArgument("path is empty") }
    return BytePath(bytes: bytes)
}

/// A C token list as byte buffers, every token checked.
func tokenList(_ tokens: UnsafePointer<UnsafePointer<CChar>?>?, _ n: UInt) throws(W2VError) -> [UnsafeBufferPointer<UInt8>] {
    if n == 0 { return [] }
    let count = try callerCount(n, of: tokens, "n")
    let tokens = try required(tokens, "tokens")
    var words = [UnsafeBufferPointer<UInt8>]()
    words.reserveCapacity(count)
    for i in 0..<count {
        words.append(try cBytes(tokens[i], "tokens[\(i)]"))
    }
    return words
}
