import Synchronization

/// Reproducible threaded file training (`sync_words` > 0): the same mechanism as data-parallel workers,
/// inside one process. Thread t trains its own byte range of the file (`CorpusFile.partition`, as
/// Hogwild's threads do) on its own replica of the weights, with its own random stream; in rounds of
/// `syncWords` words per thread (to the end of the sentence or piece that passes it), after which the
/// threads' changes are added to the model in thread order and every replica restarts from the sum.
/// Nothing depends on timing, so the same seed, data and thread count give the same weights on every
/// run. With one thread the replica is the model itself and no round changes anything: it trains
/// exactly as `FileTrainer` (same stream, same sentences, same learning rate at every sentence).
///
/// The rule is the delta-sum, which is what Hogwild's threads do to a row they all update. The
/// learning rate of a thread's sentence follows the whole run's progress estimated as the words of
/// all threads at the last sync plus this thread's words since, times the threads.
struct ReplicaTrainer {
    let corpus: CorpusFile
    /// One byte range of the file per thread.
    let ranges: [Range<Int>]
    /// The model's weights, which hold the sum after every round.
    let model: WeightSet
    /// The model's per-row learning-rate factors, which every replica trains with.
    let factors: RowFactors
    let context: TrainingContext
    let kernels: VectorKernels
    let vocabulary: Vocabulary
    let parameters: TrainingParameters
    /// In-vocabulary words in one pass over the file: the unit of progress.
    let epochWords: Int64
    /// Numbers this call's random streams, as `FileTrainer.call`.
    let call: UInt64

    /// A thread's replica and its trainer, handed to the thread that owns it.
    private final class Replica: @unchecked Sendable {
        let weights: WeightSet
        let trainer: RangeTrainer
        var offset = 0
        var result = RangeTrainingResult(resumeOffset: 0, words: 0, lossSum: 0, predictions: 0, finished: true)
        var failure: W2VError?

        init(weights: WeightSet, trainer: RangeTrainer) {
            self.weights = weights
            self.trainer = trainer
        }
    }

    /// Trains `parameters.epochs` passes; `report` is called on the calling thread after rounds, at least
    /// every 1% or second, and once at the end; returning false stops training after the round, with
    /// `.aborted`. `wordsConsumed` receives the in-vocabulary words consumed, also when it throws.
    func train(wordsConsumed: inout Int64, report: (TrainingProgress) -> Bool) throws(W2VError) {
        let threads = ranges.count
        let expectedWords = Double(max(1, epochWords)) * Double(parameters.epochs)
        let schedule = LearningRate(parameters)
        var replicas = [Replica]()
        for thread in 0..<threads {
            let weights = threads == 1 ? model : try model.copy()
            let trainer = SentenceTrainer(weights: weights.hogwild(factors: factors), context: context, kernels: kernels,
                                          seed: TrainingStreams.seed(parameters.seed, stream: call &* 1024 &+ UInt64(thread), salt: TrainingStreams.fileSalt))
            replicas.append(Replica(weights: weights, trainer: RangeTrainer(corpus: corpus, vocabulary: vocabulary, trainer: trainer, schedule: schedule)))
        }
        let started = FileTrainer.now()
        var lastReport = (progress: -1.0, time: started)
        var loss = (sum: 0.0, predictions: Int64(0))
        var words: Int64 = 0
        defer { wordsConsumed = words }
        let budget = Int64(parameters.syncWords)
        for _ in 0..<parameters.epochs {
            for (replica, range) in zip(replicas, ranges) {
                replica.offset = range.lowerBound
                replica.result.finished = range.isEmpty
            }
            while replicas.contains(where: { !$0.result.finished }) {
                let wordsBefore = words
                let (ranges, replicasNow) = (self.ranges, replicas)
                runInParallel(count: threads) { thread in
                    let replica = replicasNow[thread]
                    if replica.result.finished {
                        replica.result = RangeTrainingResult(resumeOffset: replica.offset, words: 0, lossSum: 0, predictions: 0, finished: true)
                        return
                    }
                    do throws(W2VError) {
                        replica.result = try replica.trainer.train(
                            range: replica.offset..<ranges[thread].upperBound, progress: 0...1, maxWords: budget,
                            progressOfWords: { Double(wordsBefore + Int64(threads) * $0) / expectedWords })
                        replica.offset = replica.result.resumeOffset
                    } catch {
                        replica.failure = error
                        replica.result = RangeTrainingResult(resumeOffset: replica.offset, words: 0, lossSum: 0, predictions: 0, finished: true)
                    }
                }
                for replica in replicas {
                    words += replica.result.words
                    loss.sum += replica.result.lossSum
                    loss.predictions += replica.result.predictions
                }
                if let failure = replicas.lazy.compactMap(\.failure).first { throw failure }
                if threads > 1 { Self.combine(replicas.map(\.weights), into: model) }
                let progress = min(1, Double(words) / expectedWords)
                let now = FileTrainer.now()
                if progress < 1 && (progress - lastReport.progress >= 0.01 || now - lastReport.time >= 1) {
                    lastReport = (progress, now)
                    let meanLoss = loss.predictions > 0 ? loss.sum / Double(loss.predictions) : 0
                    loss = (0, 0)
                    if !report(TrainingProgress(progress: progress, wordsPerSecond: Double(words) / max(now - started, 1e-9),
                                                alpha: schedule.at(progress: progress), loss: meanLoss)) {
                        throw .aborted("training was stopped by the progress callback")
                    }
                }
            }
        }
        let seconds = FileTrainer.now() - started
        _ = report(TrainingProgress(progress: 1, wordsPerSecond: seconds > 0 ? Double(words) / seconds : 0,
                                    alpha: schedule.at(progress: 1), loss: loss.predictions > 0 ? loss.sum / Double(loss.predictions) : 0))
    }

    /// Adds every replica's change (replica - model) to the model, in replica order, and copies the
    /// sum back into every replica; the rows are split between threads (each value's sum is the same
    /// whatever the split).
    static func combine(_ replicas: [WeightSet], into model: WeightSet) {
        let kinds = WeightMatrix.allCases.filter { model[$0] != nil }
        let parts = min(replicas.count, 8)
        runInParallel(count: parts) { part in
            for kind in kinds {
                let target = model[kind]!
                let copies = replicas.map { $0[kind]!.base }
                let count = target.count
                let values = (count * part / parts)..<(count * (part + 1) / parts)
                for i in values {
                    let base = target.base[i]
                    var change: Float = 0
                    for copy in copies { change += copy[i] - base }
                    let sum = base + change
                    target.base[i] = sum
                    for copy in copies { copy[i] = sum }
                }
            }
        }
    }
}
