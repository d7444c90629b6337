import FissionClean
import FissionModel
import FissionTestSupport
import Testing

struct PersonSummaryTests {
    let calendar = DayCalendar(timeZone: "Asia/Shanghai")!

    @Test func mergeIsAssociativeAndCommutative() {
        let events = [
            Fixtures.event("1", "app_open", "2025-06-02T10:00:00+08:00", platform: "web", user: "u", union: "U"),
            Fixtures.event("2", "order_paid", "2025-06-01T10:00:00+08:00", platform: "app", user: "u", union: "U", props: ["order_id": "o"], amount: "9.90"),
            Fixtures.event("3", "refund", "2025-06-03T10:00:00+08:00", platform: "app", user: "u", props: ["order_id": "o"], amount: "2.00"),
            Fixtures.event("4", "push_sent", "2025-05-30T10:00:00+08:00", platform: "app", user: "u"),
        ]
        let data = Cleaner.build(events: events, calendar: calendar)
        let parts = data.events.map { PersonSummary($0, isActive: data.isActive($0.event)) }
        var left = PersonSummary()
        for p in parts { left.merge(p) }
        var right = PersonSummary()
        for p in parts.reversed() { right.merge(p) }
        var a = parts[0]; a.merge(parts[1])
        var b = parts[2]; b.merge(parts[3])
        a.merge(b)
        #expect(left == right)
        #expect(left == a)
        #expect(left.firstActive?.day == LocalDate(iso: "2025-06-01"))   // push_sent is not activity
        #expect(left.firstActive?.platform == "app")
        #expect(left.activeDays.count == 3)
        #expect(left.orders == 1)
        #expect(left.netRevenue == MinorUnits(790))
        #expect(data.personSummaries() == [left])
    }
}
