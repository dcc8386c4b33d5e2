import Synchronization

/// What a model remembers between training calls besides its weights: where training stands (saved by
/// the native format, so a model saved between calls and loaded trains on exactly as one never saved)
/// and the tables built by the first call.
final class TrainingState: @unchecked Sendable {
    /// Words processed by training so far, across calls. Atomic, as the call counters: host threads
    /// may run file training on one model at once (w2v-mpi's local threads do).
    let wordsCounter = Atomic<Int64>(0)
    var wordsTrained: Int64 { wordsCounter.load(ordering: .relaxed) }
    /// In-vocabulary words in one pass over the text the model trains on, the unit of file training's
    /// progress: the counted text's at creation, the new text's after a vocabulary update.
    var epochWords: Int64
    /// Completed or stopped train_file calls: each call's threads draw from random streams numbered
    /// after it.
    let fileCallCounter = Atomic<UInt64>(0)
    var fileTrainingCalls: UInt64 { fileCallCounter.load(ordering: .relaxed) }
    /// Numbers the train-step calls, so each call draws from its own random stream; several host
    /// threads may call train_step at once, hence atomic.
    let stepCounter = Atomic<UInt64>(0)
    /// Noise sampler and subsampling table, built by the first training call; dropped when the
    /// vocabulary changes.
    let context = Lock<TrainingContext?>(nil)

    /// Training calls running now (several host threads may run train_step at once), or -1 while the
    /// vocabulary or the settings change. Training and change exclude each other without blocking, so
    /// a progress callback that grows the vocabulary of the model it is training gets an error instead
    /// of freeing the matrices under the trainer.
    private let activity = Atomic<Int>(0)

    /// Training counters never exceed this (2^62; a file saying more is refused as corrupt), and
    /// training does not start once one has passed half of it, so that what it saves loads again.
    static let counterLimit: UInt64 = 1 << 62

    init(epochWords: Int64, wordsTrained: Int64 = 0, fileTrainingCalls: UInt64 = 0, trainSteps: UInt64 = 0) {
        self.epochWords = epochWords
        wordsCounter.store(wordsTrained, ordering: .relaxed)
        fileCallCounter.store(fileTrainingCalls, ordering: .relaxed)
        stepCounter.store(trainSteps, ordering: .relaxed)
    }

    func addWordsTrained(_ words: Int64) {
        wordsCounter.add(words, ordering: .relaxed)
    }

    /// The shared tables for `vocabulary` and `parameters`, built on first use.
    func context(vocabulary: Vocabulary, parameters: TrainingParameters) throws(W2VError) -> TrainingContext {
        let built: Result<TrainingContext, W2VError> = context.withLock { cache in
            if let cache { return .success(cache) }
            do throws(W2VError) {
                let context = try TrainingContext(vocabulary: vocabulary, parameters: parameters)
                cache = context
                return .success(context)
            } catch {
                return .failure(error)
            }
        }
        return try built.get()
    }

    /// Enters a training call; fails while a change is under way. Pair with `endTraining`.
    func beginTraining() throws(W2VError) {
        var running = activity.load(ordering: .acquiring)
        while true {
            if running < 0 {
                throw .invalidArgument("the model's vocabulary or settings are being changed; it cannot be trained at the same time")
            }
            let (exchanged, original) = activity.compareExchange(expected: running, desired: running + 1, ordering: .acquiringAndReleasing)
            if exchanged { return }
            running = original
        }
    }

    func endTraining() {
        activity.subtract(1, ordering: .releasing)
    }

    /// Runs `change` (a vocabulary update, new settings) unless training is running, which it must not
    /// overlap: the change may replace the matrices the trainers write.
    func changing<R>(_ what: String, _ change: () throws(W2VError) -> R) throws(W2VError) -> R {
        let (exchanged, running) = activity.compareExchange(expected: 0, desired: -1, ordering: .acquiringAndReleasing)
        if !exchanged {
            throw .invalidArgument(running > 0
                ? "cannot \(what) while the model is being trained (for example from its own progress callback)"
                : "cannot \(what) while another change of the model is under way")
        }
        defer { activity.store(0, ordering: .releasing) }
        return try change()
    }

    /// Refuses to train once a counter has passed half its limit (only a crafted file gets there), so
    /// that what training saves always loads again. `fileTraining` also checks the counters only file
    /// training writes (train_step may run on many threads beside it and reads the atomic one only).
    func checkCounters(fileTraining: Bool) throws(W2VError) {
        let half = Self.counterLimit / 2
        let steps = stepCounter.load(ordering: .relaxed)
        if steps > half || (fileTraining && (UInt64(max(0, wordsTrained)) > half || fileTrainingCalls > half)) {
            throw .invalidArgument("the model's training counters are past 2^61 (a crafted file?): it cannot be trained further")
        }
    }
}
