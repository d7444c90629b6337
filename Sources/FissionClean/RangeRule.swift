import FissionModel

/// The clean stage's per-event range check: an event outside the date range, or further past the run's
/// wall clock than the allowed skew, is rejected as `out_of_range`.
public struct RangeRule: Sendable, Equatable {
    public var calendar: DayCalendar
    /// Inclusive local-day bounds; nil on a side means unbounded.
    public var firstDay: LocalDate?
    public var lastDay: LocalDate?
    /// Latest accepted instant (wall clock plus skew); nil means no limit.
    public var latestTime: Timestamp?

    public init(calendar: DayCalendar, firstDay: LocalDate? = nil, lastDay: LocalDate? = nil, latestTime: Timestamp? = nil) {
        self.calendar = calendar
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.latestTime = latestTime
    }

    /// `out_of_range` and which bound the event broke, or nil when it is in range.
    public func reason(for event: Event) -> (RejectReason, String)? {
        if let latestTime, event.time > latestTime { return (.outOfRange, "later than \(latestTime) (run clock + max_future_skew)") }
        guard firstDay != nil || lastDay != nil else { return nil }
        let day = calendar.day(of: event.time)
        if let firstDay, day < firstDay { return (.outOfRange, "local day \(day) is before date_range start \(firstDay)") }
        if let lastDay, day > lastDay { return (.outOfRange, "local day \(day) is after date_range end \(lastDay)") }
        return nil
    }
}
