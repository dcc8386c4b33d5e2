/// The parameters section of a native model: one 16-byte entry per row of the parameter table
/// (`ParameterTable.rows`), in key order, so every setting round-trips exactly, including whether alpha
/// and min_alpha were set or follow their defaults (which depend on the architecture and on alpha).
/// An entry is the key (4 bytes), flags (4; `explicitValue` when the value was set rather than
/// following a default) and the value (8): an integer or bool as Int64, a float as its Float64 bits.
/// Keys added after 0.2.0 (`ParameterSpec.omittedAtDefault`) are written only when they differ from
/// their defaults, which the reader restores for absent keys: a model using none of them is written
/// exactly as 0.2.0 wrote it and stays readable by libraries that do not know them.
enum NativeFormatParameters {
    static func encode(_ parameters: TrainingParameters) -> [UInt8] {
        let rows = ParameterTable.rows.filter { !$0.omittedAtDefault || $0.value(in: parameters) != $0.defaultValue }
        var bytes = [UInt8](repeating: 0, count: rows.count * NativeFormatLayout.parameterEntryBytes)
        bytes.withUnsafeMutableBytes { buffer in
            let p = buffer.baseAddress!
            for (i, row) in rows.enumerated() {
                let at = i * NativeFormatLayout.parameterEntryBytes
                // Every written key has a value; alpha and min_alpha may be defaults instead, stored as their
                // effective values without the flag.
                let flags = row.isExplicit(in: parameters) ? NativeFormatLayout.explicitValue : 0
                let bits: UInt64 = switch row.kind {
                case .float: row.value(in: parameters).bitPattern
                case .int, .bool: UInt64(bitPattern: (try? parameters.int(row.key)) ?? 0)
                }
                p.storeLittleEndian(UInt32(row.key.rawValue), at: at)
                p.storeLittleEndian(flags, at: at + 4)
                p.storeLittleEndian(bits, at: at + 8)
            }
        }
        return bytes
    }

    /// Reads the entries, each range-checked as the setters check it, then checks the whole set.
    /// Keys absent from the file keep their defaults; an unknown key or a repeated one is refused. A
    /// float entry without the explicit flag keeps the default (for alpha and min_alpha: follows it);
    /// an integer or bool entry is always taken as written.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(W2VError) -> TrainingParameters {
        let size = NativeFormatLayout.parameterEntryBytes
        if bytes.count % size != 0 {
            throw .format("parameters: \(bytes.count) bytes is not a whole number of \(size)-byte entries")
        }
        var parameters = TrainingParameters()
        var seen = Set<Int>()
        let p = UnsafeRawPointer(bytes.baseAddress)
        for i in 0..<(bytes.count / size) {
            let at = i * size
            let raw = p!.loadLittleEndian(at: at, as: UInt32.self)
            let flags = p!.loadLittleEndian(at: at + 4, as: UInt32.self)
            let bits = p!.loadLittleEndian(at: at + 8, as: UInt64.self)
            guard let key = ParameterKey(rawValue: Int(raw)) else {
                throw .format("parameters: entry \(i + 1) has the unknown key \(raw)")
            }
            let row = key.spec
            if !seen.insert(key.rawValue).inserted { throw .format("parameters: \(row.name) appears twice") }
            if flags & ~NativeFormatLayout.explicitValue != 0 {
                throw .format("parameters: \(row.name) has unknown flags \(flags)")
            }
            do throws(W2VError) {
                switch row.kind {
                case .float:
                    if flags & NativeFormatLayout.explicitValue != 0 {
                        try parameters.set(key, float: Double(bitPattern: bits))
                    }
                case .int, .bool:
                    try parameters.set(key, int: Int64(bitPattern: bits))
                }
            } catch {
                throw .format("parameters: \(error.message)")
            }
        }
        do throws(W2VError) {
            try parameters.validate()
        } catch {
            throw .format("parameters: \(error.message)")
        }
        return parameters
    }
}
