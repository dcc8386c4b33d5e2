/// Evaluation entry points: the algorithms live in Evaluation/; this facade hands them the model's
/// vectors and vocabulary.
extension Model {
    /// Analogy accuracy on a questions-words.txt file.
    ///
    /// - `restrictVocab`: candidates (and the words a question may use) are the vectors of rows
    ///   `0..<restrictVocab`, the most frequent words; 0 means the whole vocabulary.
    /// - Words are matched up to ASCII case, as gensim's default `case_insensitive=True`: a question word
    ///   stands for the most frequent candidate with the same spelling up to case, and a prediction that
    ///   is a, b or c in another case is excluded too. With a lower-case vocabulary this is simply
    ///   lower-casing the questions.
    /// - Blank lines are ignored. A line that is neither a `:` header nor four words, or a question
    ///   before the first header, is a format error naming the line; a missing file is an I/O error.
    /// - Ties go to the more frequent word, so the result is deterministic.
    /// - `method`: 3CosAdd (the default, as word2vec and gensim) or 3CosMul.
    func evaluateAnalogies(path: String, restrictVocab: Int = 30000, method: AnalogyMethod = .cosAdd) throws(W2VError) -> AnalogyResult {
        try evaluateAnalogies(path: BytePath(path), restrictVocab: restrictVocab, method: method)
    }

    /// `evaluateAnalogies(path:restrictVocab:method:)` on a path of any bytes (see `BytePath`).
    public func evaluateAnalogies(path: BytePath, restrictVocab: Int = 30000, method: AnalogyMethod = .cosAdd) throws(W2VError) -> AnalogyResult {
        try EvaluationText.checkRestrict(restrictVocab)
        let bytes = try EvaluationText.readFile(path)
        return try AnalogyEvaluation.evaluate(bytes: bytes, unit: normalized(), vocabulary: vocabulary, restrictVocab: restrictVocab, method: method)
    }

    /// The same on the text of such a file.
    public func evaluateAnalogies(text: String, restrictVocab: Int = 30000, method: AnalogyMethod = .cosAdd) throws(W2VError) -> AnalogyResult {
        try EvaluationText.checkRestrict(restrictVocab)
        return try AnalogyEvaluation.evaluate(bytes: Array(text.utf8), unit: normalized(), vocabulary: vocabulary, restrictVocab: restrictVocab, method: method)
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
    func evaluateWordPairs(path: String, restrictVocab: Int = 300000,
                                  caseInsensitive: Bool = true) throws(W2VError) -> WordPairResult {
        try evaluateWordPairs(path: BytePath(path), restrictVocab: restrictVocab, caseInsensitive: caseInsensitive)
    }

    /// `evaluateWordPairs(path:restrictVocab:caseInsensitive:)` on a path of any bytes (see `BytePath`).
    public func evaluateWordPairs(path: BytePath, restrictVocab: Int = 300000,
                                  caseInsensitive: Bool = true) throws(W2VError) -> WordPairResult {
        try EvaluationText.checkRestrict(restrictVocab)
        let bytes = try EvaluationText.readFile(path)
        return try WordPairEvaluation.evaluate(bytes: bytes, vectors: try wordVectors(), vocabulary: vocabulary, restrictVocab: restrictVocab, caseInsensitive: caseInsensitive)
    }

    /// The same on the text of such a file.
    public func evaluateWordPairs(text: String, restrictVocab: Int = 300000,
                                  caseInsensitive: Bool = true) throws(W2VError) -> WordPairResult {
        try EvaluationText.checkRestrict(restrictVocab)
        return try WordPairEvaluation.evaluate(bytes: Array(text.utf8), vectors: try wordVectors(), vocabulary: vocabulary, restrictVocab: restrictVocab, caseInsensitive: caseInsensitive)
    }
}
