import Glibc
import Synchronization

/// A progress report of file training.
public struct TrainingProgress: Sendable {
    /// Fraction of the run done, in [0, 1]; the last report is exactly 1 unless training was stopped.
    public var progress: Double
    /// In-vocabulary words consumed per second since training started, all threads together.
    public var wordsPerSecond: Double
    /// The learning rate now.
    public var alpha: Double
    /// Mean negative log-likelihood per prediction since the previous report (0 when none was made).
    public var loss: Double
}

/// The threaded file-training loop: `parameters.epochs` passes over a text file with
/// `parameters.threads` Hogwild threads, each streaming its own byte range of the file, so memory stays
/// bounded whatever the file's size. It knows the weights, the shared tables and the vocabulary, not
/// the model that owns them (`Model.train(file:report:)` assembles it).
struct FileTrainer {
    let corpus: CorpusFile
    /// One byte range of the file per thread (`CorpusFile.partition`).
    let ranges: [Range<Int>]
    let weights: HogwildWeights
    let context: TrainingContext
    let kernels: VectorKernels
    let vocabulary: Vocabulary
    let parameters: TrainingParameters
    /// In-vocabulary words in one pass over the file: the unit of progress.
    let epochWords: Int64
    /// Numbers this call's random streams (thread t draws from stream `call * 1024 + t`), so a model
    /// saved between calls and loaded trains exactly as one never saved.
    let call: UInt64
    /// Phrases joined on the fly (frozen), or nil: each thread streams its range through its own detector.
    var phrases: Phrases? = nil

    /// Trains; `report` is called on the calling thread at least every 1% and about every second, and
    /// once at the end; returning false stops training soon after with `.aborted`. Lines end sentences,
    /// lines over 10,000 words are trained in pieces, unknown words are dropped.
    /// `wordsConsumed` receives the in-vocabulary words consumed, also when it throws.
    func train(wordsConsumed: inout Int64, report: (TrainingProgress) -> Bool) throws(W2VError) {
        let threads = ranges.count
        let expectedWords = Double(max(1, epochWords)) * Double(parameters.epochs)
        let schedule = LearningRate(parameters)
        let shared = FileTrainingState()
        let (corpus, ranges, weights, context, kernels, vocabulary, parameters, call) = (self.corpus, self.ranges, self.weights, self.context, self.kernels, self.vocabulary, self.parameters, self.call)
        // A frozen table is never changed, so the threads share it (each with its own detector).
        nonisolated(unsafe) let phrases = self.phrases
        let started = Self.now()
        runWorkerThreads(count: threads, { thread in
            let trainer = makeSentenceTrainer(weights: weights, context: context, kernels: kernels,
                                          seed: TrainingStreams.seed(parameters.seed, stream: call &* 1024 &+ UInt64(thread), salt: TrainingStreams.fileSalt))
            var sentence = [Int32]()
            sentence.reserveCapacity(TrainingLimits.maxSentenceWords)
            func flush() {
                if sentence.isEmpty { return }
                let done = shared.words.load(ordering: .relaxed)
                let alpha = Float(schedule.at(progress: Double(done) / expectedWords))
                sentence.withUnsafeBufferPointer { trainer.train(sentence: $0, alpha: alpha) }
                shared.words.add(Int64(sentence.count), ordering: .relaxed)
                let loss = trainer.takeLoss()
                shared.loss.withLock { $0.sum += loss.sum; $0.predictions += loss.predictions }
                sentence.removeAll(keepingCapacity: true)
            }
            func handle(_ event: Tokenizer.Event) throws(W2VError) {
                switch event {
                case .word(let word):
                    if let index = vocabulary.index(of: word) {
                        sentence.append(Int32(index))
                        if sentence.count == TrainingLimits.maxSentenceWords { flush() }
                    }
                case .sentenceEnd:
                    flush()
                    if shared.stop.load(ordering: .relaxed) { throw .aborted("training was stopped") }
                }
            }
            var detector = phrases.map { PhraseDetector($0) }
            do throws(W2VError) {
                for _ in 0..<parameters.epochs {
                    try corpus.forEachEvent(in: ranges[thread], chunkBytes: 1 << 18) { (event) throws(W2VError) -> Void in
                        if detector == nil { try handle(event) } else { try detector!.feed(event, handle) }
                    }
                    try detector?.flush(handle)
                    flush()
                    if shared.stop.load(ordering: .relaxed) { break }
                }
            } catch {
                if case .aborted = error {} else { shared.recordFailure(error) }
            }
        }, whileRunning: { finished in
            var lastProgress = -1.0
            var lastTime = started
            while !finished() {
                usleep(1_000)
                let now = Self.now()
                let progress = min(1, Double(shared.words.load(ordering: .relaxed)) / expectedWords)
                if shared.stop.load(ordering: .relaxed) || (progress - lastProgress < 0.01 && now - lastTime < 1) { continue }
                if progress >= 1 { continue }   // the final report comes after the workers finish
                lastProgress = progress
                lastTime = now
                if !report(shared.snapshot(progress: progress, schedule: schedule, seconds: now - started)) {
                    shared.stop.store(true, ordering: .relaxed)
                }
            }
        })

        wordsConsumed = shared.words.load(ordering: .relaxed)
        if let failure = shared.failure.withLock({ $0 }) { throw failure }
        if shared.stop.load(ordering: .relaxed) { throw .aborted("training was stopped by the progress callback") }
        _ = report(shared.snapshot(progress: 1, schedule: schedule, seconds: Self.now() - started))
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}

/// Counters the training threads share with the reporting thread.
final class FileTrainingState: Sendable {
    let words = Atomic<Int64>(0)
    let stop = Atomic<Bool>(false)
    let loss = Lock<(sum: Double, predictions: Int64)>((0, 0))
    let failure = Lock<W2VError?>(nil)

    func recordFailure(_ error: W2VError) {
        failure.withLock { if $0 == nil { $0 = error } }
        stop.store(true, ordering: .relaxed)
    }

    /// A report, taking the loss accumulated since the previous one.
    func snapshot(progress: Double, schedule: LearningRate, seconds: Double) -> TrainingProgress {
        let (sum, predictions) = loss.withLock { value in
            defer { value = (0, 0) }
            return value
        }
        let words = Double(self.words.load(ordering: .relaxed))
        return TrainingProgress(progress: progress, wordsPerSecond: seconds > 0 ? words / seconds : 0,
                                alpha: schedule.at(progress: progress),
                                loss: predictions > 0 ? sum / Double(predictions) : 0)
    }
}

/// Seeds of the independent random streams training draws from, all derived from the model's seed:
/// one per train_step call, one per thread of each file-training call, one per vocabulary update, one
/// per train_file_range call (numbered with the train_step calls).
enum TrainingStreams {
    static let fileSalt: UInt64 = 0x4649_4C45       // "FILE"
    static let stepSalt: UInt64 = 0x5354_4550       // "STEP"
    static let vocabularySalt: UInt64 = 0x564F_4342 // "VOCB"
    static let rangeSalt: UInt64 = 0x524E_4745      // "RNGE"

    /// The seed of stream `stream`, decorrelated by SplitMix64.
    static func seed(_ seed: UInt64, stream: UInt64, salt: UInt64) -> UInt64 {
        var mixer = SplitMix64(seed: seed &+ salt &+ stream &* 0x9E37_79B9_7F4A_7C15)
        return mixer.next()
    }
}
