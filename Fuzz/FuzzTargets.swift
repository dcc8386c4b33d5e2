// libFuzzer targets for libw2v's untrusted inputs. Built by scripts/fuzz together with the sources of
// W2VCore as one module (so the harness reaches internal helpers such as the checksum), with
// `-sanitize=fuzzer,address`; the target is chosen by the environment variable W2V_FUZZ_TARGET.
//
// Each target feeds the input to one reader and, when it is accepted, uses what was read (a query, a
// training step, a save and reload that must give the same thing back). Any trap, sanitizer report or
// failed `require` is a finding.
import Glibc

enum FuzzTarget: String, CaseIterable {
    /// word2vec text vectors.
    case text
    /// word2vec binary vectors.
    case binary
    /// Either, detected.
    case auto
    /// The native model file, checksums recomputed first so the fuzzer gets past them (a checksum is
    /// not a security boundary); then one training step and one query.
    case native
    /// word2vec vocabulary files (`-read-vocab`).
    case vocab
    /// The tokenizer: the same events whatever the chunking.
    case tokenizer
    /// Analogy and word-pair evaluation files against a small model.
    case evaluation
    /// Phrase tables, text or native (native checksums recomputed first); then applying them, and a save
    /// and reload in both formats that must apply the same.
    case phrases
}

/// Stops the fuzzer with a finding (a broken round trip or invariant).
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz invariant: \(message())") }
}

let fuzzTarget: FuzzTarget = {
    guard let name = getenv("W2V_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
        fatalError("set W2V_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return target
}()

/// Per-process scratch files, so parallel fuzzing jobs do not share them.
let scratch: String = {
    let dir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    return "\(dir)/w2v-fuzz-\(getpid())"
}()

func writeScratch(_ data: UnsafeRawBufferPointer, suffix: String = "in") -> String {
    let path = "\(scratch).\(suffix)"
    writeFile(path, data)
    return path
}

func writeFile(_ path: String, _ data: UnsafeRawBufferPointer) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    require(fd >= 0, "cannot create \(path)")
    var done = 0
    while done < data.count {
        let n = write(fd, data.baseAddress! + done, data.count - done)
        require(n > 0, "cannot write \(path)")
        done += n
    }
    close(fd)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = UnsafeRawBufferPointer(start: start, count: count)
    switch fuzzTarget {
    case .text: fuzzVectors(data, .text)
    case .binary: fuzzVectors(data, .binary)
    case .auto: fuzzVectors(data, .auto)
    case .native: fuzzNative(data)
    case .vocab: fuzzVocabulary(data)
    case .tokenizer: fuzzTokenizer(data)
    case .evaluation: fuzzEvaluation(data)
    case .phrases: fuzzPhrases(data)
    }
    return 0
}

/// Writes the seed inputs of the chosen target into the directory named by W2V_FUZZ_SEEDS (libFuzzer
/// calls this before fuzzing; scripts/fuzz makes the corpus this way), then exits.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    guard let dir = getenv("W2V_FUZZ_SEEDS").map({ String(cString: $0) }) else { return 0 }
    for (i, seed) in FuzzSeeds.make(for: fuzzTarget).enumerated() {
        let path = "\(dir)/seed-\(i)"
        // Written beside its final name, not in TMPDIR: rename cannot cross file systems (/dev/shm).
        seed.withUnsafeBytes { bytes in writeFile("\(path).tmp", bytes) }
        require(rename("\(path).tmp", path) == 0, "cannot write \(path)")
    }
    exit(0)
}

// MARK: - Targets

func fuzzVectors(_ data: UnsafeRawBufferPointer, _ format: FileFormat) {
    let path = writeScratch(data)
    guard let model = try? Model.load(from: path, format: format) else { return }
    exercise(model)
    // A loaded model saves and reads back to the same words and vectors, in both formats.
    for saved in [FileFormat.text, .binary] {
        let copy = "\(scratch).\(saved.name)"
        do {
            try model.save(to: copy, format: saved)
            let again = try Model.load(from: copy, format: saved)
            requireSameVectors(model, again, "\(format.name) -> \(saved.name)")
        } catch {
            // Saving may refuse what a reader accepts only for words the format cannot hold.
            if case .invalidArgument = error { continue }
            require(false, "save/reload of a loaded model failed: \(error)")
        }
    }
}

func fuzzNative(_ data: UnsafeRawBufferPointer) {
    var bytes = [UInt8](data)
    NativeChecksumFixer.fix(&bytes)
    let path = bytes.withUnsafeBytes { writeScratch($0) }
    guard let model = try? Model.load(nativeFrom: path, verifyChecksums: true) else { return }
    exercise(model)
    if model.isTrainable && model.vocabularySize > 0 {
        let words: [Int32] = (0..<Int32(min(8, model.vocabularySize))).map { $0 }
        _ = try? words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [words.count], progress: 0.5) }
        exercise(model)
    }
    let copy = "\(scratch).native"
    if (try? model.save(to: copy, format: .native)) != nil {
        do {
            let again = try Model.load(nativeFrom: copy, verifyChecksums: true)
            requireSameVectors(model, again, "native -> native")
            require(model.rowLearningRateFactors() == again.rowLearningRateFactors(), "native -> native: row learning-rate factors changed")
        } catch {
            require(false, "a saved native model does not load: \(error)")
        }
    }
}

func fuzzVocabulary(_ data: UnsafeRawBufferPointer) {
    let path = writeScratch(data)
    let counter = WordCounter()
    guard (try? counter.add(vocabularyFile: path)) != nil else { return }
    let copy = "\(scratch).vocab"
    guard (try? counter.save(to: copy, minCount: 1)) != nil else { return }
    let again = WordCounter()
    do {
        try again.add(vocabularyFile: copy)
    } catch {
        require(false, "a saved vocabulary does not read back: \(error)")
    }
    require(again.distinctWords == counter.distinctWords, "vocabulary round trip: \(counter.distinctWords) words, \(again.distinctWords) read back")
}

func fuzzTokenizer(_ data: UnsafeRawBufferPointer) {
    func events(chunk: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var tokenizer = Tokenizer()
        var start = 0
        let emit: (Tokenizer.Event) -> Void = { event in
            switch event {
            case .word(let word): out.append(Array(word))
            case .sentenceEnd: out.append([])
            }
        }
        while start < data.count {
            let end = min(data.count, start + chunk)
            tokenizer.feed(UnsafeRawBufferPointer(rebasing: data[start..<end]), emit)
            start = end
        }
        tokenizer.finish(emit)
        return out
    }
    let whole = events(chunk: max(1, data.count))
    for word in whole { require(word.count <= Tokenizer.maxWordBytes, "a word of \(word.count) bytes") }
    let chunk = data.isEmpty ? 1 : Int(data[0] % 17) + 1
    require(events(chunk: chunk) == whole, "chunks of \(chunk) bytes tokenize differently")
}

let evaluationModel: Model = {
    let words = ["the", "king", "queen", "man", "woman", "Paris", "france", "berlin", "germany", "a"]
    let counter = WordCounter()
    for (i, word) in words.enumerated() {
        for _ in 0...(words.count - i) {
            var word = word
            word.withUTF8 { counter.add(word: $0) }
        }
    }
    var parameters = TrainingParameters()
    parameters.dim = 8
    parameters.minCount = 1
    return try! Model(vocabulary: Vocabulary(counter: counter, minCount: 1, maxSize: 0, maxFinalVocab: 0), parameters: parameters)
}()

func fuzzEvaluation(_ data: UnsafeRawBufferPointer) {
    let text = String(decoding: data, as: UTF8.self)
    if let result = try? evaluationModel.evaluateAnalogies(text: text, restrictVocab: 0) {
        require(result.total.correct <= result.total.seen && result.total.seen <= result.questions, "analogy counts")
    }
    for method in [AnalogyMethod.cosAdd, .cosMul] {
        _ = try? evaluationModel.evaluateAnalogies(text: text, restrictVocab: 5, method: method)
    }
    if let result = try? evaluationModel.evaluateWordPairs(text: text) {
        require(result.pairsUsed >= 0 && result.pairsSkipped >= 0, "pair counts")
        require(result.spearman.isNaN || abs(result.spearman) <= 1 + 1e-9, "spearman \(result.spearman)")
    }
}

func fuzzPhrases(_ data: UnsafeRawBufferPointer) {
    var bytes = [UInt8](data)
    if bytes.first == PhraseTableNativeFile.magic[0] { NativeChecksumFixer.fix(&bytes) }
    let path = bytes.withUnsafeBytes { writeScratch($0) }
    guard let table = try? Phrases.load(from: path) else { return }
    // A text of the table's phrases split back into words, with connectors between, then applied.
    var sample: [UInt8] = []
    for (phrase, _) in table.exportPhrases().prefix(64) {
        for part in table.parts(of: phrase) ?? [0..<phrase.count] {
            sample += phrase[part]
            sample.append(32)
        }
        if let connector = table.connectorWords.first { sample += connector }
        sample.append(10)
    }
    let applied = sample.withUnsafeBytes { table.apply(text: $0) }
    for format in [FileFormat.text, .native] {
        let copy = "\(scratch).phrases-\(format.name)"
        do {
            try table.save(to: copy, format: format)
            let again = try Phrases.load(from: copy)
            require(again.settings == table.settings, "phrases -> \(format.name): settings changed")
            require(sortedEntries(again) == sortedEntries(table), "phrases -> \(format.name): the phrases changed")
            require(sample.withUnsafeBytes { again.apply(text: $0) } == applied, "phrases -> \(format.name): applies differently")
        } catch {
            require(false, "a loaded phrase table does not save and load as \(format.name): \(error)")
        }
    }
}

/// A table's phrases and splits in one order (the text file lists them by score, the table by phrase).
func sortedEntries(_ table: Phrases) -> [String] {
    table.exportPhrases().map { "\(Array($0.phrase)) \($0.split.first) \($0.split.last) \($0.split.score.bitPattern)" }.sorted()
}

// MARK: - Shared checks

/// Queries on whatever loaded: they must not trap and must answer within the vocabulary.
func exercise(_ model: Model) {
    let n = model.vocabularySize
    guard n > 0 else { return }
    if let neighbors = try? model.mostSimilar(positive: [0], negative: [n - 1], k: 3) {
        for neighbor in neighbors { require(neighbor.index >= 0 && neighbor.index < n, "neighbour row \(neighbor.index) of \(n)") }
    }
    _ = try? model.mostSimilarCosmul(positive: [n - 1], negative: [], k: 2, restrictTo: 2)
    _ = try? model.similarByVector([Float](repeating: 1, count: model.dim), k: 2)
    _ = try? model.doesntMatch([0, n - 1])
    _ = try? model.nSimilarity([0], [n - 1])
    _ = try? model.distances(from: 0, to: [])
}

func requireSameVectors(_ a: Model, _ b: Model, _ what: String) {
    require(a.vocabularySize == b.vocabularySize && a.dim == b.dim, "\(what): shape changed")
    for r in 0..<a.vocabularySize {
        require(a.vocabulary.table.word(r).elementsEqual(b.vocabulary.table.word(r)), "\(what): word \(r) changed")
    }
    let x = UnsafeBufferPointer(start: a.input.base, count: a.input.count)
    let y = UnsafeBufferPointer(start: b.input.base, count: b.input.count)
    for i in 0..<x.count where x[i].bitPattern != y[i].bitPattern && !(x[i] == 0 && y[i] == 0) {
        require(false, "\(what): value \(i) changed from \(x[i]) to \(y[i])")
    }
}
