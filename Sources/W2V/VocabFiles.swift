import W2VCore

/// Writes the counted words to `path` in word2vec's vocabulary format (`-save-vocab`), so a corpus is
/// counted once and reused with `w2v_vocab_add_counts_file`: one `word count` line per word, first
/// `</s>` with the number of sentences (the line the original tool keeps as its sentence end), then
/// the words seen at least `min_count` times by descending count, ties in first-seen order (the order
/// `w2v_model_new` gives them). 0 and 1 both keep every word. As word2vec does, only min-count is
/// applied: pass the model's W2V_PARAM_MIN_COUNT to save what it would keep. The file is written to a
/// temporary file and renamed over `path`, so on failure an existing file is left whole.
/// - Returns: W2V_ERR_IO when the file cannot be written; W2V_ERR_INVALID_ARGUMENT for a NULL vocab or
///   a NULL or empty path.
@c public func w2v_vocab_save(_ vocab: W2VVocabHandle?, _ path: UnsafePointer<CChar>?, _ min_count: UInt64) -> w2v_status {
    withStatus { () throws(W2VError) in
        let counter = try Handle.vocab(vocab)
        try counter.save(to: cPath(path), minCount: Int(clamping: min_count))
    }
}

/// Adds the counts of a vocabulary file (word2vec's `-read-vocab`, or `w2v_vocab_save`) to `vocab`, as
/// if the corpus it was counted from had been counted again; without reading the corpus. Each line is
/// a word, blanks and a count of at least 1, in any order; blank lines are skipped; the `</s>` line adds
/// its count to the sentences instead of a word. Words longer than 100 bytes are cut as in text. The
/// pruning limit (`w2v_vocab_set_max_words`) applies as for text.
/// - Returns: W2V_ERR_FORMAT for a malformed line, a count of 0 or above 10^15, or a word listed twice
///   (the message names the line); W2V_ERR_IO when the file cannot be read; W2V_ERR_INVALID_ARGUMENT
///   for a NULL vocab or a NULL or empty path. On any error the counts are unchanged.
@c public func w2v_vocab_add_counts_file(_ vocab: W2VVocabHandle?, _ path: UnsafePointer<CChar>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let counter = try Handle.vocab(vocab)
        try counter.add(vocabularyFile: cPath(path))
    }
}
