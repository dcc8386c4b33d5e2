/// The distinct words of an evaluation file as small integer keys, and where each one is in the vocabulary.
struct EvaluationWords {
    let foldCase: Bool
    /// Key -> word (ASCII lower-cased when folding).
    let table = WordTable(expectedCount: 1024)
    private var scratch: [UInt8] = []

    init(foldCase: Bool) {
        self.foldCase = foldCase
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// The key of `word`, a new one if the word is new.
    mutating func key(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
        if !foldCase { return Int32(table.findOrInsert(word).id) }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: word.lazy.map(Self.lower))
        let table = self.table
        return scratch.withUnsafeBufferPointer { Int32(table.findOrInsert($0).id) }
    }

    /// `rowOfKey`: for each key the most frequent (lowest) row among `0..<rows` with that spelling, up to
    /// case when folding, or -1. `keyOfRow`: for each of those rows its key, or -1.
    func resolve(in vocabulary: Vocabulary, rows: Int) -> (rowOfKey: [Int32], keyOfRow: [Int32]) {
        var rowOfKey = [Int32](repeating: -1, count: table.count)
        var keyOfRow = [Int32](repeating: -1, count: rows)
        if !foldCase {
            for k in 0..<table.count {
                if let r = vocabulary.index(of: table.word(k)), r < rows {
                    rowOfKey[k] = Int32(r)
                    keyOfRow[r] = Int32(k)
                }
            }
            return (rowOfKey, keyOfRow)
        }
        var folded = [UInt8]()
        for r in 0..<rows {
            let word = vocabulary.table.word(r)
            folded.removeAll(keepingCapacity: true)
            folded.append(contentsOf: word.lazy.map(Self.lower))
            guard let k = folded.withUnsafeBufferPointer({ table.find($0) }) else { continue }
            keyOfRow[r] = Int32(k)
            if rowOfKey[k] < 0 { rowOfKey[k] = Int32(r) }
        }
        return (rowOfKey, keyOfRow)
    }
}
