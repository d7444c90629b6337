import FissionClean
import FissionModel

/// The share a `share_id` stands for: the earliest `share` event carrying it in content order (by timestamp, then
/// `event_id`), across persons and over all the data. Its day, channel and person are the share's day, channel and
/// sharer.
struct ShareOrigin: Sendable, Equatable {
    var eventIndex: Int
    var person: Int32
    var day: LocalDate
    var channel: String

    /// Channel of a share: `props.channel`, or `unknown` when missing or empty; a channel named like a reserved
    /// row (`all`, `orphan`) is escaped as `~all`, `~orphan`.
    static func channel(of e: CleanEvent, in data: CleanDataset) -> String {
        guard let symbol = data.property(data.symbols.lookup("channel"), of: e) else { return "unknown" }
        let channel = data.symbols[symbol]
        guard !channel.isEmpty else { return "unknown" }
        return ReservedLabel.escape(channel, reserved: [ShareFunnelJob.allChannel, ShareFunnelJob.orphanChannel])
    }

    /// The origin of every `share_id` (as a symbol of `data`) that appears on at least one `share` event.
    static func index(_ data: CleanDataset) -> [Symbol: ShareOrigin] {
        let shareKey = data.symbols.lookup("share_id")
        var origins: [Symbol: ShareOrigin] = [:]
        for (i, e) in data.events.enumerated() where e.kind == .share {
            guard let id = data.property(shareKey, of: e) else { continue }
            if let current = origins[id], !data.contentPrecedes(i, current.eventIndex) { continue }
            origins[id] = ShareOrigin(eventIndex: i, person: e.person, day: e.day, channel: channel(of: e, in: data))
        }
        return origins
    }
}
