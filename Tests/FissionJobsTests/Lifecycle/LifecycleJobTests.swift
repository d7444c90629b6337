import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct LifecycleJobTests {
    static func visit(_ user: String, _ day: String) -> Event {
        Fixtures.event("\(user)-\(day)", "app_open", "\(day)T10:00:00+08:00", user: user)
    }

    /// a: 06-01, 06-02, then 09-01, 91 days after their last visit. b: 06-01 only. c: 06-02 and 06-04.
    static let events = [visit("a", "2025-06-01"), visit("a", "2025-06-02"), visit("a", "2025-09-01"), visit("b", "2025-06-01"),
                         visit("c", "2025-06-02"), visit("c", "2025-06-04")]

    func output() -> JobOutput {
        LifecycleJob(segments: SegmentSelection(["all"])).run(Cleaner.build(events: Self.events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
    }

    @Test func dailyLifecycle() {
        // period, start, segment, active, new, returning, resurrected, returned after dormancy, dormant, pulse, segment dimension, segment value
        let rows = TableText.lines(output().tables[0], where: { $0[0] == "day" })
        #expect(rows == [
            "day 2025-06-01 all 2 2 0 0 0 0 - all all",
            "day 2025-06-02 all 2 1 1 0 0 1 1 all all",  // a returns, c is new, b is gone
            "day 2025-06-03 all 0 0 0 0 0 2 0 all all",  // a and c are gone
            "day 2025-06-04 all 1 0 0 1 0 0 - all all",  // c is back after a day: resurrected, not after dormancy
            "day 2025-06-05 all 0 0 0 0 0 1 0 all all",  // c is gone
            "day 2025-09-01 all 1 0 0 1 1 0 - all all",  // a is back after 91 days: resurrected, and after dormancy (90+)
        ])
    }

    /// active = new + returning + resurrected, and dormant(t) = active(t − 1) − returning(t), on every row.
    @Test func countsSumConsistently() {
        let table = output().tables[0]
        var active: [String: Int64] = [:]
        for row in table.rows where row[0] == "day" { if case .integer(let n) = row[3] { active[row[1].description] = n } }
        for row in table.rows {
            guard case .integer(let a) = row[3], case .integer(let n) = row[4], case .integer(let r) = row[5],
                  case .integer(let s) = row[6], case .integer(let d) = row[8] else { Issue.record("row \(row)"); continue }
            #expect(a == n + r + s)
            if row[0] == "day" {
                let previous = LocalDate(iso: row[1].description)!.adding(days: -1).description
                #expect(d == (active[previous] ?? 0) - r)
            }
        }
    }

    @Test func stickinessAndDauMau() {
        let output = output()
        // June: a and c on 2 days, b on 1.
        #expect(TableText.lines(output.tables[1], where: { $0[0] == "month" && $0[1] == "2025-06-01" }) == [
            "month 2025-06-01 1 1", "month 2025-06-01 2 2",
        ])
        #expect(TableText.lines(output.tables[2]) == [
            "2025-06-01 2 2 1", "2025-06-02 2 3 0.6667", "2025-06-04 1 3 0.3333", "2025-09-01 1 1 1",
        ])
    }
}
