import Foundation
import Glibc
import XCTest
@testable import W2VCore

/// The training kernels of every level this CPU supports (issue 14): each product against a
/// straightforward Double reference at awkward dimensions, masked tails that never write past a row,
/// level selection (parameter, W2V_KERNELS, levels the CPU lacks), and training at each level:
/// deterministic with one thread, close to baseline after one step, and learning.
final class KernelLevelTests: XCTestCase {
    static let dims = [1, 7, 17, 100, 301]
    /// Floats past each row's end that must stay untouched (masked tails).
    static let guardFloats = 16
    static let guardValue: Float = 12345

    /// Rows of `dim` floats, each in its own allocation followed by guard floats.
    final class Rows {
        let dim: Int
        let pointers: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
        let count: Int

        init(count: Int, dim: Int, rng: inout SplitMix64) {
            self.dim = dim
            self.count = count
            pointers = .allocate(capacity: count)
            for i in 0..<count {
                let row = UnsafeMutablePointer<Float>.allocate(capacity: dim + KernelLevelTests.guardFloats)
                for d in 0..<dim { row[d] = rng.nextUnitFloat() * 2 - 1 }
                for d in dim..<dim + KernelLevelTests.guardFloats { row[d] = KernelLevelTests.guardValue }
                pointers[i] = row
            }
        }

        deinit {
            for i in 0..<count { pointers[i]!.deallocate() }
            pointers.deallocate()
        }

        subscript(i: Int) -> UnsafeMutablePointer<Float> { pointers[i]! }
        func values(_ i: Int) -> [Double] { (0..<dim).map { Double(self[i][$0]) } }
        var guardsIntact: Bool {
            (0..<count).allSatisfy { i in (dim..<dim + KernelLevelTests.guardFloats).allSatisfy { self[i][$0] == KernelLevelTests.guardValue } }
        }
    }

    /// |got - want| within float rounding of a sum of `terms` magnitudes.
    func assertClose(_ got: Float, _ want: Double, scale: Double, _ message: @autoclosure () -> String) {
        XCTAssertLessThanOrEqual(abs(Double(got) - want), 1e-5 * (scale + 1), message())
    }

    func testEveryLevelsDotAndAxpyMatchADoubleReference() {
        var rng = SplitMix64(seed: 3)
        for level in KernelLevel.supported {
            let kernels = VectorKernels(level)
            for dim in Self.dims {
                let rows = Rows(count: 2, dim: dim, rng: &rng)
                let a = rows.values(0), b = rows.values(1)
                let want = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
                let scale = zip(a, b).reduce(0) { $0 + abs($1.0 * $1.1) }
                assertClose(kernels.dot(rows[0], rows[1], count: dim), want, scale: scale, "\(level.name) dot, dim \(dim)")
                kernels.axpy(0.75, rows[0], rows[1], count: dim)
                for d in 0..<dim {
                    assertClose(rows[1][d], b[d] + 0.75 * a[d], scale: abs(b[d]) + abs(a[d]), "\(level.name) axpy, dim \(dim), [\(d)]")
                }
                XCTAssertTrue(rows.guardsIntact, "\(level.name) axpy wrote past a row of \(dim)")
            }
        }
    }

    func testEveryLevelsBlockProductsMatchADoubleReference() {
        var rng = SplitMix64(seed: 5)
        for level in KernelLevel.supported {
            let kernels = VectorKernels(level)
            for dim in Self.dims {
                for (m, t) in [(1, 1), (1, 6), (3, 2), (4, 3), (5, 7), (10, 6), (9, 4)] {
                    let context = "\(level.name), dim \(dim), \(m) x \(t)"
                    let inputs = Rows(count: m, dim: dim, rng: &rng), targets = Rows(count: t, dim: dim, rng: &rng)
                    let i0 = (0..<m).map { inputs.values($0) }, o0 = (0..<t).map { targets.values($0) }

                    var scores = [Float](repeating: 0, count: m * t)
                    kernels.scores(inputs.pointers, m, targets.pointers, t, count: dim, into: &scores)
                    for i in 0..<m {
                        for j in 0..<t {
                            let terms = zip(i0[i], o0[j]).map { $0 * $1 }
                            assertClose(scores[i * t + j], terms.reduce(0, +), scale: terms.reduce(0) { $0 + abs($1) }, "scores \(context) [\(i), \(j)]")
                        }
                    }

                    let g = (0..<m * t).map { _ in rng.nextUnitFloat() - 0.5 }
                    var gradients = [Float](repeating: .nan, count: m * dim)
                    kernels.gradients(g, m, targets.pointers, t, count: dim, into: &gradients)
                    for i in 0..<m {
                        for d in 0..<dim {
                            let terms = (0..<t).map { Double(g[i * t + $0]) * o0[$0][d] }
                            assertClose(gradients[i * dim + d], terms.reduce(0, +), scale: terms.reduce(0) { $0 + abs($1) }, "gradients \(context) [\(i), \(d)]")
                        }
                    }

                    kernels.updateTargets(g, inputs.pointers, m, targets.pointers, t, count: dim)
                    for j in 0..<t {
                        for d in 0..<dim {
                            let terms = (0..<m).map { Double(g[$0 * t + j]) * i0[$0][d] }
                            assertClose(targets[j][d], o0[j][d] + terms.reduce(0, +), scale: abs(o0[j][d]) + terms.reduce(0) { $0 + abs($1) },
                                        "update targets \(context) [\(j), \(d)]")
                        }
                    }
                    XCTAssertTrue(targets.guardsIntact && inputs.guardsIntact, "\(context): wrote past a row")
                }
            }
        }
    }

    /// One input's predictions, with a target listed twice: the second sees the first's update, as
    /// row-by-row updates would.
    func testEveryLevelsPredictionUpdateMatchesARowByRowReference() {
        var rng = SplitMix64(seed: 9)
        for level in KernelLevel.supported {
            let kernels = VectorKernels(level)
            for dim in Self.dims {
                let input = Rows(count: 1, dim: dim, rng: &rng), distinct = Rows(count: 3, dim: dim, rng: &rng)
                let listed = [0, 1, 2, 1]
                let rows = UnsafeMutablePointer<UnsafeMutablePointer<Float>?>.allocate(capacity: listed.count)
                defer { rows.deallocate() }
                for (j, row) in listed.enumerated() { rows[j] = distinct[row] }
                let g: [Float] = [0.3, -0.2, 0.1, -0.4]
                var out = (0..<3).map { distinct.values($0) }, gradient = [Double](repeating: 0.5, count: dim)
                let h = input.values(0)
                for (j, row) in listed.enumerated() {
                    for d in 0..<dim { gradient[d] += Double(g[j]) * out[row][d] }
                    for d in 0..<dim { out[row][d] += Double(g[j]) * h[d] }
                }
                var got = [Float](repeating: 0.5, count: dim)
                kernels.predictUpdate(g, input: input[0], rows, listed.count, count: dim, gradient: &got)
                for d in 0..<dim {
                    assertClose(got[d], gradient[d], scale: 2, "\(level.name) gradient, dim \(dim) [\(d)]")
                    for row in 0..<3 { assertClose(distinct[row][d], out[row][d], scale: 2, "\(level.name) row \(row), dim \(dim) [\(d)]") }
                }
                XCTAssertTrue(distinct.guardsIntact && input.guardsIntact, "\(level.name), dim \(dim): wrote past a row")
            }
        }
    }

    /// CBOW's context sum (mean and plain) and context update at every level: against a Double
    /// reference, with a row listed twice (it counts twice, and is updated twice), NaN in the output
    /// beforehand (it is overwritten, not added to), and guards past every row; and bit for bit the
    /// level's own axpy loop they replace (so the results of before stay).
    func testEveryLevelsContextSumAndUpdateMatchADoubleReferenceAndTheLoopsTheyReplace() {
        var rng = SplitMix64(seed: 13)
        for level in KernelLevel.supported {
            let kernels = VectorKernels(level)
            for dim in Self.dims {
                for listed in [[0], [0, 1], [2, 0, 1], [0, 1, 2, 1], [3, 2, 1, 0, 4, 5, 6, 7, 8, 9]] {
                    let context = "\(level.name), dim \(dim), rows \(listed)"
                    let distinct = Rows(count: (listed.max() ?? 0) + 1, dim: dim, rng: &rng)
                    let rows = UnsafeMutablePointer<UnsafeMutablePointer<Float>?>.allocate(capacity: listed.count)
                    defer { rows.deallocate() }
                    for (i, row) in listed.enumerated() { rows[i] = distinct[row] }
                    let values = (0..<distinct.count).map { distinct.values($0) }
                    for scale in [Float(1), 1 / Float(listed.count)] {
                        let out = Rows(count: 2, dim: dim, rng: &rng)
                        out[0].update(repeating: .nan, count: dim)
                        kernels.sumRows(rows, listed.count, count: dim, scale: scale, into: out[0])
                        // The loop of before: zero, the level's axpy of each row, then the scale.
                        out[1].update(repeating: 0, count: dim)
                        for i in 0..<listed.count { kernels.axpy(1, rows[i]!, out[1], count: dim) }
                        if scale != 1 { for d in 0..<dim { out[1][d] *= scale } }
                        for d in 0..<dim {
                            let terms = listed.map { values[$0][d] }
                            assertClose(out[0][d], terms.reduce(0, +) * Double(scale), scale: terms.reduce(0) { $0 + abs($1) },
                                        "sum \(context), scale \(scale) [\(d)]")
                            XCTAssertEqual(out[0][d].bitPattern, out[1][d].bitPattern, "sum \(context): the loop it replaces, bit for bit [\(d)]")
                        }
                        XCTAssertTrue(out.guardsIntact, "sum \(context): wrote past its output")
                    }

                    let x = Rows(count: 1, dim: dim, rng: &rng)
                    let copies = Rows(count: distinct.count, dim: dim, rng: &rng)
                    for row in 0..<distinct.count { copies[row].update(from: distinct[row], count: dim) }
                    kernels.addToRows(x[0], rows, listed.count, count: dim)
                    for row in listed { kernels.axpy(1, x[0], copies[row], count: dim) }
                    for row in 0..<distinct.count {
                        let times = Double(listed.filter { $0 == row }.count)
                        for d in 0..<dim {
                            assertClose(distinct[row][d], values[row][d] + times * Double(x[0][d]), scale: abs(values[row][d]) + times,
                                        "update \(context), row \(row) [\(d)]")
                            XCTAssertEqual(distinct[row][d].bitPattern, copies[row][d].bitPattern, "update \(context): the loop it replaces [\(d)]")
                        }
                    }
                    XCTAssertTrue(distinct.guardsIntact && x.guardsIntact, "update \(context): wrote past a row")
                }
            }
        }
    }

    func testLevelSelection() throws {
        let all = KernelLevel.allCases
        XCTAssertEqual(KernelLevel.supported.first, .baseline, "the baseline runs everywhere")
        XCTAssertEqual(try KernelLevel.resolve(requested: 0, environment: nil, supported: all), .avx512, "automatic: the best")
        XCTAssertEqual(try KernelLevel.resolve(requested: 0, environment: "auto", supported: [.baseline, .avx2]), .avx2)
        XCTAssertEqual(try KernelLevel.resolve(requested: 0, environment: "", supported: [.baseline]), .baseline)
        XCTAssertEqual(try KernelLevel.resolve(requested: 0, environment: "avx2", supported: all), .avx2, "the variable forces")
        XCTAssertEqual(try KernelLevel.resolve(requested: 1, environment: "avx2", supported: all), .baseline, "the parameter wins")
        for level in all { XCTAssertEqual(try KernelLevel.resolve(requested: level.rawValue, environment: nil, supported: all), level) }
        func refusal(_ requested: Int, _ environment: String?, _ supported: [KernelLevel]) -> String {
            do throws(W2VError) {
                let level = try KernelLevel.resolve(requested: requested, environment: environment, supported: supported)
                return "resolved to \(level.name)"
            } catch {
                guard case .invalidArgument(let message) = error else { return "\(error)" }
                return message
            }
        }
        // A level the CPU lacks is an error naming what it has, whichever way it was asked for.
        XCTAssertTrue(refusal(3, nil, [.baseline, .avx2]).contains("does not support it (supported: baseline, avx2)"))
        XCTAssertTrue(refusal(0, "avx512", [.baseline]).contains("W2V_KERNELS=avx512 was asked for"))
        XCTAssertTrue(refusal(0, "sse9", all).contains("W2V_KERNELS=sse9 is not a kernel level"))
        XCTAssertTrue(refusal(4, nil, all).contains("kernels = 4 is not a kernel level"))
        XCTAssertTrue(refusal(-1, nil, all).contains("kernels = -1 is not a kernel level"))
    }

    /// The process's W2V_KERNELS reaches automatic selection (restored afterwards).
    func testTheEnvironmentVariableIsRead() throws {
        let saved = getenv(KernelLevel.environmentVariable).map { String(cString: $0) }
        defer {
            if let saved { setenv(KernelLevel.environmentVariable, saved, 1) } else { unsetenv(KernelLevel.environmentVariable) }
        }
        setenv(KernelLevel.environmentVariable, "baseline", 1)
        XCTAssertEqual(try KernelLevel.resolve(requested: 0), .baseline)
        setenv(KernelLevel.environmentVariable, "nonsense", 1)
        XCTAssertThrowsError(try KernelLevel.resolve(requested: 0))
        XCTAssertEqual(try KernelLevel.resolve(requested: 1), .baseline)
        unsetenv(KernelLevel.environmentVariable)
        XCTAssertEqual(try KernelLevel.resolve(requested: 0), KernelLevel.supported.last)
    }

    /// The trainings a level must cover: shared-negative skip-gram (the block products), skip-gram
    /// and CBOW (one input's predictions), CBOW with hierarchical softmax beside negative sampling, and
    /// the subword trainer's skip-gram and CBOW (n-gram rows summed and updated on the level too).
    static let configurations: [(String, @Sendable (inout TrainingParameters) -> Void)] = [
        ("skip-gram, shared negatives", { $0.architecture = .skipGram }),
        ("skip-gram", { $0.architecture = .skipGram; $0.sharedNegatives = false }),
        ("CBOW", { $0.architecture = .cbow }),
        ("CBOW, hs and negative sampling", { $0.architecture = .cbow; $0.hierarchicalSoftmax = true; $0.negative = 3 }),
        ("subword skip-gram", { $0.architecture = .skipGram; $0.maxN = 5; $0.buckets = 5000 }),
        ("subword CBOW, hs and negative sampling", {
            $0.architecture = .cbow; $0.hierarchicalSoftmax = true; $0.negative = 3; $0.maxN = 5; $0.buckets = 5000
        }),
    ]

    func weights(_ model: Model) -> [Float] {
        [model.input, model.output, model.hsOutput, model.subwords?.rows].compactMap { $0 }.flatMap { Array(UnsafeBufferPointer(start: $0.base, count: $0.count)) }
    }

    func testTrainingAtEveryLevelIsDeterministicAndForcedLevelsAreReported() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 2000)
        for (name, configure) in Self.configurations {
            for level in KernelLevel.supported {
                func run() throws -> [Float] {
                    let model = try trainedModel(corpus: corpus) { configure(&$0); $0.dim = 17; $0.epochs = 1; $0.minCount = 1; $0.kernels = level.rawValue }
                    XCTAssertEqual(try model.kernelLevel(), level)
                    return weights(model)
                }
                XCTAssertEqual(try run().map(\.bitPattern), try run().map(\.bitPattern), "\(name), \(level.name): one thread, same bits")
            }
        }
    }

    /// One training step from the same start at each level: the levels differ by rounding only, so the
    /// weights agree closely (a missed or reordered update would differ by the size of an update).
    func testLevelsAgreeWithBaselineAfterOneStep() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 300)
        let text = try String(contentsOf: corpus, encoding: .utf8)
        let counter = WordCounter()
        try counter.add(file: corpus.path)
        for (name, configure) in Self.configurations {
            var results: [KernelLevel: [Float]] = [:]
            for level in KernelLevel.supported {
                var p = TrainingParameters()
                configure(&p)
                p.dim = 37; p.minCount = 1; p.kernels = level.rawValue
                let model = try Model(vocabulary: Vocabulary(counter: counter, minCount: 1, maxSize: 0), parameters: p)
                // Non-zero output rows, so that the first step's scores and gradients are not all zero.
                for matrix in [model.output, model.hsOutput].compactMap({ $0 }) {
                    var rng = SplitMix64(seed: 11)
                    for i in 0..<matrix.count { matrix.base[i] = (rng.nextUnitFloat() - 0.5) * 0.2 }
                }
                let words = text.split(whereSeparator: \.isWhitespace).compactMap { model.vocabulary.index(of: String($0)) }.map(Int32.init)
                _ = try words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [words.count], progress: 0) }
                results[level] = weights(model)
            }
            let baseline = try XCTUnwrap(results[.baseline])
            for (level, got) in results where level != .baseline {
                let worst = zip(got, baseline).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThan(worst, 1e-4, "\(name): \(level.name) against baseline")
                XCTAssertNotEqual(got, baseline, "\(name): \(level.name) rounds differently (else it did not run)")
            }
        }
    }

    func testEveryLevelLearnsThePlantedAnalogies() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, questions) = try makeDemoCorpus(in: dir, sentences: 20000)
        for level in KernelLevel.supported {
            for (name, configure) in [Self.configurations[0], Self.configurations[2]] {
                let model = try trainedModel(corpus: corpus) { configure(&$0); $0.dim = 40; $0.minCount = 2; $0.threads = 2; $0.kernels = level.rawValue }
                XCTAssertGreaterThan(try quickAccuracy(model, questions), 0.6, "\(name), \(level.name)")
            }
        }
    }

    /// A level this CPU lacks (none on a machine with AVX-512) is refused by training, and a model can
    /// be switched to another level between training calls.
    func testUnsupportedLevelsAreRefusedAndTheLevelMayChange() throws {
        let dir = try temporaryDirectory(self)
        let (corpus, _) = try makeDemoCorpus(in: dir, sentences: 200)
        let model = try trainedModel(corpus: corpus) { $0.dim = 8; $0.minCount = 1; $0.epochs = 1; $0.kernels = 1 }
        for level in KernelLevel.allCases {
            var p = model.parameters
            p.kernels = level.rawValue
            try model.setContinuedTrainingParameters(p)
            if KernelLevel.supported.contains(level) {
                XCTAssertEqual(try model.kernelLevel(), level)
                try model.train(file: corpus.path) { _ in true }
            } else {
                XCTAssertThrowsError(try model.train(file: corpus.path) { _ in true }, "\(level.name) is not supported here")
            }
        }
        var p = TrainingParameters()
        XCTAssertThrowsError(try p.set(.kernels, int: 4))
        XCTAssertNoThrow(try p.set(.kernels, int: 3), "a level is a valid setting even where training would refuse it")
    }
}
