import Foundation
import XCTest
@testable import W2V
@testable import W2VCore

/// The parameter table (`ParameterTable.rows`) against everything that must agree with it: the C enum
/// `w2v_param` (names, order, values), the header's per-key documentation, the introspection calls
/// `w2v_param_count` / `w2v_param_info` / `w2v_param_lookup`, the setters' ranges, the defaults of a new
/// `w2v_params`, and the native format's parameter section (the same bytes as before the table).
final class ParameterTableTests: XCTestCase {
    func testRowsAreInKeyOrderAndCoverEveryKey() {
        XCTAssertEqual(ParameterTable.rows.map(\.key), ParameterKey.allCases)
        XCTAssertEqual(ParameterTable.rows.map(\.key.rawValue), Array(0..<ParameterTable.rows.count))
        XCTAssertEqual(Set(ParameterTable.rows.map(\.name)).count, ParameterTable.rows.count, "names are unique")
        XCTAssertEqual(w2v_param_count(), UInt(ParameterTable.rows.count))
        for row in ParameterTable.rows {
            XCTAssertNotNil(row.name.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression), row.name)
            XCTAssertEqual(row.intRange == nil, row.kind == .float, row.name)
            XCTAssertEqual(row.floatRange == nil, row.kind != .float, row.name)
            if row.kind == .bool { XCTAssertEqual(row.intRange, 0...1, row.name) }
            XCTAssertTrue(row.doc.hasSuffix("."), "\(row.name): the doc is a sentence")
        }
    }

    /// `w2v_param` as the C layer declares it: W2V_PARAM_<NAME> = i for row i, and nothing else. (A C
    /// enum has no case names at run time in Swift, so they are spelled here; the header test below
    /// reads them from include/w2v.h.)
    func testTheCEnumMatchesTheTable() {
        let constants: [(w2v_param, String)] = [
            (.W2V_PARAM_DIM, "dim"), (.W2V_PARAM_WINDOW, "window"), (.W2V_PARAM_NEGATIVE, "negative"),
            (.W2V_PARAM_MIN_COUNT, "min_count"), (.W2V_PARAM_MAX_VOCAB, "max_vocab"), (.W2V_PARAM_SAMPLE, "sample"),
            (.W2V_PARAM_ALPHA, "alpha"), (.W2V_PARAM_MIN_ALPHA, "min_alpha"), (.W2V_PARAM_EPOCHS, "epochs"),
            (.W2V_PARAM_THREADS, "threads"), (.W2V_PARAM_SEED, "seed"), (.W2V_PARAM_ARCH, "arch"),
            (.W2V_PARAM_NS_EXPONENT, "ns_exponent"), (.W2V_PARAM_SHARED_NEGATIVES, "shared_negatives"),
            (.W2V_PARAM_HS, "hs"), (.W2V_PARAM_MAX_FINAL_VOCAB, "max_final_vocab"),
            (.W2V_PARAM_CBOW_MEAN, "cbow_mean"), (.W2V_PARAM_SHRINK_WINDOWS, "shrink_windows"),
            (.W2V_PARAM_SORTED_VOCAB, "sorted_vocab"),
            (.W2V_PARAM_SYNC_WORDS, "sync_words"),
            (.W2V_PARAM_MIN_N, "min_n"), (.W2V_PARAM_MAX_N, "max_n"), (.W2V_PARAM_BUCKET, "bucket"),
            (.W2V_PARAM_KERNELS, "kernels"),
        ]
        XCTAssertEqual(constants.map(\.0.rawValue), Array(0..<Int32(ParameterTable.rows.count)), "in key order, no gaps")
        XCTAssertEqual(constants.map(\.1), ParameterTable.rows.map(\.name))
        XCTAssertNil(w2v_param(rawValue: Int32(ParameterTable.rows.count)), "a C constant without a row")
        XCTAssertNil(w2v_param(rawValue: -1))
        XCTAssertEqual(w2v_param_kind(rawValue: Int32(ParameterKind.int.rawValue)), .W2V_PARAM_KIND_INT)
        XCTAssertEqual(w2v_param_kind(rawValue: Int32(ParameterKind.float.rawValue)), .W2V_PARAM_KIND_FLOAT)
        XCTAssertEqual(w2v_param_kind(rawValue: Int32(ParameterKind.bool.rawValue)), .W2V_PARAM_KIND_BOOL)
        XCTAssertNil(w2v_param_kind(rawValue: 3))
    }

    /// include/w2v.h: the `w2v_param` constants, in order, with their values, each documented with the
    /// row's summary ("`name`: kind in [min, max], default D. Doc").
    func testTheHeaderDocumentsEachKeyAsTheTableSays() throws {
        let header = try String(contentsOf: HeaderTests.header, encoding: .utf8)
        let start = try XCTUnwrap(header.range(of: "typedef enum w2v_param {"))
        let end = try XCTUnwrap(header.range(of: "} w2v_param;", range: start.upperBound..<header.endIndex))
        var entries = [(name: String, value: Int, doc: String)]()
        var doc = [String]()
        for line in header[start.upperBound..<end.lowerBound].split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("///") {
                doc.append(String(text.dropFirst(3)).trimmingCharacters(in: .whitespaces))
            } else if let match = text.firstMatch(of: /^(W2V_PARAM_\w+) = (\d+),?$/) {
                entries.append((String(match.1), Int(match.2)!, doc.joined(separator: " ")))
                doc = []
            }
        }
        XCTAssertEqual(entries.count, ParameterTable.rows.count)
        for (entry, row) in zip(entries, ParameterTable.rows) {
            XCTAssertEqual(entry.name, "W2V_PARAM_" + row.name.uppercased())
            XCTAssertEqual(entry.value, row.key.rawValue, entry.name)
            XCTAssertEqual(entry.doc, row.summary, "\(entry.name): write this doc comment in Sources/W2V/Parameters.swift")
        }
    }

    func testSummariesSpellOutKindRangeAndDefault() {
        XCTAssertEqual(ParameterKey.dim.spec.summary, "`dim`: int in [1, 10000], default 100. Vector dimension.")
        XCTAssertTrue(ParameterKey.sample.spec.summary.hasPrefix("`sample`: float in [0, 1], default 0.001. "))
        XCTAssertTrue(ParameterKey.seed.spec.summary.hasPrefix("`seed`: int in [0, 2^63-1], default 1. "))
        XCTAssertTrue(ParameterKey.hierarchicalSoftmax.spec.summary.hasPrefix("`hs`: bool (0 or 1), default 0. "))
        XCTAssertTrue(ParameterKey.alpha.spec.summary.hasPrefix("`alpha`: float in [1e-09, 10], default 0.025 for skip-gram, 0.05 for CBOW. "))
    }

    /// w2v_param_info reports each row; w2v_param_lookup finds each name; a new w2v_params holds each default.
    func testIntrospectionReportsTheTable() {
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        for row in ParameterTable.rows {
            var name: UnsafePointer<CChar>?
            var kind: Int32 = -1
            var low = Double.nan, high = Double.nan, value = Double.nan
            XCTAssertEqual(w2v_param_info(Int32(row.key.rawValue), &name, &kind, &low, &high, &value), .W2V_OK, lastError)
            XCTAssertEqual(name.map { String(cString: $0) }, row.name)
            XCTAssertEqual(kind, Int32(row.kind.rawValue), row.name)
            if let range = row.intRange {
                XCTAssertEqual(low, Double(range.lowerBound), row.name)
                XCTAssertEqual(high, Double(range.upperBound), row.name)
                var stored: Int64 = -1
                XCTAssertEqual(w2v_params_get_int(params, Int32(row.key.rawValue), &stored), .W2V_OK)
                XCTAssertEqual(Double(stored), value, "\(row.name): the default is what a new w2v_params holds")
            } else if let range = row.floatRange {
                XCTAssertEqual(low, range.lowerBound, row.name)
                XCTAssertEqual(high, range.upperBound, row.name)
                var stored = Double.nan
                XCTAssertEqual(w2v_params_get_float(params, Int32(row.key.rawValue), &stored), .W2V_OK)
                XCTAssertEqual(stored, value, "\(row.name): the default is what a new w2v_params holds")
            }
            // The name is static: the same pointer every time.
            var again: UnsafePointer<CChar>?
            XCTAssertEqual(w2v_param_info(Int32(row.key.rawValue), &again, nil, nil, nil, nil), .W2V_OK)
            XCTAssertEqual(again, name)

            var key: Int32 = -1
            XCTAssertEqual(w2v_param_lookup(row.name, &key), .W2V_OK, lastError)
            XCTAssertEqual(key, Int32(row.key.rawValue))
        }
        // The documented defaults of the keys whose default is a note.
        var value = 0.0
        XCTAssertEqual(w2v_param_info(w2v_param.W2V_PARAM_ALPHA.rawValue, nil, nil, nil, nil, &value), .W2V_OK)
        XCTAssertEqual(value, 0.05)
        XCTAssertEqual(w2v_param_info(w2v_param.W2V_PARAM_MIN_ALPHA.rawValue, nil, nil, nil, nil, &value), .W2V_OK)
        XCTAssertEqual(value, 0.05 * 0.0001)
        XCTAssertEqual(w2v_param_info(w2v_param.W2V_PARAM_SEED.rawValue, nil, nil, nil, &value, nil), .W2V_OK)
        XCTAssertEqual(value, 9_223_372_036_854_775_808.0, "2^63-1 reads as the nearest double, 2^63")
    }

    func testIntrospectionErrors() {
        var name: UnsafePointer<CChar>? = nil
        var kind: Int32 = 42
        let count = Int32(ParameterTable.rows.count)
        expect(w2v_param_info(count, &name, &kind, nil, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "unknown parameter key \(count)")
        expect(w2v_param_info(-1, &name, &kind, nil, nil, nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "unknown parameter key -1")
        XCTAssertNil(name, "nothing written on error")
        XCTAssertEqual(kind, 42, "nothing written on error")
        XCTAssertEqual(w2v_param_info(0, nil, nil, nil, nil, nil), .W2V_OK, "every out-parameter may be NULL")
        XCTAssertEqual(lastError, "")

        var key: Int32 = 99
        expect(w2v_param_lookup("size", &key), .W2V_ERR_NOT_FOUND, mentions: "no parameter is named 'size'")
        XCTAssertTrue(lastError.contains("dim, window"), "the message lists the names: \(lastError)")
        expect(w2v_param_lookup("DIM", &key), .W2V_ERR_NOT_FOUND, mentions: "'DIM'")
        expect(w2v_param_lookup("", &key), .W2V_ERR_NOT_FOUND, mentions: "''")
        XCTAssertEqual(key, 99, "nothing written on error")
        expect(w2v_param_lookup(nil, &key), .W2V_ERR_INVALID_ARGUMENT, mentions: "name is NULL")
        expect(w2v_param_lookup("dim", nil), .W2V_ERR_INVALID_ARGUMENT, mentions: "key_out is NULL")
    }

    /// The setters accept each row's bounds and refuse what lies just outside them, through the C calls.
    func testSettersFollowTheTableRanges() {
        var params: OpaquePointer?
        XCTAssertEqual(w2v_params_new(&params), .W2V_OK)
        defer { w2v_params_free(params) }
        for row in ParameterTable.rows {
            let key = Int32(row.key.rawValue)
            if let range = row.intRange {
                XCTAssertEqual(w2v_params_set_int(params, key, range.lowerBound), .W2V_OK, row.name)
                XCTAssertEqual(w2v_params_set_int(params, key, range.upperBound), .W2V_OK, row.name)
                expect(w2v_params_set_int(params, key, range.lowerBound - 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "\(row.name) = ")
                if range.upperBound < Int64.max {
                    expect(w2v_params_set_int(params, key, range.upperBound + 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "out of range")
                }
                expect(w2v_params_set_float(params, key, 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "integer setter")
            } else if let range = row.floatRange {
                XCTAssertEqual(w2v_params_set_float(params, key, range.lowerBound), .W2V_OK, row.name)
                XCTAssertEqual(w2v_params_set_float(params, key, range.upperBound), .W2V_OK, row.name)
                expect(w2v_params_set_float(params, key, range.lowerBound.nextDown), .W2V_ERR_INVALID_ARGUMENT, mentions: row.name)
                expect(w2v_params_set_float(params, key, range.upperBound.nextUp), .W2V_ERR_INVALID_ARGUMENT, mentions: "out of range")
                expect(w2v_params_set_int(params, key, 1), .W2V_ERR_INVALID_ARGUMENT, mentions: "float setter")
            }
        }
    }

    /// The native format's parameter section is what it was before the table drove it: per key in key
    /// order, key (u32), flags (u32: 1 = set, 0 = alpha/min_alpha following their default) and the value
    /// (i64, or f64 bits), little-endian. Spelled out here independently of the code that writes it.
    func testNativeParameterSectionBytesAreUnchanged() throws {
        func entry(_ key: UInt32, _ flags: UInt32, _ bits: UInt64) -> [UInt8] {
            withUnsafeBytes(of: key.littleEndian, Array.init) + withUnsafeBytes(of: flags.littleEndian, Array.init)
                + withUnsafeBytes(of: bits.littleEndian, Array.init)
        }
        func int(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }
        let defaults: [[UInt8]] = [
            entry(0, 1, 100), entry(1, 1, 5), entry(2, 1, 5), entry(3, 1, 5), entry(4, 1, 0),
            entry(5, 1, (1e-3).bitPattern), entry(6, 0, (0.05).bitPattern), entry(7, 0, (0.05 * 0.0001).bitPattern),
            entry(8, 1, 5), entry(9, 1, 1), entry(10, 1, 1), entry(11, 1, 1), entry(12, 1, (0.75).bitPattern),
            entry(13, 1, 1), entry(14, 1, 0), entry(15, 1, 0),
        ]
        XCTAssertEqual(NativeFormatParameters.encode(TrainingParameters()), defaults.flatMap { $0 })

        var p = TrainingParameters()
        p.dim = 37; p.window = 9; p.negative = 0; p.minCount = 2; p.maxVocab = 1000; p.sample = 0.0123
        p.alphaOverride = 0.07; p.epochs = 9; p.threads = 3; p.seed = UInt64(Int64.max); p.architecture = .skipGram
        p.nsExponent = -0.5; p.sharedNegatives = false; p.hierarchicalSoftmax = true; p.maxFinalVocab = 77
        let custom: [[UInt8]] = [
            entry(0, 1, 37), entry(1, 1, 9), entry(2, 1, 0), entry(3, 1, 2), entry(4, 1, 1000),
            entry(5, 1, (0.0123).bitPattern), entry(6, 1, (0.07).bitPattern), entry(7, 0, (0.07 * 0.0001).bitPattern),
            entry(8, 1, 9), entry(9, 1, 3), entry(10, 1, int(Int64.max)), entry(11, 1, 0), entry(12, 1, (-0.5).bitPattern),
            entry(13, 1, 0), entry(14, 1, 1), entry(15, 1, 77),
        ]
        let bytes = NativeFormatParameters.encode(p)
        XCTAssertEqual(bytes, custom.flatMap { $0 })
        let decoded = try bytes.withUnsafeBytes { (raw) throws(W2VError) in try NativeFormatParameters.decode(raw) }
        XCTAssertEqual(decoded, p, "read back exactly, alpha set and min_alpha following it")
        // An older file with fewer keys reads with the missing ones at their defaults.
        let short = Array(custom.prefix(2).joined())
        let partial = try short.withUnsafeBytes { (raw) throws(W2VError) in try NativeFormatParameters.decode(raw) }
        XCTAssertEqual(partial.dim, 37)
        XCTAssertEqual(partial.window, 9)
        XCTAssertEqual(partial.negative, TrainingParameters().negative)
    }
}
