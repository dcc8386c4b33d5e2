import Dispatch

/// One answer of a similarity query.
public struct Neighbor: Equatable, Sendable {
    public let index: Int
    public let score: Float

    public init(index: Int, score: Float) {
        self.index = index
        self.score = score
    }
}

extension Model {
    /// Cosine similarity of two words' vectors (0 when either is the zero vector).
    public func similarity(_ a: Int, _ b: Int) throws(W2VError) -> Float {
        let unit = try normalized()
        return Kernels.dot(unit.row(a), unit.row(b), count: dim)
    }

    /// gensim's `most_similar(positive, negative, topn)`: the mean of the positive words' unit vectors
    /// minus the negative ones', normalised, compared by cosine with every word except the query words.
    /// `restrictTo` limits candidates to the most frequent words (0 = all). Fewer than `k` results when
    /// the vocabulary is small.
    public func mostSimilar(positive: [Int], negative: [Int], k: Int, restrictTo: Int = 0) throws(W2VError) -> [Neighbor] {
        if positive.isEmpty && negative.isEmpty {
            throw .invalidArgument("most_similar needs at least one positive or negative word")
        }
        let unit = try normalized()
        var query = [Float](repeating: 0, count: dim)
        query.withUnsafeMutableBufferPointer { q in
            for i in positive { Kernels.axpy(1, unit.row(i), q.baseAddress!, count: dim) }
            for i in negative { Kernels.axpy(-1, unit.row(i), q.baseAddress!, count: dim) }
            Kernels.normalize(q.baseAddress!, into: q.baseAddress!, count: dim)
        }
        return nearest(to: query, in: unit, k: k, excluding: Set(positive + negative), restrictTo: restrictTo)
    }

    /// The `k` words whose unit vectors have the largest dot product with `query`, best first; ties go
    /// to the more frequent word (the lower index), so results are deterministic.
    func nearest(to query: [Float], in unit: FloatMatrix, k: Int, excluding: Set<Int>, restrictTo: Int) -> [Neighbor] {
        let rows = restrictTo > 0 ? min(restrictTo, unit.rows) : unit.rows
        let k = min(k, rows)  // never reserve more slots than candidates (k may be huge)
        // A large scan is split in two halves run on two threads: the scan is bound by how fast the
        // matrix streams from memory, and two cores stream it faster than one.
        let parts = rows >= Self.parallelScanRows ? 2 : 1
        var partial = [[Neighbor]](repeating: [], count: parts)
        query.withUnsafeBufferPointer { q in
            let q = SendablePointer(q.baseAddress!)
            partial.withUnsafeMutableBufferPointer { results in
                let results = SendableBuffer(results)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let range = (rows * part / parts)..<(rows * (part + 1) / parts)
                    var top = TopK(k: k)
                    for r in range {
                        let score = Kernels.dot(q.pointer, unit.row(r), count: dim)
                        if top.accepts(score) && !excluding.contains(r) {
                            top.insert(Neighbor(index: r, score: score))
                        }
                    }
                    results.buffer[part] = top.sortedBestFirst()
                }
            }
        }
        if parts == 1 { return partial[0] }
        var top = TopK(k: k)
        for list in partial { for neighbor in list where top.accepts(neighbor.score) { top.insert(neighbor) } }
        return top.sortedBestFirst()
    }

    /// Scans over at least this many rows use two threads.
    static let parallelScanRows = 16_384
}

/// Raw pointers handed to the two halves of a parallel scan, which touch disjoint memory.
private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<Float>
    init(_ pointer: UnsafePointer<Float>) { self.pointer = pointer }
}

private struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<[Neighbor]>
    init(_ buffer: UnsafeMutableBufferPointer<[Neighbor]>) { self.buffer = buffer }
}

/// Keeps the `k` best scores seen in a min-heap, so a scan over the vocabulary costs O(n log k).
struct TopK {
    let k: Int
    private var heap: [Neighbor] = []

    init(k: Int) {
        self.k = k
        heap.reserveCapacity(k)
    }

    /// Worse-than: lower score, or the same score with a higher index.
    @inline(__always)
    private static func worse(_ a: Neighbor, _ b: Neighbor) -> Bool {
        a.score < b.score || (a.score == b.score && a.index > b.index)
    }

    @inline(__always)
    func accepts(_ score: Float) -> Bool {
        k > 0 && (heap.count < k || score >= heap[0].score) && !score.isNaN
    }

    mutating func insert(_ item: Neighbor) {
        if heap.count < k {
            heap.append(item)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                if !Self.worse(heap[child], heap[parent]) { break }
                heap.swapAt(child, parent)
                child = parent
            }
            return
        }
        if !Self.worse(heap[0], item) { return }
        heap[0] = item
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && Self.worse(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && Self.worse(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    func sortedBestFirst() -> [Neighbor] {
        heap.sorted { Self.worse($1, $0) }
    }
}
