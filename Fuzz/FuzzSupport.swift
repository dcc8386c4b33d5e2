// Seeds and the native checksum fix-up of the fuzz targets (see FuzzTargets.swift).
import Glibc

/// Recomputes every checksum of a native model file in place (sections first, then the header), so a
/// mutated file reaches the loader's structural checks. Leaves bytes it cannot place alone.
enum NativeChecksumFixer {
    static func fix(_ bytes: inout [UInt8]) {
        let layout = (header: 128, entry: 32, checksum: 120)
        guard bytes.count >= layout.header else { return }
        func load<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
        }
        func store(_ value: UInt64, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { for i in 0..<8 { bytes[offset + i] = $0[i] } }
        }
        let sections = Int(load(24, UInt32.self))
        let tableEnd = layout.header + sections * layout.entry
        guard sections <= 64, tableEnd <= bytes.count else { return }
        for s in 0..<sections {
            let entry = layout.header + s * layout.entry
            let offset = load(entry + 8, UInt64.self), count = load(entry + 16, UInt64.self)
            guard offset <= UInt64(bytes.count), count <= UInt64(bytes.count) - offset else { continue }
            let hash = bytes.withUnsafeBytes {
                NativeFormatChecksum.hash(UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<Int(offset + count)]))
            }
            store(hash, at: entry + 24)
        }
        store(0, at: layout.checksum)
        let header = bytes.withUnsafeBytes { NativeFormatChecksum.hash(UnsafeRawBufferPointer(rebasing: $0[0..<tableEnd])) }
        store(header, at: layout.checksum)
    }
}

/// Valid inputs of each target, small enough for the fuzzer to mutate quickly.
enum FuzzSeeds {
    static func make(for target: FuzzTarget) -> [[UInt8]] {
        switch target {
        case .text, .binary, .auto, .native:
            var seeds: [[UInt8]] = []
            for model in models() {
                for format in [FileFormat.text, .binary, .native] where target == .auto || target.rawValue == format.name
                    || (target == .native && format == .native) {
                    seeds.append(saved(model, format))
                }
            }
            return seeds
        case .vocab:
            return ["</s> 3\nthe 5\nking 2\nqueen 2\n", "a 1\n", "\n\nword\t7\r\n"].map { Array($0.utf8) }
        case .tokenizer:
            return ["the king\nqueen  of\tthe\r\nnorth\u{0}x", String(repeating: "é", count: 60) + " b\n"].map { Array($0.utf8) }
        case .evaluation:
            return [": capital\nparis france berlin germany\nking queen man woman\n: gram\nthe a the a\n",
                    "word1\tword2\tscore\nking\tqueen\t8.5\nman woman 7\n# comment\nparis france 9.1\n"].map { Array($0.utf8) }
        case .phrases:
            let learner = try! Phrases(settings: .init(scoring: .original, minCount: 1, threshold: 0.5), connectors: [Array("of".utf8)])
            var text = Array("new york city\nbank of america\nnew york\nthe bank of america\nnew york city\n".utf8)
            try! text.withUnsafeBytes { try learner.add(text: $0) }
            return [FileFormat.text, .native].map { format in
                let path = "\(scratch).seed-phrases"
                try! learner.save(to: path, format: format)
                return read(path)
            }
        }
    }

    /// Tiny trained models: CBOW with negative sampling, skip-gram with hierarchical softmax only.
    static func models() -> [Model] {
        let text = "the king rules the land\nthe queen rules the land\na man and a woman walk\nparis is in france\n"
        return [(false, 3), (true, 0)].map { hs, negative in
            let counter = WordCounter()
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBytes { counter.add(text: UnsafeRawBufferPointer($0)) }
            var parameters = TrainingParameters()
            parameters.dim = 4
            parameters.minCount = 1
            parameters.negative = negative
            parameters.hierarchicalSoftmax = hs
            parameters.architecture = hs ? .skipGram : .cbow
            let model = try! Model(vocabulary: Vocabulary(counter: counter, minCount: 1, maxSize: 0, maxFinalVocab: 0), parameters: parameters)
            let words: [Int32] = (0..<Int32(model.vocabularySize)).map { $0 }
            _ = try! words.withUnsafeBufferPointer { try model.trainStep(words: $0, lengths: [words.count], progress: 0) }
            // One seed carries the optional section of row learning-rate factors.
            if hs { try! words.map { Float($0 % 3) / 2 }.withUnsafeBufferPointer { try model.setRowLearningRates($0) } }
            return model
        }
    }

    static func saved(_ model: Model, _ format: FileFormat) -> [UInt8] {
        let path = "\(scratch).seed-\(format.name)"
        try! model.save(to: path, format: format)
        return read(path)
    }

    static func read(_ path: String) -> [UInt8] {
        guard let file = fopen(path, "rb") else { fatalError("cannot read \(path)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<n])
        }
    }
}
