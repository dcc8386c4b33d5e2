/// The binary tree of hierarchical softmax: a Huffman tree over the word counts (word2vec's
/// CreateBinaryTree), so frequent words get short paths. Word w's path is `length(w)` steps; step i
/// goes through inner node `point(w)[i]` (a row of the HS weights; the root is row n - 2)
/// and turns by `code(w)[i]` (0 or 1). The prediction at each inner node is a logistic regression
/// whose label is 1 - code.
struct HuffmanTree: Sendable {
    /// Codes and points of all words, one after another; word w's lie at offsets[w]..<offsets[w + 1].
    let codes: [UInt8]
    let points: [Int32]
    let offsets: [Int]

    /// Over `counts` in any order. In descending order (a finalised vocabulary's) ties merge in
    /// word2vec's order, so the codes equal the original tool's; otherwise (a vocabulary grown by an
    /// update, whose new words come last) the words are merged as if sorted by descending count, ties
    /// in index order.
    init(counts: [Int64]) {
        let n = counts.count
        guard n > 1 else {
            codes = []
            points = []
            offsets = [Int](repeating: 0, count: n + 1)
            return
        }
        // The merge below takes words from the rarest up, so it needs them by descending count: leaf
        // node k is word byRank[k] (the identity for a finalised vocabulary).
        let byRank = (0..<n).sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        var leafOf = [Int](repeating: 0, count: n)
        for (k, word) in byRank.enumerated() { leafOf[word] = k }
        // Nodes 0..<n are the words by rank, n..<2n-1 the inner nodes in order of creation.
        var count = byRank.map { counts[$0] } + [Int64](repeating: Int64.max, count: n - 1)
        var parent = [Int](repeating: 0, count: 2 * n - 1)
        var branch = [UInt8](repeating: 0, count: 2 * n - 1)
        var leaf = n - 1       // next unmerged word, from the rarest up
        var inner = n          // next unmerged inner node
        func takeSmallest() -> Int {
            if leaf >= 0 && (inner >= n + (n - 1) || count[leaf] < count[inner]) {
                leaf -= 1
                return leaf + 1
            }
            inner += 1
            return inner - 1
        }
        for a in 0..<(n - 1) {
            let first = takeSmallest()
            let second = takeSmallest()
            count[n + a] = count[first] &+ count[second]
            parent[first] = n + a
            parent[second] = n + a
            branch[second] = 1
        }
        // Each word's path, from the root down: walk up, then reverse.
        let root = 2 * n - 2
        var codes = [UInt8](), points = [Int32](), offsets = [0]
        var upCodes = [UInt8](), upNodes = [Int]()
        for word in 0..<n {
            upCodes.removeAll(keepingCapacity: true)
            upNodes.removeAll(keepingCapacity: true)
            var node = leafOf[word]
            while node != root {
                upCodes.append(branch[node])
                node = parent[node]
                upNodes.append(node)
            }
            // upNodes[i] is the parent of the node whose branch is upCodes[i].
            for i in stride(from: upCodes.count - 1, through: 0, by: -1) {
                codes.append(upCodes[i])
                points.append(Int32(upNodes[i] - n))
            }
            offsets.append(codes.count)
        }
        self.codes = codes
        self.points = points
        self.offsets = offsets
    }

    func length(_ word: Int) -> Int { offsets[word + 1] - offsets[word] }
    func code(_ word: Int) -> ArraySlice<UInt8> { codes[offsets[word]..<offsets[word + 1]] }
    func point(_ word: Int) -> ArraySlice<Int32> { points[offsets[word]..<offsets[word + 1]] }
}
