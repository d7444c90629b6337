import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct DistributionJobTests {
    static func e(_ id: String, _ name: String, _ ts: String, _ user: String, _ props: [String: String] = [:], amount: String? = nil) -> Event {
        Fixtures.event(id, name, ts, user: user, props: props, amount: amount)
    }

    /// Asia/Shanghai, 2025-06-01, rate 5 %. p1 is a promoter (orders name `promoter_id: p1`) and shares S1; b1 opens it
    /// first thing and pays 100.00 (promoted through the share: 5.00), then 40.00 of it is refunded (2.00 clawed back).
    /// b2, organic, pays 10.10 and 10.30 naming p1: 0.505 and 0.515 round half to even to 0.50 and 0.52. b3's order
    /// names no promoter and b3 came organically: not promoted.
    static let events: [Event] = [
        e("1", "app_open", "2025-06-01T09:00:00+08:00", "p1"),
        e("2", "app_open", "2025-06-01T09:30:00+08:00", "b2"),
        e("3", "share", "2025-06-01T10:00:00+08:00", "p1", ["share_id": "S1", "channel": "chat"]),
        e("4", "share_open", "2025-06-01T10:10:00+08:00", "b1", ["share_id": "S1"]),
        e("o1e", "order_paid", "2025-06-01T11:00:00+08:00", "b1", ["order_id": "o1"], amount: "100.00"),
        e("o2e", "order_paid", "2025-06-01T11:10:00+08:00", "b2", ["order_id": "o2", "promoter_id": "p1"], amount: "10.10"),
        e("o3e", "order_paid", "2025-06-01T11:20:00+08:00", "b2", ["order_id": "o3", "promoter_id": "p1"], amount: "10.30"),
        e("r1", "refund", "2025-06-02T09:00:00+08:00", "b1", ["order_id": "o1"], amount: "40.00"),
        e("5", "app_open", "2025-06-01T12:00:00+08:00", "b3"),
        e("o4e", "order_paid", "2025-06-01T12:10:00+08:00", "b3", ["order_id": "o4"], amount: "20.00"),
    ]

    func output(_ attribution: DistributionJob.Attribution = .both) -> JobOutput {
        DistributionJob(attribution: attribution, rate: CommissionRate(decimal: "0.05")!, periods: [.day])
            .run(Cleaner.build(events: Self.events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
    }

    @Test func promotedOrdersWithCommissionAndClawback() {
        // event, order, ts, day, buyer, promoter, attribution, amount, commission, refunded, clawback, net
        #expect(TableText.lines(output().tables[0]) == [
            "o1e o1 2025-06-01T03:00:00.000Z 2025-06-01 wechat:user:b1 p1 share 10000 500 4000 200 300",
            "o2e o2 2025-06-01T03:10:00.000Z 2025-06-01 wechat:user:b2 p1 explicit 1010 50 0 0 50",
            "o3e o3 2025-06-01T03:20:00.000Z 2025-06-01 wechat:user:b2 p1 explicit 1030 52 0 0 52",
        ])
    }

    /// b1 and b2 both made their first order through p1.
    @Test func promotersPerPeriod() {
        // period, start, promoter, orders, GMV, commission, refunded, clawback, net, new buyers
        #expect(TableText.lines(output().tables[1]) == ["day 2025-06-01 p1 3 12040 602 4000 200 402 2"])
        #expect(output().headline == ["distribution: 3 promoted orders; top promoter p1 earned 4.02 net"])
    }

    @Test func attributionModes() {
        #expect(output(.explicit).tables[0].rows.map { $0[0] } == ["o2e", "o3e"])
        #expect(output(.share).tables[0].rows.map { $0[0] } == ["o1e"])
    }

    @Test func ratesAreExactAndBounded() {
        #expect(CommissionRate(decimal: "0.05")?.micros == 50_000)
        #expect(CommissionRate(decimal: "1")?.micros == 1_000_000)
        #expect(CommissionRate(decimal: "1.000001") == nil)
        #expect(CommissionRate(decimal: "-0.1") == nil)
        #expect(CommissionRate(decimal: "0.0000001") == nil)
        #expect(CommissionRate(decimal: "0.05")!.commission(on: MinorUnits.maximum) == MinorUnits(500_000_000_000))
    }
}
