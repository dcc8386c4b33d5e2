import Foundation
import XCTest
@testable import W2VCore

fileprivate func axis(_ i: Int, dim: Int = 8) -> [Float] {
    (0..<dim).map { $0 == i ? 1 : 0 }
}

fileprivate func + (a: [Float], b: [Float]) -> [Float] { zip(a, b).map { $0 + $1 } }
fileprivate func * (s: Float, a: [Float]) -> [Float] { a.map { s * $0 } }

/// Five countries on axes e0...e4 (rows 0-4) and their capitals at country + e5 (rows 5-9).
///
/// For "capital X : country X :: capital Y : ?" the query is unit(eX) - unit(eX + e5) + unit(eY + e5) =
/// 0.293 eX + 0.707 eY: country Y scores cos 0.924, every other candidate 0. For "country X : capital X ::
/// country Y : ?" it is -0.293 eX + 0.707 e5 + eY: capital Y scores 0.959, the other capitals 0.397, the
/// other countries 0. So a question of either shape is right exactly when its fourth word is the real
/// answer, and a mislabelled one (`rome italy madrid germany`) is wrong.
fileprivate let countries = ["greece", "france", "germany", "italy", "spain"]
fileprivate let capitals = ["athens", "paris", "berlin", "rome", "madrid"]

fileprivate func capitalsModel(extra: [(word: String, vector: [Float])] = [], rename: (String) -> String = { $0 }) throws -> Model {
    var entries: [(word: String, vector: [Float])] = []
    for (i, country) in countries.enumerated() { entries.append((rename(country), axis(i))) }
    for (i, capital) in capitals.enumerated() { entries.append((rename(capital), axis(i) + axis(5))) }
    return try makeModel(entries + extra)
}

fileprivate func assertThrows<T>(_ expected: W2VError, _ body: @autoclosure () throws -> T,
                                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertEqual(error as? W2VError, expected, file: file, line: line)
    }
}

final class EvaluationTests: XCTestCase {
    // MARK: - Analogies

    func testPlantedAnalogiesScoreBySectionSemanticThenSyntactic() throws {
        let text = """
            : capital-common-countries
            athens greece paris france
            paris france berlin germany
            berlin germany rome italy
            rome italy madrid germany
            : capital-world
            athens greece madrid spain
            athens greece lisbon portugal
            : currency
            greece athens italy rome
            : city-in-state
            greece athens spain berlin
            : family
            greece athens france paris
            : gram1-adjective-to-adverb
            france paris germany berlin
            GREECE Athens France Paris
            : gram2-opposite
            spain madrid italy paris
            italy rome spain madrid
            : gram3-comparative

            """
        let result = try capitalsModel().evaluateAnalogies(text: text, restrictVocab: 0)
        XCTAssertEqual(result.sections.map(\.name), ["capital-common-countries", "capital-world", "currency",
                                                     "city-in-state", "family", "gram1-adjective-to-adverb",
                                                     "gram2-opposite", "gram3-comparative"])
        XCTAssertEqual(result.sections.map(\.score), [
            AnalogyScore(correct: 3, seen: 4),  // the mislabelled one predicts spain
            AnalogyScore(correct: 1, seen: 1),  // lisbon, portugal unknown: not seen
            AnalogyScore(correct: 1, seen: 1),
            AnalogyScore(correct: 0, seen: 1),  // predicts madrid
            AnalogyScore(correct: 1, seen: 1),  // the fifth and last semantic section
            AnalogyScore(correct: 2, seen: 2),  // upper-case questions match the lower-case words
            AnalogyScore(correct: 1, seen: 2),
            AnalogyScore(correct: 0, seen: 0),  // an empty section is still listed
        ])
        XCTAssertEqual(result.semantic, AnalogyScore(correct: 6, seen: 8))
        XCTAssertEqual(result.syntactic, AnalogyScore(correct: 3, seen: 4))
        XCTAssertEqual(result.total, AnalogyScore(correct: 9, seen: 12))
        XCTAssertEqual(result.total.accuracy, 9.0 / 12.0)
        XCTAssertEqual(result.questions, 13)
        XCTAssertEqual(AnalogyScore().accuracy, 0)

        // The same from a file.
        let directory = try temporaryDirectory(self)
        let path = directory.appendingPathComponent("questions.txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let fromFile = try capitalsModel().evaluateAnalogies(path: path, restrictVocab: 0)
        XCTAssertEqual(fromFile.total, result.total)
        XCTAssertEqual(fromFile.sections.map(\.score), result.sections.map(\.score))
        XCTAssertEqual(fromFile.questions, 13)
    }

    func testRestrictVocabLimitsBothTheQuestionsAndTheCandidates() throws {
        // A decoy after the ten words, a little closer than france to the first question's query
        // (0.293 e0 + 0.707 e1): cos 0.928 against 0.924.
        let decoy = (word: "francia", vector: axis(1) + 0.01 * axis(0))
        let model = try capitalsModel(extra: [decoy])
        let text = """
            : capitals
            athens greece paris france
            rome italy madrid spain
            greece athens spain madrid
            """
        func score(_ restrict: Int) throws -> AnalogyScore {
            let result = try model.evaluateAnalogies(text: text, restrictVocab: restrict)
            XCTAssertEqual(result.questions, 3)
            return result.total
        }
        XCTAssertEqual(try score(0), AnalogyScore(correct: 2, seen: 3), "the decoy wins the first question")
        XCTAssertEqual(try score(11), AnalogyScore(correct: 2, seen: 3))
        XCTAssertEqual(try score(1_000_000), AnalogyScore(correct: 2, seen: 3))
        XCTAssertEqual(try score(10), AnalogyScore(correct: 3, seen: 3), "the decoy is beyond the candidates")
        XCTAssertEqual(try score(9), AnalogyScore(correct: 1, seen: 1), "madrid (row 9) is unknown")
        XCTAssertEqual(try score(1), AnalogyScore(correct: 0, seen: 0))
        // The default is the usual 30,000.
        XCTAssertEqual(try model.evaluateAnalogies(text: text).total, AnalogyScore(correct: 2, seen: 3))
    }

    func testQuestionWordsAreExcludedFromThePrediction() throws {
        // small = e0, smaller = e0 + 0.2 e1, big = e2, bigger = e2 + 0.5 e1: the query of
        // "small smaller big bigger" is nearly big itself (cos 0.981); bigger comes next (0.963).
        let entries: [(word: String, vector: [Float])] = [
            ("small", axis(0, dim: 4)), ("smaller", axis(0, dim: 4) + 0.2 * axis(1, dim: 4)),
            ("big", axis(2, dim: 4)), ("bigger", axis(2, dim: 4) + 0.5 * axis(1, dim: 4)),
        ]
        let plain = try makeModel(entries)
        let unit = try plain.normalized()
        var query = [Float](repeating: 0, count: 4)
        for c in 0..<4 { query[c] = unit.row(1)[c] - unit.row(0)[c] + unit.row(2)[c] }
        func cos(_ r: Int) -> Float {
            let q = query.map { $0 / query.reduce(0) { $0 + $1 * $1 }.squareRoot() }
            return (0..<4).reduce(0) { $0 + q[$1] * unit.row(r)[$1] }
        }
        XCTAssertGreaterThan(cos(2), cos(3), "without the rule the answer would be c")
        XCTAssertEqual(cos(2), 0.981, accuracy: 0.001)
        XCTAssertEqual(cos(3), 0.963, accuracy: 0.001)
        let text = ": s\nsmall smaller big bigger\nsmall smaller big big\n"
        XCTAssertEqual(try plain.evaluateAnalogies(text: text).total, AnalogyScore(correct: 1, seen: 2))

        // A case variant of c is excluded too (gensim compares upper-cased words): "BIG" has big's vector.
        let variant = try makeModel(entries + [("BIG", axis(2, dim: 4))])
        XCTAssertEqual(try variant.evaluateAnalogies(text: text).total, AnalogyScore(correct: 1, seen: 2))
        let upper = ": s\nsmall smaller BIG bigger\n"
        XCTAssertEqual(try variant.evaluateAnalogies(text: upper).total, AnalogyScore(correct: 1, seen: 1))
    }

    func testWordsMatchUpToCaseOnBothSides() throws {
        let text = ": s\nathens greece paris france\nATHENS GREECE PARIS FRANCE\nAthens Greece Rome Italy\n"
        let lower = try capitalsModel().evaluateAnalogies(text: text)
        XCTAssertEqual(lower.total, AnalogyScore(correct: 3, seen: 3))
        // A vocabulary with capitalised words: the lower-case questions still find them.
        let capitalised = try capitalsModel { $0.prefix(1).uppercased() + $0.dropFirst() }
        XCTAssertEqual(capitalised.vocabulary.word(0), "Greece")
        XCTAssertEqual(try capitalised.evaluateAnalogies(text: text).total, AnalogyScore(correct: 3, seen: 3))
    }

    func testBlankLinesAndCRLFAreAccepted() throws {
        let text = "\r\n: capital-common-countries\r\n\r\n  athens  greece\tparis france  \r\n\n"
        let result = try capitalsModel().evaluateAnalogies(text: text)
        XCTAssertEqual(result.sections.map(\.name), ["capital-common-countries"])
        XCTAssertEqual(result.total, AnalogyScore(correct: 1, seen: 1))
        XCTAssertEqual(result.questions, 1)
        let empty = try capitalsModel().evaluateAnalogies(text: "")
        XCTAssertEqual(empty.total, AnalogyScore())
        XCTAssertTrue(empty.sections.isEmpty)
        XCTAssertEqual(empty.questions, 0)
    }

    func testAnalogyErrors() throws {
        let model = try capitalsModel()
        assertThrows(.format("line 3: expected a question of 4 words 'a b c d' or a ': section' header, found 3 words"),
                     try model.evaluateAnalogies(text: ": s\nathens greece paris france\nathens greece paris\n"))
        assertThrows(.format("line 2: expected a question of 4 words 'a b c d' or a ': section' header, found 5 words"),
                     try model.evaluateAnalogies(text: ": s\r\nathens greece paris france spain\r\n"))
        assertThrows(.format("line 2: question before the first ': section' header"),
                     try model.evaluateAnalogies(text: "\nathens greece paris france\n: s\n"))
        assertThrows(.invalidArgument("restrict_vocab must be 0 (the whole vocabulary) or positive, not -1"),
                     try model.evaluateAnalogies(text: ": s\n", restrictVocab: -1))
        assertThrows(.invalidArgument("restrict_vocab must be 0 (the whole vocabulary) or positive, not -1"),
                     try model.evaluateAnalogies(path: "/nonexistent/questions.txt", restrictVocab: -1))
        do {
            _ = try model.evaluateAnalogies(path: "/nonexistent/questions-words.txt")
            XCTFail("expected an I/O error")
        } catch {
            guard case .io(let message) = error else { return XCTFail("expected .io, got \(error)") }
            XCTAssertTrue(message.contains("/nonexistent/questions-words.txt"), message)
            XCTAssertTrue(message.contains("No such file"), message)
        }
        let directory = try temporaryDirectory(self)
        XCTAssertThrowsError(try model.evaluateAnalogies(path: directory.path)) { error in
            guard case .io = error as? W2VError else { return XCTFail("expected .io, got \(error)") }
        }
    }

    /// The blocked scan against `mostSimilar` (itself checked against gensim's float64 formula) on random
    /// vectors: several row blocks, an odd last block, a partial last group of questions.
    func testAgreesWithMostSimilarOnRandomVectors() throws {
        let words = 2500, dim = 64, restrict = 2301
        var rng = SplitMix64(seed: 11)
        let model = try makeModel((0..<words).map { i in ("w\(i)", (0..<dim).map { _ in rng.nextUnitFloat() * 2 - 1 }) })
        XCTAssertGreaterThan(restrict, 2 * (BlockedScan.blockFloats / dim), "spans three row blocks")
        var text = ""
        var expected = [AnalogyScore](repeating: AnalogyScore(), count: 3)
        var questions = 0
        for section in 0..<3 {
            text += ": section\(section)\n"
            for i in 0..<23 {
                func draw() -> Int { rng.nextBelow(words) }
                let a = draw(), b = draw(), c = draw()
                if Set([a, b, c]).count < 3 { continue }
                let best = try model.mostSimilar(positive: [b, c], negative: [a], k: 1, restrictTo: restrict)[0].index
                let d = i % 3 == 0 ? draw() : best
                text += "w\(a) w\(b) w\(c) w\(d)\n"
                questions += 1
                if [a, b, c, d].allSatisfy({ $0 < restrict }) {
                    expected[section].seen += 1
                    if best == d { expected[section].correct += 1 }
                }
            }
        }
        let result = try model.evaluateAnalogies(text: text, restrictVocab: restrict)
        XCTAssertEqual(result.sections.map(\.score), expected)
        XCTAssertEqual(result.questions, questions)
        XCTAssertGreaterThan(expected.reduce(0) { $0 + $1.correct }, 30)
        XCTAssertLessThan(expected.reduce(0) { $0 + $1.correct }, expected.reduce(0) { $0 + $1.seen })
    }

    // MARK: - Correlations

    func testAverageRanksAndSpearmanMatchScipy() {
        let x: [Double] = [1, 2, 2, 3, 4, 4, 4, 5], y: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
        // scipy.stats.rankdata
        XCTAssertEqual(Correlation.averageRanks(x), [1, 2.5, 2.5, 4, 6, 6, 6, 8])
        XCTAssertEqual(Correlation.averageRanks(y), [4, 1.5, 5, 1.5, 6, 8, 3, 7])
        // scipy.stats.spearmanr(x, y).statistic and pearsonr(x, y).statistic
        XCTAssertEqual(Correlation.spearman(x, y), 0.5495502618648208, accuracy: 1e-12)
        XCTAssertEqual(Correlation.pearson(x, y), 0.5030376637372143, accuracy: 1e-12)
        XCTAssertEqual(Correlation.spearman([1, 2], [3, 1]), -1, accuracy: 1e-12)
        XCTAssertEqual(Correlation.spearman([1, 2, 3], [10, 20, 30]), 1, accuracy: 1e-12)
        XCTAssertTrue(Correlation.spearman([1], [1]).isNaN)
        XCTAssertTrue(Correlation.spearman([], []).isNaN)
        XCTAssertTrue(Correlation.spearman([1, 2, 3], [5, 5, 5]).isNaN, "constant input")
        XCTAssertTrue(Correlation.pearson([4, 4], [1, 2]).isNaN)
    }

    // MARK: - Word pairs

    /// Integer vectors, so the cosines are 0, 1/sqrt(2) (four pairs, exactly tied), 2/sqrt(5) and 1.
    func pairsModel() throws -> Model {
        try makeModel([("tiger", [1, 0, 0]), ("cat", [1, 1, 0]), ("love", [0, 1, 0]), ("sex", [0, 1, 1]),
                   ("car", [0, 0, 1]), ("automobile", [0, 1, 2]), ("zero", [0, 0, 0])])
    }

    static let pairs = """
        # The WordSimilarity-353 Test Collection (http://www.cs.technion.ac.il/~gabr/resources/data/wordsim353/)
        # Word 1\tWord 2\tHuman (mean)
        tiger\tcat\t7.35
        tiger\ttiger\t10.00
        love\tsex\t6.77
        car\tautomobile\t8.94
        tiger\tzebra\t8.00
        tiger\tcar\t1
        love\tcar\t2.0
        cat\tlove\t5
        sex\tcar\t5.0

        """

    func testSpearmanWithTiesMatchesScipy() throws {
        let result = try pairsModel().evaluateWordPairs(text: Self.pairs)
        XCTAssertEqual(result.pairsUsed, 8)
        XCTAssertEqual(result.pairsSkipped, 1, "zebra")
        // scipy.stats.spearmanr / pearsonr of the 8 human scores against the exact cosines.
        XCTAssertEqual(result.spearman, 0.9378262484539216, accuracy: 1e-12)
        XCTAssertEqual(result.pearson, 0.9366697090713052, accuracy: 1e-7)

        let directory = try temporaryDirectory(self)
        let path = directory.appendingPathComponent("pairs.tsv").path
        try Self.pairs.write(toFile: path, atomically: true, encoding: .utf8)
        let fromFile = try pairsModel().evaluateWordPairs(path: path)
        XCTAssertEqual(fromFile.spearman, result.spearman)
        XCTAssertEqual(fromFile.pairsUsed, 8)
    }

    func testCaseRestrictionAndSpaceSeparatedPairs() throws {
        let model = try pairsModel()
        // Space separated, a header line, CRLF, and an upper-case pair.
        let text = "word1 word2 score\r\n" + Self.pairs.replacingOccurrences(of: "\t", with: " ") + "Cat TIGER 7\r\n"
        let folded = try model.evaluateWordPairs(text: text)
        XCTAssertEqual(folded.pairsUsed, 9)
        XCTAssertEqual(folded.pairsSkipped, 1)
        XCTAssertEqual(folded.spearman, 0.9121034881575905, accuracy: 1e-12)  // scipy, with (7, 1/sqrt 2) added
        XCTAssertEqual(folded.pearson, 0.9371914704140567, accuracy: 1e-7)

        let exact = try model.evaluateWordPairs(text: text, caseInsensitive: false)
        XCTAssertEqual(exact.pairsUsed, 8)
        XCTAssertEqual(exact.pairsSkipped, 2)
        XCTAssertEqual(exact.spearman, 0.9378262484539216, accuracy: 1e-12)

        // Rows 0..<5 only: automobile (row 5) is now unknown.
        let restricted = try model.evaluateWordPairs(text: Self.pairs, restrictVocab: 5)
        XCTAssertEqual(restricted.pairsUsed, 7)
        XCTAssertEqual(restricted.pairsSkipped, 2)
        XCTAssertEqual(try model.evaluateWordPairs(text: Self.pairs, restrictVocab: 0).pairsUsed, 8)
    }

    func testTooFewPairsGiveNaN() throws {
        let model = try pairsModel()
        let one = try model.evaluateWordPairs(text: "tiger cat 7\nlion cat 8\n")
        XCTAssertEqual(one.pairsUsed, 1)
        XCTAssertEqual(one.pairsSkipped, 1)
        XCTAssertTrue(one.spearman.isNaN)
        XCTAssertTrue(one.pearson.isNaN)
        let none = try model.evaluateWordPairs(text: "lion cat 8\n")
        XCTAssertEqual(none.pairsUsed, 0)
        XCTAssertEqual(none.pairsSkipped, 1)
        XCTAssertTrue(none.spearman.isNaN)
        // A zero vector has cosine 0 with everything.
        let zero = try model.evaluateWordPairs(text: "zero cat 1\nzero tiger 2\ntiger cat 3\n")
        XCTAssertEqual(zero.pairsUsed, 3)
        XCTAssertEqual(zero.spearman, 0.8660254037844387, accuracy: 1e-12)  // ranks (1.5, 1.5, 3) vs (1, 2, 3)
    }

    func testWordPairErrors() throws {
        let model = try pairsModel()
        assertThrows(.format("line 3: the score 'high' is not a number"),
                     try model.evaluateWordPairs(text: "# c\ntiger cat 7\ncar automobile high\n"))
        assertThrows(.format("line 2: the score 'nan' is not a number"),
                     try model.evaluateWordPairs(text: "a b score\ntiger cat nan\n"))
        assertThrows(.format("line 2: expected 'word1 word2 score', found 2 fields"),
                     try model.evaluateWordPairs(text: "tiger cat 7\ntiger 7\n"))
        assertThrows(.format("line 1: expected 'word1 word2 score', found 4 fields"),
                     try model.evaluateWordPairs(text: "tiger\tcat\t7\t8\n"))
        assertThrows(.format("no word pairs found (expected lines 'word1 word2 score')"),
                     try model.evaluateWordPairs(text: "# only a comment\n\n"))
        assertThrows(.format("no word pairs found (expected lines 'word1 word2 score')"),
                     try model.evaluateWordPairs(text: "Word 1\tWord 2\tHuman (mean)\n"))
        assertThrows(.invalidArgument("restrict_vocab must be 0 (the whole vocabulary) or positive, not -5"),
                     try model.evaluateWordPairs(text: "tiger cat 7\n", restrictVocab: -5))
        do {
            _ = try model.evaluateWordPairs(path: "/nonexistent/wordsim353.tsv")
            XCTFail("expected an I/O error")
        } catch {
            guard case .io(let message) = error else { return XCTFail("expected .io, got \(error)") }
            XCTAssertTrue(message.contains("/nonexistent/wordsim353.tsv"), message)
        }
    }
}
