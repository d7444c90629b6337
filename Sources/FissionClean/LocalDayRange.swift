import FissionModel

/// Accepted timestamps must fall in years 0001–9999 both in UTC (the text of timestamps in reports) and on the local
/// day in the reporting time zone (the text of days): the range of RFC 3339 and of `LocalDate`. The text
/// `9999-12-31T23:00:00-05:00` is valid RFC 3339, but its instant is 10000-01-01T04:00Z, on day 10000-01-01 in
/// Asia/Shanghai; no report can name either, so it is rejected as `bad_timestamp`.
public struct LocalDayRange: Sendable, Equatable {
    public var calendar: DayCalendar
    public static let firstDay = LocalDate(year: 1, month: 1, day: 1)!
    public static let lastDay = LocalDate(year: 9999, month: 12, day: 31)!

    public init(calendar: DayCalendar) {
        self.calendar = calendar
    }

    /// `bad_timestamp` and why, or nil when the instant and its local day are within the range.
    public func reason(for time: Timestamp) -> (RejectReason, String)? {
        let day = calendar.day(of: time)
        guard !Timestamp.validRange.contains(time.millisecondsSinceEpoch) || day < Self.firstDay || day > Self.lastDay
        else { return nil }
        return (.badTimestamp, "ts \(time) falls outside years 0001-9999 in UTC or in \(calendar.identifier)")
    }
}
