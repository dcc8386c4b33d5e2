/// The parameters section of a native model: one 16-byte entry per `ParameterKey`, in key order, so
/// every setting round-trips exactly, including whether alpha and min_alpha were set or follow their
/// defaults (which depend on the architecture and on alpha).
enum NativeFormatParameters {
    static func encode(_ parameters: TrainingParameters) -> [UInt8] {
        let keys = ParameterKey.allCases
        var bytes = [UInt8](repeating: 0, count: keys.count * NativeFormatLayout.parameterEntryBytes)
        bytes.withUnsafeMutableBytes { buffer in
            let p = buffer.baseAddress!
            for (i, key) in keys.enumerated() {
                let at = i * NativeFormatLayout.parameterEntryBytes
                var flags = NativeFormatLayout.explicitValue
                let bits: UInt64
                if key.isFloat {
                    // Every float key has a value; alpha and min_alpha may be defaults instead.
                    let value = (try? parameters.float(key)) ?? 0
                    bits = value.bitPattern
                    if (key == .alpha && parameters.alphaOverride == nil) || (key == .minAlpha && parameters.minAlphaOverride == nil) {
                        flags = 0
                    }
                } else {
                    bits = UInt64(bitPattern: (try? parameters.int(key)) ?? 0)
                }
                p.storeLittleEndian(UInt32(key.rawValue), at: at)
                p.storeLittleEndian(flags, at: at + 4)
                p.storeLittleEndian(bits, at: at + 8)
            }
        }
        return bytes
    }

    /// Reads the entries, each range-checked as the setters check it, then checks the whole set.
    /// Keys absent from the file keep their defaults; an unknown key or a repeated one is refused.
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
            if !seen.insert(key.rawValue).inserted { throw .format("parameters: \(key.name) appears twice") }
            if flags & ~NativeFormatLayout.explicitValue != 0 {
                throw .format("parameters: \(key.name) has unknown flags \(flags)")
            }
            do throws(W2VError) {
                if key.isFloat {
                    if flags & NativeFormatLayout.explicitValue != 0 {
                        try parameters.set(key, float: Double(bitPattern: bits))
                    }
                } else {
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
