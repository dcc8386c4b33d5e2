/// A file path as bytes, handed to the system exactly as the caller gave them. A Linux path is any
/// sequence of non-NUL bytes, UTF-8 or not; a Swift `String` cannot hold invalid UTF-8 (building one
/// replaces each bad byte with U+FFFD), so `x\xff` and `x\xfe` would name one file. Every file entry
/// point of the core takes a `BytePath`; the internal `String` overloads beside them are for tests.
///
/// `description` is the path for messages: valid UTF-8 as it is, each other byte and each control
/// character as `\xNN`, so a message names the path without printing raw bytes.
public struct BytePath: Hashable, Sendable, CustomStringConvertible {
    /// The path's bytes followed by one NUL (so `withCString` needs no copy).
    private var storage: [UInt8]

    /// The path of a Swift string (its UTF-8 bytes), cut at the first NUL as C would read it.
    init(_ string: String) {
        self.init(nulTerminatedPrefixOf: Array(string.utf8))
    }

    /// The path of `bytes`, cut at the first NUL as C would read it.
    public init(bytes: some Sequence<UInt8>) {
        self.init(nulTerminatedPrefixOf: Array(bytes))
    }

    private init(nulTerminatedPrefixOf bytes: [UInt8]) {
        var bytes = bytes
        if let nul = bytes.firstIndex(of: 0) { bytes.removeSubrange(nul...) }
        bytes.append(0)
        storage = bytes
    }

    /// The path's bytes, without the terminating NUL.
    var bytes: ArraySlice<UInt8> { storage[..<(storage.count - 1)] }

    var isEmpty: Bool { storage.count == 1 }

    /// Calls `body` with the path as a NUL-terminated C string.
    func withCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
        storage.withUnsafeBytes { body($0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
    }

    /// This path followed by `suffix`'s bytes.
    func appending(_ suffix: some Sequence<UInt8>) -> BytePath {
        BytePath(bytes: bytes + Array(suffix))
    }

    /// This path followed by `suffix`'s UTF-8 bytes.
    func appending(_ suffix: String) -> BytePath {
        appending(suffix.utf8)
    }

    /// The path split after its last `/`: the directory ("" for none, else ending in `/`) and the name
    /// (empty when the path ends in `/`).
    var directoryAndName: (directory: BytePath, name: ArraySlice<UInt8>) {
        let all = bytes
        guard let slash = all.lastIndex(of: UInt8(ascii: "/")) else { return (BytePath(""), all) }
        return (BytePath(bytes: all[...slash]), all[(slash + 1)...])
    }

    public var description: String { Self.printable(bytes) }

    /// `bytes` for a message: valid UTF-8 as it is; an invalid byte, a control character (below 0x20,
    /// 0x7f) as `\xNN`.
    static func printable(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var result = ""
        result.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let length = validSequenceLength(bytes, at: i)
            if length == 1 && (bytes[i] < 0x20 || bytes[i] == 0x7f) || length == 0 {
                result += "\\x" + (bytes[i] < 16 ? "0" : "") + String(bytes[i], radix: 16)
                i += 1
            } else {
                result += String(decoding: bytes[i..<(i + length)], as: UTF8.self)
                i += length
            }
        }
        return result
    }

    /// The length of the well-formed UTF-8 sequence starting at `i` (1 to 4), or 0 when there is none
    /// (Unicode's table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
    private static func validSequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let lead = b[i]
        func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xbf) -> Bool {
            i + k < b.count && b[i + k] >= low && b[i + k] <= high
        }
        switch lead {
        case 0x00...0x7f: return 1
        case 0xc2...0xdf: return continuation(1) ? 2 : 0
        case 0xe0: return continuation(1, 0xa0) && continuation(2) ? 3 : 0
        case 0xe1...0xec, 0xee...0xef: return continuation(1) && continuation(2) ? 3 : 0
        case 0xed: return continuation(1, 0x80, 0x9f) && continuation(2) ? 3 : 0
        case 0xf0: return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xf1...0xf3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xf4: return continuation(1, 0x80, 0x8f) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }
}
