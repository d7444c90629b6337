/// The content key that orders events whatever file, line or night they arrived in: timestamp, then `event_id`
/// compared byte-wise (UTF-8), then the raw line's bytes (only needed between copies of one `event_id`).
extension Event {
    /// Whether `a` comes before `b` by (timestamp, `event_id` bytes). After de-duplication `event_id` is unique, so
    /// this is a total order on a run's events.
    public static func contentPrecedes(_ a: Event, _ b: Event) -> Bool {
        if a.time != b.time { return a.time < b.time }
        return a.eventID.bytewisePrecedes(b.eventID)
    }
}

extension String {
    /// Byte-wise (UTF-8) order, as SQLite's BINARY collation and `memcmp` order text; Swift's `<` orders by Unicode
    /// canonical equivalence instead.
    public func bytewisePrecedes(_ other: String) -> Bool {
        utf8.lexicographicallyPrecedes(other.utf8)
    }
}
