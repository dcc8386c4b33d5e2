import Foundation
import XCTest
@testable import W2V

/// Handles carry a tag checked on entry (issue 11 item 9). The C half, every kind of misuse from a C
/// caller, is `test_handle_misuse` in Tests/CABI/contract.c; here the parts C cannot easily reach:
/// racing frees and the quarantine's turnover.
final class HandleMisuseTests: XCTestCase {
    /// Two threads freeing the same handle at once: exactly one frees it (a double release would crash
    /// or, under ASan, be reported), the other is told it was freed.
    func testRacingFreesFreeOnce() {
        for _ in 0..<300 {
            var vocab: OpaquePointer?
            XCTAssertEqual(w2v_vocab_new(&vocab), .W2V_OK)
            let address = Int(bitPattern: vocab)
            let refusals = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 2)
            refusals.initialize(repeating: false)
            defer { refusals.deallocate() }
            let slots = Int(bitPattern: refusals.baseAddress)
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                var key: Int32 = 0
                _ = w2v_param_lookup("dim", &key)  // succeeds, so clears this thread's message
                w2v_vocab_free(OpaquePointer(bitPattern: address))
                let refused = String(cString: w2v_last_error()).contains("it was freed by w2v_vocab_free")
                UnsafeMutablePointer<Bool>(bitPattern: slots)![i] = refused
            }
            let handle = vocab
            let refused = refusals.filter { $0 }.count
            XCTAssertEqual(refused, 1, "one free frees, the other is refused")
            XCTAssertEqual(w2v_vocab_size(handle), 0)
            XCTAssertEqual(w2v_vocab_add_text(handle, "a", 1), .W2V_ERR_INVALID_ARGUMENT)
        }
    }

    /// More frees than the quarantine holds: the oldest headers are released in turn, recent ones are
    /// still recognised as freed.
    func testQuarantineTurnsOver() {
        var handles = [OpaquePointer?]()
        for _ in 0..<(Handle.quarantineCount + 500) {
            var params: OpaquePointer?
            XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
            handles.append(params)
        }
        for handle in handles { w2v_params_free(handle) }
        var value: Int64 = 0
        expect(w2v_params_get_int(handles.last!, w2v_param.W2V_PARAM_DIM.rawValue, &value), .W2V_ERR_INVALID_ARGUMENT,
               mentions: "params is not a w2v_params handle: it was freed by w2v_params_free")
        // Live handles made after the turnover work as ever.
        var fresh: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&fresh), .W2V_OK)
        XCTAssertEqual(w2v_params_get_int(fresh, w2v_param.W2V_PARAM_DIM.rawValue, &value), .W2V_OK)
        XCTAssertEqual(value, 100)
        w2v_params_free(fresh)
    }

    /// The tags of the kinds differ from each other and from every freed tag.
    func testTagsAreDistinct() {
        let tags = HandleKind.all.flatMap { [$0.tag, $0.freedTag] }
        XCTAssertEqual(Set(tags).count, tags.count)
    }
}
