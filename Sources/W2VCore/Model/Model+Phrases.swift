/// Phrase vectors without a rewritten corpus.
extension Model {
    /// Joins `phrases` on the fly in every later `train(file:)` (nil stops it), so the model trains on
    /// the words `phrases.apply(file:to:)` would write; count the vocabulary the same way
    /// (`WordCounter.add(file:joining:)`). The model keeps a frozen copy, so the caller's table may
    /// change or go; it is not saved with the model. Token training (`trainStep`) takes tokens as given.
    ///
    /// - Throws: `invalidArgument` while the model is being trained.
    public func setTrainingPhrases(_ phrases: Phrases?) throws(W2VError) {
        let frozen = phrases?.applicable
        try training.changing("set the training phrases") { trainingPhrases = frozen }
    }
}
