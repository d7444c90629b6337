import FissionModel

/// Drops events whose `event_id` was already accepted, keeping the first in input order
/// (files sorted by path, then line number), so the survivor does not depend on the order files were listed.
public struct Deduplicator: Sendable {
    private var seen: Set<String> = []

    public init() {}

    /// Returns the events of one file that are new, and how many were duplicates.
    public mutating func admit(_ events: [Event]) -> (kept: [Event], duplicates: Int) {
        var kept: [Event] = []
        kept.reserveCapacity(events.count)
        for event in events where seen.insert(event.eventID).inserted {
            kept.append(event)
        }
        return (kept, events.count - kept.count)
    }
}
