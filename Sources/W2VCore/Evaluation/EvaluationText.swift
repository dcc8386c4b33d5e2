/// Reading the small plain-text evaluation files (split with `TextFields`).
enum EvaluationText {
    static func checkRestrict(_ restrictVocab: Int) throws(W2VError) {
        if restrictVocab < 0 {
            throw .invalidArgument("restrict_vocab must be 0 (the whole vocabulary) or positive, not \(restrictVocab)")
        }
    }

    /// The whole file (evaluation sets are small).
    static func readFile(_ path: BytePath) throws(W2VError) -> [UInt8] {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { chunk.deallocate() }
        while true {
            let n = try file.read(into: chunk)
            if n == 0 { return bytes }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        }
    }
}
