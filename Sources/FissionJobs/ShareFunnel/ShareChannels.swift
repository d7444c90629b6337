import FissionClean
import FissionModel

/// The channel label of each `share` event, with the number of distinct channels bounded (share_funnel option
/// `max_channels`, default 32): `props.channel` is free text, and every distinct value becomes rows per day.
///
/// A share's channel is `props.channel`, or `unknown` when missing or empty; a channel named like a reserved row
/// (`all`, `orphan`) or starting with `~` is escaped with one more `~`. When more than `max_channels` labels occur
/// among the run's shares, those with the most shares keep their label (ties by label, byte-wise) and the others are
/// reported as `~other`, which no escaped channel can be.
public struct ShareChannels: Sendable {
    static let otherLabel = "~other"
    public static let defaultMaxChannels = 32
    /// Channel property value symbol → label; `unknown` is the label of shares without a channel.
    private var labels: [Symbol: String] = [:]
    private var unknownLabel = "unknown"
    private let channelKey: Symbol?
    /// Distinct labels folded into `~other`.
    private(set) var folded = 0

    init(_ data: CleanDataset, maxChannels: Int) {
        channelKey = data.symbols.lookup("channel")
        var counts: [String: Int] = [:]
        var symbolsOf: [String: [Symbol]] = [:]
        var unknownShares = 0
        for e in data.events where e.kind == .share {
            guard let symbol = data.property(channelKey, of: e), !data.symbols[symbol].isEmpty else {
                unknownShares += 1
                continue
            }
            let label = ReservedLabel.escape(data.symbols[symbol], reserved: [ShareFunnelJob.allChannel, ShareFunnelJob.orphanChannel])
            if labels[symbol] == nil {
                labels[symbol] = label
                symbolsOf[label, default: []].append(symbol)
            }
            counts[label, default: 0] += 1
        }
        if unknownShares > 0 { counts["unknown", default: 0] += unknownShares }
        guard counts.count > maxChannels else { return }
        let kept = Set(counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.bytewisePrecedes($1.key) }
            .prefix(maxChannels).map(\.key))
        folded = counts.count - kept.count
        for (label, symbols) in symbolsOf where !kept.contains(label) {
            for s in symbols { labels[s] = Self.otherLabel }
        }
        if !kept.contains("unknown") { unknownLabel = Self.otherLabel }
    }

    /// The label of share event `e`.
    func label(of e: CleanEvent, in data: CleanDataset) -> String {
        guard let symbol = data.property(channelKey, of: e), let label = labels[symbol] else { return unknownLabel }
        return label
    }
}
