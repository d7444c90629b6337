import FissionClean
import FissionModel
import Testing

struct DayCalendarTests {
    func day(_ ts: String, _ zone: String) -> String {
        DayCalendar(timeZone: zone)!.day(of: Timestamp(rfc3339: ts)!).description
    }

    @Test func shanghaiDayBoundary() {
        #expect(day("2025-06-01T23:59:59.999+08:00", "Asia/Shanghai") == "2025-06-01")
        #expect(day("2025-06-02T00:00:00+08:00", "Asia/Shanghai") == "2025-06-02")
        #expect(day("2025-06-01T16:00:00Z", "Asia/Shanghai") == "2025-06-02")
        #expect(day("2025-06-01T15:59:59Z", "Asia/Shanghai") == "2025-06-01")
    }

    @Test func daylightSavingTime() {
        // New York: EDT (−4) from 2025-03-09 07:00Z, EST (−5) before.
        #expect(day("2025-03-09T04:59:59Z", "America/New_York") == "2025-03-08")
        #expect(day("2025-03-09T05:00:00Z", "America/New_York") == "2025-03-09")
        #expect(day("2025-07-01T03:59:59Z", "America/New_York") == "2025-06-30")
        #expect(day("2025-07-01T04:00:00Z", "America/New_York") == "2025-07-01")
    }

    @Test func startOfDay() {
        let calendar = DayCalendar(timeZone: "Asia/Shanghai")!
        #expect(calendar.startOfDay(LocalDate(iso: "2025-06-02")!) == Timestamp(rfc3339: "2025-06-01T16:00:00Z"))
        #expect(DayCalendar(timeZone: "Mars/Olympus") == nil)
    }
}
