/// Where a range-training call stopped.
public struct RangeTrainingResult: Equatable, Sendable {
    /// The byte offset to resume from: just past the separator after the last word trained, or the
    /// range's end when the range was used up.
    public var resumeOffset: Int
    /// In-vocabulary words consumed (before subsampling).
    public var words: Int64
    /// Negative log-likelihood summed over the call's predictions, and their number.
    var lossSum: Double
    var predictions: Int64
    /// Mean negative log-likelihood per prediction of the call, 0 when none was made.
    public var meanLoss: Double { predictions > 0 ? lossSum / Double(predictions) : 0 }
    /// Whether the range was used up (`resumeOffset` is then its end).
    public var finished: Bool
}

/// Trains a byte range of a corpus file on one thread until a word budget is spent, stopping where a
/// sentence (or a 10,000-word piece of a longer line) ends, so a data-parallel worker trains a fixed
/// share of the global schedule between syncs and resumes exactly where it stopped. One `SentenceTrainer`
/// may serve several calls, so that its random stream continues across them: training a range in
/// several budgeted calls is then the same as training it in one.
struct RangeTrainer {
    let corpus: CorpusFile
    let vocabulary: Vocabulary
    let trainer: SentenceTrainer
    let schedule: LearningRate

    /// Trains from `range.lowerBound` (a word start: an offset this returned, or one after a
    /// separator) to at most `range.upperBound`, until `maxWords` in-vocabulary words were consumed
    /// (0 = the whole range), then to the end of that sentence or piece. The learning rate falls
    /// linearly from the rate at `progress.lowerBound` to that at `progress.upperBound` with the
    /// fraction of the budget spent (of the range's bytes read, without a budget).
    /// `progressOfWords`, when given, replaces that: it maps the words consumed so far in this call to
    /// the progress of the whole run (the reproducible threaded mode estimates the other threads').
    func train(range: Range<Int>, progress: ClosedRange<Double>, maxWords: Int64,
               progressOfWords: ((Int64) -> Double)? = nil) throws(W2VError) -> RangeTrainingResult {
        var sentence = [Int32]()
        sentence.reserveCapacity(TrainingLimits.maxSentenceWords)
        var words: Int64 = 0
        var loss = (sum: 0.0, predictions: Int64(0))
        // The chunk being tokenized, and the file offset just past the last token seen.
        var chunk = UnsafeRawBufferPointer(start: nil, count: 0)
        var chunkOffset = range.lowerBound
        var lastTokenEnd = range.lowerBound
        var stopped = false

        func progressNow() -> Double {
            if let progressOfWords { return progressOfWords(words) }
            let fraction = maxWords > 0 ? min(1, Double(words) / Double(maxWords))
                                        : (range.isEmpty ? 1 : Double(chunkOffset - range.lowerBound) / Double(range.count))
            return progress.lowerBound + (progress.upperBound - progress.lowerBound) * fraction
        }
        func flush() {
            if sentence.isEmpty { return }
            let alpha = Float(schedule.at(progress: min(1, max(0, progressNow()))))
            sentence.withUnsafeBufferPointer { trainer.train(sentence: $0, alpha: alpha) }
            words += Int64(sentence.count)
            let taken = trainer.takeLoss()
            loss.sum += taken.sum
            loss.predictions += taken.predictions
            sentence.removeAll(keepingCapacity: true)
            if maxWords > 0 && words >= maxWords { stopped = true }
        }
        do throws(W2VError) {
            try corpus.forEachEvent(in: range, chunkBytes: 1 << 18, chunkRead: { bytes, offset in
                chunk = bytes
                chunkOffset = offset
            }) { (event) throws(W2VError) -> Void in
                switch event {
                case .word(let word):
                    lastTokenEnd = Self.tokenEnd(word, chunk: chunk, chunkOffset: chunkOffset)
                    if let index = vocabulary.index(of: word) {
                        sentence.append(Int32(index))
                        if sentence.count == TrainingLimits.maxSentenceWords { flush() }
                    }
                case .sentenceEnd:
                    flush()
                }
                if stopped { throw .aborted("the word budget is spent") }
            }
            flush()
            stopped = false  // the range is used up, whatever the budget says
        } catch {
            guard case .aborted = error, stopped else { throw error }
        }
        let resume = stopped ? min(lastTokenEnd + 1, range.upperBound) : range.upperBound
        return RangeTrainingResult(resumeOffset: resume, words: words, lossSum: loss.sum, predictions: loss.predictions,
                                   finished: resume >= range.upperBound)
    }

    /// The file offset just past a token the tokenizer emitted while tokenizing `chunk`: the first
    /// separator at or after the token's kept bytes (a cut word goes on past them). A token that began
    /// in an earlier chunk (it points into the tokenizer's carry) ends at the chunk's first separator;
    /// one emitted after the last chunk (the empty chunk) ends at the end of the bytes read.
    @inline(__always)
    static func tokenEnd(_ token: UnsafeBufferPointer<UInt8>, chunk: UnsafeRawBufferPointer, chunkOffset: Int) -> Int {
        let bytes = chunk.bindMemory(to: UInt8.self)
        guard let base = bytes.baseAddress, let start = token.baseAddress else { return chunkOffset }
        var i = 0
        if start >= base && start < base + bytes.count { i = start - base + token.count }
        while i < bytes.count && !Tokenizer.isSeparator(bytes[i]) { i += 1 }
        return chunkOffset + i
    }
}
