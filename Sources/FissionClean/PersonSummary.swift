import FissionModel

/// Per-person state that merges associatively and commutatively, so partial results (per file, per night)
/// combine into exactly what a full rebuild computes: first-seen = min, active days = union, money = sum.
public struct PersonSummary: Sendable, Equatable {
    /// The person's first active event; ties on time go to the smaller platform name.
    public struct FirstSeen: Sendable, Equatable, Comparable {
        public var time: Timestamp
        public var platform: String
        public var day: LocalDate
        public static func < (a: FirstSeen, b: FirstSeen) -> Bool { (a.time, a.platform) < (b.time, b.platform) }
    }

    public var firstActive: FirstSeen?
    public var activeDays: Set<LocalDate> = []
    public var orders = 0
    public var netRevenue = MinorUnits.zero

    public init() {}

    /// The summary of a single event.
    public init(_ event: CleanEvent, isActive: Bool) {
        if isActive {
            firstActive = FirstSeen(time: event.event.time, platform: event.event.platform, day: event.day)
            activeDays = [event.day]
        }
        switch event.event.kind {
        case .orderPaid:
            orders = 1
            netRevenue = event.event.amount ?? .zero
        case .refund:
            netRevenue = .zero - (event.event.amount ?? .zero)
        default:
            break
        }
    }

    public mutating func merge(_ other: PersonSummary) {
        if let o = other.firstActive, firstActive.map({ o < $0 }) ?? true { firstActive = o }
        activeDays.formUnion(other.activeDays)
        orders += other.orders
        netRevenue = netRevenue + other.netRevenue
    }
}

extension CleanDataset {
    /// Folds each person's events into a `PersonSummary`, indexed by person.
    public func personSummaries() -> [PersonSummary] {
        personRanges.map { range in
            var summary = PersonSummary()
            for e in events[range] { summary.merge(PersonSummary(e, isActive: isActive(e.event))) }
            return summary
        }
    }
}
