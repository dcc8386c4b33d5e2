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

    init(spearman: Double, pearson: Double, pairsUsed: Int, pairsSkipped: Int) {
        self.spearman = spearman
        self.pearson = pearson
        self.pairsUsed = pairsUsed
        self.pairsSkipped = pairsSkipped
    }
}

/// Word-pair correlation over the stored vectors, given the pair file's text.
enum WordPairEvaluation {
    /// Scores the pairs of a word-pair text with the cosines of `vectors` (one row per word of
    /// `vocabulary`; see `Model.evaluateWordPairs(path:restrictVocab:caseInsensitive:)` for the rules).
    static func evaluate(bytes: [UInt8], vectors: FloatMatrix, vocabulary: Vocabulary, restrictVocab: Int,
                         caseInsensitive: Bool) throws(W2VError) -> WordPairResult {
        var words = EvaluationWords(foldCase: caseInsensitive)
        var pairs: [(first: Int32, second: Int32, score: Double)] = []
        try bytes.withUnsafeBufferPointer { text throws(W2VError) in
            var firstContentLine = true
            try TextFields.forEachLine(text) { (number, line) throws(W2VError) in
                guard let first = line.firstIndex(where: { !TextFields.isWhitespace($0) }) else { return }
                if line[first] == UInt8(ascii: "#") { return }
                let isFirst = firstContentLine
                firstContentLine = false
                let fields = line.contains(UInt8(ascii: "\t"))
                    ? TextFields.tabSeparated(line) : TextFields.split(line)
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
        let rows = restrictVocab == 0 ? vocabulary.count : min(restrictVocab, vocabulary.count)
        let rowOfKey = words.resolve(in: vocabulary, rows: rows).rowOfKey
        var human: [Double] = [], model: [Double] = []
        for pair in pairs {
            let a = Int(rowOfKey[Int(pair.first)]), b = Int(rowOfKey[Int(pair.second)])
            if a < 0 || b < 0 { continue }
            human.append(pair.score)
            model.append(cosine(vectors.row(a), vectors.row(b), count: vectors.columns))
        }
        return WordPairResult(spearman: Correlation.spearman(human, model),
                              pearson: Correlation.pearson(human, model),
                              pairsUsed: human.count, pairsSkipped: pairs.count - human.count)
    }

    /// cos(x, y) in Double; 0 when either vector is zero.
    private static func cosine(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) -> Double {
        var xy = 0.0, xx = 0.0, yy = 0.0
        for i in 0..<count {
            let u = Double(x[i]), v = Double(y[i])
            xy += u * v
            xx += u * u
            yy += v * v
        }
        return xx > 0 && yy > 0 ? xy / (xx.squareRoot() * yy.squareRoot()) : 0
    }
}
