import XCTest
@testable import W2VCore

/// Draws made ahead of their positions (`PositionDraws`) are the draws made in place, in the same
/// order, whatever the sentence length (shorter or longer than how far ahead they run), the window
/// (shrinking or not) and the number of noise words: so training that draws ahead gives the results
/// of before, bit for bit.
final class PositionDrawsTests: XCTestCase {
    func testDrawsAheadAreTheDrawsInPlaceInTheSameOrder() throws {
        let vocabulary = 12   // small, so noise draws often equal the center word and are skipped
        let sampler = try NoiseSampler(counts: (0..<vocabulary).map { Int64(100 / ($0 + 1)) }, exponent: 0.75)
        let dim = 7
        let input = UnsafeMutablePointer<Float>.allocate(capacity: vocabulary * dim)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: vocabulary * dim)
        defer { input.deallocate(); output.deallocate() }
        input.initialize(repeating: 0, count: vocabulary * dim)
        output.initialize(repeating: 0, count: vocabulary * dim)
        let weights = HogwildWeights(input: input, output: output, hsOutput: nil, dim: dim)
        var words = SplitMix64(seed: 5)
        var checked = 0
        for shrinks in [true, false] {
            for negative in [0, 1, 5, 12] {
                for window in [1, 3, 5] {
                    for n in [2, 3, 4, 5, 6, 9, 17, 40] {
                        let sentence = (0..<n).map { _ in Int32(words.nextBelow(vocabulary)) }
                        let seed = UInt64(checked)
                        var ahead = SplitMix64(seed: seed), inPlace = SplitMix64(seed: seed)
                        let draws = PositionDraws(negative: negative)
                        defer { draws.deallocate() }
                        let context = "shrinks \(shrinks), negative \(negative), window \(window), \(n) words"
                        sampler.withTable { noise in
                            sentence.withUnsafeBufferPointer { sentence in
                                let window = Window(size: window, shrinks: shrinks)
                                draws.start(sentence, window: window, noise: noise, weights: weights, rng: &ahead)
                                for pos in 0..<n {
                                    draws.advance(past: pos, sentence, window: window, noise: noise, weights: weights, rng: &ahead)
                                    let drawn = draws.drawn(pos)
                                    let reach = shrinks ? window.size - inPlace.nextBelow(window.size) : window.size
                                    let center = Int(sentence[pos])
                                    var targets = [center]
                                    for _ in 0..<negative {
                                        let word = noise.sample(&inPlace)
                                        if word != center { targets.append(word) }
                                    }
                                    XCTAssertEqual(drawn.reach, reach, "\(context), position \(pos)")
                                    XCTAssertEqual(Array(UnsafeBufferPointer(start: drawn.words, count: drawn.count)), targets, "\(context), position \(pos)")
                                    for j in 0..<drawn.count {
                                        XCTAssertEqual(drawn.rows[j], output + targets[j] * dim, "\(context), position \(pos), row \(j)")
                                    }
                                }
                            }
                        }
                        XCTAssertEqual(ahead.state, inPlace.state, "\(context): as many draws as in place")
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 2 * 4 * 3 * 8)
    }
}
