@testable import FissionJobs
import FissionClean
import FissionModel
import FissionTestSupport
import Testing

struct ShareCascadeJobTests {
    static let shanghai = DayCalendar(timeZone: "Asia/Shanghai")!

    static func share(_ id: String, _ ts: String, by user: String, share: String, channel: String) -> Event {
        Fixtures.event(id, "share", ts, user: user, props: ["share_id": share, "channel": channel])
    }

    static func open(_ id: String, _ ts: String, by user: String, share: String) -> Event {
        Fixtures.event(id, "share_open", ts, user: user, props: ["share_id": share])
    }

    /// A three-generation tree and an outsider's own tree, all on 2025-06-01 (Shanghai):
    ///
    ///     r ─┬─ a ── c ── d        r shares S1 (group); a and b open it first thing. a shares S2 (chat), c opens it;
    ///        └─ b                   c shares S3, d opens it. d pays 50.00 and gets 10.00 back; b pays 20.00.
    ///     o ── e                   o (organic, not acquired) re-shares S1's link as S4 (moments); e opens S4.
    ///
    /// Tree r: size 5, generations 1,2,1,1 (depth 3, breadth 2); edges r–a (subtree 3), r–b (1), a–c (2), c–d (1) give
    /// ν = 2·(3·2 + 1·4 + 2·3 + 1·4) / (5·4) = 2.0, the mean of the 10 pairwise distances (20 / 10).
    static let events: [Event] = [
        Fixtures.event("1", "app_open", "2025-06-01T09:00:00+08:00", user: "r"),
        Fixtures.event("2", "app_open", "2025-06-01T09:30:00+08:00", user: "o"),
        share("3", "2025-06-01T10:00:00+08:00", by: "r", share: "S1", channel: "group"),
        open("4", "2025-06-01T10:10:00+08:00", by: "a", share: "S1"),
        open("5", "2025-06-01T10:20:00+08:00", by: "b", share: "S1"),
        Fixtures.event("6", "order_paid", "2025-06-01T10:30:00+08:00", user: "b", props: ["order_id": "ob"], amount: "20.00"),
        share("7", "2025-06-01T11:00:00+08:00", by: "a", share: "S2", channel: "chat"),
        open("8", "2025-06-01T11:10:00+08:00", by: "c", share: "S2"),
        share("9", "2025-06-01T12:00:00+08:00", by: "c", share: "S3", channel: "chat"),
        open("10", "2025-06-01T12:10:00+08:00", by: "d", share: "S3"),
        Fixtures.event("11", "order_paid", "2025-06-01T12:30:00+08:00", user: "d", props: ["order_id": "od"], amount: "50.00"),
        Fixtures.event("12", "refund", "2025-06-01T13:00:00+08:00", user: "d", props: ["order_id": "od"], amount: "10.00"),
        open("13", "2025-06-01T12:40:00+08:00", by: "o", share: "S1"),
        share("14", "2025-06-01T13:00:00+08:00", by: "o", share: "S4", channel: "moments"),
        open("15", "2025-06-01T13:10:00+08:00", by: "e", share: "S4"),
    ]

    func output() -> JobOutput {
        ShareCascadeJob(periods: [.day]).run(Cleaner.build(events: Self.events, calendar: Self.shanghai))
    }

    @Test func treesWithSizeDepthBreadthAndVirality() {
        // root, root_share_date, channel, size, depth, max_breadth, generations, orders, net_revenue_minor, ν
        #expect(TableText.lines(output().tables[0]) == [
            "wechat:user:o 2025-06-01 moments 2 1 1 1,1 0 0 1",
            "wechat:user:r 2025-06-01 group 5 3 2 1,2,1,1 2 6000 2",
        ])
    }

    /// Both trees are rooted on 06-01: one `group`, one `moments`, and `all`. Shares by members: r, a, c (3) and o (1);
    /// opens of them by others: a, b, c, d and o's open of S1 (5), and e (1).
    @Test func summaryBandsAndAmplification() {
        // day, channel, trees, size bands 1 / 2 / 3–5 / 6–10 / 11–50 / >50, mean depth, max depth, mean ν, shares,
        // opens, opens per share, persons reached per root share
        #expect(TableText.lines(output().tables[1]) == [
            "2025-06-01 all 2 0 1 1 0 0 0 2 3 1.5 4 6 1.5 2.5",
            "2025-06-01 group 1 0 0 1 0 0 0 3 3 2 3 5 1.6667 4",
            "2025-06-01 moments 1 0 1 0 0 0 0 1 1 1 1 1 1 1",
        ])
    }

    /// r: 1 share, 3 opens of it (a, b, o), 2 direct (a, b) and 2 below them (c, d), orders of b and d: 2, net 60.00.
    /// a: 1 share, 1 open, 1 direct (c) and 1 indirect (d). c: 1 direct. o: 1 direct.
    @Test func topSharersCountDirectAndIndirectNewPersons() {
        // period, period_start, sharer, rank, shares, opens, share_back_rate, direct, indirect, orders, revenue
        #expect(TableText.lines(output().tables[2]) == [
            "day 2025-06-01 wechat:user:a 2 1 1 1 1 1 1 4000",
            "day 2025-06-01 wechat:user:c 3 1 1 1 1 0 1 4000",
            "day 2025-06-01 wechat:user:o 4 1 1 1 1 0 0 0",
            "day 2025-06-01 wechat:user:r 1 1 3 3 2 2 2 6000",
        ])
    }

    @Test func dailyViralCoefficient() {
        // day, sharers, new persons, k, sharers 7d, new persons 7d, k 7d: 4 sharers (r, a, c, o) acquired 5 persons
        #expect(TableText.lines(output().tables[3]) == ["2025-06-01 4 5 1.25 4 5 1.25"])
    }

    /// ν for a star of n (2(n−1)/n) and a chain of n ((n+1)/3), from the forest alone.
    @Test func viralityOfStarsAndChains() {
        for n in [2, 3, 5, 10] {
            let keys = (0..<n).map { "p\($0)" }
            let star = ShareForest(parent: [-1] + Array(repeating: 0, count: n - 1), personKeys: keys).tree(rootedAt: 0)
            #expect(abs(star.virality! - 2 * Double(n - 1) / Double(n)) < 1e-12)
            #expect(star.depth == 1 && star.maxBreadth == n - 1)
            let chain = ShareForest(parent: [-1] + (0..<Int32(n - 1)).map { $0 }, personKeys: keys).tree(rootedAt: 0)
            #expect(abs(chain.virality! - Double(n + 1) / 3) < 1e-12)
            #expect(chain.depth == n - 1 && chain.maxBreadth == 1)
        }
        #expect(ShareForest(parent: [-1], personKeys: ["x"]).tree(rootedAt: 0).virality == nil)
    }

    /// Two persons acquired by each other at one instant: the one with the smaller key becomes a root.
    @Test func aCycleIsBrokenAtTheSmallestKey() {
        let forest = ShareForest(parent: [1, 0, 0], personKeys: ["b", "a", "c"])
        #expect(forest.parent == [1, -1, 0])
        #expect(forest.tree(rootedAt: 1).size == 3)
    }
}
