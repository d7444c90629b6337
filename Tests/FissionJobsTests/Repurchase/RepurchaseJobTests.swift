import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct RepurchaseJobTests {
    static func order(_ id: String, _ day: String, _ user: String) -> Event {
        Fixtures.event(id, "order_paid", "\(day)T10:00:00+08:00", user: user, props: ["order_id": id], amount: "10.00")
    }

    /// a orders on days 0, 19 and 64 (06-01, 06-20, 08-04); b once on 06-01; c twice on 06-01. The data ends with
    /// 08-04, the last complete day.
    static let events = [order("a1", "2025-06-01", "a"), order("a2", "2025-06-20", "a"), order("a3", "2025-08-04", "a"),
                         order("b1", "2025-06-01", "b"), order("c1", "2025-06-01", "c"),
                         Fixtures.event("c2", "order_paid", "2025-06-01T18:00:00+08:00", user: "c", props: ["order_id": "c2"], amount: "10.00")]

    func output() -> JobOutput {
        RepurchaseJob().run(Cleaner.build(events: Self.events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
    }

    /// Cohort 06-01 has a, b and c. Within 7 days only c bought again (the same day: gap 0); within 30, a too (19 days).
    /// 06-01 + 90 days is after 08-04, so the 90-day cell is incomplete and not pooled.
    @Test func repurchaseRatesByFirstOrderDay() {
        // period, cohort, N, cohorts, size, repurchasers, rate, complete
        #expect(TableText.lines(output().tables[0], where: { $0[0] == "day" }) == [
            "day 2025-06-01 7 1 3 1 0.3333 1", "day 2025-06-01 30 1 3 2 0.6667 1", "day 2025-06-01 90 1 3 2 0.6667 0",
            "day all 7 1 3 1 0.3333 1", "day all 30 1 3 2 0.6667 1", "day all 90 0 0 0 - 1",
        ])
    }

    /// June holds the gaps 0 (c) and 19 (a); August the gap 45 (a). Nearest rank: the median of {0, 19} is 0, P75 19.
    @Test func intervalDistributionsFromExactHistograms() {
        // period, start, platform, channel, n, mean, median, p10, p25, p75, p90, bins 0 / 1 / 2–3 / 4–7 / 8–14 /
        // 15–30 / 31–60 / 61–90 / >90
        #expect(TableText.lines(output().tables[1], where: { $0[0] == "month" && $0[2] == "all" && $0[3] == "all" }) == [
            "month 2025-06-01 all all 2 9.5 0 0 0 19 19 1 0 0 0 0 1 0 0 0",
            "month 2025-08-01 all all 1 45 45 45 45 45 45 0 0 0 0 0 0 1 0 0",
        ])
    }
}
