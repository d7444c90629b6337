import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct PushFatigueJobTests {
    /// p gets a push a day from 06-01 to 06-13 (campaign c-k, push id k). Pushes 1, 5 and 13 are opened (matched by
    /// push id, an hour later); the 13th push's open leads to an order two days later. q gets one push without ids,
    /// opens the app by push 3 hours later, and unsubscribes the next day.
    static var events: [Event] {
        var out: [Event] = []
        for k in 1...13 {
            let day = "2025-06-\(k < 10 ? "0" : "")\(k)"
            out.append(Fixtures.event("p\(k)", "push_sent", "\(day)T10:00:00+08:00", user: "p", props: ["push_id": "\(k)", "campaign_id": "c-\(k % 2)"]))
            if [1, 5, 13].contains(k) {
                out.append(Fixtures.event("o\(k)", "push_open", "\(day)T11:00:00+08:00", user: "p", props: ["push_id": "\(k)", "campaign_id": "c-\(k % 2)"]))
            }
        }
        out.append(Fixtures.event("buy", "order_paid", "2025-06-15T10:00:00+08:00", user: "p", props: ["order_id": "x"], amount: "9.90"))
        out.append(Fixtures.event("q1", "push_sent", "2025-06-01T10:00:00+08:00", user: "q"))
        out.append(Fixtures.event("q2", "push_open", "2025-06-01T13:00:00+08:00", user: "q"))
        out.append(Fixtures.event("q3", "unsubscribe", "2025-06-02T09:00:00+08:00", user: "q"))
        return out
    }

    func output() -> JobOutput {
        PushFatigueJob().run(Cleaner.build(events: Self.events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
    }

    @Test func bucketsByPushesInTheTrailingYear() {
        // bucket, label, pushes, persons, opened, open rate, converted, conversion rate, opt-outs, opt-out rate
        #expect(TableText.lines(output().tables[0]) == [
            "1 1-4 5 2 2 0.4 0 0 1 0.2",      // p's pushes 1–4 (push 1 opened) and q's push (opened, then an opt-out)
            "2 5-8 4 1 1 0.25 0 0 0 0",       // push 5 opened
            "3 9-12 4 1 0 0 0 0 0 0",
            "4 13-24 1 1 1 1 1 1 0 0",        // the 13th push in a year: opened, and an order within 7 days
        ])
    }

    @Test func unboundedWindowsCountLikeACenturyLongOne() {
        let data = Cleaner.build(events: Self.events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!)
        let century = Int64(100 * 365 * 86_400)
        let unbounded = PushFatigueJob(openWindow: .max, conversionWindow: .max).run(data)
        let long = PushFatigueJob(openWindow: century, conversionWindow: century).run(data)
        #expect(TableText.lines(unbounded.tables[0]) == TableText.lines(long.tables[0]))
        #expect(TableText.lines(unbounded.tables[0]) != TableText.lines(output().tables[0]))
    }

    @Test func perCampaign() {
        // c-1: odd pushes 1, 3, …, 13 (7, of which 1, 5, 13 opened); c-0: the 6 even ones.
        #expect(TableText.lines(output().tables[1]) == [
            "c-0 6 1 0 0 0 0 0 0", "c-1 7 1 3 0.4286 1 0.1429 0 0",
        ])
    }
}
