import FissionModel

/// An accepted, de-duplicated event tied to its account, person and local day.
public struct CleanEvent: Sendable, Equatable {
    public var event: Event
    public var person: Int32
    public var account: Int32
    public var day: LocalDate
}

/// The clean stage's output and every aggregate job's input.
///
/// Events are grouped by person and, within a person, ordered by time and then by input order
/// (files sorted by path, then line): this is also the order used for events with equal timestamps.
public struct CleanDataset: Sendable {
    public var events: [CleanEvent]
    /// `events[personRanges[p]]` are person `p`'s events.
    public var personRanges: [Range<Int>]
    public var identities: Identities
    public var calendar: DayCalendar
    /// Events that are not user activity (default `push_sent`): they count as events but never make a person active.
    public var systemEvents: Set<String>
    /// The latest local day of any accepted event; nil for an empty dataset.
    public var lastDataDay: LocalDate?

    public var personCount: Int { personRanges.count }

    public func isActive(_ event: Event) -> Bool { !systemEvents.contains(event.name) }

    public func events(ofPerson p: Int) -> ArraySlice<CleanEvent> { events[personRanges[p]] }
}

/// Builds the `CleanDataset` from accepted, de-duplicated events given in input order.
public enum Cleaner {
    public static let defaultSystemEvents: Set<String> = ["push_sent"]

    public static func build(
        events: [Event],
        calendar: DayCalendar,
        identityOptions: IdentityOptions = IdentityOptions(),
        systemEvents: Set<String> = defaultSystemEvents
    ) -> CleanDataset {
        let identities = IdentityResolver.resolve(events, options: identityOptions)
        let order = events.indices.sorted { a, b in
            let pa = identities.person(ofEvent: a), pb = identities.person(ofEvent: b)
            if pa != pb { return pa < pb }
            if events[a].time != events[b].time { return events[a].time < events[b].time }
            return a < b
        }
        var clean: [CleanEvent] = []
        clean.reserveCapacity(events.count)
        var ranges: [Range<Int>] = Array(repeating: 0..<0, count: identities.personKeys.count)
        var lastDay: LocalDate?
        for i in order {
            let person = identities.person(ofEvent: i)
            let day = calendar.day(of: events[i].time)
            lastDay = max(lastDay ?? day, day)
            if ranges[Int(person)].isEmpty { ranges[Int(person)] = clean.count..<clean.count }
            clean.append(CleanEvent(event: events[i], person: person, account: identities.eventAccount[i], day: day))
            ranges[Int(person)] = ranges[Int(person)].lowerBound..<clean.count
        }
        return CleanDataset(events: clean, personRanges: ranges, identities: identities, calendar: calendar,
                            systemEvents: systemEvents, lastDataDay: lastDay)
    }
}
