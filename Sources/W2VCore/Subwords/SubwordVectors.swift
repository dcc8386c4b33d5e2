/// The n-gram half of a subword (fastText) model: one row per bucket, and each vocabulary word's bucket
/// list. A word's vector is the mean of its own row and its buckets' rows (fastText's
/// `getWordVector`); a string outside the vocabulary has the mean of its n-grams' rows.
public final class SubwordVectors: @unchecked Sendable {
    let table: SubwordTable
    /// `buckets x dim`: row b is the vector of every n-gram that hashes to bucket b.
    let rows: FloatMatrix

    init(table: SubwordTable, rows: FloatMatrix) {
        precondition(rows.rows == table.settings.buckets, "one row per bucket")
        self.table = table
        self.rows = rows
    }

    /// The n-gram rows of a model with `settings` over `vocabulary` (each word's buckets computed now).
    convenience init(vocabulary: Vocabulary, settings: SubwordSettings, rows: FloatMatrix) {
        self.init(table: SubwordTable(vocabulary: vocabulary, settings: settings), rows: rows)
    }

    public var settings: SubwordSettings { table.settings }

    /// Writes vocabulary word `word`'s vector, the mean of `wordRows` row `word` and its buckets' rows.
    func compose(word: Int, wordRows: FloatMatrix, into out: UnsafeMutablePointer<Float>) {
        let dim = rows.columns
        out.update(from: wordRows.row(word), count: dim)
        let buckets = table.buckets(of: word)
        for bucket in buckets { Kernels.axpy(1, rows.row(Int(bucket)), out, count: dim) }
        Self.divide(out, by: 1 + buckets.count, count: dim)
    }

    /// Writes the vector of a string outside the vocabulary: the mean of its n-grams' rows, zero when it
    /// has none (fastText's answer, also for `</s>`). Returns the number of n-grams.
    @discardableResult
    func compose(unknown word: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<Float>) -> Int {
        let dim = rows.columns
        out.update(repeating: 0, count: dim)
        if SubwordTable.isSentenceEnd(word) { return 0 }
        var count = 0
        settings.forEachBucket(of: word) { bucket in
            Kernels.axpy(1, rows.row(Int(bucket)), out, count: dim)
            count += 1
        }
        if count > 0 { Self.divide(out, by: count, count: dim) }
        return count
    }

    /// Every vocabulary word's composed vector, as the rows of a new matrix (what queries and saved
    /// word vectors use, as fastText's .vec holds).
    func composedWordVectors(wordRows: FloatMatrix) throws(W2VError) -> FloatMatrix {
        let composed = try FloatMatrix(rows: wordRows.rows, columns: wordRows.columns)
        for i in 0..<wordRows.rows { compose(word: i, wordRows: wordRows, into: composed.row(i)) }
        return composed
    }

    /// The same n-gram rows with the bucket lists of a grown vocabulary (whose first words are this
    /// one's). The rows are shared, not copied: the bucket count does not change.
    func extended(to vocabulary: Vocabulary) -> SubwordVectors {
        SubwordVectors(table: table.extended(to: vocabulary), rows: rows)
    }

    private static func divide(_ vector: UnsafeMutablePointer<Float>, by count: Int, count dim: Int) {
        let scale = 1 / Float(count)
        for d in 0..<dim { vector[d] *= scale }
    }
}
