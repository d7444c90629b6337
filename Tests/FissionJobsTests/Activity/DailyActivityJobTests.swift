import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct DailyActivityJobTests {
    @Test func countsPersonsEventsOrdersAndNetRevenue() {
        // Tests/Fixtures/daily-activity.jsonl:
        // Person P (wechat a + app b via U1): active on 06-01 (wechat, at 23:59:59 local) and 06-02 (app, pays 19.90).
        // Person Q: a push (not activity) on 06-01, then active on 06-02 on wechat; refunds 5.00 of an unknown order.
        let events = Fixtures.events(jsonl: "daily-activity")
        let data = Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!)
        let table = DailyActivityJob().run(data).tables[0]
        #expect(table.schema.name == "daily_activity")
        // day, platform, active_persons, events, new_persons, orders, revenue_minor
        #expect(table.rows == [
            ["2025-06-01", "all", 1, 2, 1, 0, 0],
            ["2025-06-01", "wechat", 1, 2, 1, 0, 0],
            ["2025-06-02", "all", 2, 2, 1, 1, 1490],
            ["2025-06-02", "app", 1, 1, 0, 1, 1990],
            ["2025-06-02", "wechat", 1, 1, 1, 0, -500],
        ])
    }

    /// Window 06-02…06-02: only 06-02 rows; P, first active on 06-01, is active but not new there.
    @Test func reportWindowSelectsDaysAndNewPersonsUseAllData() {
        let window = ReportWindow(firstDay: LocalDate(iso: "2025-06-02"), lastDay: LocalDate(iso: "2025-06-02"))
        let data = Cleaner.build(events: Fixtures.events(jsonl: "daily-activity"), calendar: DayCalendar(timeZone: "Asia/Shanghai")!,
                                 window: window)
        #expect(DailyActivityJob().run(data).tables[0].rows == [
            ["2025-06-02", "all", 2, 2, 1, 1, 1490],
            ["2025-06-02", "app", 1, 1, 0, 1, 1990],
            ["2025-06-02", "wechat", 1, 1, 1, 0, -500],
        ])
    }

    @Test func aPlatformNamedAllIsKeptApartFromTheTotal() {
        let events = [Fixtures.event("1", "app_open", "2025-06-01T10:00:00+08:00", platform: "all", user: "a"),
                      Fixtures.event("2", "app_open", "2025-06-01T10:00:00+08:00", platform: "web", user: "b")]
        let table = DailyActivityJob().run(Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!)).tables[0]
        #expect(table.rows == [
            ["2025-06-01", "all", 2, 2, 2, 0, 0],
            ["2025-06-01", "web", 1, 1, 1, 0, 0],
            ["2025-06-01", "~all", 1, 1, 1, 0, 0],
        ])
    }
}
