import W2VCore

// The C header names these handle types `w2v_vocab *`, `w2v_model *` and `w2v_params *`; in Swift they
// are opaque pointers to retained boxes. scripts/generate-header maps each alias to its C type. The
// `Const` aliases are the same pointers, printed `const w2v_x *`: a function takes one when it only
// reads the object, so C callers can pass a const handle and see which calls leave a model unchanged
// (those a trained model allows from many threads at once).

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

enum Handle {
    static func make(_ object: AnyObject) -> OpaquePointer {
        OpaquePointer(Unmanaged.passRetained(object).toOpaque())
    }

    static func release(_ handle: OpaquePointer?) {
        guard let handle else { return }
        Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(handle)).release()
    }

    static func vocab(_ handle: OpaquePointer?) throws(W2VError) -> WordCounter {
        try object(handle, "vocab")
    }

    static func model(_ handle: OpaquePointer?) throws(W2VError) -> Model {
        try object(handle, "model")
    }

    static func params(_ handle: OpaquePointer?) throws(W2VError) -> ParamsBox {
        try object(handle, "params")
    }

    private static func object<T: AnyObject>(_ handle: OpaquePointer?, _ name: String) throws(W2VError) -> T {
        guard let handle else { throw .invalidArgument("\(name) is NULL") }
        guard let object = Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue() as? T else {
            throw .invalidArgument("\(name) is not a w2v_\(name) handle")
        }
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


import Glibc

