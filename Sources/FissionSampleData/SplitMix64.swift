/// SplitMix64 (Steele, Lea & Flood 2014): a tiny generator that gives the same numbers on every platform.
///
/// Bounded draws are done here rather than through the standard library's `random(in:using:)`,
/// whose algorithm may change between toolchains.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// An independent stream for one stage, so a change in one stage does not shift another's draws.
    init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound`; `bound` must be positive.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// True with probability `p` (exact binary arithmetic, so identical everywhere).
    mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 < p
    }

    /// An index drawn with probability proportional to `weights[i]` (non-negative, not all zero).
    mutating func weighted(_ weights: [Int]) -> Int {
        var total = 0
        for weight in weights { total += weight }
        var r = below(total)
        for index in weights.indices {
            if r < weights[index] { return index }
            r -= weights[index]
        }
        return weights.count - 1
    }

    /// A uniformly chosen element of a non-empty array.
    mutating func element<T>(of array: [T]) -> T {
        array[below(array.count)]
    }
}

/// A weighted choice among many items, by binary search over cumulative weights.
struct WeightedTable {
    private let cumulative: [Int]

    init(weights: [Int]) {
        var running = 0
        cumulative = weights.map { running += $0; return running }
    }

    func draw(_ rng: inout SplitMix64) -> Int {
        let r = rng.below(cumulative.last ?? 1)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > r { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
