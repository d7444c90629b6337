import FissionClean
import FissionModel
import FissionTestSupport
import Testing

struct CleanDatasetTests {
    let calendar = DayCalendar(timeZone: "Asia/Shanghai")!
    let events = [Fixtures.event("1", "app_open", "2025-06-01T10:00:00+08:00", user: "a"),
                  Fixtures.event("2", "app_open", "2025-06-02T01:30:00+08:00", user: "a")]

    /// The data ends at the midnight after its last day, unless the run's clock is earlier: a day the export has only
    /// partly covered (02:00 on 06-02) is not complete.
    @Test func endOfDataIsBoundedByTheRunClock() {
        let plain = Cleaner.build(events: events, calendar: calendar)
        #expect(plain.endOfData == Timestamp(rfc3339: "2025-06-03T00:00:00+08:00"))
        #expect(plain.lastCompleteDay == LocalDate(iso: "2025-06-02"))

        let night = Cleaner.build(events: events, calendar: calendar, clock: Timestamp(rfc3339: "2025-06-02T02:00:00+08:00"))
        #expect(night.lastDataDay == LocalDate(iso: "2025-06-02"))
        #expect(night.endOfData == Timestamp(rfc3339: "2025-06-02T02:00:00+08:00"))
        #expect(night.lastCompleteDay == LocalDate(iso: "2025-06-01"))

        let later = Cleaner.build(events: events, calendar: calendar, clock: Timestamp(rfc3339: "2025-06-10T00:00:00Z"))
        #expect(later.endOfData == plain.endOfData)
    }

    /// Events are grouped by person and ordered by content whatever the input order.
    @Test func orderIsByPersonThenContent() {
        let tied = [Fixtures.event("b", "page_view", "2025-06-01T10:00:00Z", user: "u"),
                    Fixtures.event("a", "app_open", "2025-06-01T10:00:00Z", user: "u"),
                    Fixtures.event("c", "app_open", "2025-06-01T09:00:00Z", user: "v")]
        for input in [tied, tied.reversed()] {
            let data = Cleaner.build(events: input, calendar: calendar)
            #expect(data.eventIDs == ["a", "b", "c"])
            #expect(data.personRanges == [0..<2, 2..<3])
        }
    }
}
