import XCTest
@testable import W2VCore

final class ParameterTests: XCTestCase {
    func assertInvalidArgument<T>(_ body: @autoclosure () throws -> T, containing fragments: [String] = [],
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case W2VError.invalidArgument(let message) = error else {
                return XCTFail("expected .invalidArgument, got \(error)", file: file, line: line)
            }
            for fragment in fragments {
                XCTAssertTrue(message.contains(fragment), "'\(message)' lacks '\(fragment)'", file: file, line: line)
            }
        }
    }

    func testDefaultsAreWord2vecs() throws {
        let p = TrainingParameters()
        XCTAssertEqual(p.dim, 100)
        XCTAssertEqual(p.window, 5)
        XCTAssertEqual(p.negative, 5)
        XCTAssertEqual(p.minCount, 5)
        XCTAssertEqual(p.maxVocab, 0)
        XCTAssertEqual(p.sample, 1e-3)
        XCTAssertEqual(p.epochs, 5)
        XCTAssertEqual(p.threads, 1)
        XCTAssertEqual(p.seed, 1)
        XCTAssertEqual(p.architecture, .cbow)
        XCTAssertEqual(p.nsExponent, 0.75)
        XCTAssertTrue(p.cbowMean, "CBOW averages its context, as word2vec")
        XCTAssertTrue(p.shrinkWindows, "windows shrink at random, as word2vec")
        XCTAssertEqual(p.kernels, 0, "the kernel level is chosen from the CPU")
        XCTAssertNil(p.alphaOverride)
        XCTAssertNil(p.minAlphaOverride)
        XCTAssertEqual(p.alpha, 0.05)
        XCTAssertEqual(p.minAlpha, 0.05 * 0.0001)
        XCTAssertNil(p.subwords, "no subwords: a word2vec model")
        XCTAssertNoThrow(try p.validate())
        // The same through the generic getters.
        let ints: [ParameterKey: Int64] = [.dim: 100, .window: 5, .negative: 5, .minCount: 5, .maxVocab: 0,
                                           .epochs: 5, .threads: 1, .seed: 1, .architecture: 1, .sharedNegatives: 1,
                                           .hierarchicalSoftmax: 0, .maxFinalVocab: 0, .cbowMean: 1, .shrinkWindows: 1,
                                           .sortedVocab: 1, .syncWords: 0, .minN: 3, .maxN: 0, .buckets: 2_000_000, .kernels: 0]
        let floats: [ParameterKey: Double] = [.sample: 1e-3, .alpha: 0.05, .minAlpha: 5e-6, .nsExponent: 0.75]
        XCTAssertEqual(Set(ints.keys).union(floats.keys), Set(ParameterKey.allCases), "every key is covered")
        for (key, value) in ints { XCTAssertEqual(try p.int(key), value, key.name) }
        for (key, value) in floats { XCTAssertEqual(try p.float(key), value, accuracy: value * 1e-12, key.name) }
    }

    func testAlphaDefaultsFollowTheArchitecture() throws {
        var p = TrainingParameters()
        try p.set(.architecture, int: 0)
        XCTAssertEqual(p.architecture, .skipGram)
        XCTAssertEqual(p.alpha, 0.025)
        XCTAssertEqual(try p.float(.alpha), 0.025)
        XCTAssertEqual(try p.float(.minAlpha), 0.025 * 0.0001, accuracy: 1e-15)
        try p.set(.architecture, int: 1)
        XCTAssertEqual(p.architecture, .cbow)
        XCTAssertEqual(try p.float(.alpha), 0.05)
        XCTAssertEqual(try p.float(.minAlpha), 0.05 * 0.0001, accuracy: 1e-15)
        // A set alpha sticks across architecture changes and moves the default min_alpha with it.
        try p.set(.alpha, float: 0.1)
        try p.set(.architecture, int: 0)
        XCTAssertEqual(try p.float(.alpha), 0.1)
        XCTAssertEqual(try p.float(.minAlpha), 0.1 * 0.0001, accuracy: 1e-15)
        // A set min_alpha sticks when alpha changes.
        try p.set(.minAlpha, float: 0.001)
        try p.set(.alpha, float: 0.2)
        XCTAssertEqual(try p.float(.minAlpha), 0.001)
        XCTAssertEqual(p.alphaOverride, 0.2)
        XCTAssertEqual(p.minAlphaOverride, 0.001)
    }

    func testSubwordsTurnOnWithMaxNAtFastTextsDefaults() throws {
        var p = TrainingParameters()
        try p.set(.maxN, int: 6)
        XCTAssertEqual(p.subwords, try SubwordSettings(minN: 3, maxN: 6, buckets: 2_000_000))
        try p.set(.minN, int: 7)
        XCTAssertThrowsError(try p.validate(), "min_n above max_n")
        try p.set(.minN, int: 2)
        try p.set(.buckets, int: 1000)
        XCTAssertNoThrow(try p.validate())
        XCTAssertEqual(p.subwords, try SubwordSettings(minN: 2, maxN: 6, buckets: 1000))
        XCTAssertThrowsError(try p.set(.buckets, int: 0))
        XCTAssertThrowsError(try p.set(.buckets, int: Int64(Int32.max) + 1))
        XCTAssertThrowsError(try p.set(.minN, int: 0))
        XCTAssertThrowsError(try p.set(.maxN, int: 101))
        try p.set(.maxN, int: 0)
        XCTAssertNil(p.subwords)
    }

    func testKeyNamesAndKinds() {
        XCTAssertEqual(ParameterKey.allCases.map(\.name),
                       ["dim", "window", "negative", "min_count", "max_vocab", "sample", "alpha", "min_alpha",
                        "epochs", "threads", "seed", "arch", "ns_exponent", "shared_negatives", "hs", "max_final_vocab",
                        "cbow_mean", "shrink_windows", "sorted_vocab", "sync_words",
                        "min_n", "max_n", "bucket", "kernels"])
        XCTAssertEqual(ParameterKey.allCases.map(\.rawValue), Array(0...23))
        XCTAssertEqual(ParameterKey.allCases.filter(\.isFloat), [.sample, .alpha, .minAlpha, .nsExponent])
    }

    func testSetAndGetEveryIntKey() throws {
        var p = TrainingParameters()
        let values: [(ParameterKey, Int64)] = [(.dim, 37), (.window, 9), (.negative, 12), (.minCount, 2), (.maxVocab, 50_000),
                                               (.epochs, 3), (.threads, 8), (.seed, 123_456_789_012), (.architecture, 0),
                                               (.sharedNegatives, 0), (.hierarchicalSoftmax, 1), (.maxFinalVocab, 1000),
                                               (.cbowMean, 0), (.shrinkWindows, 0)]
        for (key, value) in values {
            try p.set(key, int: value)
            XCTAssertEqual(try p.int(key), value, key.name)
        }
        XCTAssertEqual(p.dim, 37)
        XCTAssertEqual(p.window, 9)
        XCTAssertEqual(p.negative, 12)
        XCTAssertEqual(p.minCount, 2)
        XCTAssertEqual(p.maxVocab, 50_000)
        XCTAssertEqual(p.epochs, 3)
        XCTAssertEqual(p.threads, 8)
        XCTAssertEqual(p.seed, 123_456_789_012)
        XCTAssertEqual(p.architecture, .skipGram)
        XCTAssertFalse(p.cbowMean)
        XCTAssertFalse(p.shrinkWindows)
    }

    func testSetAndGetEveryFloatKey() throws {
        var p = TrainingParameters()
        try p.set(.sample, float: 1e-5)
        try p.set(.alpha, float: 0.3)
        try p.set(.minAlpha, float: 0.002)
        try p.set(.nsExponent, float: -0.5)
        XCTAssertEqual(p.sample, 1e-5)
        XCTAssertEqual(p.alpha, 0.3)
        XCTAssertEqual(p.minAlpha, 0.002)
        XCTAssertEqual(p.nsExponent, -0.5)
        XCTAssertEqual(try p.float(.sample), 1e-5)
        XCTAssertEqual(try p.float(.alpha), 0.3)
        XCTAssertEqual(try p.float(.minAlpha), 0.002)
        XCTAssertEqual(try p.float(.nsExponent), -0.5)
    }

    /// Each integer key accepts its bounds and rejects one past them, leaving the value unchanged.
    func testIntRangesAreCheckedOnSet() throws {
        let ranges: [(ParameterKey, ClosedRange<Int64>)] = [
            (.dim, 1...10_000), (.window, 1...1_000), (.negative, 0...1_000), (.minCount, 1...2_147_483_647),
            (.maxVocab, 0...2_147_483_647), (.epochs, 1...100_000), (.threads, 1...1_024),
            (.seed, 0...Int64.max), (.architecture, 0...1), (.sharedNegatives, 0...1), (.hierarchicalSoftmax, 0...1),
            (.maxFinalVocab, 0...2_147_483_647),
        ]
        for (key, range) in ranges {
            XCTAssertEqual(key.intRange, range, key.name)
            var p = TrainingParameters()
            let before = try p.int(key)
            try p.set(key, int: range.lowerBound)
            XCTAssertEqual(try p.int(key), range.lowerBound, key.name)
            try p.set(key, int: range.upperBound)
            XCTAssertEqual(try p.int(key), range.upperBound, key.name)
            try p.set(key, int: before)
            let unchanged = p
            for bad in [range.lowerBound - 1, Int64.min] {
                assertInvalidArgument(try p.set(key, int: bad),
                                      containing: [key.name, "\(bad)", "out of range", "[\(range.lowerBound), \(range.upperBound)]"])
            }
            if range.upperBound < Int64.max {
                assertInvalidArgument(try p.set(key, int: range.upperBound + 1), containing: [key.name, "out of range"])
                assertInvalidArgument(try p.set(key, int: Int64.max), containing: [key.name])
            }
            XCTAssertEqual(p, unchanged, "\(key.name): a rejected value changes nothing")
        }
    }

    func testFloatRangesAreCheckedOnSet() throws {
        let ranges: [(ParameterKey, ClosedRange<Double>)] = [
            (.sample, 0...1), (.alpha, 1e-9...10), (.minAlpha, 0...10), (.nsExponent, -10...10),
        ]
        for (key, range) in ranges {
            XCTAssertEqual(key.floatRange, range, key.name)
            var p = TrainingParameters()
            try p.set(key, float: range.lowerBound)
            XCTAssertEqual(try p.float(key), range.lowerBound, key.name)
            try p.set(key, float: range.upperBound)
            XCTAssertEqual(try p.float(key), range.upperBound, key.name)
            let unchanged = p
            for bad in [range.lowerBound.nextDown, range.upperBound.nextUp, range.lowerBound - 1, range.upperBound + 1,
                        .nan, .infinity, -.infinity, .signalingNaN] {
                assertInvalidArgument(try p.set(key, float: bad), containing: [key.name, "out of range"])
            }
            XCTAssertEqual(p, unchanged, "\(key.name): a rejected value changes nothing")
        }
        // Zero sample (subsampling off) and zero min_alpha are allowed; zero alpha is not.
        var p = TrainingParameters()
        XCTAssertNoThrow(try p.set(.sample, float: 0))
        XCTAssertNoThrow(try p.set(.minAlpha, float: 0))
        assertInvalidArgument(try p.set(.alpha, float: 0), containing: ["alpha"])
        assertInvalidArgument(try p.set(.alpha, float: -0.01), containing: ["alpha"])
    }

    func testUsingTheWrongKindIsInvalidArgument() throws {
        var p = TrainingParameters()
        let unchanged = p
        for key in ParameterKey.allCases {
            if key.isFloat {
                assertInvalidArgument(try p.set(key, int: 0), containing: [key.name, "float"])
                assertInvalidArgument(try p.set(key, int: 1), containing: [key.name, "float"])
                assertInvalidArgument(try p.int(key), containing: [key.name, "float"])
            } else {
                assertInvalidArgument(try p.set(key, float: 1), containing: [key.name, "integer"])
                assertInvalidArgument(try p.set(key, float: 5), containing: [key.name, "integer"])
                assertInvalidArgument(try p.float(key), containing: [key.name, "integer"])
            }
        }
        XCTAssertEqual(p, unchanged)
        XCTAssertNil(p.alphaOverride, "setting alpha as an int must not override it")
    }

    func testValidateRejectsMinAlphaAboveAlpha() throws {
        var p = TrainingParameters()
        try p.set(.alpha, float: 0.01)
        try p.set(.minAlpha, float: 0.02)
        XCTAssertThrowsError(try p.validate()) { error in
            XCTAssertEqual(error as? W2VError, .invalidArgument("min_alpha (0.02) is larger than alpha (0.01)"))
        }
        // Equal is allowed: a constant learning rate.
        try p.set(.minAlpha, float: 0.01)
        XCTAssertNoThrow(try p.validate())
        // The default alpha counts: 0.03 exceeds skip-gram's 0.025 but not CBOW's 0.05.
        var q = TrainingParameters()
        try q.set(.minAlpha, float: 0.03)
        XCTAssertNoThrow(try q.validate())
        try q.set(.architecture, int: Int64(Architecture.skipGram.rawValue))
        assertInvalidArgument(try q.validate(), containing: ["min_alpha", "alpha"])
    }

    func testValidateRejectsZeroNegative() throws {
        var p = TrainingParameters()
        try p.set(.negative, int: 0)
        assertInvalidArgument(try p.validate(), containing: ["negative", "hs"])
        try p.set(.hierarchicalSoftmax, int: 1)
        XCTAssertNoThrow(try p.validate(), "hierarchical softmax alone is an objective")
        try p.set(.hierarchicalSoftmax, int: 0)
        try p.set(.negative, int: 1)
        XCTAssertNoThrow(try p.validate())
    }
}
