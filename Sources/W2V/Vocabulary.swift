// Vocabulary: a `w2v_vocab` counts words, from text, pre-split tokens, files or a saved vocabulary
// file, in bounded memory (word2vec's pruning). Counting decides nothing: min-count, size limits and
// frequency order are applied when a model is created from the counts (`w2v_model_new`), so one count
// serves several parameter sets. Counts can be saved and read back in word2vec's vocabulary format.

import W2VCore

/// Creates an empty vocabulary counter. Words are counted with the `w2v_vocab_add_*` functions, which
/// may be mixed and repeated; min-count, the size limit and frequency order are applied when a model
/// is created from it (`w2v_model_new`), so one counter can serve several parameter sets.
/// - Parameter out: receives the handle; free it with `w2v_vocab_free`. Must not be NULL.
@c public func w2v_vocab_new(_ out: UnsafeMutablePointer<W2VVocabHandle?>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        out.pointee = Handle.make(WordCounter())
    }
}

/// Frees a vocabulary; NULL is a no-op. Models created from it do not depend on it. A pointer that is
/// not a live `w2v_vocab` handle (see Library: misuse) is left alone, and `w2v_last_error()` says why.
@c public func w2v_vocab_free(_ vocab: W2VVocabHandle?) {
    Handle.free(vocab, WordCounter.self)
}

/// Counts the words of `len` bytes of text (need not be NUL-terminated, nor UTF-8). ASCII whitespace
/// separates words; a newline ends a sentence. Words longer than 100 bytes are cut at a UTF-8
/// character boundary. `text` may be NULL only when `len` is 0.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL vocab or text, or a `len` larger than any array.
@c public func w2v_vocab_add_text(_ vocab: W2VVocabHandle?, _ text: UnsafePointer<CChar>?, _ len: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let counter = try Handle.vocab(vocab)
        if len == 0 { return }
        let count = try callerCount(len, of: text, "len")
        let text = try required(text, "text")
        counter.add(text: UnsafeRawBufferPointer(start: text, count: count))
    }
}

/// Counts `n` words that the caller has already split, as one sentence. Each must be a non-empty,
/// NUL-terminated word without whitespace; the list is checked first, so on error nothing is counted.
/// `tokens` may be NULL only when `n` is 0.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL vocab, list or token, an empty or spaced token
///   (the message gives its index), or an `n` larger than any array.
@c public func w2v_vocab_add_tokens(_ vocab: W2VVocabHandle?, _ tokens: UnsafePointer<UnsafePointer<CChar>?>?, _ n: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let counter = try Handle.vocab(vocab)
        if n == 0 { return }
        try counter.add(tokens: tokenList(tokens, n))
    }
}

/// Counts the words of a file, streamed in bounded memory whatever its size or line length.
/// - Returns: W2V_ERR_IO when the file cannot be opened or read (the counts are then unchanged),
///   W2V_ERR_INVALID_ARGUMENT for a NULL vocab or path.
@c public func w2v_vocab_add_file(_ vocab: W2VVocabHandle?, _ path: UnsafePointer<CChar>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        try Handle.vocab(vocab).add(file: cPath(path))
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

/// Number of distinct words counted so far (before min-count). 0 for a NULL vocab.
@c public func w2v_vocab_size(_ vocab: W2VConstVocabHandle?) -> UInt {
    UInt((try? Handle.vocab(vocab).distinctWords) ?? 0)
}

/// Number of words counted so far, repeats included. 0 for a NULL vocab.
@c public func w2v_vocab_total_words(_ vocab: W2VConstVocabHandle?) -> UInt64 {
    UInt64((try? Handle.vocab(vocab).totalWords) ?? 0)
}

/// How many times `word` was counted (0 for a word never seen).
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL argument.
@c public func w2v_vocab_count(_ vocab: W2VConstVocabHandle?, _ word: UnsafePointer<CChar>?, _ count_out: UnsafeMutablePointer<UInt64>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let counter = try Handle.vocab(vocab)
        let out = try required(count_out, "count_out")
        out.pointee = UInt64(counter.count(of: try cBytes(word, "word")))
    }
}

/// Bounds the memory of counting: when more than `max_words` distinct words are held, the rarest are
/// dropped as word2vec's ReduceVocab does: every word counted at most T times, with T = 1 on the first
/// pass and one more on each later pass, repeated until at most `max_words` remain. The default is
/// word2vec's 21,000,000: counting then peaks at about 1.2 GB for short words (measured with 6-byte
/// words; memory grows with word length). 0 means no limit. A vocab already above the new
/// limit is pruned at once. After pruning, counts are lower bounds (`w2v_vocab_pruned_words`).
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL vocab.
@c public func w2v_vocab_set_max_words(_ vocab: W2VVocabHandle?, _ max_words: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        try Handle.vocab(vocab).setMaxDistinctWords(Int(clamping: max_words))
    }
}

/// How many words pruning has dropped so far (a word dropped, seen again and dropped again counts each
/// time). 0 means every count is exact; otherwise counts are lower bounds: a word that was dropped and
/// seen again lost the occurrences it had when dropped, at most `w2v_vocab_pruned_max_count` each time.
/// 0 for a NULL vocab.
@c public func w2v_vocab_pruned_words(_ vocab: W2VConstVocabHandle?) -> UInt64 {
    UInt64((try? Handle.vocab(vocab).pruning.prunedWords) ?? 0)
}

/// The highest count a word had when pruning dropped it (the last pass drops counts up to the number of
/// passes); 0 when nothing was pruned or for a NULL vocab.
@c public func w2v_vocab_pruned_max_count(_ vocab: W2VConstVocabHandle?) -> UInt64 {
    UInt64((try? Handle.vocab(vocab).pruning.maxPrunedCount) ?? 0)
}

/// Writes the counted words to `path` in word2vec's vocabulary format (`-save-vocab`), so a corpus is
/// counted once and reused with `w2v_vocab_add_counts_file`: one `word count` line per word, first
/// `</s>` with the number of sentences (the line the original tool keeps as its sentence end), then
/// the words seen at least `min_count` times by descending count, ties in first-seen order (the order
/// `w2v_model_new` gives them). 0 and 1 both keep every word. As word2vec does, only min-count is
/// applied: pass the model's W2V_PARAM_MIN_COUNT to save what it would keep. The file is written to a
/// temporary file and renamed over `path`, so on failure an existing file is left whole.
/// - Returns: W2V_ERR_IO when the file cannot be written; W2V_ERR_INVALID_ARGUMENT for a NULL vocab or
///   a NULL or empty path.
@c public func w2v_vocab_save(_ vocab: W2VConstVocabHandle?, _ path: UnsafePointer<CChar>?, _ min_count: UInt64) -> w2v_status {
    withStatus { () throws(W2VError) in
        let counter = try Handle.vocab(vocab)
        try counter.save(to: cPath(path), minCount: Int(clamping: min_count))
    }
}
