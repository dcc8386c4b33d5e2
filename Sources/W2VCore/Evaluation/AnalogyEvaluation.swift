/// Analogy accuracy (Mikolov et al. 2013, the `questions-words.txt` test), as word2vec's compute-accuracy
/// and gensim's `KeyedVectors.evaluate_word_analogies` compute it.
///
/// The file: a line `: name` starts a section; every other non-blank line is a question `a b c d`
/// ("a is to b as c is to d"). For each question whose four words are all among the `restrictVocab` most
/// frequent words, the prediction is the word x of that same restricted set, other than a, b and c, with the
/// largest cos(x, unit(b) - unit(a) + unit(c)) (3CosAdd; gensim's `most_similar(positive: [b, c],
/// negative: [a])`), or with `AnalogyMethod.cosMul` the largest 3CosMul score (gensim's
/// `most_similar_cosmul(positive: [b, c], negative: [a])`); the question is right when x is d.

/// How a question's fourth word is predicted.
public enum AnalogyMethod: Sendable, Equatable {
    /// Mikolov's vector offset: the largest cos(x, unit(b) - unit(a) + unit(c)). word2vec's
    /// compute-accuracy and gensim's `evaluate_word_analogies`.
    case cosAdd
    /// Levy and Goldberg's multiplicative objective, as gensim's `most_similar_cosmul`: the largest
    /// (1 + cos(x, b)) / 2 * (1 + cos(x, c)) / 2 / ((1 + cos(x, a)) / 2 + 1e-6).
    case cosMul
}

/// Correct answers out of the questions that could be asked.
public struct AnalogyScore: Equatable, Sendable {
    /// Questions whose prediction was the fourth word.
    public var correct: Int
    /// Questions whose four words were all in the candidate vocabulary (the others are not asked).
    public var seen: Int

    public init(correct: Int = 0, seen: Int = 0) {
        self.correct = correct
        self.seen = seen
    }

    /// `correct / seen`, or 0 when no question was seen.
    public var accuracy: Double { seen == 0 ? 0 : Double(correct) / Double(seen) }

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
    public var sections: [(name: String, score: AnalogyScore)]
    /// All well-formed questions of the file, seen or not (so `total.seen / questions` is the coverage).
    public var questions: Int

    /// questions-words.txt has 5 semantic sections followed by 9 syntactic ones.
    public static let semanticSectionCount = 5

    public init(sections: [(name: String, score: AnalogyScore)], questions: Int) {
        self.sections = sections
        self.questions = questions
        let scores = sections.map(\.score)
        semantic = scores.prefix(Self.semanticSectionCount).reduce(AnalogyScore(), +)
        syntactic = scores.dropFirst(Self.semanticSectionCount).reduce(AnalogyScore(), +)
        total = semantic + syntactic
    }
}

extension Model {
    /// Analogy accuracy on a questions-words.txt file.
    ///
    /// - `restrictVocab`: candidates (and the words a question may use) are the vectors of rows
    ///   `0..<restrictVocab`, the most frequent words; 0 means the whole vocabulary.
    /// - Words are matched up to ASCII case, as gensim's default `case_insensitive=True`: a question word
    ///   stands for the most frequent candidate with the same spelling up to case, and a prediction that
    ///   is a, b or c in another case is excluded too. With a lower-case vocabulary this is simply
    ///   lower-casing the questions.
    /// - Blank lines are ignored. A line that is neither a `:` header nor four words, or a question
    ///   before the first header, is a format error naming the line; a missing file is an I/O error.
    /// - Ties go to the more frequent word, so the result is deterministic.
    /// - `method`: 3CosAdd (the default, as word2vec and gensim) or 3CosMul.
    public func evaluateAnalogies(path: String, restrictVocab: Int = 30000, method: AnalogyMethod = .cosAdd) throws(W2VError) -> AnalogyResult {
        try EvaluationText.checkRestrict(restrictVocab)
        let bytes = try EvaluationText.readFile(path)
        return try evaluateAnalogies(bytes: bytes, restrictVocab: restrictVocab, method: method)
    }

    /// The same on the text of such a file.
    public func evaluateAnalogies(text: String, restrictVocab: Int = 30000, method: AnalogyMethod = .cosAdd) throws(W2VError) -> AnalogyResult {
        try EvaluationText.checkRestrict(restrictVocab)
        return try evaluateAnalogies(bytes: Array(text.utf8), restrictVocab: restrictVocab, method: method)
    }

    private func evaluateAnalogies(bytes: [UInt8], restrictVocab: Int, method: AnalogyMethod) throws(W2VError) -> AnalogyResult {
        let parsed = try bytes.withUnsafeBufferPointer { text throws(W2VError) in try AnalogyFile(parsing: text) }
        let rows = restrictVocab == 0 ? vocabularySize : min(restrictVocab, vocabularySize)
        let (rowOfKey, keyOfRow) = parsed.words.resolve(in: vocabulary, rows: rows)

        // The questions that can be asked, in file order.
        var asked: [AnalogyScan.Question] = []
        var answers: [Int32] = []
        var sectionOfAsked: [Int] = []
        for (s, section) in parsed.sections.enumerated() {
            for q in section.questions {
                let r = SIMD4<Int32>(rowOfKey[Int(q.x)], rowOfKey[Int(q.y)], rowOfKey[Int(q.z)], rowOfKey[Int(q.w)])
                if r.x < 0 || r.y < 0 || r.z < 0 || r.w < 0 { continue }
                asked.append(AnalogyScan.Question(a: r.x, b: r.y, c: r.z, excluded: SIMD4(q.x, q.y, q.z, -2)))
                answers.append(q.w)
                sectionOfAsked.append(s)
            }
        }

        let predictions = switch method {
        case .cosAdd: try AnalogyScan.predict(asked, unit: normalized(), rows: rows, keyOfRow: keyOfRow)
        case .cosMul: try AnalogyScan.predictCosMul(asked, unit: normalized(), rows: rows, keyOfRow: keyOfRow)
        }

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
        try EvaluationText.forEachLine(text) { (number, line) throws(W2VError) in
            let fields = EvaluationText.whitespaceFields(line)
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

/// The 3CosAdd argmax for many questions at once, written as a blocked matrix product: the restricted
/// rows are cut into blocks small enough to stay in the L2 cache, and each block meets every question in
/// groups of `width`, whose query vectors are stored transposed so that one element of a row multiplies
/// `width` queries in one SIMD step. Each row block is read from memory once rather than once per
/// question (19,544 questions x 30,000 rows x 100 dimensions is 59 billion multiply-adds).
enum AnalogyScan {
    struct Question {
        var a: Int32, b: Int32, c: Int32
        /// Keys a row must not have to be a prediction (a, b, c up to case); lanes < 0 match nothing.
        var excluded: SIMD4<Int32>
    }

    /// Questions per group: one SIMD16 accumulator per row.
    static let width = 16
    /// About 256 KB of rows per block.
    static let blockFloats = 1 << 16

    /// For each question, the row among `0..<rows` of `unit` with the largest dot product with
    /// unit(unit(b) - unit(a) + unit(c)), skipping rows whose key (`keyOfRow`) is excluded; ties go to the
    /// lower row; -1 when no row qualifies.
    static func predict(_ questions: [Question], unit: FloatMatrix, rows: Int, keyOfRow: [Int32]) -> [Int32] {
        let dim = unit.columns
        let groups = (questions.count + width - 1) / width
        if groups == 0 || rows == 0 || dim == 0 { return [Int32](repeating: -1, count: questions.count) }

        // Transposed queries: group g, dimension j, lane l at [(g * dim + j) * width + l]; padding lanes zero.
        let queries = UnsafeMutablePointer<Float>.allocate(capacity: groups * dim * width)
        defer { queries.deallocate() }
        queries.initialize(repeating: 0, count: groups * dim * width)
        let query = UnsafeMutablePointer<Float>.allocate(capacity: dim)
        defer { query.deallocate() }
        var excluded = [SIMD4<Int32>](repeating: SIMD4(repeating: -2), count: groups * width)
        for (i, q) in questions.enumerated() {
            query.initialize(repeating: 0, count: dim)
            Kernels.axpy(1, unit.row(Int(q.b)), query, count: dim)
            Kernels.axpy(-1, unit.row(Int(q.a)), query, count: dim)
            Kernels.axpy(1, unit.row(Int(q.c)), query, count: dim)
            Kernels.normalize(query, into: query, count: dim)
            let group = queries + (i / width) * dim * width + i % width
            for j in 0..<dim { group[j * width] = query[j] }
            excluded[i] = q.excluded
        }

        return blockedScan(questions: questions.count, groups: groups, rows: rows, dim: dim,
                           keyOfRow: keyOfRow, excluded: excluded) { block, g, excluded, keys, bestScore, bestRow in
            scan(rows: block, of: unit.base, dim: dim, queries: queries + g * dim * width,
                 excluded: excluded, keyOfRow: keys, bestScore: bestScore, bestRow: bestRow)
        }
    }

    /// The loop both methods share: rows in cache-sized blocks, each block against every group of
    /// `width` questions, so the matrix is read once; `scanBlock` gets the group's slice of the
    /// exclusions and of the best scores and rows. Returns the best row of each question.
    private static func blockedScan(
        questions: Int, groups: Int, rows: Int, dim: Int, keyOfRow: [Int32], excluded: [SIMD4<Int32>],
        _ scanBlock: (Range<Int>, Int, UnsafePointer<SIMD4<Int32>>, UnsafePointer<Int32>,
                      UnsafeMutablePointer<Float>, UnsafeMutablePointer<Int32>) -> Void
    ) -> [Int32] {
        var bestScore = [Float](repeating: -.infinity, count: groups * width)
        var bestRow = [Int32](repeating: -1, count: groups * width)
        let blockRows = max(2, blockFloats / dim)
        keyOfRow.withUnsafeBufferPointer { keys in
            excluded.withUnsafeBufferPointer { excluded in
                bestScore.withUnsafeMutableBufferPointer { bestScore in
                    bestRow.withUnsafeMutableBufferPointer { bestRow in
                        var start = 0
                        while start < rows {
                            let end = min(start + blockRows, rows)
                            for g in 0..<groups {
                                scanBlock(start..<end, g, excluded.baseAddress! + g * width, keys.baseAddress!,
                                          bestScore.baseAddress! + g * width, bestRow.baseAddress! + g * width)
                            }
                            start = end
                        }
                    }
                }
            }
        }
        return Array(bestRow.prefix(questions))
    }

    @inline(__always)
    private static func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// One row block against one group of `width` queries; updates the group's best scores and rows.
    private static func scan(rows: Range<Int>, of matrix: UnsafePointer<Float>, dim: Int,
                             queries: UnsafePointer<Float>, excluded: UnsafePointer<SIMD4<Int32>>,
                             keyOfRow: UnsafePointer<Int32>,
                             bestScore: UnsafeMutablePointer<Float>, bestRow: UnsafeMutablePointer<Int32>) {
        var best = load16(bestScore)
        var r = rows.lowerBound
        // Two rows at a time: two accumulators of 16 lanes, sharing each load of the queries.
        while r &+ 2 <= rows.upperBound {
            let p0 = matrix + r &* dim, p1 = p0 + dim
            var s0 = SIMD16<Float>(), s1 = SIMD16<Float>()
            var j = 0
            while j < dim {
                let q = load16(queries + j &* width)
                s0 += SIMD16(repeating: p0[j]) * q
                s1 += SIMD16(repeating: p1[j]) * q
                j &+= 1
            }
            if any(s0 .> best) { offer(s0, row: r, &best, excluded, keyOfRow, bestRow) }
            if any(s1 .> best) { offer(s1, row: r &+ 1, &best, excluded, keyOfRow, bestRow) }
            r &+= 2
        }
        if r < rows.upperBound {
            let p0 = matrix + r &* dim
            var s0 = SIMD16<Float>()
            for j in 0..<dim { s0 += SIMD16(repeating: p0[j]) * load16(queries + j &* width) }
            if any(s0 .> best) { offer(s0, row: r, &best, excluded, keyOfRow, bestRow) }
        }
        UnsafeMutableRawPointer(bestScore).storeBytes(of: best, as: SIMD16<Float>.self)
    }

    /// Takes `row` as the best of each lane it beats, unless the row is one of that question's words.
    private static func offer(_ scores: SIMD16<Float>, row: Int, _ best: inout SIMD16<Float>,
                              _ excluded: UnsafePointer<SIMD4<Int32>>, _ keyOfRow: UnsafePointer<Int32>,
                              _ bestRow: UnsafeMutablePointer<Int32>) {
        let key = keyOfRow[row]
        for lane in 0..<width where scores[lane] > best[lane] {
            if key >= 0 && any(excluded[lane] .== SIMD4(repeating: key)) { continue }
            best[lane] = scores[lane]
            bestRow[lane] = Int32(truncatingIfNeeded: row)
        }
    }

    // MARK: 3CosMul

    /// For each question, the row among `0..<rows` of `unit` with the largest 3CosMul score
    /// (1 + cos(x, b)) / 2 * (1 + cos(x, c)) / 2 / ((1 + cos(x, a)) / 2 + 1e-6), skipping excluded keys;
    /// ties go to the lower row; -1 when no row qualifies. The same blocked scan as `predict`, with
    /// three transposed query sets (b, c and a) per group instead of one combined query.
    static func predictCosMul(_ questions: [Question], unit: FloatMatrix, rows: Int, keyOfRow: [Int32]) -> [Int32] {
        let dim = unit.columns
        let groups = (questions.count + width - 1) / width
        if groups == 0 || rows == 0 || dim == 0 { return [Int32](repeating: -1, count: questions.count) }

        // Group g, query word t (0 = b, 1 = c, 2 = a), dimension j, lane l at
        // [((g * 3 + t) * dim + j) * width + l]; padding lanes zero.
        let stride = 3 * dim * width
        let queries = UnsafeMutablePointer<Float>.allocate(capacity: groups * stride)
        defer { queries.deallocate() }
        queries.initialize(repeating: 0, count: groups * stride)
        var excluded = [SIMD4<Int32>](repeating: SIMD4(repeating: -2), count: groups * width)
        for (i, q) in questions.enumerated() {
            let group = queries + (i / width) * stride + i % width
            for (t, row) in [q.b, q.c, q.a].enumerated() {
                let source = unit.row(Int(row)), target = group + t * dim * width
                for j in 0..<dim { target[j * width] = source[j] }
            }
            excluded[i] = q.excluded
        }

        return blockedScan(questions: questions.count, groups: groups, rows: rows, dim: dim,
                           keyOfRow: keyOfRow, excluded: excluded) { block, g, excluded, keys, bestScore, bestRow in
            scanCosMul(rows: block, of: unit.base, dim: dim, queries: queries + g * stride,
                       excluded: excluded, keyOfRow: keys, bestScore: bestScore, bestRow: bestRow)
        }
    }

    /// One row block against one group of `width` questions under 3CosMul.
    private static func scanCosMul(rows: Range<Int>, of matrix: UnsafePointer<Float>, dim: Int,
                                   queries: UnsafePointer<Float>, excluded: UnsafePointer<SIMD4<Int32>>,
                                   keyOfRow: UnsafePointer<Int32>,
                                   bestScore: UnsafeMutablePointer<Float>, bestRow: UnsafeMutablePointer<Int32>) {
        var best = load16(bestScore)
        let qb = queries, qc = queries + dim &* width, qa = queries + 2 &* dim &* width
        let one = SIMD16<Float>(repeating: 1), half = SIMD16<Float>(repeating: 0.5)
        let epsilon = SIMD16<Float>(repeating: 0.000001)
        for r in rows {
            let p = matrix + r &* dim
            var sb = SIMD16<Float>(), sc = SIMD16<Float>(), sa = SIMD16<Float>()
            var j = 0
            while j < dim {
                let x = SIMD16<Float>(repeating: p[j])
                let offset = j &* width
                sb += x * load16(qb + offset)
                sc += x * load16(qc + offset)
                sa += x * load16(qa + offset)
                j &+= 1
            }
            let score = ((one + sb) * half) * ((one + sc) * half) / ((one + sa) * half + epsilon)
            if any(score .> best) { offer(score, row: r, &best, excluded, keyOfRow, bestRow) }
        }
        UnsafeMutableRawPointer(bestScore).storeBytes(of: best, as: SIMD16<Float>.self)
    }
}
