/// XXH64 (Yann Collet's xxHash, 64-bit), the native format's checksum: it reads 32 bytes per step in
/// four independent lanes, so it runs at memory speed (several GB/s), and any changed byte changes the
/// result except with probability about 2^-64. Not cryptographic: it catches corruption, not tampering.
enum NativeFormatChecksum {
    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always)
    private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always)
    private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* p2, 31) &* p1
    }

    @inline(__always)
    private static func merge(_ acc: UInt64, _ value: UInt64) -> UInt64 {
        (acc ^ round(0, value)) &* p1 &+ p4
    }

    @inline(__always)
    private static func load64(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    private static func load32(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// The XXH64 hash of `bytes` with `seed`.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        guard let p = bytes.baseAddress, count > 0 else { return finish(seed &+ p5, p: nil, from: 0, count: 0) }
        var i = 0
        var h: UInt64
        if count >= 32 {
            var v1 = seed &+ p1 &+ p2, v2 = seed &+ p2, v3 = seed, v4 = seed &- p1
            let end = count - 32
            while i <= end {
                v1 = round(v1, load64(p, i))
                v2 = round(v2, load64(p, i + 8))
                v3 = round(v3, load64(p, i + 16))
                v4 = round(v4, load64(p, i + 24))
                i += 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = merge(h, v1)
            h = merge(h, v2)
            h = merge(h, v3)
            h = merge(h, v4)
        } else {
            h = seed &+ p5
        }
        return finish(h &+ UInt64(count), p: p, from: i, count: count)
    }

    /// The tail (under 32 bytes) and the final avalanche.
    @inline(__always)
    private static func finish(_ start: UInt64, p: UnsafeRawPointer?, from: Int, count: Int) -> UInt64 {
        var h = start
        if let p {
            var i = from
            while i + 8 <= count {
                h = rotl(h ^ round(0, load64(p, i)), 27) &* p1 &+ p4
                i += 8
            }
            if i + 4 <= count {
                h = rotl(h ^ (load32(p, i) &* p1), 23) &* p2 &+ p3
                i += 4
            }
            while i < count {
                h = rotl(h ^ (UInt64(p.load(fromByteOffset: i, as: UInt8.self)) &* p5), 11) &* p1
                i += 1
            }
        }
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        h = h &* p3
        h ^= h >> 32
        return h
    }
}
