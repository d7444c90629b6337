import FissionModel

/// The report window (config `date_range`): which local days' periods are reported (cohort periods, share days,
/// funnel entry days, LTV cohorts, `daily_activity` days, the overlap window's end). It is not a data filter:
/// first facts and outcomes use every event the run may see (`DataScope`).
public struct ReportWindow: Sendable, Equatable {
    /// Inclusive local-day bounds; nil on a side means unbounded.
    public var firstDay: LocalDate?
    public var lastDay: LocalDate?

    public static let unbounded = ReportWindow()

    public init(firstDay: LocalDate? = nil, lastDay: LocalDate? = nil) {
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    public func contains(_ day: LocalDate) -> Bool {
        overlaps(first: day, last: day)
    }

    /// Whether the days `first…last` (a week or month) share at least one day with the window.
    public func overlaps(first: LocalDate, last: LocalDate) -> Bool {
        (firstDay.map { last >= $0 } ?? true) && (lastDay.map { first <= $0 } ?? true)
    }
}

/// Where an accepted, de-duplicated event stands for this run. Each accepted event is exactly one of these.
public enum EventPlacement: Sendable, Equatable {
    /// On a local day inside the report window.
    case inWindow
    /// Outside the report window: still used for first facts (cohorts, channels, new persons, identity) and outcomes.
    case outsideWindow
    /// Before `history` or after `--as-of`: valid data that this run does not look at.
    case ignored
}

/// What a run may see: events from `historyStart` (config `history`) up to `cutoff` (the `--as-of` instant), and the
/// report window inside that.
public struct DataScope: Sendable, Equatable {
    public var calendar: DayCalendar
    public var window: ReportWindow
    /// First local day whose events are used at all; nil: all data read.
    public var historyStart: LocalDate?
    /// Latest instant used (inclusive); nil: no cutoff.
    public var cutoff: Timestamp?

    public init(calendar: DayCalendar, window: ReportWindow = .unbounded, historyStart: LocalDate? = nil, cutoff: Timestamp? = nil) {
        self.calendar = calendar
        self.window = window
        self.historyStart = historyStart
        self.cutoff = cutoff
    }

    public func placement(of time: Timestamp) -> EventPlacement {
        if let cutoff, time > cutoff { return .ignored }
        let day = calendar.day(of: time)
        if let historyStart, day < historyStart { return .ignored }
        return window.contains(day) ? .inWindow : .outsideWindow
    }
}
