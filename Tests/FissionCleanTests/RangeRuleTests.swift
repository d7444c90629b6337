import FissionClean
import FissionModel
import FissionTestSupport
import Testing

struct RangeRuleTests {
    let calendar = DayCalendar(timeZone: "Asia/Shanghai")!

    @Test func dateRangeIsInclusiveInLocalDays() {
        let rule = RangeRule(calendar: calendar, firstDay: LocalDate(iso: "2025-06-01"), lastDay: LocalDate(iso: "2025-06-02"))
        func verdict(_ ts: String) -> String? { rule.reason(for: Fixtures.event("e", "app_open", ts, user: "u")).map { "\($0.0): \($0.1)" } }
        #expect(verdict("2025-05-31T23:59:59+08:00") == "out_of_range: local day 2025-05-31 is before date_range start 2025-06-01")
        #expect(verdict("2025-06-01T00:00:00+08:00") == nil)
        #expect(verdict("2025-06-02T23:59:59+08:00") == nil)
        #expect(verdict("2025-06-02T16:00:00Z") == "out_of_range: local day 2025-06-03 is after date_range end 2025-06-02")
    }

    @Test func futureSkew() {
        let rule = RangeRule(calendar: calendar, latestTime: Timestamp(rfc3339: "2025-06-10T01:00:00Z"))
        #expect(rule.reason(for: Fixtures.event("e", "app_open", "2025-06-10T01:00:00Z", user: "u")) == nil)
        #expect(rule.reason(for: Fixtures.event("e", "app_open", "2025-06-10T01:00:00.001Z", user: "u"))?.1
                == "later than 2025-06-10T01:00:00.000Z (run clock + max_future_skew)")
    }
}
