import FissionClean
import FissionModel

/// The trees of persons acquired through shares: one edge sharer → new person for each acquisition the share funnel
/// attributes (the new person's first active event opens a share the sharer made). A person without such a parent
/// is a root: they were not acquired by a share in the data (organic, acquired before the data, or by a share that is
/// not in the data). A re-share by a person who was not acquired by a tree roots a tree of its own.
struct ShareForest: Sendable {
    /// Parent person of each person (the sharer who acquired them), or -1.
    var parent: [Int32]
    /// Children of each person, in person order.
    var children: [[Int32]]
    /// The acquisition of each acquired person, by person.
    var acquisition: [Int32: ShareAttribution]

    init(personCount: Int, acquisitions: [ShareAttribution], personKeys: [String]) {
        var parent = [Int32](repeating: -1, count: personCount)
        var acquisition: [Int32: ShareAttribution] = [:]
        for a in acquisitions {
            guard let sharer = a.sharer, sharer != a.person else { continue }
            parent[Int(a.person)] = sharer
            acquisition[a.person] = a
        }
        self.init(parent: parent, acquisition: acquisition, personKeys: personKeys)
    }

    /// From each person's parent (-1 for none).
    init(parent parents: [Int32], acquisition acquired: [Int32: ShareAttribution] = [:], personKeys: [String]) {
        parent = parents
        acquisition = acquired
        let personCount = parents.count
        // Acquisition follows time, so a cycle needs several persons acquired at one millisecond; should one occur,
        // the person with the smallest key in it becomes a root.
        var state = [UInt8](repeating: 0, count: personCount)  // 0 new, 1 on the current path, 2 done
        for start in 0..<personCount where state[start] == 0 {
            var path: [Int] = []
            var p = start
            while p >= 0, state[p] == 0 {
                state[p] = 1
                path.append(p)
                p = Int(parent[p])
            }
            if p >= 0, state[p] == 1, let at = path.firstIndex(of: p) {
                let cycle = path[at...]
                let root = cycle.min { personKeys[$0] < personKeys[$1] }!
                parent[root] = -1
                acquisition[Int32(root)] = nil
            }
            for q in path { state[q] = 2 }
        }
        children = Array(repeating: [], count: personCount)
        for p in 0..<personCount where parent[p] >= 0 { children[Int(parent[p])].append(Int32(p)) }
    }

    /// One tree: its persons by generation (the root alone first), and its structural virality.
    struct Tree: Sendable, Equatable {
        var root: Int32
        var generations: [[Int32]]
        var size: Int { generations.reduce(0) { $0 + $1.count } }
        /// Edges on the longest path from the root (0 for a root alone).
        var depth: Int { generations.count - 1 }
        var maxBreadth: Int { generations.map(\.count).max() ?? 0 }
        var members: [Int32] { generations.flatMap { $0 } }
        /// Structural virality (Goel, Anderson, Hofman & Watts 2016): the mean shortest-path distance between all
        /// pairs of persons, ν = 2·Σ_edges s·(n−s) / (n·(n−1)), where s is the size of the subtree below the edge.
        /// Nil for a tree of one person.
        var virality: Double?
    }

    func tree(rootedAt root: Int32) -> Tree {
        var generations: [[Int32]] = [[root]]
        while let last = generations.last {
            let next = last.flatMap { children[Int($0)] }
            if next.isEmpty { break }
            generations.append(next)
        }
        let n = generations.reduce(0) { $0 + $1.count }
        guard n > 1 else { return Tree(root: root, generations: generations, virality: nil) }
        // Subtree sizes, deepest generation first; every non-root person is the lower end of one edge.
        var below: [Int32: Int] = [:]
        var sum = 0
        for generation in generations.reversed() {
            for p in generation {
                let s = 1 + children[Int(p)].reduce(0) { $0 + below[$1]! }
                below[p] = s
                if p != root { sum += s * (n - s) }
            }
        }
        return Tree(root: root, generations: generations, virality: 2 * Double(sum) / (Double(n) * Double(n - 1)))
    }

    /// Persons below `p` in its tree (its descendants, not itself).
    func descendants(of p: Int32) -> [Int32] {
        var out: [Int32] = []
        var frontier = children[Int(p)]
        while !frontier.isEmpty {
            out += frontier
            frontier = frontier.flatMap { children[Int($0)] }
        }
        return out
    }
}
