import W2VCore

/// File formats of `w2v_model_save` and `w2v_model_load`.
@c public enum w2v_format: Int32 {
    /// Loading only: text or binary, told apart by the content.
    case W2V_FORMAT_AUTO = 0
    /// The word2vec text format: a `"<n> <dim>"` line, then `word v1 ... vdim` per line.
    case W2V_FORMAT_TEXT = 1
    /// The word2vec binary format: a `"<n> <dim>"` line, then per word: the word, a space, dim
    /// little-endian float32 and a newline.
    case W2V_FORMAT_BINARY = 2
}

/// C type `w2v_format`, passed by value from the caller, who may hold any integer.
public typealias W2VFormatCode = Int32

func fileFormat(_ raw: W2VFormatCode) throws(W2VError) -> FileFormat {
    guard let format = FileFormat(rawValue: Int(raw)) else { throw .invalidArgument("unknown file format \(raw)") }
    return format
}

/// Saves the words (in index order) and their vectors in the original word2vec tool's text or binary
/// format, which gensim's `load_word2vec_format` and the word2vec tools read. Writes a temporary file
/// beside `path` and renames it, so a failed save never leaves a half-written file where the old one was.
/// - Returns: W2V_ERR_IO when the file cannot be written; W2V_ERR_INVALID_ARGUMENT for NULL arguments
///   or W2V_FORMAT_AUTO.
@c public func w2v_model_save(_ model: W2VModelHandle?, _ path: UnsafePointer<CChar>?, _ format: W2VFormatCode) -> w2v_status {
    withStatus { () throws(W2VError) in
        let model = try Handle.model(model)
        try model.save(to: cPath(path), format: fileFormat(format))
    }
}

/// Loads a word2vec text or binary file (as written by the word2vec tool, gensim or
/// `w2v_model_save`). The model can be queried; it has no output weights, so it cannot be trained.
/// - Parameters:
///   - out: receives the model; free it with `w2v_model_free`. Must not be NULL.
///   - format: W2V_FORMAT_TEXT, W2V_FORMAT_BINARY, or W2V_FORMAT_AUTO to decide from the content.
/// - Returns: W2V_ERR_IO when the file cannot be read; W2V_ERR_FORMAT for a bad header, a short or
///   malformed row, a truncated body, a repeated word, or more or fewer rows than announced (the
///   message names the row); W2V_ERR_INVALID_ARGUMENT for NULL arguments.
@c public func w2v_model_load(_ out: UnsafeMutablePointer<W2VModelHandle?>?, _ path: UnsafePointer<CChar>?, _ format: W2VFormatCode) -> w2v_status {
    withStatus { () throws(W2VError) in
        let out = try required(out, "out")
        out.pointee = nil
        out.pointee = Handle.make(try Model.load(from: cPath(path), format: fileFormat(format)))
    }
}
