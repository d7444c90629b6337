import FissionModel

/// Bounds the distinct platforms that become report rows. Platforms are a handful in any real export (WeChat,
/// Douyin, Alipay, app, web…), but nothing in the data stops a bad producer from writing thousands, and several
/// reports grow with them (`platform_overlap_pairs` with their square).
///
/// When more than `maxPlatforms` distinct platforms occur among the run's events, the `maxPlatforms` with the most
/// events keep their names (ties: by name, byte-wise) and the others are reported as the label `OTHER`, which no
/// platform in the data can be (platforms are lower-cased when decoded). The folded platforms and their events are
/// counted in `run_metrics` (job `clean`).
public struct PlatformCap: Sendable, Equatable {
    public static let otherLabel = "OTHER"
    public static let defaultMaxPlatforms = 32
    public var maxPlatforms: Int

    public init(maxPlatforms: Int = defaultMaxPlatforms) {
        self.maxPlatforms = maxPlatforms
    }

    /// What folding did.
    public struct Folded: Sendable, Equatable {
        public var platforms = 0
        public var events = 0
        public init(platforms: Int = 0, events: Int = 0) {
            self.platforms = platforms
            self.events = events
        }
    }

    /// Rewrites `batch.platforms` in place.
    public func apply(to batch: inout EventBatch) -> Folded {
        var counts = [Int](repeating: 0, count: batch.symbols.strings.count)
        for p in batch.platforms { counts[Int(p.index)] += 1 }
        let used = counts.indices.filter { counts[$0] > 0 }
        guard used.count > maxPlatforms else { return Folded() }
        let ranked = used.sorted { a, b in
            counts[a] != counts[b] ? counts[a] > counts[b] : batch.symbols.strings[a].bytewisePrecedes(batch.symbols.strings[b])
        }
        let other = batch.symbols.intern(Self.otherLabel)
        var remap = [Symbol](repeating: other, count: counts.count)
        for s in ranked.prefix(maxPlatforms) { remap[s] = Symbol(Int32(s)) }
        var folded = Folded(platforms: used.count - maxPlatforms)
        for i in batch.platforms.indices {
            let p = batch.platforms[i]
            let mapped = remap[Int(p.index)]
            if mapped == other { folded.events += 1 }
            batch.platforms[i] = mapped
        }
        return folded
    }
}
