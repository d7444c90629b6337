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
/// Events are grouped by person and, within a person, in content order: by timestamp, then `event_id` byte-wise
/// (`Event.contentPrecedes`), so no choice depends on file names, file order or line numbers.
public struct CleanDataset: Sendable {
    public var events: [CleanEvent]
    /// `events[personRanges[p]]` are person `p`'s events.
    public var personRanges: [Range<Int>]
    public var identities: Identities
    public var calendar: DayCalendar
    /// Events that are not user activity (default `push_sent`): they count as events but never make a person active.
    public var systemEvents: Set<String>
    /// The latest local day of any event in the dataset; nil for an empty dataset.
    public var lastDataDay: LocalDate?
    /// Which periods the reports report (config `date_range`); the events cover all the data the run may see.
    public var window: ReportWindow

    public var personCount: Int { personRanges.count }

    public func isActive(_ event: Event) -> Bool { !systemEvents.contains(event.name) }

    public func events(ofPerson p: Int) -> ArraySlice<CleanEvent> { events[personRanges[p]] }
}

/// Builds the `CleanDataset` from accepted, de-duplicated events in any order.
public enum Cleaner {
    public static let defaultSystemEvents: Set<String> = ["push_sent"]

    public static func build(
        events: [Event],
        calendar: DayCalendar,
        window: ReportWindow = .unbounded,
        identityOptions: IdentityOptions = IdentityOptions(),
        systemEvents: Set<String> = defaultSystemEvents
    ) -> CleanDataset {
        let identities = IdentityResolver.resolve(events, options: identityOptions)
        let order = events.indices.sorted { a, b in
            let pa = identities.person(ofEvent: a), pb = identities.person(ofEvent: b)
            if pa != pb { return pa < pb }
            return Event.contentPrecedes(events[a], events[b])
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
                            systemEvents: systemEvents, lastDataDay: lastDay, window: window)
    }
}
