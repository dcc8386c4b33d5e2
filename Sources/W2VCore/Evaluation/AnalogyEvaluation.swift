/// Analogy accuracy (Mikolov et al. 2013, the `questions-words.txt` test), as word2vec's compute-accuracy
/// and gensim's `KeyedVectors.evaluate_word_analogies` compute it.
///
/// The file: a line `: name` starts a section; every other non-blank line is a question `a b c d`
/// ("a is to b as c is to d"). For each question whose four words are all among the `restrictVocab` most
/// frequent words, the prediction is the word x of that same restricted set, other than a, b and c, with the
/// largest cos(x, unit(b) - unit(a) + unit(c)) (3CosAdd; gensim's `most_similar(positive: [b, c],
/// negative: [a])`), or with `AnalogyMethod.cosMul` the largest 3CosMul score (gensim's
/// `most_similar_cosmul(positive: [b, c], negative: [a])`); the question is right when x is d.

/// Correct answers out of the questions that could be asked.
public struct AnalogyScore: Equatable, Sendable {
    /// Questions whose prediction was the fourth word.
    public var correct: Int
    /// Questions whose four words were all in the candidate vocabulary (the others are not asked).
    public var seen: Int

    init(correct: Int = 0, seen: Int = 0) {
        self.correct = correct
        self.seen = seen
    }

    /// `correct / seen`, or 0 when no question was seen.
    var accuracy: Double { seen == 0 ? 0 : Double(correct) / Double(seen) }

    static func + (a: AnalogyScore, b: AnalogyScore) -> AnalogyScore {
        AnalogyScore(correct: a.correct + b.correct, seen: a.seen + b.seen)
    }
}

public struct AnalogyResult: Sendable {
    /// Every section together.
    public var total: AnalogyScore
    /// The first `AnalogyResult.semanticSectionCount` sections of the file, as in questions-words.txt
    /// (capitals, countries, currencies, cities, family): the split is by section order, not by name.
    public var semantic: AnalogyScore
    /// The sections after those (the `gram*` sections of questions-words.txt).
    public var syntactic: AnalogyScore
    /// Each section in file order (a name that repeats gives two entries), sections without a seen
    /// question included.
    var sections: [(name: String, score: AnalogyScore)]
    /// All well-formed questions of the file, seen or not (so `total.seen / questions` is the coverage).
    var questions: Int

    /// questions-words.txt has 5 semantic sections followed by 9 syntactic ones.
    static let semanticSectionCount = 5

    init(sections: [(name: String, score: AnalogyScore)], questions: Int) {
        self.sections = sections
        self.questions = questions
        let scores = sections.map(\.score)
        semantic = scores.prefix(Self.semanticSectionCount).reduce(AnalogyScore(), +)
        syntactic = scores.dropFirst(Self.semanticSectionCount).reduce(AnalogyScore(), +)
        total = semantic + syntactic
    }
}

/// Analogy accuracy over the unit vectors, given the question file's text.
enum AnalogyEvaluation {
    /// Scores the questions of a questions-words.txt text against the unit vectors of `vocabulary`'s
    /// words (see `Model.evaluateAnalogies(path:restrictVocab:method:)` for the rules).
    static func evaluate(bytes: [UInt8], unit: FloatMatrix, vocabulary: Vocabulary, restrictVocab: Int,
                         method: AnalogyMethod) throws(W2VError) -> AnalogyResult {
        let parsed = try bytes.withUnsafeBufferPointer { text throws(W2VError) in try AnalogyFile(parsing: text) }
        let engine = UnitScan(unit: unit, restrictTo: restrictVocab)
        let (rowOfKey, keyOfRow) = parsed.words.resolve(in: vocabulary, rows: engine.rows)

        // The questions that can be asked, in file order.
        var asked: [BlockedScan.Question] = []
        var answers: [Int32] = []
        var sectionOfAsked: [Int] = []
        for (s, section) in parsed.sections.enumerated() {
            for q in section.questions {
                let r = SIMD4<Int32>(rowOfKey[Int(q.x)], rowOfKey[Int(q.y)], rowOfKey[Int(q.z)], rowOfKey[Int(q.w)])
                if r.x < 0 || r.y < 0 || r.z < 0 || r.w < 0 { continue }
                asked.append(BlockedScan.Question(a: r.x, b: r.y, c: r.z, excluded: SIMD4(q.x, q.y, q.z, -2)))
                answers.append(q.w)
                sectionOfAsked.append(s)
            }
        }

        let predictions = engine.bestForBatch(asked, method: method, keyOfRow: keyOfRow)

        var scores = [AnalogyScore](repeating: AnalogyScore(), count: parsed.sections.count)
        for i in asked.indices {
            let s = sectionOfAsked[i]
            scores[s].seen += 1
            let p = Int(predictions[i])
            if p >= 0 && keyOfRow[p] == answers[i] { scores[s].correct += 1 }
        }
        return AnalogyResult(sections: zip(parsed.sections, scores).map { (name: $0.name, score: $1) },
                             questions: parsed.questionCount)
    }
}

/// A parsed questions-words.txt: each question as the keys (`EvaluationWords` ids) of a, b, c, d.
struct AnalogyFile {
    var words = EvaluationWords(foldCase: true)
    var sections: [(name: String, questions: [SIMD4<Int32>])] = []
    var questionCount = 0

    init(parsing text: UnsafeBufferPointer<UInt8>) throws(W2VError) {
        try TextFields.forEachLine(text) { (number, line) throws(W2VError) in
            let fields = TextFields.split(line)
            if fields.isEmpty { return }
            if line[fields[0].lowerBound] == UInt8(ascii: ":") {
                // The name is everything after the colon, trimmed (": capital-world" -> "capital-world").
                let start = fields[0].lowerBound + 1, end = fields.last!.upperBound
                let nameBytes = UnsafeBufferPointer(rebasing: line[start..<end])
                let name = String(decoding: nameBytes, as: UTF8.self).trimmingASCIISpaces()
                sections.append((name: name, questions: []))
                return
            }
            if fields.count != 4 {
                throw .format("line \(number): expected a question of 4 words 'a b c d' or a ': section' header, found \(fields.count) word\(fields.count == 1 ? "" : "s")")
            }
            if sections.isEmpty {
                throw .format("line \(number): question before the first ': section' header")
            }
            var keys = SIMD4<Int32>()
            for i in 0..<4 {
                keys[i] = words.key(UnsafeBufferPointer(rebasing: line[fields[i]]))
            }
            sections[sections.count - 1].questions.append(keys)
            questionCount += 1
        }
    }
}

extension String {
    fileprivate func trimmingASCIISpaces() -> String {
        var scalars = Substring(self)
        while let f = scalars.first, f == " " || f == "\t" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

