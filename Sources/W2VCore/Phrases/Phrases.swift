/// Phrase detection as word2phrase and gensim's `Phrases` do it: count every word and every pair of
/// neighbouring words (with any connector words between them, "bank_of_america") in one table, then join a
/// pair into one token, its words joined by the delimiter, when its score is above the threshold.
///
/// A `Phrases` is either learning (`counts` holds the words and pairs, bounded in memory by the
/// vocabulary's pruning rule, `WordCounter`) or frozen (`table` holds only the phrases that score above
/// the threshold, with their scores: gensim's `FrozenPhrases`, and what `save` writes). Both apply the
/// same way (`PhraseDetector`).
public final class Phrases {
    public struct Settings: Equatable, Sendable {
        public var scoring: PhraseScoring = .word2phrase
        public var minCount: Int64 = 5
        public var threshold: Double = 100
        /// Joins the words of a phrase; non-empty, without whitespace or NUL.
        public var delimiter: [UInt8] = [UInt8(ascii: "_")]

        public init(scoring: PhraseScoring = .word2phrase, minCount: Int64 = 5, threshold: Double = 100,
                    delimiter: [UInt8] = [UInt8(ascii: "_")]) {
            self.scoring = scoring
            self.minCount = minCount
            self.threshold = threshold
            self.delimiter = delimiter
        }

        public func validate() throws(W2VError) {
            if minCount < 0 { throw .invalidArgument("min_count \(minCount) is negative") }
            if !threshold.isFinite && !(threshold == -.infinity) { throw .invalidArgument("the threshold is NaN or +infinity") }
            if scoring == .npmi && !(threshold >= -1 && threshold <= 1) {
                throw .invalidArgument("an NPMI threshold lies in [-1, 1]; \(threshold) is outside")
            }
            try Self.checkWord(delimiter, "the delimiter")
            if delimiter.count > 16 { throw .invalidArgument("the delimiter is longer than 16 bytes") }
        }

        static func checkWord(_ word: [UInt8], _ name: String) throws(W2VError) {
            if word.isEmpty { throw .invalidArgument("\(name) is empty") }
            if word.contains(where: Tokenizer.isSeparator) { throw .invalidArgument("\(name) contains whitespace") }
        }
    }

    public let settings: Settings
    /// Words never counted as phrase ends: they may only sit between the two words of a phrase.
    public let connectors: WordTable
    /// Words and word pairs counted (learning only); nil once frozen.
    public let counts: WordCounter?
    /// Every word of the text, connectors included (the scorers' "words").
    public private(set) var words: Int64 = 0
    /// The phrases, their splits and scores (frozen only).
    public let table: PhraseTable?

    /// A learning model. The connector words may not be empty or hold whitespace.
    public init(settings: Settings, connectors: [[UInt8]] = [], maxEntries: Int = WordCounter.defaultMaxDistinctWords) throws(W2VError) {
        try settings.validate()
        self.settings = settings
        self.connectors = try Self.connectorTable(connectors)
        let counter = WordCounter()
        counter.setMaxDistinctWords(maxEntries)
        counts = counter
        table = nil
    }

    /// A frozen model from its phrases and scores (a loaded file, `freeze()`).
    init(frozen settings: Settings, connectors: WordTable, table: PhraseTable) {
        self.settings = settings
        self.connectors = connectors
        self.counts = nil
        self.table = table
    }

    static func connectorTable(_ words: [[UInt8]]) throws(W2VError) -> WordTable {
        let table = WordTable(expectedCount: max(16, words.count))
        for (i, word) in words.enumerated() {
            try Settings.checkWord(word, "connector word \(i)")
            word.withUnsafeBufferPointer { _ = table.findOrInsert(UnsafeBufferPointer(rebasing: $0[0..<Tokenizer.cutLength($0)])) }
        }
        return table
    }

    public var isFrozen: Bool { counts == nil }

    /// Distinct entries: words and pairs while learning, phrases once frozen.
    public var entryCount: Int { counts?.distinctWords ?? table?.count ?? 0 }

    @inline(__always)
    func isConnector(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        connectors.count > 0 && connectors.find(word) != nil
    }

    func requireLearning() throws(W2VError) -> WordCounter {
        guard let counts else { throw .invalidArgument("the phrases are frozen (loaded or made by freeze): they can be applied, not trained further") }
        return counts
    }

    // MARK: Learning

    /// Counts the words of a text (a newline ends a sentence; pairs never span sentences).
    public func add(text: UnsafeRawBufferPointer) throws(W2VError) {
        let counter = try requireLearning()
        var pairs = PairCounter(self)
        Tokenizer.forEachEvent(in: text) { (event: Tokenizer.Event) -> Void in
            pairs.record(event, into: counter)
        }
        words += pairs.words
    }

    /// Counts one sentence the caller has split; the tokens are checked first, as `WordCounter` does.
    public func add(tokens: [UnsafeBufferPointer<UInt8>]) throws(W2VError) {
        let counter = try requireLearning()
        for (i, token) in tokens.enumerated() {
            if token.isEmpty { throw .invalidArgument("token \(i) is empty") }
            if token.contains(where: Tokenizer.isSeparator) { throw .invalidArgument("token \(i) contains whitespace") }
        }
        var pairs = PairCounter(self)
        for token in tokens {
            pairs.record(.word(UnsafeBufferPointer(rebasing: token[0..<Tokenizer.cutLength(token)])), into: counter)
        }
        words += pairs.words
    }

    /// Streams a file; on an I/O error the counts are left as they were.
    func add(file path: String) throws(W2VError) { try add(file: BytePath(path)) }

    public func add(file path: BytePath) throws(W2VError) {
        let counter = try requireLearning()
        var added: Int64 = 0
        try counter.withRollback { (target: WordCounter) throws(W2VError) in
            var pairs = PairCounter(self)
            try CorpusFile(path: path).forEachEvent { (event: Tokenizer.Event) throws(W2VError) -> Void in
                pairs.record(event, into: target)
            }
            added = pairs.words
        }
        words += added
    }

    /// How many times a word or a joined pair ("new_york") was counted (learning), 0 if never.
    public func count(of entry: UnsafeBufferPointer<UInt8>) -> Int64 {
        counts?.count(of: entry) ?? 0
    }

    // MARK: Scoring

    /// The score of the candidate whose joined form is `phrase` (first word `a`, last word `b`), or nil
    /// when it is not a phrase (unscorable, or not above the threshold).
    @inline(__always)
    func phraseScore(phrase: UnsafeBufferPointer<UInt8>, a: UnsafeBufferPointer<UInt8>, b: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let s = rawScore(phrase: phrase, a: a, b: b), s > settings.threshold else { return nil }
        return s
    }

    /// The candidate's score whatever the threshold; nil when it cannot be scored (learning) or is not in
    /// the table (frozen).
    @inline(__always)
    public func rawScore(phrase: UnsafeBufferPointer<UInt8>, a: UnsafeBufferPointer<UInt8>, b: UnsafeBufferPointer<UInt8>) -> Double? {
        let s: Double?
        if let counts {
            let ab = counts.count(of: phrase)
            if ab == 0 { return nil }
            s = settings.scoring.score(a: counts.count(of: a), b: counts.count(of: b), ab: ab,
                                       minCount: settings.minCount, words: words, entries: counts.distinctWords)
        } else if let table {
            s = table.score(phrase, first: partCount(a), last: partCount(b))
        } else {
            return nil
        }
        return s
    }

    /// The score of a candidate given as its words (the first and last not connectors, connectors
    /// between), whatever the threshold; nil as `rawScore`.
    public func score(words: [UnsafeBufferPointer<UInt8>]) throws(W2VError) -> Double? {
        if words.count < 2 { throw .invalidArgument("a candidate phrase has at least two words; \(words.count) given") }
        for (i, w) in words.enumerated() {
            if w.isEmpty || w.contains(where: Tokenizer.isSeparator) { throw .invalidArgument("word \(i) is empty or contains whitespace") }
            let connector = isConnector(w)
            if (i == 0 || i == words.count - 1) && connector { throw .invalidArgument("word \(i) is a connector word; a phrase starts and ends with other words") }
            if i > 0 && i < words.count - 1 && !connector { throw .invalidArgument("word \(i) is not a connector word; only connectors stand between a phrase's first and last words") }
        }
        var joined: [UInt8] = []
        for (i, w) in words.enumerated() {
            if i > 0 { joined.append(contentsOf: settings.delimiter) }
            joined.append(contentsOf: w)
        }
        return joined.withUnsafeBufferPointer { rawScore(phrase: $0, a: words[0], b: words[words.count - 1]) }
    }

    /// Splits a table entry at the delimiter; nil for an entry of one part.
    func parts(of entry: UnsafeBufferPointer<UInt8>) -> [Range<Int>]? {
        let d = settings.delimiter
        var parts: [Range<Int>] = []
        var start = 0, i = 0
        while i + d.count <= entry.count {
            if entry[i] == d[0] && (d.count == 1 || entry[i..<(i + d.count)].elementsEqual(d)) {
                parts.append(start..<i)
                i += d.count
                start = i
            } else {
                i += 1
            }
        }
        if parts.isEmpty { return nil }
        parts.append(start..<entry.count)
        return parts
    }

    /// The delimiter-separated parts of a word ("new_york" has 2).
    @inline(__always)
    func partCount(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
        let d = settings.delimiter
        var n: Int32 = 1
        var i = 0
        while i + d.count <= word.count {
            if word[i] == d[0] && (d.count == 1 || word[i..<(i + d.count)].elementsEqual(d)) {
                n += 1
                i += d.count
            } else {
                i += 1
            }
        }
        return n
    }

    /// Every counted pair that scores above the threshold, with its split and score (gensim's
    /// `export_phrases`). An entry holding the delimiter is a pair `a [connectors] b` whose words may
    /// themselves be phrases of an earlier pass ("new_york_city" is "new_york" + "city"): every split
    /// into a first word, connector words and a last word, both counted as words, is scored as applying
    /// would score it. (gensim scores only the first and last parts, "new" and "city", so its export and
    /// its frozen model lose the phrases of a second pass.) For a frozen model, its table.
    public func exportPhrases() -> [(phrase: UnsafeBufferPointer<UInt8>, split: PhraseTable.Split)] {
        var result: [(UnsafeBufferPointer<UInt8>, PhraseTable.Split)] = []
        if let table {
            for id in 0..<table.count {
                for split in table.splits[id] { result.append((table.phrases.word(id), split)) }
            }
            return result
        }
        guard let counts else { return [] }
        for id in 0..<counts.table.count {
            let entry = counts.table.word(id)
            guard let parts = parts(of: entry) else { continue }
            for i in 1..<parts.count {
                let a = UnsafeBufferPointer(rebasing: entry[0..<parts[i - 1].upperBound])
                if isConnector(a) || counts.count(of: a) == 0 { continue }
                var j = i
                while j < parts.count {
                    let b = UnsafeBufferPointer(rebasing: entry[parts[j].lowerBound...])
                    if !isConnector(b), let s = phraseScore(phrase: entry, a: a, b: b) {
                        result.append((entry, PhraseTable.Split(first: Int32(i), last: Int32(parts.count - j), score: s)))
                    }
                    // A later last word needs parts i...j to be connectors.
                    if !isConnector(UnsafeBufferPointer(rebasing: entry[parts[j]])) { break }
                    j += 1
                }
            }
        }
        return result
    }

    /// A frozen copy: only the phrases above the threshold, with their splits and scores (gensim's
    /// `freeze()`). It applies exactly as this model does.
    public func freeze() -> Phrases {
        let copy = WordTable(expectedCount: max(16, connectors.count))
        for i in 0..<connectors.count { _ = copy.findOrInsert(connectors.word(i)) }
        let found = exportPhrases()
        let table = PhraseTable(expectedCount: found.count)
        for (phrase, split) in found { table.add(phrase, split) }
        return Phrases(frozen: settings, connectors: copy, table: table)
    }

    /// The connector words, in the order given.
    public var connectorWords: [UnsafeBufferPointer<UInt8>] { (0..<connectors.count).map { connectors.word($0) } }
}

/// The learning pass's state: the previous non-connector word of the sentence and the connectors since.
/// Each word is counted, and so is the pair ending at it, joined by the delimiter: `prefix` holds
/// "previous<d>[connector<d>...]", so a pair costs one copy of the word.
struct PairCounter {
    let delimiter: [UInt8]
    let connectors: Phrases
    var prefix: [UInt8] = []
    var open = false
    var words: Int64 = 0

    init(_ phrases: Phrases) {
        delimiter = phrases.settings.delimiter
        connectors = phrases
        prefix.reserveCapacity(512)
    }

    @inline(__always)
    mutating func record(_ event: Tokenizer.Event, into counter: WordCounter) {
        switch event {
        case .sentenceEnd:
            open = false
            prefix.removeAll(keepingCapacity: true)
        case .word(let word):
            words += 1
            if connectors.isConnector(word) {
                if open {
                    prefix.append(contentsOf: word)
                    prefix.append(contentsOf: delimiter)
                }
                return
            }
            counter.add(word: word)
            if open {
                prefix.append(contentsOf: word)
                prefix.withUnsafeBufferPointer { counter.add(word: $0) }
            }
            prefix.removeAll(keepingCapacity: true)
            prefix.append(contentsOf: word)
            prefix.append(contentsOf: delimiter)
            open = true
        }
    }
}
