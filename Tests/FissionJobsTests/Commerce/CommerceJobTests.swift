import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct CommerceJobTests {
    /// Asia/Shanghai, WeChat. a (organic) pays 100.00 on Sunday 06-01 and 50.00 on Monday 06-02, when 80.00 of the first
    /// order is refunded: the refund is larger than 06-02's GMV. b arrives through a share on 06-01 and pays 30.00.
    static let events: [Event] = [
        Fixtures.event("1", "app_open", "2025-06-01T09:00:00+08:00", user: "a"),
        Fixtures.event("2", "order_paid", "2025-06-01T10:00:00+08:00", user: "a", props: ["order_id": "o1"], amount: "100.00"),
        Fixtures.event("3", "share_open", "2025-06-01T11:00:00+08:00", user: "b", props: ["share_id": "s"]),
        Fixtures.event("4", "order_paid", "2025-06-01T12:00:00+08:00", user: "b", props: ["order_id": "o3"], amount: "30.00"),
        Fixtures.event("5", "order_paid", "2025-06-02T10:00:00+08:00", user: "a", props: ["order_id": "o2"], amount: "50.00"),
        Fixtures.event("6", "refund", "2025-06-02T11:00:00+08:00", user: "a", props: ["order_id": "o1"], amount: "80.00"),
    ]

    func output() -> JobOutput {
        CommerceJob().run(Cleaner.build(events: Self.events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
    }

    @Test func dailyFiguresByChannel() {
        // day platform channel | orders gmv refunds refunded net refund_rate refunded_order_rate active paying new
        // aov arpu arppu repeat_share
        #expect(TableText.lines(output().tables[0], where: { $0[1] == "all" }) == [
            "2025-06-01 all all 2 13000 0 0 13000 0 0 2 2 2 6500 6500 6500 0",
            "2025-06-01 all organic 1 10000 0 0 10000 0 0 1 1 1 10000 10000 10000 0",
            "2025-06-01 all share 1 3000 0 0 3000 0 0 1 1 1 3000 3000 3000 0",
            // 80.00 refunded against 50.00 paid: net −30.00, refund rate 1.6; the repeat order's 50.00 over a
            // negative net gives a share of −1.6667.
            "2025-06-02 all all 1 5000 1 8000 -3000 1.6 1 1 1 0 5000 -3000 -3000 -1.6667",
            "2025-06-02 all organic 1 5000 1 8000 -3000 1.6 1 1 1 0 5000 -3000 -3000 -1.6667",
        ])
    }

    @Test func monthSummary() {
        #expect(TableText.lines(output().tables[1], where: { $0[0] == "month" && $0[2] == "all" && $0[3] == "all" }) == [
            "month 2025-06-01 all all 3 18000 1 8000 10000 0.4444 0.3333 2 2 2 6000 5000 5000 0.5",
        ])
        // 06-01 is a Sunday: its week starts on Monday 05-26; 06-02 starts the next.
        #expect(TableText.lines(output().tables[1], where: { $0[0] == "week" && $0[2] == "all" && $0[3] == "all" }).map { $0.prefix(26) }
                == ["week 2025-05-26 all all 2 ", "week 2025-06-02 all all 1 "])
    }
}
