// Phrases: a `w2v_phrases` learns which neighbouring words form phrases ("new york" -> "new_york"), as
// word2vec's word2phrase and gensim's Phrases do, and rewrites text or tokens with each phrase joined into
// one token, so training sees phrases as words. It counts every word and every pair of neighbouring words
// (with connector words such as "of" allowed between them, so "bank_of_america" forms) in bounded memory,
// pruned as the vocabulary is; a pair becomes a phrase when its score (word2phrase's, gensim's original, or
// NPMI) is above the threshold. Applying twice joins phrases of up to four words. A frozen table
// (`w2v_phrases_freeze`, `w2v_phrases_load`) keeps only the phrases and their scores: it applies exactly as
// the counts did, in far less memory, and is what `w2v_phrases_save` writes. A `w2v_phrases` is changed
// by one caller at a time; the const calls (applying, scoring, saving) may run from many threads at once.

import Glibc
import W2VCore

/// C type `w2v_phrases *`.
public typealias W2VPhrasesHandle = OpaquePointer
/// C type `const w2v_phrases *`.
public typealias W2VConstPhrasesHandle = OpaquePointer

/// How a candidate phrase "a [connectors] b" is scored; it forms when the score is above the threshold.
@c public enum w2v_phrases_scoring: Int32 {
    /// word2phrase.c: (count(ab) - min_count) / count(a) / count(b) * words, where words is every word of
    /// the text counted (in single precision, as word2phrase computes it); a and b must each be counted at
    /// least min_count times. word2phrase's default threshold is 100.
    case W2V_PHRASES_SCORING_WORD2PHRASE = 0
    /// gensim's `original_scorer` (its scoring='default'): the same formula in double precision with the
    /// number of distinct words and pairs counted (`len(vocab)`) in place of words, and no min-count on a or
    /// b. gensim's default threshold is 10.
    case W2V_PHRASES_SCORING_ORIGINAL = 1
    /// gensim's `npmi_scorer`: normalised pointwise mutual information of a and b, in [-1, 1], with
    /// probabilities over the words of the text; count(ab) must be at least min_count.
    case W2V_PHRASES_SCORING_NPMI = 2
}

/// Creates an empty phrase learner.
/// - Parameters:
///   - out: receives the handle; free it with `w2v_phrases_free`. Must not be NULL.
///   - scoring: the scorer.
///   - min_count: word2phrase's and gensim's min_count (5 in both): subtracted from a pair's count, and
///     the least count the scorer requires (see `w2v_phrases_scoring`).
///   - threshold: a pair forms a phrase when its score is strictly above this (word2phrase 100, gensim
///     10, NPMI in [-1, 1]).
///   - delimiter: joins a phrase's words; NULL means "_". Non-empty, at most 16 bytes, no whitespace.
///   - connectors: `n_connectors` words that may stand between the two words of a phrase and never start
///     or end one (gensim's `connector_words`); may be NULL when `n_connectors` is 0.
///   - max_entries: the most distinct words and pairs held; beyond it the rarest are pruned as
///     `w2v_vocab_set_max_words` describes (counts become lower bounds). 0 means the vocabulary's default,
///     21,000,000.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL `out`, a threshold that is NaN, an NPMI threshold
///   outside [-1, 1], a bad delimiter or connector word (the message names it).
@c public func w2v_phrases_new(
    _ out: UnsafeMutablePointer<W2VPhrasesHandle?>?, _ scoring: w2v_phrases_scoring, _ min_count: UInt64,
    _ threshold: Double, _ delimiter: UnsafePointer<CChar>?,
    _ connectors: UnsafePointer<UnsafePointer<CChar>?>?, _ n_connectors: UInt, _ max_entries: UInt
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        guard let scoring = PhraseScoring(rawValue: scoring.rawValue) else {
            throw .invalidArgument("unknown scoring \(scoring.rawValue)")
        }
        if min_count > UInt64(Int64.max) { throw .invalidArgument("min_count is too large") }
        let d: [UInt8] = delimiter.map { Array(UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: strlen($0))) } ?? [UInt8(ascii: "_")]
        let words = try tokenList(connectors, n_connectors).map { Array($0) }
        let settings = Phrases.Settings(scoring: scoring, minCount: Int64(min_count), threshold: threshold, delimiter: d)
        let limit = max_entries == 0 ? WordCounter.defaultMaxDistinctWords : Int(clamping: max_entries)
        out.pointee = Handle.make(try Phrases(settings: settings, connectors: words, maxEntries: limit))
    }
}

/// Frees a phrase learner or table; NULL is a no-op.
@c public func w2v_phrases_free(_ phrases: W2VPhrasesHandle?) {
    Handle.free(phrases, Phrases.self)
}

/// Counts the words and neighbouring pairs of `len` bytes of text, tokenized as `w2v_vocab_add_text`
/// does; a newline ends a sentence and pairs never span sentences. `text` may be NULL only when `len` is 0.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL argument or a frozen table (which cannot learn).
@c public func w2v_phrases_add_text(_ phrases: W2VPhrasesHandle?, _ text: UnsafePointer<CChar>?, _ len: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let p = try Handle.phrases(phrases)
        if len == 0 { _ = try p.add(text: UnsafeRawBufferPointer(start: nil, count: 0)); return }
        let text = try required(text, "text")
        try p.add(text: UnsafeRawBufferPointer(start: text, count: callerCount(len, of: text, "len")))
    }
}

/// Counts one sentence of `n` words the caller has split (NUL-terminated, non-empty, no whitespace);
/// the list is checked first, so on error nothing is counted.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL argument, a bad token (the message gives its index) or
///   a frozen table.
@c public func w2v_phrases_add_tokens(_ phrases: W2VPhrasesHandle?, _ tokens: UnsafePointer<UnsafePointer<CChar>?>?, _ n: UInt) -> w2v_status {
    withStatus { () throws(W2VError) in
        let p = try Handle.phrases(phrases)
        try p.add(tokens: try tokenList(tokens, n))
    }
}

/// Counts the words and pairs of a file, streamed in bounded memory.
/// - Returns: W2V_ERR_IO when it cannot be read (the counts are then unchanged); W2V_ERR_INVALID_ARGUMENT
///   for a NULL argument or a frozen table.
@c public func w2v_phrases_add_file(_ phrases: W2VPhrasesHandle?, _ path: UnsafePointer<CChar>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        try Handle.phrases(phrases).add(file: cPath(path))
    }
}

/// Distinct entries held: words and pairs while learning, phrases in a frozen table. 0 for NULL.
@c public func w2v_phrases_size(_ phrases: W2VConstPhrasesHandle?) -> UInt {
    UInt((try? Handle.phrases(phrases).entryCount) ?? 0)
}

/// Words of the text counted so far, connector words included (0 for a frozen table or NULL).
@c public func w2v_phrases_total_words(_ phrases: W2VConstPhrasesHandle?) -> UInt64 {
    UInt64((try? Handle.phrases(phrases).words) ?? 0)
}

/// Entries pruning has dropped so far (see `max_entries` of `w2v_phrases_new`); 0 means every count is
/// exact. 0 for a frozen table or NULL.
@c public func w2v_phrases_pruned_entries(_ phrases: W2VConstPhrasesHandle?) -> UInt64 {
    UInt64((try? Handle.phrases(phrases).counts?.pruning.prunedWords ?? 0) ?? 0)
}

/// 1 for a frozen table (from `w2v_phrases_freeze` or `w2v_phrases_load`), 0 for a learner or NULL.
@c public func w2v_phrases_is_frozen(_ phrases: W2VConstPhrasesHandle?) -> Int32 {
    ((try? Handle.phrases(phrases).isFrozen) ?? false) ? 1 : 0
}

/// How many times a word or a pair, joined by the delimiter ("new_york"), was counted; 0 if never.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL argument or a frozen table (which holds no counts).
@c public func w2v_phrases_count(_ phrases: W2VConstPhrasesHandle?, _ entry: UnsafePointer<CChar>?, _ count_out: UnsafeMutablePointer<UInt64>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let p = try Handle.phrases(phrases)
        let out = try required(count_out, "count_out")
        if p.isFrozen { throw .invalidArgument("a frozen phrase table holds no counts") }
        out.pointee = UInt64(p.count(of: try cBytes(entry, "entry")))
    }
}

/// The score of the candidate phrase made of `n` words (the first and last not connectors, connector
/// words between), whatever the threshold: from the counts while learning, from the table once frozen.
/// - Returns: W2V_ERR_NOT_FOUND when it cannot be scored (a count of 0, a count below what the scorer
///   requires) or, frozen, is not a phrase; W2V_ERR_INVALID_ARGUMENT for NULL arguments, fewer than two
///   words, or connectors misplaced.
@c public func w2v_phrases_score(_ phrases: W2VConstPhrasesHandle?, _ words: UnsafePointer<UnsafePointer<CChar>?>?, _ n: UInt, _ score_out: UnsafeMutablePointer<Double>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let p = try Handle.phrases(phrases)
        let out = try required(score_out, "score_out")
        guard let s = try p.score(words: try tokenList(words, n)) else {
            throw .notFound(p.isFrozen ? "not a phrase of this table" : "the candidate cannot be scored: a count is 0 or below min_count")
        }
        out.pointee = s
    }
}

/// Makes a frozen table from a learner (gensim's `freeze()`): every counted pair scoring above the
/// threshold, with its score. It applies exactly as the learner does and holds no counts. Freezing a
/// frozen table copies it.
/// - Parameter out: receives the new handle; free it with `w2v_phrases_free`.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL argument.
@c public func w2v_phrases_freeze(_ phrases: W2VConstPhrasesHandle?, _ out: UnsafeMutablePointer<W2VPhrasesHandle?>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let p = try Handle.phrases(phrases)
        let out = try required(out, "out")
        out.pointee = Handle.make(p.freeze())
    }
}

/// One phrase of a frozen table, by index in [0, `w2v_phrases_size`) (gensim's `export_phrases`).
/// - Parameters:
///   - phrase_out: receives the phrase, its words joined by the delimiter, borrowed from the table until
///     it is freed; may be NULL.
///   - score_out: receives its score (from a second pass on, a phrase such as "new_york_city" may form
///     from more than one split, "new_york city" and "new york_city", each with its score: this is the
///     highest); may be NULL.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL handle, a learner (freeze it first) or an index out of
///   range.
@c public func w2v_phrases_phrase(_ phrases: W2VConstPhrasesHandle?, _ index: UInt, _ phrase_out: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ score_out: UnsafeMutablePointer<Double>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let p = try Handle.phrases(phrases)
        guard let table = p.table else { throw .invalidArgument("the phrases are not frozen: w2v_phrases_freeze lists them") }
        if index >= UInt(table.count) { throw .invalidArgument("index \(index) is out of range: the table holds \(table.count) phrases") }
        phrase_out?.pointee = table.phrases.cString(Int(index))
        score_out?.pointee = table.bestScore(Int(index))
    }
}

/// Rewrites `len` bytes of text with phrases joined, into `out` as a NUL-terminated text: words separated
/// by one space, one output line per input line.
/// - Parameters:
///   - out: the caller's buffer of `out_len` bytes; may be NULL when `out_len` is 0 (to ask the size).
///   - needed_out: receives the bytes the output needs, its NUL included; may be NULL.
/// - Returns: W2V_ERR_BUFFER_TOO_SMALL when `out_len` is less than that (nothing is written);
///   W2V_ERR_INVALID_ARGUMENT for a NULL handle, or a NULL text with `len` > 0.
@c public func w2v_phrases_apply_text(_ phrases: W2VConstPhrasesHandle?, _ text: UnsafePointer<CChar>?, _ len: UInt,
                                      _ out: UnsafeMutablePointer<CChar>?, _ out_len: UInt, _ needed_out: UnsafeMutablePointer<UInt>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let p = try Handle.phrases(phrases)
        let input = len == 0 ? UnsafeRawBufferPointer(start: nil, count: 0)
            : UnsafeRawBufferPointer(start: try required(text, "text"), count: try callerCount(len, of: text, "len"))
        let result = p.apply(text: input)
        let needed = UInt(result.count + 1)
        needed_out?.pointee = needed
        if out_len < needed { throw .bufferTooSmall("the output needs \(needed) bytes; the buffer holds \(out_len)") }
        let out = try required(out, "out")
        result.withUnsafeBytes { UnsafeMutableRawPointer(out).copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(out), byteCount: $0.count) }
        out[result.count] = 0
    }
}

/// Rewrites one sentence of `n` tokens with phrases joined: the output tokens are written to `out` one
/// after another, each NUL-terminated (the form `w2v_model_train_step` takes once pointed to).
/// - Parameters:
///   - out: the caller's buffer of `out_len` bytes; may be NULL when `out_len` is 0.
///   - needed_out: receives the bytes the output needs; may be NULL.
///   - n_out: receives the number of output tokens; may be NULL.
/// - Returns: W2V_ERR_BUFFER_TOO_SMALL when `out_len` is too small (nothing is written);
///   W2V_ERR_INVALID_ARGUMENT for a NULL handle or token, or a token that is empty or holds whitespace.
@c public func w2v_phrases_apply_tokens(_ phrases: W2VConstPhrasesHandle?, _ tokens: UnsafePointer<UnsafePointer<CChar>?>?, _ n: UInt,
                                        _ out: UnsafeMutablePointer<CChar>?, _ out_len: UInt, _ needed_out: UnsafeMutablePointer<UInt>?,
                                        _ n_out: UnsafeMutablePointer<UInt>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let p = try Handle.phrases(phrases)
        let words = try tokenList(tokens, n)
        for (i, w) in words.enumerated() where w.isEmpty || w.contains(where: { $0 <= 32 && ($0 == 0 || $0 == 32 || ($0 >= 9 && $0 <= 13)) }) {
            throw .invalidArgument("token \(i) is empty or contains whitespace")
        }
        var result: [UInt8] = []
        var count: UInt = 0
        p.apply(tokens: words) { (w: UnsafeBufferPointer<UInt8>) -> Void in
            result.append(contentsOf: w)
            result.append(0)
            count += 1
        }
        needed_out?.pointee = UInt(result.count)
        n_out?.pointee = count
        if out_len < UInt(result.count) { throw .bufferTooSmall("the output needs \(result.count) bytes; the buffer holds \(out_len)") }
        if result.isEmpty { return }
        let out = try required(out, "out")
        result.withUnsafeBytes { UnsafeMutableRawPointer(out).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }
}

/// Streams the text file `input` into `output` with phrases joined (word2phrase's second pass): words
/// separated by one space, one output line per input line. `output` is written whole or not at all.
/// - Parameter phrases_out: receives the number of phrases formed; may be NULL.
/// - Returns: W2V_ERR_IO when a file cannot be read or written; W2V_ERR_INVALID_ARGUMENT for NULL
///   arguments.
@c public func w2v_phrases_apply_file(_ phrases: W2VConstPhrasesHandle?, _ input: UnsafePointer<CChar>?, _ output: UnsafePointer<CChar>?, _ phrases_out: UnsafeMutablePointer<UInt64>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let p = try Handle.phrases(phrases)
        let input = try cPath(input)
        let output = try cPath(output)
        let (_, formed) = try p.apply(file: input, to: output)
        phrases_out?.pointee = UInt64(formed)
    }
}

/// Saves the phrase table (a learner is frozen first) as text: a header line `w2v-phrases <phrases>
/// <connectors> <delimiter> <scoring> <threshold> <min_count>` (scoring `word2phrase`, `original` or
/// `npmi`), then one connector word per line, then one `<phrase> <score>` line per phrase by descending
/// score. The file is written to a temporary file and renamed over `path`.
/// - Returns: W2V_ERR_IO when it cannot be written; W2V_ERR_INVALID_ARGUMENT for NULL arguments.
@c public func w2v_phrases_save(_ phrases: W2VConstPhrasesHandle?, _ path: UnsafePointer<CChar>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        try Handle.phrases(phrases).save(to: cPath(path))
    }
}

/// Saves the phrase table as `w2v_phrases_save` does, in the format given: W2V_FORMAT_TEXT (what
/// `w2v_phrases_save` writes) or W2V_FORMAT_NATIVE (the native family: checksummed, binary, loads without
/// parsing text; `w2v_phrases_load` tells the two apart).
/// - Returns: W2V_ERR_IO when it cannot be written; W2V_ERR_INVALID_ARGUMENT for NULL arguments or another
///   format.
@c public func w2v_phrases_save_format(_ phrases: W2VConstPhrasesHandle?, _ path: UnsafePointer<CChar>?, _ format: W2VFormatCode) -> w2v_status {
    withStatus { () throws(W2VError) in
        try Handle.phrases(phrases).save(to: cPath(path), format: fileFormat(format))
    }
}

/// The settings a table was made with.
/// - Parameters:
///   - scoring_out, min_count_out, threshold_out: receive them; each may be NULL.
///   - delimiter_out: receives the delimiter, NUL-terminated, in a buffer of at least 17 bytes (a
///     delimiter has at most 16); may be NULL.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL handle.
@c public func w2v_phrases_settings(_ phrases: W2VConstPhrasesHandle?, _ scoring_out: UnsafeMutablePointer<Int32>?,
                                    _ min_count_out: UnsafeMutablePointer<Int64>?, _ threshold_out: UnsafeMutablePointer<Double>?,
                                    _ delimiter_out: UnsafeMutablePointer<CChar>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let settings = try Handle.phrases(phrases).settings
        scoring_out?.pointee = settings.scoring.rawValue
        min_count_out?.pointee = settings.minCount
        threshold_out?.pointee = settings.threshold
        if let delimiter_out {
            for (i, byte) in settings.delimiter.enumerated() { delimiter_out[i] = CChar(bitPattern: byte) }
            delimiter_out[settings.delimiter.count] = 0
        }
    }
}

/// The number of connector words. 0 for NULL.
@c public func w2v_phrases_connector_count(_ phrases: W2VConstPhrasesHandle?) -> UInt {
    UInt((try? Handle.phrases(phrases).connectors.count) ?? 0)
}

/// One connector word, by index in [0, `w2v_phrases_connector_count`), in the order given.
/// - Parameter word_out: receives the word, borrowed from the table until it is freed.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for NULL arguments or an index out of range.
@c public func w2v_phrases_connector(_ phrases: W2VConstPhrasesHandle?, _ index: UInt, _ word_out: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let connectors = try Handle.phrases(phrases).connectors
        let out = try required(word_out, "word_out")
        if index >= UInt(connectors.count) { throw .invalidArgument("index \(index) is out of range: the table has \(connectors.count) connector words") }
        out.pointee = connectors.cString(Int(index))
    }
}

/// Loads a table `w2v_phrases_save` or `w2v_phrases_save_format` wrote (text or native, told by the
/// native magic number), as a frozen table.
/// - Parameter out: receives the handle; free it with `w2v_phrases_free`.
/// - Returns: W2V_ERR_FORMAT for a malformed file (the message names the line or section); W2V_ERR_IO when it
///   cannot be read; W2V_ERR_INVALID_ARGUMENT for NULL arguments.
@c public func w2v_phrases_load(_ out: UnsafeMutablePointer<W2VPhrasesHandle?>?, _ path: UnsafePointer<CChar>?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        let path = try cPath(path)
        out.pointee = Handle.make(try Phrases.load(from: path))
    }
}

/// Counts the words of a text file into `vocab` with the table's phrases joined on the fly, exactly as
/// `w2v_vocab_add_file` would count the file `w2v_phrases_apply_file` writes, without writing it. A
/// learning table is frozen first (the same phrases form). Use it with `w2v_model_set_training_phrases`.
/// - Returns: W2V_ERR_IO when the file cannot be read (the counts are then as before the call);
///   W2V_ERR_INVALID_ARGUMENT for NULL arguments.
@c public func w2v_vocab_add_file_phrases(_ vocab: W2VVocabHandle?, _ path: UnsafePointer<CChar>?, _ phrases: W2VConstPhrasesHandle?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let counter = try Handle.vocab(vocab)
        let table = try Handle.phrases(phrases)
        try counter.add(file: cPath(path), joining: table)
    }
}

/// Makes every later `w2v_model_train_file` of `model` join the table's phrases on the fly, so it
/// trains on the words `w2v_phrases_apply_file` would write (word2phrase's pass, without a rewritten
/// corpus; with one thread the vectors are bit for bit those of training on the rewritten file). The
/// model keeps a frozen copy: `phrases` may be changed or freed afterwards. NULL stops joining. The
/// setting is not saved with the model; `w2v_model_train_step` takes its tokens as given.
/// - Returns: W2V_ERR_INVALID_ARGUMENT for a NULL model, or while the model is being trained.
@c public func w2v_model_set_training_phrases(_ model: W2VModelHandle?, _ phrases: W2VConstPhrasesHandle?) -> w2v_status {
    withStatus { () throws(W2VError) in
        let m = try Handle.model(model)
        try m.setTrainingPhrases(phrases == nil ? nil : Handle.phrases(phrases))
    }
}
