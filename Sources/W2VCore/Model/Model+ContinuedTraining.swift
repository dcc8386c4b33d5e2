extension Model {
    /// The parameters continued training may change on a model that exists already (a loaded native
    /// model, or one trained before): the number of epochs of the next calls, the threads, the learning
    /// rate's start and end, and the seed of the random streams. Every other parameter shaped the
    /// vocabulary, the weights or the shared training tables, so it stays as the model was made.
    public static let continuedTrainingKeys: [ParameterKey] = [.epochs, .threads, .alpha, .minAlpha, .seed]

    /// Takes epochs, threads, alpha, min_alpha and seed from `parameters` for the next training calls.
    /// Every other parameter must equal the model's; nothing changes when one differs. Call it between
    /// training calls, never during one.
    ///
    /// - Throws: `invalidArgument` naming the first other parameter that differs (with both values), or
    ///   when min_alpha would exceed alpha.
    public func setContinuedTrainingParameters(_ parameters: TrainingParameters) throws(W2VError) {
        for key in ParameterKey.allCases where !Self.continuedTrainingKeys.contains(key) {
            let (mine, theirs): (String, String)
            if key.isFloat {
                (mine, theirs) = ("\(try self.parameters.float(key))", "\(try parameters.float(key))")
            } else {
                (mine, theirs) = ("\(try self.parameters.int(key))", "\(try parameters.int(key))")
            }
            if mine != theirs {
                throw .invalidArgument("\(key.name) cannot change on an existing model (it is \(mine), \(theirs) was given); continued training may change only epochs, threads, alpha, min_alpha and seed")
            }
        }
        var updated = self.parameters
        updated.epochs = parameters.epochs
        updated.threads = parameters.threads
        updated.alphaOverride = parameters.alphaOverride
        updated.minAlphaOverride = parameters.minAlphaOverride
        updated.seed = parameters.seed
        try updated.validate()
        self.parameters = updated
    }
}
