/// Writes a model in the native format (layout in `NativeFormatLayout`): every section's checksum is
/// computed from memory first, so the file is then written front to back in one pass.
enum NativeFormatWriter {
    /// A section's bytes, borrowed from the model or from arrays the writer keeps alive.
    private struct Part {
        let kind: NativeFormatLayout.Kind
        let bytes: UnsafeRawBufferPointer
    }

    static func write(_ model: NativeModelParts, to file: inout AtomicFile) throws(W2VError) {
        #if _endian(big)
        throw .invalidArgument("the native format is little-endian and this host is not; save as text or binary")
        #else
        let vocabulary = model.vocabulary
        let words = vocabulary.count
        let parameterBytes = NativeFormatParameters.encode(model.parameters)
        let counts = vocabulary.counts.count == words ? vocabulary.counts : [Int64](repeating: 0, count: words)
        var lengths = [UInt32]()
        lengths.reserveCapacity(words)
        var wordBytes = [UInt8]()
        wordBytes.reserveCapacity(vocabulary.table.byteCount)
        for i in 0..<words {
            let word = vocabulary.table.word(i)
            lengths.append(UInt32(word.count))
            wordBytes.append(contentsOf: word)
        }
        // Stable copies of the small sections (Array's withUnsafeBytes cannot throw W2VError).
        let parameterBuffer = copy(parameterBytes), countBuffer = copy(counts)
        let lengthBuffer = copy(lengths), wordBuffer = copy(wordBytes)
        defer {
            for buffer in [parameterBuffer, countBuffer, lengthBuffer, wordBuffer] { buffer.deallocate() }
        }
        var parts = [
            Part(kind: .parameters, bytes: UnsafeRawBufferPointer(parameterBuffer)),
            Part(kind: .wordCounts, bytes: UnsafeRawBufferPointer(countBuffer)),
            Part(kind: .wordLengths, bytes: UnsafeRawBufferPointer(lengthBuffer)),
            Part(kind: .wordBytes, bytes: UnsafeRawBufferPointer(wordBuffer)),
            Part(kind: .input, bytes: matrixBytes(model.input)),
        ]
        if let output = model.output { parts.append(Part(kind: .output, bytes: matrixBytes(output))) }
        if let hs = model.hsOutput { parts.append(Part(kind: .hsOutput, bytes: matrixBytes(hs))) }
        if let factors = model.rowLearningRates { parts.append(Part(kind: .rowLearningRates, bytes: matrixBytes(factors))) }
        try write(parts, model: model, to: &file)
        #endif
    }

    private static func copy<T>(_ array: [T]) -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, array.count * MemoryLayout<T>.stride), alignment: 16)
        array.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(array.count * MemoryLayout<T>.stride)])
    }

    private static func matrixBytes(_ matrix: FloatMatrix) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: matrix.base, count: matrix.count * MemoryLayout<Float>.stride)
    }

    private static func write(_ parts: [Part], model: NativeModelParts, to file: inout AtomicFile) throws(W2VError) {
        var offset = NativeFormatLayout.dataStart(sections: parts.count)
        var sections = [NativeFormatLayout.Section]()
        for (i, part) in parts.enumerated() {
            if i > 0 { offset = NativeFormatLayout.aligned(offset) }
            sections.append(.init(kind: part.kind.rawValue, offset: offset, byteCount: part.bytes.count,
                                  checksum: NativeFormatChecksum.hash(part.bytes)))
            offset += part.bytes.count
        }
        let header = NativeFormatLayout.Header(
            fileBytes: offset, sectionCount: parts.count, words: model.vocabulary.count, dim: model.input.columns,
            wordsTrained: model.wordsTrained, fileTrainingCalls: model.fileTrainingCalls, trainSteps: model.trainSteps,
            epochWords: model.epochWords)
        let front = copy(headerAndTable(header, sections))
        defer { front.deallocate() }
        try file.write(UnsafeRawBufferPointer(front))
        var written = front.count
        let zeros = UnsafeMutableRawBufferPointer.allocate(byteCount: NativeFormatLayout.alignment, alignment: 16)
        defer { zeros.deallocate() }
        zeros.initializeMemory(as: UInt8.self, repeating: 0)
        for (part, section) in zip(parts, sections) {
            if section.offset > written {
                try file.write(UnsafeRawBufferPointer(rebasing: zeros[0..<(section.offset - written)]))
            }
            try file.write(part.bytes)
            written = section.offset + section.byteCount
        }
    }

    /// The header and the section table, padded with zeros to the first section, checksum included.
    static func headerAndTable(_ header: NativeFormatLayout.Header, _ sections: [NativeFormatLayout.Section]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: NativeFormatLayout.dataStart(sections: sections.count))
        bytes.withUnsafeMutableBytes { buffer in
            let p = buffer.baseAddress!
            for (i, byte) in NativeFormatLayout.magic.enumerated() { p.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) }
            p.storeLittleEndian(NativeFormatLayout.version, at: NativeFormatLayout.Field.version)
            p.storeLittleEndian(UInt32(NativeFormatLayout.headerBytes), at: NativeFormatLayout.Field.headerBytes)
            p.storeLittleEndian(UInt64(header.fileBytes), at: NativeFormatLayout.Field.fileBytes)
            p.storeLittleEndian(UInt32(header.sectionCount), at: NativeFormatLayout.Field.sectionCount)
            p.storeLittleEndian(UInt32(NativeFormatLayout.entryBytes), at: NativeFormatLayout.Field.entryBytes)
            p.storeLittleEndian(UInt64(header.words), at: NativeFormatLayout.Field.words)
            p.storeLittleEndian(UInt64(header.dim), at: NativeFormatLayout.Field.dim)
            p.storeLittleEndian(header.wordsTrained, at: NativeFormatLayout.Field.wordsTrained)
            p.storeLittleEndian(header.fileTrainingCalls, at: NativeFormatLayout.Field.fileTrainingCalls)
            p.storeLittleEndian(header.trainSteps, at: NativeFormatLayout.Field.trainSteps)
            p.storeLittleEndian(header.epochWords, at: NativeFormatLayout.Field.epochWords)
            for (i, section) in sections.enumerated() {
                let at = NativeFormatLayout.headerBytes + i * NativeFormatLayout.entryBytes
                p.storeLittleEndian(section.kind, at: at)
                p.storeLittleEndian(UInt64(section.offset), at: at + NativeFormatLayout.EntryField.offset)
                p.storeLittleEndian(UInt64(section.byteCount), at: at + NativeFormatLayout.EntryField.byteCount)
                p.storeLittleEndian(section.checksum, at: at + NativeFormatLayout.EntryField.checksum)
            }
            let covered = NativeFormatLayout.headerBytes + sections.count * NativeFormatLayout.entryBytes
            let checksum = NativeFormatChecksum.hash(UnsafeRawBufferPointer(start: p, count: covered))
            p.storeLittleEndian(checksum, at: NativeFormatLayout.checksumOffset)
        }
        return bytes
    }
}
