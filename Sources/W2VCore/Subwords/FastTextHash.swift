/// fastText's string hash: 32-bit FNV-1a in which each byte enters as a sign-extended `int8_t` (its
/// dictionary computes `h ^ uint32_t(int8_t(c))`), so a byte >= 0x80 flips the top 24 bits too. Plain
/// FNV-1a would give other buckets for every n-gram with a non-ASCII character, and models could not
/// be exchanged with fastText.
enum FastTextHash {
    static let offsetBasis: UInt32 = 2_166_136_261
    static let prime: UInt32 = 16_777_619

    static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var h = offsetBasis
        for byte in bytes {
            h ^= UInt32(bitPattern: Int32(Int8(bitPattern: byte)))
            h = h &* prime
        }
        return h
    }
}
