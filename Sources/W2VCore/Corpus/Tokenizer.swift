/// Splits raw bytes into words the way word2vec does: ASCII whitespace (and NUL, which no C string can
/// carry) separates words, and a newline also ends a sentence. Bytes are never decoded, so corpora that
/// are not UTF-8 tokenize the same as any other; only an over-long word is cut, and it is cut on a UTF-8
/// character boundary so the kept prefix never ends in half a character.
///
/// Input may arrive in chunks of any size: a word split across two chunks is carried over.
struct Tokenizer {
    /// Longest word kept, in bytes (word2vec's MAX_STRING is 100 including the terminator).
    static let maxWordBytes = 100

    enum Event {
        case word(UnsafeBufferPointer<UInt8>)
        case sentenceEnd
    }

    /// Bytes of a word that began in an earlier chunk; holds at most `maxWordBytes + 1` bytes, one more
    /// than is kept, so the cut can look at the first dropped byte.
    private var carry: [UInt8] = []
    private var carryOverflowed = false

    init() {
        carry.reserveCapacity(Self.maxWordBytes + 1)
    }

    @inline(__always)
    static func isSeparator(_ byte: UInt8) -> Bool {
        // ASCII whitespace and NUL; the first test keeps the common case (a letter) to one comparison.
        byte <= 32 && (TextFields.isWhitespace(byte) || byte == 0)
    }

    /// The index of the first separator in `bytes[i..<n]`, or `n`. Reads 8 bytes at a time: one test
    /// finds the first byte below 33 among them (bit-parallel: a byte's subtraction borrows only into
    /// the bytes above it, so the lowest flagged byte is exact), and only such a byte, rare inside a
    /// word, is then checked for being a separator.
    @inline(__always)
    static func separatorIndex(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return i }
        let raw = UnsafeRawPointer(base)
        var i = i
        while i &+ 8 <= n {
            let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let below33 = (x &- 0x2121_2121_2121_2121) & ~x & 0x8080_8080_8080_8080
            if below33 == 0 {
                i &+= 8
                continue
            }
            let at = i &+ below33.trailingZeroBitCount >> 3
            if isSeparator(base[at]) { return at }
            i = at &+ 1
        }
        while i < n && !isSeparator(base[i]) { i &+= 1 }
        return i
    }

    /// The length of the longest prefix of `word` that fits `maxWordBytes` without splitting a UTF-8
    /// character. `word.count` may exceed the limit by any amount.
    @inline(__always)
    static func cutLength(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        guard word.count > maxWordBytes else { return word.count }
        var cut = maxWordBytes
        // A continuation byte (10xxxxxx) at the cut means the character started before it; a character
        // has at most three continuation bytes, so invalid UTF-8 cannot make this back up further.
        var steps = 0
        while cut > 0 && steps < 3 && word[cut] & 0xC0 == 0x80 {
            cut -= 1
            steps += 1
        }
        if steps == 3 && word[cut] & 0xC0 == 0x80 { return maxWordBytes }
        return cut
    }

    /// Tokenizes one chunk; `emit` sees every complete word and sentence end in order. A word still open
    /// at the end of the chunk is kept for the next call or for `finish`.
    @inline(__always)
    mutating func feed<E: Error>(_ chunk: UnsafeRawBufferPointer, _ emit: (Event) throws(E) -> Void) throws(E) {
        let bytes = chunk.bindMemory(to: UInt8.self)
        let n = bytes.count
        var i = 0
        // Complete a word carried over from the previous chunk.
        if !carry.isEmpty || carryOverflowed {
            i = Self.separatorIndex(bytes, from: 0)
            appendToCarry(UnsafeBufferPointer(rebasing: bytes[0..<i]))
            if i == n { return }
            try flushCarry(emit)
        }
        while i < n {
            let byte = bytes[i]
            if Self.isSeparator(byte) {
                if byte == 10 { try emit(.sentenceEnd) }
                i += 1
                continue
            }
            let start = i
            i = Self.separatorIndex(bytes, from: i &+ 1)
            let word = UnsafeBufferPointer(rebasing: bytes[start..<i])
            if i == n {
                appendToCarry(word)
                return
            }
            try emit(.word(UnsafeBufferPointer(rebasing: word[0..<Self.cutLength(word)])))
        }
    }

    /// Ends the input: a final word without a trailing separator is emitted.
    mutating func finish<E: Error>(_ emit: (Event) throws(E) -> Void) throws(E) {
        if !carry.isEmpty { try flushCarry(emit) }
        carryOverflowed = false
    }

    private mutating func appendToCarry(_ part: UnsafeBufferPointer<UInt8>) {
        let room = Self.maxWordBytes + 1 - carry.count
        if part.count > room { carryOverflowed = true }
        carry.append(contentsOf: part.prefix(max(0, room)))
    }

    private mutating func flushCarry<E: Error>(_ emit: (Event) throws(E) -> Void) throws(E) {
        defer {
            carry.removeAll(keepingCapacity: true)
            carryOverflowed = false
        }
        if carry.isEmpty { return }
        let length = carry.withUnsafeBufferPointer { Self.cutLength($0) }
        try carry.withUnsafeBufferPointer { (word) throws(E) -> Void in
            try emit(.word(UnsafeBufferPointer(rebasing: word[0..<length])))
        }
    }
}

extension Tokenizer {
    /// Tokenizes a complete in-memory text.
    static func forEachEvent<E: Error>(in text: UnsafeRawBufferPointer, _ emit: (Event) throws(E) -> Void) throws(E) {
        var tokenizer = Tokenizer()
        try tokenizer.feed(text, emit)
        try tokenizer.finish(emit)
    }
}
