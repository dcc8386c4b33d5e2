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
    @exclusivity(unchecked) private var starts: [Int] = []
    @exclusivity(unchecked) private var lengths: [Int32] = []
    @exclusivity(unchecked) private var hashes: [UInt64] = []
    /// Open addressing, linear probing; -1 marks an empty slot. Capacity is a power of two kept at most half full.
    @exclusivity(unchecked) private var slots: [Int32]
    @exclusivity(unchecked) private var mask: Int

    init(expectedCount: Int = 1024) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        arenaCapacity = max(64, expectedCount * 8)
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        arena.deallocate()
    }

    public var count: Int { starts.count }

    /// Total bytes of all words, without terminators.
    var byteCount: Int { arenaUsed - starts.count }

    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // FNV-1a: simple, and good enough for words.
        var h: UInt64 = 0xcbf29ce484222325
        for byte in word {
            h = (h ^ UInt64(byte)) &* 0x100000001b3
        }
        return h
    }

    @inline(__always)
    private func equals(_ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        if Int(lengths[id]) != word.count { return false }
        guard let base = word.baseAddress else { return true }
        return memcmp(arena + starts[id], base, word.count) == 0
    }

    /// The id of `word`, or nil.
    @inline(__always)
    func find(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = Self.hash(word)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = Int(slots[slot])
            if id < 0 { return nil }
            if hashes[id] == h && equals(id, word) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `word`, adding it at the end when it is new.
    @inline(__always)
    func findOrInsert(_ word: UnsafeBufferPointer<UInt8>) -> (id: Int, inserted: Bool) {
        let h = Self.hash(word)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = Int(slots[slot])
            if id < 0 { break }
            if hashes[id] == h && equals(id, word) { return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = starts.count
        appendToArena(word)
        lengths.append(Int32(word.count))
        hashes.append(h)
        slots[slot] = Int32(id)
        if starts.count * 2 > slots.count { grow() }
        return (id, true)
    }

    func find(_ word: String) -> Int? {
        var word = word
        return word.withUTF8 { find($0) }
    }

    /// The bytes of word `id`, borrowed from the table.
    @inline(__always)
    func word(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + starts[id], count: Int(lengths[id]))
    }

    /// Word `id` as a NUL-terminated C string, borrowed from the table while it is not modified.
    public func cString(_ id: Int) -> UnsafePointer<CChar> {
        UnsafeRawPointer(arena + starts[id]).assumingMemoryBound(to: CChar.self)
    }

    /// Word `id` as a Swift string (invalid UTF-8 repaired; for messages and tests).
    func string(_ id: Int) -> String {
        String(decoding: word(id), as: UTF8.self)
    }

    private func appendToArena(_ word: UnsafeBufferPointer<UInt8>) {
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
        starts.append(arenaUsed)
        if let base = word.baseAddress { (arena + arenaUsed).update(from: base, count: word.count) }
        arena[arenaUsed + word.count] = 0
        arenaUsed = needed
    }

    private func grow() {
        let capacity = slots.count * 2
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for id in 0..<starts.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}

import Glibc
