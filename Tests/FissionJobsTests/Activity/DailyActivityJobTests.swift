import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct DailyActivityJobTests {
    @Test func countsPersonsEventsOrdersAndNetRevenue() {
        let events = [
            // Person P (wechat a + app b via U1): active on 06-01 (wechat, at 23:59:59 local) and 06-02 (app).
            Fixtures.event("1", "app_open", "2025-06-01T23:59:59+08:00", platform: "wechat", user: "a", union: "U1"),
            Fixtures.event("2", "order_paid", "2025-06-02T00:00:00+08:00", platform: "app", user: "b", union: "U1",
                           props: ["order_id": "o1"], amount: "19.90"),
            // Person Q: a push (not activity) on 06-01, then active on 06-02 on wechat; refunds an unknown order.
            Fixtures.event("3", "push_sent", "2025-06-01T12:00:00+08:00", platform: "wechat", user: "q"),
            Fixtures.event("4", "refund", "2025-06-02T09:00:00+08:00", platform: "wechat", user: "q",
                           props: ["order_id": "o0"], amount: "5.00"),
        ]
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
}
