/// The order statistics the reports share, so every median and percentile column means the same thing.
enum OrderStatistics {
    /// The median; for an even count, the mean of the two middle values. Nil when empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The 1-based nearest rank of the `p`-th percentile among `count` values: ⌈p/100 · count⌉, at least 1.
    static func nearestRank(_ p: Int, count: Int) -> Int {
        max(1, (p * count + 99) / 100)
    }
}
