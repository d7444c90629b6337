import FissionClean
import FissionModel
import Testing

struct LocalDayRangeTests {
    let shanghai = LocalDayRange(calendar: DayCalendar(timeZone: "Asia/Shanghai")!)
    let newYork = LocalDayRange(calendar: DayCalendar(timeZone: "America/New_York")!)

    /// The reproducer: valid RFC 3339 text whose instant is 10000-01-01T04:00Z (day 10000-01-01 in Shanghai;
    /// in New York it is still 9999-12-31, but the UTC instant cannot be written in a report either).
    @Test func writtenYear9999CanBeLocalYear10000() {
        let t = Timestamp(rfc3339: "9999-12-31T23:00:00-05:00")!
        #expect(shanghai.reason(for: t)?.0 == .badTimestamp)
        #expect(newYork.reason(for: t)?.0 == .badTimestamp)
    }

    @Test func lastHourOfYear9999IsYear10000InShanghai() {
        let t = Timestamp(rfc3339: "9999-12-31T23:00:00Z")!
        #expect(shanghai.reason(for: t)?.0 == .badTimestamp)
        #expect(shanghai.reason(for: t)?.1 == "ts 9999-12-31T23:00:00.000Z falls outside years 0001-9999 in UTC or in Asia/Shanghai")
        #expect(newYork.reason(for: t) == nil)
    }

    @Test func firstHourOfYear1IsYear0InNewYork() {
        let t = Timestamp(rfc3339: "0001-01-01T01:00:00Z")!
        #expect(newYork.reason(for: t)?.0 == .badTimestamp)
        #expect(shanghai.reason(for: t) == nil)
    }
}
