/// An insertion-ordered set of byte strings with dense ids: the word -> index map behind every
/// vocabulary. Words are bytes, not `String`s, so a corpus that is not UTF-8 keeps its words apart
/// exactly as written. Each word is stored NUL-terminated in one arena whose address never moves once
/// the table is frozen, so C callers can borrow `const char *` words directly.
public final class WordTable {
    // Every lookup touches these. The class never hands them out during an access, and a table is only
    // modified by one thread (frozen ones are read by many), so the runtime exclusivity checks are off.
    @exclusivity(unchecked) private var arena: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var arenaCapacity: Int
    @exclusivity(unchecked) private var arenaUsed = 0
    /// Where each word's bytes start in the arena and their count, packed in 8 bytes (`Span`): one
    /// record per id, so checking a candidate touches one cache line besides its bytes.
    @exclusivity(unchecked) private var spans: [Span] = []
    /// Open addressing, linear probing; a slot holds the upper 32 bits of its word's hash above the
    /// word's id (`slotValue`), `emptySlot` none. Capacity is a power of two kept at most 3/4 full
    /// (8-byte slots at most half full would take more memory than the 4-byte ids of before). With
    /// the hash's bits in the slot, a probe passes other words without touching their records: a
    /// lookup reads the slot, then only its own word's record and bytes (measured: counting spent
    /// most of its time waiting for the lines of an id-indexed hash array and records).
    @exclusivity(unchecked) private var slots: [UInt64]
    @exclusivity(unchecked) private var mask: Int

    /// Lengths of the words of `Span.longLength` bytes or more, by id (none from the tokenizer, which
    /// cuts at 100 bytes; an evaluation file's line may be one long word).
    @exclusivity(unchecked) private var longLengths: [Int: Int] = [:]

    /// A word's start in the arena (40 bits: an arena of 2^40 bytes could not be allocated) and length
    /// (24 bits; `longLength` means at least that many, the length is in `longLengths`).
    private struct Span {
        let bits: UInt64
        static let longLength = 0xFF_FFFF

        init(start: Int, length: Int) {
            precondition(start < 1 << 40, "an arena of fewer than 2^40 bytes")
            bits = UInt64(start) << 24 | UInt64(min(length, Self.longLength))
        }

        var start: Int { Int(bits >> 24) }
        var length: Int { Int(bits & 0xFF_FFFF) }
    }

    @inline(__always)
    private func length(_ id: Int, _ span: Span) -> Int {
        span.length == Span.longLength ? longLengths[id]! : span.length
    }

    private static let emptySlot = UInt64.max

    /// The slot of word `id` with hash `h` (ids are below 2^31, so no slot is `emptySlot`).
    @inline(__always)
    private static func slotValue(_ h: UInt64, _ id: Int) -> UInt64 {
        (h & 0xFFFF_FFFF_0000_0000) | UInt64(UInt32(truncatingIfNeeded: id))
    }

    init(expectedCount: Int = 1024) {
        var capacity = 16
        while capacity * 3 < expectedCount * 4 { capacity <<= 1 }
        slots = [UInt64](repeating: Self.emptySlot, count: capacity)
        mask = capacity - 1
        arenaCapacity = max(64, expectedCount * 8)
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        arena.deallocate()
    }

    public var count: Int { spans.count }

    /// Total bytes of all words, without terminators.
    var byteCount: Int { arenaUsed - spans.count }

    @inline(__always)
    private func equals(_ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let span = spans[id]
        if span.length != min(word.count, Span.longLength) || length(id, span) != word.count { return false }
        guard let base = word.baseAddress else { return true }
        return WordHash.equal(arena + span.start, base, count: word.count)
    }

    /// The slot where `word` (of hash `h`) is, or the empty slot where it would go, and its id (-1 when absent).
    @inline(__always)
    private func probe(_ word: UnsafeBufferPointer<UInt8>, _ h: UInt64) -> (slot: Int, id: Int) {
        let tag = h & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let value = slots[slot]
            if value == Self.emptySlot { return (slot, -1) }
            if value & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(UInt32(truncatingIfNeeded: value))
                if equals(id, word) { return (slot, id) }
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// The id of `word`, or nil.
    @inline(__always)
    func find(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        let id = probe(word, WordHash.hash(word)).id
        return id < 0 ? nil : id
    }

    /// The id of `word`, adding it at the end when it is new.
    @inline(__always)
    func findOrInsert(_ word: UnsafeBufferPointer<UInt8>) -> (id: Int, inserted: Bool) {
        let h = WordHash.hash(word)
        let (slot, found) = probe(word, h)
        if found >= 0 { return (found, false) }
        let id = spans.count
        precondition(id < Int(Int32.max), "a word table holds fewer than 2^31 words")
        spans.append(Span(start: appendToArena(word), length: word.count))
        if word.count >= Span.longLength { longLengths[id] = word.count }
        slots[slot] = Self.slotValue(h, id)
        if spans.count * 4 > slots.count * 3 { grow() }
        return (id, true)
    }

    func find(_ word: String) -> Int? {
        var word = word
        return word.withUTF8 { find($0) }
    }

    /// The bytes of word `id`, borrowed from the table.
    @inline(__always)
    func word(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        let span = spans[id]
        return UnsafeBufferPointer(start: arena + span.start, count: length(id, span))
    }

    /// Word `id` as a NUL-terminated C string, borrowed from the table while it is not modified.
    public func cString(_ id: Int) -> UnsafePointer<CChar> {
        UnsafeRawPointer(arena + spans[id].start).assumingMemoryBound(to: CChar.self)
    }

    /// Word `id` as a Swift string (invalid UTF-8 repaired; for messages and tests).
    func string(_ id: Int) -> String {
        String(decoding: word(id), as: UTF8.self)
    }

    /// Copies `word` and a NUL to the arena; returns where the word starts.
    private func appendToArena(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        let needed = arenaUsed + word.count + 1
        if needed > arenaCapacity {
            var capacity = arenaCapacity * 2
            while capacity < needed { capacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: arena, count: arenaUsed)
            arena.deallocate()
            arena = bigger
            arenaCapacity = capacity
        }
        let start = arenaUsed
        if let base = word.baseAddress { (arena + start).update(from: base, count: word.count) }
        arena[start + word.count] = 0
        arenaUsed = needed
        return start
    }

    /// Doubles the slots; the hashes are computed again from the words (the slots keep only their upper
    /// bits), which costs less than an array of them that every lookup would touch.
    private func grow() {
        let capacity = slots.count * 2
        slots = [UInt64](repeating: Self.emptySlot, count: capacity)
        mask = capacity - 1
        for id in 0..<spans.count {
            let h = WordHash.hash(word(id))
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != Self.emptySlot { slot = (slot &+ 1) & mask }
            slots[slot] = Self.slotValue(h, id)
        }
    }
}

import Glibc
