/// The character n-grams of a word as fastText's dictionary forms them (`computeSubwords`): the word is
/// wrapped in the boundary markers `<` and `>`, and every run of n characters with minN <= n <= maxN
/// is an n-gram, where a character is a UTF-8 lead byte with its continuation bytes (10xxxxxx), so an
/// n-gram never splits one. The two markers alone (n = 1 at either end) are not n-grams; the whole
/// `<word>` is one when its length is in range.
///
/// Bytes are taken as they come: an invalid UTF-8 sequence is grouped as fastText groups it (a stray
/// continuation byte joins the character before it, or is skipped at the start of an n-gram).
enum CharacterNgrams {
    static let beginOfWord = UInt8(ascii: "<")
    static let endOfWord = UInt8(ascii: ">")

    /// `<word>` as bytes.
    static func bracketed(_ word: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(word.count + 2)
        bytes.append(beginOfWord)
        bytes.append(contentsOf: word)
        bytes.append(endOfWord)
        return bytes
    }

    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// Calls `body` with each n-gram's byte range in `bracketed` (as made by `bracketed(_:)`), in
    /// fastText's order: by start character, then by length.
    static func forEach(in bracketed: [UInt8], minN: Int, maxN: Int, _ body: (Range<Int>) -> Void) {
        let size = bracketed.count
        for start in 0..<size where !isContinuation(bracketed[start]) {
            var end = start
            var n = 1
            while end < size && n <= maxN {
                end += 1
                while end < size && isContinuation(bracketed[end]) { end += 1 }
                if n >= minN && !(n == 1 && (start == 0 || end == size)) {
                    body(start..<end)
                }
                n += 1
            }
        }
    }

    /// Calls `body` with the bucket of every n-gram of `word` (unbracketed), in fastText's order,
    /// repeats included: fastText's hash modulo `buckets`. Nothing is collected, so a caller's string of
    /// any length costs time, not memory.
    static func forEachBucket(of word: UnsafeBufferPointer<UInt8>, minN: Int, maxN: Int, buckets: Int, _ body: (Int32) -> Void) {
        let bytes = bracketed(word)
        let divisor = UInt32(buckets)
        bytes.withUnsafeBufferPointer { all in
            forEach(in: bytes, minN: minN, maxN: maxN) { range in
                body(Int32(FastTextHash.hash(UnsafeBufferPointer(rebasing: all[range])) % divisor))
            }
        }
    }
}
