import FissionClean
import FissionIngest
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct BargainJobTests {
    static func e(_ id: String, _ name: String, _ ts: String, _ user: String, _ props: [String: String] = [:], amount: String? = nil) -> Event {
        Fixtures.event(id, name, ts, user: user, props: props, amount: amount)
    }

    /// Asia/Shanghai, 2025-06-01. B1: i asks for 29.90 off; h1 helps as their very first event (a new person) and buys
    /// something two days later; h2 (known since May) helps twice; i helping their own bargain does not count. It
    /// succeeds 90 minutes in and i pays 9.90 for it. B2: j starts one nobody helps.
    static let events: [Event] = [
        e("1", "app_open", "2025-05-20T09:00:00+08:00", "h2"),
        e("2", "bargain_start", "2025-06-01T10:00:00+08:00", "i", ["bargain_id": "B1", "target_price": "29.90"]),
        e("3", "bargain_help", "2025-06-01T10:10:00+08:00", "h1", ["bargain_id": "B1"]),
        e("4", "bargain_help", "2025-06-01T10:20:00+08:00", "h2", ["bargain_id": "B1"]),
        e("5", "bargain_help", "2025-06-01T10:25:00+08:00", "h2", ["bargain_id": "B1"]),
        e("6", "bargain_help", "2025-06-01T10:30:00+08:00", "i", ["bargain_id": "B1"]),
        e("7", "bargain_success", "2025-06-01T11:30:00+08:00", "i", ["bargain_id": "B1"]),
        e("8", "order_paid", "2025-06-01T11:40:00+08:00", "i", ["bargain_id": "B1", "order_id": "o1"], amount: "9.90"),
        e("9", "order_paid", "2025-06-03T10:00:00+08:00", "h1", ["order_id": "o2"], amount: "5.00"),
        e("10", "bargain_start", "2025-06-01T12:00:00+08:00", "j", ["bargain_id": "B2"]),
    ]

    func output() -> JobOutput {
        BargainJob().run(Cleaner.build(events: Self.events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
    }

    @Test func oneRowPerBargain() {
        // id, start, day, initiator, target, helpers, new, helpers who bought, success, seconds, orders, revenue
        #expect(TableText.lines(output().tables[0]) == [
            "B1 2025-06-01T02:00:00.000Z 2025-06-01 wechat:user:i 2990 2 1 1 1 5400 1 990",
            "B2 2025-06-01T04:00:00.000Z 2025-06-01 wechat:user:j - 0 0 0 0 - 0 0",
        ])
    }

    @Test func summaryPerStartDay() {
        // day, bargains, succeeded, success rate, helpers/bargain, new persons/bargain, helper → buyer conversion
        #expect(TableText.lines(output().tables[1]) == ["2025-06-01 2 1 0.5 1 0.5 0.5"])
    }

    @Test func bargainEventsRequireTheirID() {
        let line = Fixtures.line("x", "bargain_help", "2025-06-01T10:00:00Z", user: "u")
        let result = Array(line.utf8).withUnsafeBufferPointer { EventDecoder().decode($0) }
        guard case .failure(let failure) = result else { Issue.record("accepted a bargain event without bargain_id"); return }
        #expect(failure.reason == .missingField("props.bargain_id"))
    }
}
