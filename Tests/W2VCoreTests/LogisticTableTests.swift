import Foundation
import XCTest
@testable import W2VCore

final class LogisticTableTests: XCTestCase {
    /// The interpolated table against float64 over and beyond its range, both labels.
    func testMatchesFloat64() {
        let entries = LogisticTable.shared.entries
        var worstSigmoid = 0.0, worstLoss = 0.0
        var f = -30.0
        while f <= 30 {
            let sigmoid = 1 / (1 + exp(-f))
            let nllTrue = log1p(exp(-abs(f))) + max(-f, 0)   // -log sigmoid(f)
            let nllFalse = nllTrue + f                        // -log(1 - sigmoid(f))
            let one = LogisticTable.logistic(Float(f), label: 1, entries: entries)
            let zero = LogisticTable.logistic(Float(f), label: 0, entries: entries)
            XCTAssertEqual(one.probability, zero.probability)
            worstSigmoid = max(worstSigmoid, abs(Double(one.probability) - sigmoid))
            worstLoss = max(worstLoss, abs(Double(one.nll) - nllTrue) / max(1, nllTrue),
                            abs(Double(zero.nll) - nllFalse) / max(1, nllFalse))
            f += 0.000_731   // not a multiple of the table step
        }
        XCTAssertLessThan(worstSigmoid, 1e-6)
        XCTAssertLessThan(worstLoss, 3e-6)
        let nan = LogisticTable.logistic(.nan, label: 1, entries: entries)
        XCTAssertTrue(nan.probability.isNaN, "NaN is not hidden by the table")
        let huge = LogisticTable.logistic(1e30, label: 0, entries: entries)
        XCTAssertEqual(huge.probability, 1)
        XCTAssertEqual(huge.nll, 1e30)
    }
}
