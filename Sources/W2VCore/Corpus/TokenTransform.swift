/// A streaming rewrite of the tokenizer's events on their way from a corpus to what consumes them
/// (counting, training): each input event gives zero or more output events, in order, and `flush` lets
/// out what is held when the input ends. Phrases joined on the fly (`PhraseDetector`) are one.
protocol TokenTransform {
    mutating func feed<E: Error>(_ event: Tokenizer.Event, _ emit: (Tokenizer.Event) throws(E) -> Void) throws(E)
    mutating func flush<E: Error>(_ emit: (Tokenizer.Event) throws(E) -> Void) throws(E)
}
