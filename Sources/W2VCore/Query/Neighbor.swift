/// One answer of a similarity query.
public struct Neighbor: Equatable, Sendable {
    public let index: Int
    public let score: Float

    init(index: Int, score: Float) {
        self.index = index
        self.score = score
    }
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

    /// The lowest score kept, once `k` scores are kept; nil before.
    var lowestWhenFull: Float? { k > 0 && heap.count == k ? heap[0].score : nil }

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
