// A model is saved in the original word2vec tool's text or binary format (vectors only, which
// word2vec, gensim and most tools read) or in libw2v's native format (the whole model, checksummed and
// mapped into memory on load, or copied, so it can be trained further). Saving writes a temporary file and renames
// it; loading validates every structure of the file before use and never trusts its sizes. Every path
// argument of the library (here and in the other sections) reaches the system as the caller's exact
// bytes, which need not be UTF-8; a message naming a path shows each byte that is not part of valid
// UTF-8, and each control character, as `\xNN`.

import W2VCore

/// File formats of `w2v_model_save` and `w2v_model_load`.
@c public enum w2v_format: Int32 {
    /// Loading only: text, binary, native or fastText, told apart by the content (native and fastText
    /// by their magic numbers).
    case W2V_FORMAT_AUTO = 0
    /// The word2vec text format: a `"<n> <dim>"` line, then `word v1 ... vdim` per line.
    case W2V_FORMAT_TEXT = 1
    /// The word2vec binary format: a `"<n> <dim>"` line, then per word: the word, a space, dim
    /// little-endian float32 and a newline.
    case W2V_FORMAT_BINARY = 2
    /// libw2v's own format: the whole model (vocabulary with counts, input and output weights, all
    /// parameters, the training position), little-endian with a format version and checksums, aligned
    /// so that loading maps the file into memory instead of reading it. A loaded native model can be
    /// trained further and ends bit-identical to one never saved (with one thread).
    case W2V_FORMAT_NATIVE = 3
    /// fastText's model file (`.bin`, version 12, as `fasttext skipgram|cbow` and gensim's
    /// `save_facebook_model` write it): the words with counts, the word and n-gram rows, the output
    /// rows and the subword settings. Loaded, it answers for any word (W2V_COMPOSED) and, when trained
    /// with negative sampling, trains further; a quantized `.ftz`, a supervised classifier and a
    /// pruned dictionary are refused (W2V_ERR_FORMAT, saying which). Saved, fastText and gensim load
    /// it; a model without negative sampling's weights is written with a zero output matrix.
    case W2V_FORMAT_FASTTEXT = 4
}

/// Flags of `w2v_model_load_native`, combined with `|`.
@c public enum w2v_load_flags: Int32 {
    /// Verify every checksum (what `w2v_model_load` does).
    case W2V_LOAD_DEFAULT = 0
    /// Skip the checksums of the weight matrices: loading then reads only the header, the parameters
    /// and the vocabulary (all still verified), and the weights' pages are read when first used.
    /// Corruption inside the weights goes unnoticed.
    case W2V_LOAD_SKIP_WEIGHT_CHECKSUMS = 1
    /// Read the file into memory instead of mapping it: slower to open and not shared between
    /// processes, but the model then owns its bytes, so the file may be truncated, rewritten in place
    /// or removed while the model lives. Every checksum is verified unless
    /// W2V_LOAD_SKIP_WEIGHT_CHECKSUMS is given too.
    case W2V_LOAD_COPY = 2
}

/// C type `w2v_format`, passed by value from the caller, who may hold any integer.
public typealias W2VFormatCode = Int32

/// Saves the words (in index order) and their vectors in the original word2vec tool's text or binary
/// format, which gensim's `load_word2vec_format` and the word2vec tools read (for a subword model the
/// composed vectors, as fastText's `.vec`), or the whole model in W2V_FORMAT_NATIVE or
/// W2V_FORMAT_FASTTEXT. Writes a temporary file beside `path` and renames it, so a failed save never
/// leaves a half-written file where the old one was (and processes that have the old file loaded
/// keep it intact).
/// - Returns: W2V_ERR_IO when the file cannot be written; W2V_ERR_INVALID_ARGUMENT for NULL arguments
///   or W2V_FORMAT_AUTO.
@c public func w2v_model_save(_ model: W2VConstModelHandle?, _ path: UnsafePointer<CChar>?, _ format: W2VFormatCode) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        try model.save(to: cPath(path), format: fileFormat(format))
    }
}

/// Loads a word2vec text or binary file (as written by the word2vec tool, gensim or
/// `w2v_model_save`), a native model, or fastText's `.bin` (W2V_FORMAT_FASTTEXT). A word2vec file gives a model that can be queried; it has no
/// output weights, so it cannot be trained. A native model is loaded as `w2v_model_load_native` with
/// W2V_LOAD_DEFAULT does (mapped, every checksum verified; see there what mapping implies, and
/// W2V_LOAD_COPY to copy instead) and can be trained further.
/// - Parameters:
///   - out: receives the model; free it with `w2v_model_free`. Must not be NULL.
///   - format: W2V_FORMAT_TEXT, W2V_FORMAT_BINARY, W2V_FORMAT_NATIVE, W2V_FORMAT_FASTTEXT, or
///     W2V_FORMAT_AUTO to decide from the content.
/// - Returns: W2V_ERR_IO when the file cannot be read; W2V_ERR_FORMAT for a bad header, a short or
///   malformed row, a truncated body, a repeated word, or more or fewer rows than announced (the
///   message names the row), and for a native file that is truncated, corrupt (checksum mismatch) or
///   of a newer format version; W2V_ERR_INVALID_ARGUMENT for NULL arguments.
@c public func w2v_model_load(_ out: UnsafeMutablePointer<W2VModelHandle?>?, _ path: UnsafePointer<CChar>?, _ format: W2VFormatCode) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        out.pointee = nil
        out.pointee = Handle.make(try Model.load(from: cPath(path), format: fileFormat(format)))
    }
}

/// Loads a native model (W2V_FORMAT_NATIVE) by mapping the file into memory: the weights are not
/// copied, so a large model opens in milliseconds and processes that load the same file share its
/// pages. The mapping is private: training the model copies the pages it changes and never writes the
/// file.
///
/// Mapping ties the model to the file for the model's whole life: the file must not be truncated or
/// rewritten in place while the model lives (`cp new old`, `> old`, any writer that opens it with
/// O_TRUNC): touching a page past the file's new end then kills the process with SIGBUS, and a page
/// not yet read shows the new bytes. Replacing the file by rename (as `w2v_model_save` does) or
/// removing it is safe. When other programs may rewrite the file in place, load with W2V_LOAD_COPY,
/// which reads the file into memory instead.
///
/// Verifying the weights' checksums (the default) reads every page once: about 100 ms per GB from the
/// page cache, disk speed otherwise. W2V_LOAD_SKIP_WEIGHT_CHECKSUMS skips that: a 1.09 GB model
/// (67,907 words x 2000, input and output weights) then opens in about 10 ms.
/// - Parameters:
///   - out: receives the model; free it with `w2v_model_free`. Must not be NULL.
///   - flags: W2V_LOAD_DEFAULT, or W2V_LOAD_SKIP_WEIGHT_CHECKSUMS and W2V_LOAD_COPY combined with `|`.
/// - Returns: W2V_ERR_IO when the file cannot be opened or mapped; W2V_ERR_FORMAT for another format,
///   a newer format version (the message names both), a truncated file or a checksum mismatch (the
///   message names the section); W2V_ERR_INVALID_ARGUMENT for NULL arguments or unknown flags.
@c public func w2v_model_load_native(_ out: UnsafeMutablePointer<W2VModelHandle?>?, _ path: UnsafePointer<CChar>?, _ flags: UInt32) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        out.pointee = nil
        let skip = UInt32(w2v_load_flags.W2V_LOAD_SKIP_WEIGHT_CHECKSUMS.rawValue)
        let copy = UInt32(w2v_load_flags.W2V_LOAD_COPY.rawValue)
        if flags & ~(skip | copy) != 0 { throw .invalidArgument("unknown load flags \(flags & ~(skip | copy))") }
        out.pointee = Handle.make(try Model.load(nativeFrom: cPath(path), verifyChecksums: flags & skip == 0,
                                                 mapped: flags & copy == 0))
    }
}

/// gensim's `intersect_word2vec_format(fname, lockf)`: warm-starts a model from pretrained vectors.
/// For every word of the file that the model's vocabulary holds, the model's vector becomes the file's
/// and that word's learning-rate factor (`w2v_model_set_row_learning_rate`) becomes `lockf`: 0 (gensim's
/// default) keeps the pretrained vector frozen while the rest of the model trains, 1 lets it train as
/// usual, values between slow it. No word is added; the other words keep their vectors and factors.
/// The file is read and checked whole first, so on error the model is unchanged. Not while the model
/// is being trained.
/// - Parameters:
///   - path: a word2vec text or binary file (or a native model, whose input vectors are used).
///   - format: W2V_FORMAT_TEXT, W2V_FORMAT_BINARY, W2V_FORMAT_NATIVE or W2V_FORMAT_AUTO (decided from
///     the content as `w2v_model_load` does).
///   - lockf: the factor of the merged rows, finite and >= 0.
///   - merged_out: receives how many vectors were merged (words in both); may be NULL.
/// - Returns: W2V_ERR_IO / W2V_ERR_FORMAT as `w2v_model_load` for the file; W2V_ERR_INVALID_ARGUMENT
///   for NULL arguments, a file whose dimension is not the model's (the message gives both), a
///   negative, NaN or infinite `lockf`, or a model being trained.
@c public func w2v_model_intersect_vectors(
    _ model: W2VModelHandle?, _ path: UnsafePointer<CChar>?, _ format: W2VFormatCode, _ lockf: Double,
    _ merged_out: UnsafeMutablePointer<UInt>?
) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        let merged = try model.intersectVectors(from: cPath(path), format: fileFormat(format), lockFactor: Float(lockf))
        merged_out?.pointee = UInt(merged)
    }
}

func fileFormat(_ raw: W2VFormatCode) throws(W2VError) -> FileFormat {
    guard let format = FileFormat(rawValue: Int(raw)) else { throw .invalidArgument("unknown file format \(raw)") }
    return format
}
