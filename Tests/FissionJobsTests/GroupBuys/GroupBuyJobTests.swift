import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct GroupBuyJobTests {
    static func e(_ id: String, _ name: String, _ ts: String, _ user: String, _ props: [String: String] = [:], amount: String? = nil) -> Event {
        Fixtures.event(id, name, ts, user: user, props: props, amount: amount)
    }

    /// Asia/Shanghai. G1 (size 2) fills: j joins as their first event and i's success follows an hour after the start;
    /// i pays 49.90 for it. G2 (size 3) gets only k (an existing person) and expires after 24 h: failed, and k's 9.90
    /// order for it is refunded. G3 (size 3) fills 30 minutes in with n (new: first a share_open, then the join) and
    /// one robot join. G4 starts at 23:00 on the last data day: its 24 h have not passed by the end of the data (06-03
    /// 00:00), so it is open. G5 (size 2) is filled by the system alone: a robot join, success 6 minutes in.
    static let events: [Event] = [
        e("1", "app_open", "2025-05-31T09:00:00+08:00", "k"),
        e("2", "app_open", "2025-06-01T09:00:00+08:00", "i"),
        e("3", "group_buy_start", "2025-06-01T10:00:00+08:00", "i", ["group_id": "G1", "group_size": "2"]),
        e("4", "group_buy_join", "2025-06-01T10:30:00+08:00", "j", ["group_id": "G1"]),
        e("5", "group_buy_success", "2025-06-01T11:00:00+08:00", "i", ["group_id": "G1"]),
        e("6", "order_paid", "2025-06-01T11:05:00+08:00", "i", ["group_id": "G1", "order_id": "o1"], amount: "49.90"),
        e("7", "group_buy_start", "2025-06-01T12:00:00+08:00", "i", ["group_id": "G2", "group_size": "3"]),
        e("8", "group_buy_join", "2025-06-01T12:10:00+08:00", "k", ["group_id": "G2"]),
        e("9", "order_paid", "2025-06-01T12:20:00+08:00", "k", ["group_id": "G2", "order_id": "o2"], amount: "9.90"),
        e("10", "refund", "2025-06-02T12:30:00+08:00", "k", ["order_id": "o2"], amount: "9.90"),
        e("11", "app_open", "2025-06-01T12:40:00+08:00", "m"),
        e("12", "share_open", "2025-06-01T12:50:00+08:00", "n", ["share_id": "s"]),
        e("13", "group_buy_start", "2025-06-01T13:00:00+08:00", "m", ["group_id": "G3", "group_size": "3"]),
        e("14", "group_buy_join", "2025-06-01T13:10:00+08:00", "n", ["group_id": "G3"]),
        e("15", "group_buy_join", "2025-06-01T13:15:00+08:00", "bot", ["group_id": "G3", "robot": "true"]),
        e("16", "group_buy_success", "2025-06-01T13:30:00+08:00", "m", ["group_id": "G3"]),
        e("17", "group_buy_start", "2025-06-02T23:00:00+08:00", "i", ["group_id": "G4", "group_size": "5"]),
        e("19", "group_buy_start", "2025-06-01T14:00:00+08:00", "m", ["group_id": "G5", "group_size": "2"]),
        e("20", "group_buy_join", "2025-06-01T14:05:00+08:00", "m", ["group_id": "G5", "robot": "true"]),
        e("21", "group_buy_success", "2025-06-01T14:06:00+08:00", "m", ["group_id": "G5"]),
        e("18", "group_buy_join", "2025-06-02T23:10:00+08:00", "x", ["group_id": "G9"]),
    ]

    func output() -> JobOutput {
        GroupBuyJob().run(Cleaner.build(events: Self.events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
    }

    @Test func oneRowPerGroup() {
        // group, start, day, initiator, size, human joiners, robot joins, new persons, status, seconds to fill, orders,
        // revenue, refunded
        #expect(TableText.lines(output().tables[0]) == [
            "G1 2025-06-01T02:00:00.000Z 2025-06-01 wechat:user:i 2 1 0 1 success 3600 1 4990 0",
            "G2 2025-06-01T04:00:00.000Z 2025-06-01 wechat:user:i 3 1 0 0 failed - 1 990 990",
            "G3 2025-06-01T05:00:00.000Z 2025-06-01 wechat:user:m 3 1 1 1 success 1800 0 0 0",
            "G4 2025-06-02T15:00:00.000Z 2025-06-02 wechat:user:i 5 0 0 0 open - 0 0 0",
            "G5 2025-06-01T06:00:00.000Z 2025-06-01 wechat:user:m 2 0 1 0 success 360 0 0 0",
        ])
        #expect(output().metrics == [RunMetric(job: "group_buys", name: "groups_without_start", value: 1)])  // G9
    }

    @Test func aWindowLongerThanAnyDataNeverExpiresAGroup() {
        let out = GroupBuyJob(window: .max).run(Cleaner.build(events: Self.events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
        #expect(TableText.lines(out.tables[0])[1] == "G2 2025-06-01T04:00:00.000Z 2025-06-01 wechat:user:i 3 1 0 0 open - 1 990 0")  // refunds count for failed groups only
    }

    @Test func summaryBySizeWithSuccessRateOverDecidedGroups() {
        // day, size, groups, succeeded, failed, open, success rate, median fill, joiners/group, new/group, GMV
        #expect(TableText.lines(output().tables[1]) == [
            "2025-06-01 2 2 2 0 0 1 1980 0.5 0.5 4990",
            "2025-06-01 3 2 1 1 0 0.5 1800 1 0.5 990",
            "2025-06-01 all 4 3 1 0 0.75 1800 0.75 0.5 5980",
            "2025-06-02 5 1 0 0 1 - - 0 0 0",
            "2025-06-02 all 1 0 0 1 - - 0 0 0",
        ])
    }
}
