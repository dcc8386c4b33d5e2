import Synchronization

/// What a model remembers between training calls besides its weights: where training stands (saved by
/// the native format, so a model saved between calls and loaded trains on exactly as one never saved)
/// and the tables built by the first call.
final class TrainingState: @unchecked Sendable {
    /// Words processed by training so far, across calls.
    var wordsTrained: Int64 = 0
    /// In-vocabulary words in one pass over the text the model trains on, the unit of file training's
    /// progress: the counted text's at creation, the new text's after a vocabulary update.
    var epochWords: Int64
    /// Completed or stopped train_file calls: each call's threads draw from random streams numbered
    /// after it.
    var fileTrainingCalls: UInt64 = 0
    /// Numbers the train-step calls, so each call draws from its own random stream; several host
    /// threads may call train_step at once, hence atomic.
    let stepCounter = Atomic<UInt64>(0)
    /// Noise sampler and subsampling table, built by the first training call; dropped when the
    /// vocabulary changes.
    let context = Mutex<TrainingContext?>(nil)

    init(epochWords: Int64) {
        self.epochWords = epochWords
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
}
