/// Applies a `Phrases` to a stream of words, as gensim's `analyze_sentence` (and, without connector
/// words, word2phrase's second pass): left to right, each word that is not a connector ends the candidate
/// begun by the previous such word (with the connectors between them); a candidate above the threshold
/// becomes one token, joined by the delimiter, and the next candidate starts after it; otherwise the
/// words come out unchanged. Candidates never span sentences.
///
/// Input words are only borrowed during the call that passes them, so the pending candidate is copied.
public struct PhraseDetector: TokenTransform {
    let phrases: Phrases
    /// "start<d>connector<d>...<d>" of the pending candidate.
    var pending: [UInt8] = []
    /// The pending words' ranges in `pending` (the start word first), without delimiters.
    var parts: [Range<Int>] = []
    /// Phrases formed so far.
    public private(set) var formed: Int64 = 0

    public init(_ phrases: Phrases) {
        self.phrases = phrases
        pending.reserveCapacity(512)
    }

    /// Feeds one input event; `emit` receives output words and sentence ends, in order.
    @inline(__always)
    mutating func feed<E: Error>(_ event: Tokenizer.Event, _ emit: (Tokenizer.Event) throws(E) -> Void) throws(E) {
        switch event {
        case .sentenceEnd:
            try flush(emit)
            try emit(.sentenceEnd)
        case .word(let word):
            if phrases.isConnector(word) {
                if parts.isEmpty {
                    try emit(.word(word))
                } else {
                    append(word)
                }
                return
            }
            if parts.isEmpty {
                append(word)
                return
            }
            let start = parts[0]
            let base = pending.count
            pending.append(contentsOf: word)
            let isPhrase = pending.withUnsafeBufferPointer { (all) -> Bool in
                phrases.phraseScore(phrase: all, a: UnsafeBufferPointer(rebasing: all[start]),
                                    b: UnsafeBufferPointer(rebasing: all[base...])) != nil
            }
            if isPhrase {
                formed += 1
                try pending.withUnsafeBufferPointer { (all) throws(E) -> Void in try emit(.word(all)) }
                pending.removeAll(keepingCapacity: true)
                parts.removeAll(keepingCapacity: true)
            } else {
                pending.removeLast(word.count)
                try emitParts(emit)
                append(word)
            }
        }
    }

    /// Ends the input (or a sentence without its newline): the pending words come out unchanged.
    mutating func flush<E: Error>(_ emit: (Tokenizer.Event) throws(E) -> Void) throws(E) {
        try emitParts(emit)
    }

    private mutating func append(_ word: UnsafeBufferPointer<UInt8>) {
        let from = pending.count
        pending.append(contentsOf: word)
        parts.append(from..<pending.count)
        pending.append(contentsOf: phrases.settings.delimiter)
    }

    private mutating func emitParts<E: Error>(_ emit: (Tokenizer.Event) throws(E) -> Void) throws(E) {
        if parts.isEmpty { return }
        try pending.withUnsafeBufferPointer { (all) throws(E) -> Void in
            for range in parts { try emit(.word(UnsafeBufferPointer(rebasing: all[range]))) }
        }
        pending.removeAll(keepingCapacity: true)
        parts.removeAll(keepingCapacity: true)
    }
}

extension Phrases {
    /// Applies to one sentence of tokens; `emit` gets each output token.
    public func apply<E: Error>(tokens: [UnsafeBufferPointer<UInt8>], _ emit: (UnsafeBufferPointer<UInt8>) throws(E) -> Void) throws(E) {
        var detector = PhraseDetector(self)
        let sink = { (event: Tokenizer.Event) throws(E) -> Void in
            if case .word(let w) = event { try emit(w) }
        }
        for token in tokens { try detector.feed(.word(token), sink) }
        try detector.flush(sink)
    }

    /// Applies to a text; the output is the same text with phrases joined, words separated by one space,
    /// each input line one output line (a final newline only if the text ended with one).
    public func apply(text: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 16)
        var writer = TextSink()
        var detector = PhraseDetector(self)
        Tokenizer.forEachEvent(in: text) { (event: Tokenizer.Event) -> Void in
            detector.feed(event) { (e: Tokenizer.Event) -> Void in writer.put(e, &out) }
        }
        detector.flush { (e: Tokenizer.Event) -> Void in writer.put(e, &out) }
        return out
    }

    /// Streams `input` through the phrases into `output` (written whole or not at all), as
    /// word2phrase's `-train -output`. Returns the words read and the phrases formed.
    @discardableResult
    func apply(file input: String, to output: String) throws(W2VError) -> (words: Int64, phrases: Int64) {
        try apply(file: BytePath(input), to: BytePath(output))
    }

    @discardableResult
    public func apply(file input: BytePath, to output: BytePath) throws(W2VError) -> (words: Int64, phrases: Int64) {
        // Frozen first (`applicable`): scores depend only on the final counts, so the same phrases form.
        let applied = applicable
        var file = try AtomicFile(replacing: output)
        var detector = PhraseDetector(applied)
        var words: Int64 = 0
        var atLineStart = true
        do throws(W2VError) {
            try CorpusFile(path: input).forEachEvent { (event: Tokenizer.Event) throws(W2VError) -> Void in
                if case .word = event { words += 1 }
                try detector.feed(event) { (e: Tokenizer.Event) throws(W2VError) -> Void in
                    try Self.write(e, to: &file, &atLineStart)
                }
            }
            try detector.flush { (e: Tokenizer.Event) throws(W2VError) -> Void in
                try Self.write(e, to: &file, &atLineStart)
            }
            if !atLineStart { try file.write(byte: 10) }
        } catch {
            file.abandon()
            throw error
        }
        try file.commit()
        return (words, detector.formed)
    }

    @inline(__always)
    static func write(_ event: Tokenizer.Event, to file: inout AtomicFile, _ atLineStart: inout Bool) throws(W2VError) {
        switch event {
        case .word(let w):
            if !atLineStart { try file.write(byte: 32) }
            try file.write(UnsafeRawBufferPointer(w))
            atLineStart = false
        case .sentenceEnd:
            try file.write(byte: 10)
            atLineStart = true
        }
    }
}

/// Writes output events as text: one space between words, a newline per sentence end.
struct TextSink {
    var atLineStart = true

    @inline(__always)
    mutating func put(_ event: Tokenizer.Event, _ out: inout [UInt8]) {
        switch event {
        case .word(let w):
            if !atLineStart { out.append(32) }
            out.append(contentsOf: w)
            atLineStart = false
        case .sentenceEnd:
            out.append(10)
            atLineStart = true
        }
    }
}
