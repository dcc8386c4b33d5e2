/// What one training call did.
public struct TrainingStepResult: Equatable, Sendable {
    /// In-vocabulary words consumed (before subsampling), the unit of training progress.
    public var words: Int64
    /// Mean negative log-likelihood per prediction (true word or noise word), 0 when none was made.
    public var meanLoss: Double
}

extension Model {
    static let notTrainable = W2VError.invalidArgument(
        "this model has no output weights (it was loaded from a word2vec file, which stores only the word vectors), so it cannot be trained")

    /// The shared sampler tables, built on first use. Fails for a model without output weights.
    func trainingContext() throws(W2VError) -> (TrainingContext, HogwildWeights) {
        guard isTrainable else { throw Self.notTrainable }
        let built: Result<TrainingContext, W2VError> = trainingContextCache.withLock { cache in
            if let cache { return .success(cache) }
            do throws(W2VError) {
                let context = try TrainingContext(vocabulary: vocabulary, parameters: parameters)
                cache = context
                return .success(context)
            } catch {
                return .failure(error)
            }
        }
        switch built {
        case .success(let context):
            return (context, HogwildWeights(input: input.base, output: output?.base, hsOutput: hsOutput?.base, dim: dim))
        case .failure(let error):
            throw error
        }
    }

    /// One SGD pass over sentences the host supplies, as word indices (`words` holds the sentences one
    /// after another, `lengths` their sizes), at the learning rate for `progress` in [0, 1]. Sentences
    /// longer than 10,000 words are trained in pieces. Several threads may call this on one model at
    /// once (Hogwild); each call draws from its own random stream, numbered in call order.
    public func trainStep(words: UnsafeBufferPointer<Int32>, lengths: [Int], progress: Double) throws(W2VError) -> TrainingStepResult {
        if !(0...1).contains(progress) { throw .invalidArgument("progress \(progress) is outside [0, 1]") }
        var total = 0
        for (i, length) in lengths.enumerated() {
            if length < 0 { throw .invalidArgument("sentence \(i) has a negative length") }
            total += length
        }
        if total != words.count { throw .invalidArgument("the sentence lengths add up to \(total) words, but \(words.count) were given") }
        let vocabularySize = vocabulary.count
        for (i, word) in words.enumerated() where word < 0 || Int(word) >= vocabularySize {
            throw .invalidArgument("word index \(word) at position \(i) is out of range: the vocabulary has \(vocabularySize) words")
        }
        let (context, weights) = try trainingContext()
        invalidateNormalized()
        let call = stepCounter.add(1, ordering: .relaxed).oldValue
        let trainer = SentenceTrainer(weights: weights, context: context, seed: Self.streamSeed(parameters.seed, stream: call, salt: 0x5354_4550))
        let alpha = Float(LearningRate(parameters).at(progress: progress))
        var start = 0
        for length in lengths {
            var piece = start
            while piece < start + length {
                let end = min(piece + TrainingLimits.maxSentenceWords, start + length)
                trainer.train(sentence: UnsafeBufferPointer(rebasing: words[piece..<end]), alpha: alpha)
                piece = end
            }
            start += length
        }
        let loss = trainer.takeLoss()
        return TrainingStepResult(words: Int64(words.count), meanLoss: loss.predictions > 0 ? loss.sum / Double(loss.predictions) : 0)
    }

    /// A seed for random stream `stream` derived from the model's seed, decorrelated by SplitMix64.
    static func streamSeed(_ seed: UInt64, stream: UInt64, salt: UInt64) -> UInt64 {
        var mixer = SplitMix64(seed: seed &+ salt &+ stream &* 0x9E37_79B9_7F4A_7C15)
        return mixer.next()
    }
}

import Synchronization
