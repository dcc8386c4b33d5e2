/// Builds a frozen phrase model from a saved table, entry by entry, checking each entry as applying needs
/// it: connector words and phrases non-empty, free of whitespace and NUL, at most 1 MiB and listed once
/// (connectors cut to a word's length); a phrase holding the delimiter, its split (first and last word,
/// in delimiter-separated parts) at least one part each and fitting the phrase, its score a number. Both table readers (text,
/// `PhraseTableTextFile`; native, `PhraseTableNativeFile`) use it, so a table means the same in either file.
/// Errors name no place: the reader adds its own (a line, a section entry).
struct FrozenPhrasesBuilder {
    let settings: Phrases.Settings
    private let connectors: WordTable
    private let table: PhraseTable
    /// An empty frozen model with the settings, for the delimiter's part count.
    private let probe: Phrases

    init(settings: Phrases.Settings, connectors: Int, phrases: Int) throws(W2VError) {
        do throws(W2VError) { try settings.validate() } catch { throw .format(error.message) }
        self.settings = settings
        self.connectors = WordTable(expectedCount: max(16, min(connectors, 1 << 20)))
        table = PhraseTable(expectedCount: min(phrases, 1 << 24))
        probe = Phrases(frozen: settings, connectors: WordTable(), table: PhraseTable())
    }

    /// Adds a connector word, cut to a word's length as the tokenizer cuts the words it is matched with.
    func addConnector(_ word: UnsafeBufferPointer<UInt8>) throws(W2VError) {
        try Self.check(word, "the connector word")
        if !connectors.findOrInsert(UnsafeBufferPointer(rebasing: word[0..<Tokenizer.cutLength(word)])).inserted {
            throw .format("connector word listed twice")
        }
    }

    /// Adds a phrase with its split; `split` nil means one word each side (a first pass's phrase).
    func addPhrase(_ phrase: UnsafeBufferPointer<UInt8>, split: (first: Int32, last: Int32)?, score: Double) throws(W2VError) {
        try Self.check(phrase, "the phrase")
        if score.isNaN { throw .format("the score is not a number") }
        let parts = probe.partCount(phrase)
        let (first, last) = split ?? (1, 1)
        if parts < 2 { throw .format("a phrase joins at least two words with the delimiter") }
        guard first >= 1, last >= 1, Int64(first) + Int64(last) <= Int64(parts) else {
            throw .format("the first and last word parts must be at least 1 and fit the phrase's \(parts) parts")
        }
        if !table.add(phrase, PhraseTable.Split(first: first, last: last, score: score)) {
            throw .format("the phrase is listed twice")
        }
    }

    func build() -> Phrases { Phrases(frozen: settings, connectors: connectors, table: table) }

    private static func check(_ word: UnsafeBufferPointer<UInt8>, _ name: String) throws(W2VError) {
        if word.isEmpty { throw .format("\(name) is empty") }
        if word.count > BufferedReader.maxTokenBytes { throw .format("\(name) is longer than \(BufferedReader.maxTokenBytes) bytes") }
        if word.contains(where: Tokenizer.isSeparator) { throw .format("\(name) contains whitespace or a NUL byte") }
    }
}
