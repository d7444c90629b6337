import FissionClean
import FissionModel

/// The share a `share_id` stands for: the earliest `share` event carrying it, in dataset order across persons
/// (by time, then person key). Its day, channel and person are the share's day, channel and sharer.
struct ShareOrigin: Sendable, Equatable {
    var eventIndex: Int
    var time: Timestamp
    var person: Int32
    var day: LocalDate
    var channel: String

    /// Channel of a share: `props.channel`, or `unknown` when missing or empty; a channel named like a reserved
    /// row (`all`, `orphan`) is escaped as `~all`, `~orphan`.
    static func channel(of event: Event) -> String {
        guard let channel = event.props["channel"], !channel.isEmpty else { return "unknown" }
        return ReservedLabel.escape(channel, reserved: [ShareFunnelJob.allChannel, ShareFunnelJob.orphanChannel])
    }

    /// The origin of every `share_id` that appears on at least one `share` event.
    static func index(_ data: CleanDataset) -> [String: ShareOrigin] {
        let keys = data.identities.personKeys
        var origins: [String: ShareOrigin] = [:]
        for (i, e) in data.events.enumerated() where e.event.kind == .share {
            guard let id = e.event.props["share_id"] else { continue }
            let candidate = ShareOrigin(eventIndex: i, time: e.event.time, person: e.person, day: e.day,
                                        channel: channel(of: e.event))
            if let current = origins[id], !candidate.precedes(current, personKeys: keys) { continue }
            origins[id] = candidate
        }
        return origins
    }

    func precedes(_ other: ShareOrigin, personKeys: [String]) -> Bool {
        if time != other.time { return time < other.time }
        let key = personKeys[Int(person)], otherKey = personKeys[Int(other.person)]
        if key != otherKey { return key < otherKey }
        return eventIndex < other.eventIndex
    }
}
