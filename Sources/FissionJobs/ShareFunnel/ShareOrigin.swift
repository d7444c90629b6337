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

    /// The origin of every `share_id` (as a symbol of `data`) that appears on at least one `share` event.
    static func index(_ data: CleanDataset, channels: ShareChannels) -> [Symbol: ShareOrigin] {
        let shareKey = data.symbols.lookup("share_id")
        var origins: [Symbol: ShareOrigin] = [:]
        for (i, e) in data.events.enumerated() where e.kind == .share {
            guard let id = data.property(shareKey, of: e) else { continue }
            if let current = origins[id], !data.contentPrecedes(i, current.eventIndex) { continue }
            origins[id] = ShareOrigin(eventIndex: i, person: e.person, day: e.day, channel: channels.label(of: e, in: data))
        }
        return origins
    }
}
