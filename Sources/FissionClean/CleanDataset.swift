import FissionModel

/// The clean stage's output and every aggregate job's input, in compact form.
///
/// Events are grouped by person and, within a person, in content order: by timestamp, then `event_id` byte-wise
/// (`EventBatch.contentPrecedes`), so no choice depends on file names, file order or line numbers. Only the properties
/// the configured reports read are kept (`Cleaner.build(…, keptProperties:)`).
public struct CleanDataset: Sendable {
    public var events: [CleanEvent]
    /// `event_id` of each event, parallel to `events`: the tie-break of content order across persons.
    public var eventIDs: [String]
    /// Names, platforms, property keys and values.
    public var symbols: SymbolTable
    /// Kept properties of all events; see `CleanEvent.propertiesStart`.
    public var properties: [PropertySymbols]
    /// `events[personRanges[p]]` are person `p`'s events.
    public var personRanges: [Range<Int>]
    public var identities: Identities
    public var calendar: DayCalendar
    /// Events that are not user activity (default `push_sent`): they count as events but never make a person active.
    public var systemEvents: Set<String>
    /// The latest local day of any event in the dataset; nil for an empty dataset.
    public var lastDataDay: LocalDate?
    /// The end of the data: local midnight after `lastDataDay`, or the run's clock (`--as-of`, else the wall clock)
    /// when that is earlier, so that a day the export has only partly covered is not complete. Nil when empty.
    public var endOfData: Timestamp?
    /// The last local day that has ended by `endOfData`: cells up to it are complete.
    public var lastCompleteDay: LocalDate? { endOfData.map { calendar.day(of: $0).adding(days: -1) } }
    /// Which periods the reports report (config `date_range`); the events cover all the data the run may see.
    public var window: ReportWindow
    /// Platforms reported as `OTHER` by the platform cap, and their events.
    public var foldedPlatforms = PlatformCap.Folded()
    /// Config `scene_channels`: scene value → acquisition channel, over the standard WeChat table (FissionJobs'
    /// `SceneChannels`).
    public var sceneChannelOverrides: [String: String] = [:]

    public var personCount: Int { personRanges.count }

    public func events(ofPerson p: Int) -> ArraySlice<CleanEvent> { events[personRanges[p]] }

    public func platform(of e: CleanEvent) -> String { symbols[e.platform] }

    /// The value of property `key` (a symbol from `symbols.lookup`) on `e`, if kept.
    public func property(_ key: Symbol?, of e: CleanEvent) -> Symbol? {
        guard let key, e.propertyCount > 0 else { return nil }
        let start = Int(e.propertiesStart)
        for p in properties[start..<start + Int(e.propertyCount)] where p.key == key { return p.value }
        return nil
    }

    /// Whether event `a` comes before event `b` (indexes into `events`) in content order.
    public func contentPrecedes(_ a: Int, _ b: Int) -> Bool {
        if events[a].time != events[b].time { return events[a].time < events[b].time }
        return eventIDs[a].bytewisePrecedes(eventIDs[b])
    }
}

/// Builds the `CleanDataset` from accepted, de-duplicated events in any order.
public enum Cleaner {
    public static let defaultSystemEvents: Set<String> = ["push_sent"]

    /// `keptProperties`: the property keys the reports read (nil: all of them).
    public static func build(
        events: [Event],
        calendar: DayCalendar,
        window: ReportWindow = .unbounded,
        identityOptions: IdentityOptions = IdentityOptions(),
        systemEvents: Set<String> = defaultSystemEvents,
        keptProperties: Set<String>? = nil,
        clock: Timestamp? = nil
    ) -> CleanDataset {
        build(batch: EventBatch(events, keptProperties: keptProperties), calendar: calendar, window: window, identityOptions: identityOptions,
                     systemEvents: systemEvents, clock: clock)
    }

    /// From the run's merged batch (one symbol table; properties already projected). The batch's columns are released
    /// as soon as they have been read, so the dataset and the batch are not held whole at once. `identities`: decided
    /// elsewhere (the distributed `resolve` stage: `eventAccount` parallel to the batch, platforms already capped);
    /// else resolved here after the platform cap.
    public static func build(
        batch: consuming EventBatch,
        calendar: DayCalendar,
        window: ReportWindow = .unbounded,
        identityOptions: IdentityOptions = IdentityOptions(),
        systemEvents: Set<String> = defaultSystemEvents,
        clock: Timestamp? = nil,
        platformCap: PlatformCap = PlatformCap(),
        identities given: Identities? = nil
    ) -> CleanDataset {
        var b = batch
        let folded = given == nil ? platformCap.apply(to: &b) : PlatformCap.Folded()
        let identities = given ?? IdentityResolver.resolve(b, options: identityOptions)
        let order = personOrder(b, identities)
        b.users = []
        b.anonymousIDs = []
        b.unionIDs = []
        let isActiveName = b.symbols.strings.map { !systemEvents.contains($0) }  // by symbol index
        var properties: [PropertySymbols] = []
        properties.reserveCapacity(b.properties.count)
        var clean: [CleanEvent] = []
        var eventIDs: [String] = []
        clean.reserveCapacity(b.count)
        eventIDs.reserveCapacity(b.count)
        var ranges: [Range<Int>] = Array(repeating: 0..<0, count: identities.personKeys.count)
        var lastDay: LocalDate?
        for i in order {
            let person = identities.person(ofEvent: i)
            let day = calendar.day(of: b.times[i])
            lastDay = max(lastDay ?? day, day)
            let start = Int32(properties.count)
            properties += b.properties[Int(b.propertyStarts[i])..<Int(b.propertyStarts[i + 1])]
            if ranges[Int(person)].isEmpty { ranges[Int(person)] = clean.count..<clean.count }
            clean.append(CleanEvent(
                time: b.times[i], amount: b.amounts[i], day: day, person: person, account: identities.eventAccount[i],
                name: b.names[i], platform: b.platforms[i], propertiesStart: start,
                propertyCount: Int32(properties.count) - start, kind: b.kinds[i], isActive: isActiveName[Int(b.names[i].index)]))
            eventIDs.append(b.eventIDs[i])
            ranges[Int(person)] = ranges[Int(person)].lowerBound..<clean.count
        }
        let endOfData = lastDay.map { day in
            let midnight = calendar.startOfDay(day.adding(days: 1))
            return clock.map { min($0, midnight) } ?? midnight
        }
        return CleanDataset(events: clean, eventIDs: eventIDs, symbols: b.symbols, properties: properties,
                            personRanges: ranges, identities: identities, calendar: calendar,
                            systemEvents: systemEvents, lastDataDay: lastDay, endOfData: endOfData, window: window,
                            foldedPlatforms: folded)
    }

    /// Event indexes grouped by person (counting sort, O(events)), each person's in content order.
    static func personOrder(_ b: EventBatch, _ identities: Identities) -> [Int] {
        var starts = [Int](repeating: 0, count: identities.personKeys.count + 1)
        for i in b.indices { starts[Int(identities.person(ofEvent: i)) + 1] += 1 }
        for p in identities.personKeys.indices { starts[p + 1] += starts[p] }
        var order = [Int](repeating: 0, count: b.count)
        var next = starts
        for i in b.indices {
            let p = Int(identities.person(ofEvent: i))
            order[next[p]] = i
            next[p] += 1
        }
        order.withUnsafeMutableBufferPointer { buffer in
            for p in identities.personKeys.indices where starts[p + 1] - starts[p] > 1 {
                // Sorting a rebased slice of the buffer sorts in place (a slice of the array could copy it whole).
                var slice = UnsafeMutableBufferPointer(rebasing: buffer[starts[p]..<starts[p + 1]])
                slice.sort { b.contentPrecedes($0, $1) }
            }
        }
        return order
    }
}
