import Glibc

/// The hash and the byte comparison of `WordTable`, for the short strings words are: both read a
/// word 8 (or 4) bytes at a time, never past its end (the last load overlaps the one before), so a
/// six-letter word costs one multiply-and-shift step and a finish instead of a multiply per byte, and
/// its comparison makes no call. Where a word lands depends on the hash, the ids (first-seen order)
/// and so every result do not.
enum WordHash {
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = word.count
        guard let p = word.baseAddress, n > 0 else { return finish(0) }
        let raw = UnsafeRawPointer(p)
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        if n >= 8 {
            var i = 0
            while i &+ 8 < n {
                h = step(h, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i &+= 8
            }
            h = step(h, raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
        } else if n >= 4 {
            // Two overlapping 4-byte loads cover 4 to 7 bytes.
            let low = UInt64(raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self))
            h = step(h, low | high << 32)
        } else {
            h = step(h, UInt64(p[0]) | UInt64(p[n >> 1]) << 8 | UInt64(p[n &- 1]) << 16)
        }
        return finish(h)
    }

    @inline(__always)
    private static func step(_ h: UInt64, _ bytes: UInt64) -> UInt64 {
        let x = (h ^ bytes) &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 31)
    }

    /// SplitMix64's finaliser: every bit of the input reaches the low bits (the slot) and the high bits
    /// (the tag kept in the slot).
    @inline(__always)
    private static func finish(_ h: UInt64) -> UInt64 {
        var z = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Whether the `n` bytes at `a` and `b` are equal.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count n: Int) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        if n >= 8 {
            if n > 32 { return memcmp(a, b, n) == 0 }
            var i = 0
            while i &+ 8 < n {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                i &+= 8
            }
            return x.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        }
        if n >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
        }
        var i = 0
        while i < n {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }
}
