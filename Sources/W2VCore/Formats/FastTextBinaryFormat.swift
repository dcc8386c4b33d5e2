/// fastText's model file (`.bin`, written by `fasttext skipgram|cbow` and gensim's
/// `save_facebook_model`), version 12, little-endian as fastText writes it on x86 and arm:
///
/// ```
/// int32 magic 793712314, int32 version (12; 11 has the same layout)
/// args:  int32 dim, ws, epoch, minCount, neg, wordNgrams, loss (1 hs, 2 ns, 3 softmax, 4 ova),
///        model (1 cbow, 2 skip-gram, 3 supervised), bucket, minn, maxn, lrUpdateRate; float64 t
/// dictionary: int32 size, nwords, nlabels; int64 ntokens, pruneidx_size (-1: not pruned);
///        per entry: the word's bytes, a NUL, int64 count, int8 type (0 word, 1 label);
///        then pruneidx_size (int32, int32) pairs
/// bool quantized input; input matrix: int64 rows (nwords + bucket), int64 cols (dim), float32 rows
/// bool quantized output; output matrix: int64 rows (nwords), int64 cols, float32 rows
/// ```
///
/// The input matrix's first nwords rows are the words' own rows, the rest the n-gram buckets
/// (`SubwordVectors`). Only unsupervised, unquantized models are read: a supervised classifier, a
/// quantized `.ftz` or a pruned dictionary is refused with a message that says so. Everything is
/// checked against the file's size before anything large is allocated.
enum FastTextBinaryFormat {
    static let magic: Int32 = 793_712_314
    static let version: Int32 = 12
    static let oldestVersion: Int32 = 11

    enum Loss: Int32 { case hs = 1, ns, softmax, ova }
    enum Kind: Int32 { case cbow = 1, skipGram, supervised }

    /// What a fastText file holds, in libw2v's parts.
    struct Parts {
        var vocabulary: Vocabulary
        var parameters: TrainingParameters
        var input: FloatMatrix
        /// The bucket rows when the file's model uses subwords (maxn > 0).
        var ngrams: FloatMatrix?
        /// Negative sampling's output rows (loss ns); nil for other losses, whose output layer
        /// libw2v does not train (hierarchical softmax over fastText's own tree), so the model is for
        /// queries only.
        var output: FloatMatrix?
    }

    /// Whether the file starts with fastText's magic number.
    static func startsLikeFastText(_ file: RawFile) throws(W2VError) -> Bool {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 4)
        defer { buffer.deallocate() }
        return try file.readFully(at: 0, into: buffer) == 4 && Int32(littleEndian: buffer.loadUnaligned(as: Int32.self)) == magic
    }

    // MARK: Reading

    static func read(path: BytePath) throws(W2VError) -> Parts {
        let file = try RawFile(openForReading: path)
        defer { file.close() }
        var input = Input(reader: BufferedReader(file: file), size: try file.size())
        return try read(&input)
    }

    /// A bounds-checked little-endian reader over the file.
    private struct Input: ~Copyable {
        var reader: BufferedReader
        let size: Int

        var remaining: Int { size - reader.offset }

        mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ what: String) throws(W2VError) -> T {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
            defer { raw.deallocate() }
            if try reader.read(into: raw, count: MemoryLayout<T>.size) < MemoryLayout<T>.size {
                throw .format("the file ends inside \(what) (byte \(reader.offset))")
            }
            return T(littleEndian: raw.loadUnaligned(as: T.self))
        }

        mutating func flag(_ what: String) throws(W2VError) -> Bool {
            let byte = try integer(UInt8.self, what)
            if byte > 1 { throw .format("\(what) is \(byte), expected 0 or 1") }
            return byte == 1
        }

        /// A NUL-terminated word of at most `BufferedReader.maxTokenBytes` bytes.
        mutating func word(_ index: Int) throws(W2VError) -> [UInt8] {
            var word = [UInt8]()
            while true {
                guard let byte = try reader.peek() else { throw .format("the file ends inside word \(index + 1) of the dictionary") }
                reader.consume(upTo: reader.position + 1)
                if byte == 0 { return word }
                if word.count == BufferedReader.maxTokenBytes {
                    throw .format("word \(index + 1) of the dictionary is longer than \(BufferedReader.maxTokenBytes) bytes")
                }
                word.append(byte)
            }
        }

        /// A matrix's shape, checked: `rows` x `columns` as expected, and all its floats in the file.
        mutating func matrixShape(_ what: String, rows: Int, columns: Int) throws(W2VError) {
            let m = try integer(Int64.self, "the \(what) matrix's row count")
            let n = try integer(Int64.self, "the \(what) matrix's column count")
            if m != Int64(rows) || n != Int64(columns) {
                throw .format("the \(what) matrix is \(m) x \(n), expected \(rows) x \(columns)")
            }
            if rows * columns > remaining / 4 {
                throw .format("the \(what) matrix (\(rows) x \(columns) floats) runs past the end of the file")
            }
        }

        /// Reads `rows` rows of `matrix`'s width into it from row `first`, each value finite.
        mutating func floats(into matrix: FloatMatrix, rows: Range<Int>, _ what: String) throws(W2VError) {
            let count = rows.count * matrix.columns
            let start = matrix.row(rows.lowerBound)
            if try reader.read(into: UnsafeMutableRawPointer(start), count: count * 4) < count * 4 {
                throw .format("the file ends inside the \(what) matrix")
            }
            for i in 0..<count where !start[i].isFinite {
                throw .format("the \(what) matrix holds \(start[i]) at row \(rows.lowerBound + i / matrix.columns)")
            }
        }

        mutating func skipFloats(_ count: Int, _ what: String) throws(W2VError) {
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 16)
            defer { scratch.deallocate() }
            var left = count * 4
            while left > 0 {
                let part = min(left, 1 << 16)
                if try reader.read(into: scratch, count: part) < part { throw .format("the file ends inside the \(what) matrix") }
                left -= part
            }
        }
    }

    private static func read(_ input: inout Input) throws(W2VError) -> Parts {
        #if _endian(big)
        throw .invalidArgument("fastText files are read on little-endian hosts only")
        #else
        if try input.integer(Int32.self, "the magic number") != magic {
            throw .format("not a fastText model: the file does not start with fastText's magic number \(magic)")
        }
        let fileVersion = try input.integer(Int32.self, "the version")
        if !(oldestVersion...version).contains(fileVersion) {
            throw .format("fastText file version \(fileVersion); this library reads versions \(oldestVersion) to \(version)")
        }
        var args = [String: Int32]()
        for name in ["dim", "ws", "epoch", "minCount", "neg", "wordNgrams", "loss", "model", "bucket", "minn", "maxn", "lrUpdateRate"] {
            args[name] = try input.integer(Int32.self, "the argument \(name)")
        }
        let t = Double(bitPattern: try input.integer(UInt64.self, "the argument t"))
        guard let kind = Kind(rawValue: args["model"]!) else { throw .format("unknown fastText model kind \(args["model"]!)") }
        if kind == .supervised { throw .format("this is a supervised fastText model (a classifier); only word-vector models (skipgram, cbow) are read") }
        guard let loss = Loss(rawValue: args["loss"]!) else { throw .format("unknown fastText loss \(args["loss"]!)") }
        let parameters = try parameters(args, t: t, kind: kind, loss: loss)
        let dim = parameters.dim
        let buckets = Int(args["bucket"]!)

        let size = try input.integer(Int32.self, "the dictionary size")
        let nwords = try input.integer(Int32.self, "the dictionary's word count")
        let nlabels = try input.integer(Int32.self, "the dictionary's label count")
        _ = try input.integer(Int64.self, "the dictionary's token count")
        let pruned = try input.integer(Int64.self, "the dictionary's pruned-index size")
        if nlabels != 0 || size != nwords { throw .format("the dictionary has \(nlabels) labels among \(size) entries; a word-vector model has none") }
        if nwords < 1 { throw .format("the dictionary has \(nwords) words") }
        if pruned >= 0 { throw .format("the dictionary is pruned (pruned-index size \(pruned)), as only quantized models are; quantized models are not read") }
        // An entry is at least 11 bytes (a 1-byte word, NUL, count, type): refuse counts the file cannot hold.
        if Int(nwords) > input.remaining / 11 { throw .format("the dictionary announces \(nwords) words, more than the file can hold") }
        let table = WordTable(expectedCount: Int(nwords))
        var counts = [Int64]()
        counts.reserveCapacity(Int(nwords))
        for i in 0..<Int(nwords) {
            let word = try input.word(i)
            if word.isEmpty { throw .format("word \(i + 1) of the dictionary is empty") }
            let count = try input.integer(Int64.self, "the count of word \(i + 1)")
            if count < 0 { throw .format("word \(i + 1) has the negative count \(count)") }
            let type = try input.integer(Int8.self, "the type of word \(i + 1)")
            if type != 0 { throw .format("entry \(i + 1) of the dictionary has type \(type); a word-vector model has words (0) only") }
            let inserted = word.withUnsafeBufferPointer { table.findOrInsert($0).inserted }
            if !inserted { throw .format("word '\(String(decoding: word, as: UTF8.self))' appears twice in the dictionary") }
            counts.append(count)
        }
        let vocabulary = try Vocabulary(table: table, counts: counts)

        if try input.flag("the quantized-input flag") {
            throw .format("this is a quantized fastText model (.ftz); only full models (.bin) are read")
        }
        let words = Int(nwords)
        try input.matrixShape("input", rows: words + buckets, columns: dim)
        let wordRows = try FloatMatrix(rows: words, columns: dim)
        try input.floats(into: wordRows, rows: 0..<words, "input")
        var ngrams: FloatMatrix? = nil
        if parameters.subwords != nil {
            let rows = try FloatMatrix(rows: buckets, columns: dim)
            try input.floats(into: rows, rows: 0..<buckets, "input")
            ngrams = rows
        } else {
            try input.skipFloats(buckets * dim, "input")   // bucket rows of a model that does not use them
        }
        if try input.flag("the quantized-output flag") {
            throw .format("this fastText model has a quantized output matrix; only full models are read")
        }
        try input.matrixShape("output", rows: words, columns: dim)
        var output: FloatMatrix? = nil
        if loss == .ns {
            let rows = try FloatMatrix(rows: words, columns: dim)
            try input.floats(into: rows, rows: 0..<words, "output")
            output = rows
        } else {
            try input.skipFloats(words * dim, "output")
        }
        if input.remaining != 0 { throw .format("\(input.remaining) bytes follow the output matrix; a fastText model ends with it") }
        return Parts(vocabulary: vocabulary, parameters: parameters, input: wordRows, ngrams: ngrams, output: output)
        #endif
    }

    /// libw2v's parameters for fastText's arguments, each checked against the parameter table's range.
    private static func parameters(_ args: [String: Int32], t: Double, kind: Kind, loss: Loss) throws(W2VError) -> TrainingParameters {
        var parameters = TrainingParameters()
        func set(_ key: ParameterKey, _ value: Int64) throws(W2VError) {
            do { try parameters.set(key, int: value) } catch { throw .format("fastText arguments: \(error.message)") }
        }
        try set(.dim, Int64(args["dim"]!))
        try set(.window, Int64(args["ws"]!))
        try set(.epochs, Int64(args["epoch"]!))
        try set(.minCount, Int64(max(1, args["minCount"]!)))
        try set(.architecture, kind == .skipGram ? 0 : 1)
        if loss == .ns {
            try set(.negative, Int64(args["neg"]!))
            try set(.hierarchicalSoftmax, 0)
        } else {
            // Any other loss: recorded as hierarchical softmax alone; its weights are not read.
            try set(.negative, 0)
            try set(.hierarchicalSoftmax, 1)
        }
        if args["maxn"]! > 0 {
            try set(.maxN, Int64(args["maxn"]!))
            try set(.minN, Int64(args["minn"]!))
            try set(.buckets, Int64(args["bucket"]!))
        } else if args["bucket"]! < 0 {
            throw .format("fastText arguments: bucket = \(args["bucket"]!)")
        }
        do { try parameters.set(.sample, float: t) } catch { throw .format("fastText arguments: \(error.message)") }
        // fastText draws noise words from the unigram counts to the power 0.5.
        parameters.nsExponent = 0.5
        do { try parameters.validate() } catch { throw .format("fastText arguments: \(error.message)") }
        return parameters
    }

    // MARK: Writing

    /// Writes a model as fastText's `.bin`: the words' own rows then the bucket rows as its input
    /// matrix, negative sampling's output rows as its output matrix (zeros for a model without them,
    /// whose file then serves queries, not further training), loss ns (hs for a model trained with
    /// hierarchical softmax alone). fastText reads it back, as gensim's `load_facebook_model` does.
    static func write(vocabulary: Vocabulary, parameters: TrainingParameters, input: FloatMatrix, ngrams: FloatMatrix?,
                      output: FloatMatrix?, to file: inout AtomicFile) throws(W2VError) {
        #if _endian(big)
        throw .invalidArgument("fastText files are written on little-endian hosts only")
        #else
        let words = vocabulary.count
        let buckets = ngrams?.rows ?? 0
        if words + buckets > Int(Int32.max) {
            throw .invalidArgument("\(words) words and \(buckets) buckets are more rows than fastText's int32 rows address")
        }
        var header = [UInt8]()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { header.append(contentsOf: $0) } }
        append(magic)
        append(version)
        let onlyHS = parameters.hierarchicalSoftmax && parameters.negative == 0
        let settings = parameters.subwords
        for value in [parameters.dim, parameters.window, parameters.epochs, parameters.minCount, parameters.negative, 1,
                      Int(onlyHS ? Loss.hs.rawValue : Loss.ns.rawValue),
                      Int(parameters.architecture == .skipGram ? Kind.skipGram.rawValue : Kind.cbow.rawValue),
                      buckets, settings?.minN ?? 0, settings?.maxN ?? 0, 100] {
            append(Int32(value))
        }
        append(parameters.sample.bitPattern)
        append(Int32(words))
        append(Int32(words))
        append(Int32(0))
        append(vocabulary.trainWords)
        append(Int64(-1))
        for i in 0..<words {
            header.append(contentsOf: vocabulary.table.word(i))
            header.append(0)
            append(vocabulary.counts.count == words ? vocabulary.counts[i] : 0)
            append(Int8(0))
        }
        header.append(0)   // input not quantized
        append(Int64(words + buckets))
        append(Int64(parameters.dim))
        try write(header, to: &file)
        try file.write(UnsafeRawBufferPointer(start: input.base, count: input.count * 4))
        if let ngrams { try file.write(UnsafeRawBufferPointer(start: ngrams.base, count: ngrams.count * 4)) }
        header = []
        header.append(0)   // output not quantized
        append(Int64(words))
        append(Int64(parameters.dim))
        try write(header, to: &file)
        if let output {
            try file.write(UnsafeRawBufferPointer(start: output.base, count: output.count * 4))
        } else {
            let zeros = UnsafeMutableRawBufferPointer.allocate(byteCount: parameters.dim * 4, alignment: 16)
            defer { zeros.deallocate() }
            zeros.initializeMemory(as: UInt8.self, repeating: 0)
            for _ in 0..<words { try file.write(UnsafeRawBufferPointer(zeros)) }
        }
        #endif
    }

    /// Writes an array's bytes through a stable copy (Array's withUnsafeBytes cannot throw W2VError).
    private static func write(_ bytes: [UInt8], to file: inout AtomicFile) throws(W2VError) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        defer { copy.deallocate() }
        bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
        try file.write(UnsafeRawBufferPointer(rebasing: copy[0..<bytes.count]))
    }
}
