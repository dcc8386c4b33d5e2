/// Writes a model in the native format (layout in `NativeFormatLayout`): every section's checksum is
/// computed from memory first, so the file is then written front to back in one pass.
enum NativeFormatWriter {
    private typealias Part = NativeContainer.Part

    static func write(_ model: NativeModelParts, to file: inout AtomicFile) throws(W2VError) {
        #if _endian(big)
        throw .invalidArgument("the native format is little-endian and this host is not; save as text or binary")
        #else
        typealias Kind = NativeFormatLayout.Kind
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
        let parameterBuffer = NativeContainer.copy(parameterBytes), countBuffer = NativeContainer.copy(counts)
        let lengthBuffer = NativeContainer.copy(lengths), wordBuffer = NativeContainer.copy(wordBytes)
        defer {
            for buffer in [parameterBuffer, countBuffer, lengthBuffer, wordBuffer] { buffer.deallocate() }
        }
        var parts = [
            Part(kind: Kind.parameters.rawValue, bytes: UnsafeRawBufferPointer(parameterBuffer)),
            Part(kind: Kind.wordCounts.rawValue, bytes: UnsafeRawBufferPointer(countBuffer)),
            Part(kind: Kind.wordLengths.rawValue, bytes: UnsafeRawBufferPointer(lengthBuffer)),
            Part(kind: Kind.wordBytes.rawValue, bytes: UnsafeRawBufferPointer(wordBuffer)),
            Part(kind: Kind.input.rawValue, bytes: matrixBytes(model.input)),
        ]
        if let output = model.output { parts.append(Part(kind: Kind.output.rawValue, bytes: matrixBytes(output))) }
        if let hs = model.hsOutput { parts.append(Part(kind: Kind.hsOutput.rawValue, bytes: matrixBytes(hs))) }
        if let factors = model.rowLearningRates { parts.append(Part(kind: Kind.rowLearningRates.rawValue, bytes: matrixBytes(factors))) }
        if let ngrams = model.ngrams { parts.append(Part(kind: Kind.ngrams.rawValue, bytes: matrixBytes(ngrams))) }
        try write(parts, model: model, to: &file)
        #endif
    }

    private static func matrixBytes(_ matrix: FloatMatrix) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: matrix.base, count: matrix.count * MemoryLayout<Float>.stride)
    }

    private static func write(_ parts: [Part], model: NativeModelParts, to file: inout AtomicFile) throws(W2VError) {
        let (sections, fileBytes) = NativeContainer.place(parts)
        let header = NativeFormatLayout.Header(
            fileBytes: fileBytes, sectionCount: parts.count, words: model.vocabulary.count, dim: model.input.columns,
            wordsTrained: model.wordsTrained, fileTrainingCalls: model.fileTrainingCalls, trainSteps: model.trainSteps,
            epochWords: model.epochWords)
        try NativeContainer.write(parts, front: headerAndTable(header, sections), sections: sections, to: &file)
    }

    /// The header and the section table, padded with zeros to the first section, checksum included.
    static func headerAndTable(_ header: NativeFormatLayout.Header, _ sections: [NativeFormatLayout.Section]) -> [UInt8] {
        typealias Field = NativeFormatLayout.Field
        return NativeContainer.front(magic: NativeFormatLayout.magic, fileBytes: header.fileBytes, sections: sections) { p in
            p.storeLittleEndian(UInt64(header.words), at: Field.words)
            p.storeLittleEndian(UInt64(header.dim), at: Field.dim)
            p.storeLittleEndian(header.wordsTrained, at: Field.wordsTrained)
            p.storeLittleEndian(header.fileTrainingCalls, at: Field.fileTrainingCalls)
            p.storeLittleEndian(header.trainSteps, at: Field.trainSteps)
            p.storeLittleEndian(header.epochWords, at: Field.epochWords)
        }
    }
}
