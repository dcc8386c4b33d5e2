import Glibc

/// Word-pair similarity (WordSimilarity-353, SimLex-999, ...): how well the model's cosine similarities
/// order word pairs the way people scored them, as gensim's `KeyedVectors.evaluate_word_pairs`.
public struct WordPairResult: Sendable {
    /// Spearman rank correlation between human scores and cosine similarities, ties given their average
    /// rank (`scipy.stats.spearmanr`). NaN when it is undefined: fewer than 2 pairs used, or all human
    /// scores or all similarities equal (scipy's answer too).
    public var spearman: Double
    /// Pearson correlation of the same values (`scipy.stats.pearsonr`); NaN in the same cases.
    public var pearson: Double
    /// Pairs whose two words are both in the (restricted) vocabulary.
    public var pairsUsed: Int
    /// Well-formed pairs left out because a word is not in the (restricted) vocabulary.
    public var pairsSkipped: Int

    public init(spearman: Double, pearson: Double, pairsUsed: Int, pairsSkipped: Int) {
        self.spearman = spearman
        self.pearson = pearson
        self.pairsUsed = pairsUsed
        self.pairsSkipped = pairsSkipped
    }
}

extension Model {
    /// Correlation with human similarity judgements read from a file of lines `word1 word2 score`.
    ///
    /// - Fields are separated by tabs when the line has a tab (so a word may hold a space), otherwise by
    ///   spaces; blank lines and lines starting with `#` are skipped, and so is a first line whose score
    ///   is not a number (a header such as `Word 1<TAB>Word 2<TAB>Human (mean)`). Any other line that is not
    ///   two words and a finite number is a format error naming the line (gensim logs and skips such
    ///   lines, which hides a damaged file); a file without any pair is a format error too.
    /// - `restrictVocab`: only rows `0..<restrictVocab` (the most frequent words) count as known; 0 means
    ///   the whole vocabulary.
    /// - `caseInsensitive`: a word matches the most frequent known word with the same spelling up to ASCII
    ///   case (gensim's rule); otherwise only the exact spelling.
    /// - Similarities are cosines computed in Double from the stored vectors (0 for a zero vector).
    ///   When no pair can be used the result has `pairsUsed` 0 and NaN correlations rather than an error
    ///   (gensim raises), so a caller can still report how many pairs were skipped.
    public func evaluateWordPairs(path: String, restrictVocab: Int = 300000,
                                  caseInsensitive: Bool = true) throws(W2VError) -> WordPairResult {
        try EvaluationText.checkRestrict(restrictVocab)
        let bytes = try EvaluationText.readFile(path)
        return try evaluateWordPairs(bytes: bytes, restrictVocab: restrictVocab, caseInsensitive: caseInsensitive)
    }

    /// The same on the text of such a file.
    public func evaluateWordPairs(text: String, restrictVocab: Int = 300000,
                                  caseInsensitive: Bool = true) throws(W2VError) -> WordPairResult {
        try EvaluationText.checkRestrict(restrictVocab)
        return try evaluateWordPairs(bytes: Array(text.utf8), restrictVocab: restrictVocab, caseInsensitive: caseInsensitive)
    }

    private func evaluateWordPairs(bytes: [UInt8], restrictVocab: Int, caseInsensitive: Bool) throws(W2VError) -> WordPairResult {
        var words = EvaluationWords(foldCase: caseInsensitive)
        var pairs: [(first: Int32, second: Int32, score: Double)] = []
        try bytes.withUnsafeBufferPointer { text throws(W2VError) in
            var firstContentLine = true
            try EvaluationText.forEachLine(text) { (number, line) throws(W2VError) in
                guard let first = line.firstIndex(where: { !EvaluationText.isSpace($0) }) else { return }
                if line[first] == UInt8(ascii: "#") { return }
                let isFirst = firstContentLine
                firstContentLine = false
                let fields = line.contains(UInt8(ascii: "\t"))
                    ? EvaluationText.tabFields(line) : EvaluationText.whitespaceFields(line)
                if fields.count != 3 {
                    throw .format("line \(number): expected 'word1 word2 score', found \(fields.count) field\(fields.count == 1 ? "" : "s")")
                }
                let scoreText = String(decoding: UnsafeBufferPointer(rebasing: line[fields[2]]), as: UTF8.self)
                guard let score = Double(scoreText), score.isFinite else {
                    if isFirst { return }  // a header line
                    throw .format("line \(number): the score '\(scoreText.prefix(40))' is not a number")
                }
                pairs.append((words.key(UnsafeBufferPointer(rebasing: line[fields[0]])),
                              words.key(UnsafeBufferPointer(rebasing: line[fields[1]])), score))
            }
        }
        if pairs.isEmpty {
            throw .format("no word pairs found (expected lines 'word1 word2 score')")
        }
        let rows = restrictVocab == 0 ? vocabularySize : min(restrictVocab, vocabularySize)
        let rowOfKey = words.resolve(in: vocabulary, rows: rows).rowOfKey
        var human: [Double] = [], model: [Double] = []
        for pair in pairs {
            let a = Int(rowOfKey[Int(pair.first)]), b = Int(rowOfKey[Int(pair.second)])
            if a < 0 || b < 0 { continue }
            human.append(pair.score)
            model.append(cosine(a, b))
        }
        return WordPairResult(spearman: Correlation.spearman(human, model),
                              pearson: Correlation.pearson(human, model),
                              pairsUsed: human.count, pairsSkipped: pairs.count - human.count)
    }

    /// cos(row a, row b) in Double; 0 when either vector is zero.
    private func cosine(_ a: Int, _ b: Int) -> Double {
        let x = input.row(a), y = input.row(b)
        var xy = 0.0, xx = 0.0, yy = 0.0
        for i in 0..<dim {
            let u = Double(x[i]), v = Double(y[i])
            xy += u * v
            xx += u * u
            yy += v * v
        }
        return xx > 0 && yy > 0 ? xy / (xx.squareRoot() * yy.squareRoot()) : 0
    }
}

/// Correlation coefficients as scipy.stats computes them.
enum Correlation {
    /// Pearson's r, clamped to [-1, 1]; NaN for fewer than 2 values or a constant series.
    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        let n = x.count
        if n < 2 { return .nan }
        let mx = x.reduce(0, +) / Double(n), my = y.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        if sxx == 0 || syy == 0 { return .nan }
        return min(1, max(-1, sxy / (sxx.squareRoot() * syy.squareRoot())))
    }

    /// Spearman's rho: Pearson's r of the ranks, tied values sharing their average rank.
    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        pearson(averageRanks(x), averageRanks(y))
    }

    /// Ranks from 1, each group of equal values given the mean of the ranks it spans
    /// (`scipy.stats.rankdata(method="average")`).
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            let rank = Double(start + 1 + end) / 2  // mean of start+1 ... end
            for k in start..<end { ranks[order[k]] = rank }
            start = end
        }
        return ranks
    }
}

// MARK: - Shared by both evaluations

/// Reading and splitting the small plain-text evaluation files.
enum EvaluationText {
    static func checkRestrict(_ restrictVocab: Int) throws(W2VError) {
        if restrictVocab < 0 {
            throw .invalidArgument("restrict_vocab must be 0 (the whole vocabulary) or positive, not \(restrictVocab)")
        }
    }

    /// The whole file (evaluation sets are small).
    static func readFile(_ path: String) throws(W2VError) -> [UInt8] {
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

    /// Calls `body` with each line's number (from 1) and bytes, without the line break (`\n` or `\r\n`).
    static func forEachLine(_ text: UnsafeBufferPointer<UInt8>,
                            _ body: (Int, UnsafeBufferPointer<UInt8>) throws(W2VError) -> Void) throws(W2VError) {
        var start = 0, number = 1
        while start < text.count {
            var end = start
            while end < text.count && text[end] != UInt8(ascii: "\n") { end += 1 }
            var stop = end
            if stop > start && text[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            try body(number, UnsafeBufferPointer(rebasing: text[start..<stop]))
            start = end + 1
            number += 1
        }
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0d)
    }

    /// The ranges of the runs of non-space bytes.
    static func whitespaceFields(_ line: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var i = 0
        while i < line.count {
            while i < line.count && isSpace(line[i]) { i += 1 }
            let start = i
            while i < line.count && !isSpace(line[i]) { i += 1 }
            if i > start { fields.append(start..<i) }
        }
        return fields
    }

    /// The ranges between tabs, each trimmed of spaces; empty fields dropped (a trailing tab).
    static func tabFields(_ line: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var start = 0
        while start <= line.count {
            var end = start
            while end < line.count && line[end] != UInt8(ascii: "\t") { end += 1 }
            var lo = start, hi = end
            while lo < hi && isSpace(line[lo]) { lo += 1 }
            while hi > lo && isSpace(line[hi - 1]) { hi -= 1 }
            if hi > lo { fields.append(lo..<hi) }
            start = end + 1
        }
        return fields
    }
}

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
