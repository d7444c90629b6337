import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct LifetimeValueJobTests {
    /// P (cohort 06-01): pays 100.00 on 06-01 and 50.00 on 06-03, refunds 30.00 of the second on 06-04.
    /// Q (cohort 06-01): refunds 10.00 of an order from before the data on 06-02.
    /// R (cohort 06-02): pays 20.00 at 23:59:59 on 06-02 (Shanghai), is active again at 00:00:00 on 06-03.
    /// The last data day is 06-04.
    /// (Tests/Fixtures/ltv.jsonl)
    let events = Fixtures.events(jsonl: "ltv")

    /// Window 06-01…06-01: only cohort 06-01 is reported, with its revenue after the window's end.
    @Test func reportWindowSelectsCohortsNotRevenueDays() {
        let window = ReportWindow(firstDay: LocalDate(iso: "2025-06-01"), lastDay: LocalDate(iso: "2025-06-01"))
        let output = LifetimeValueJob(maxOffset: 3, segments: SegmentSelection(["all"]))
            .run(Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!, window: window))
        #expect(TableText.lines(output.tables[0]) == [
            "2025-06-01 all 0 2 1 10000 5000 1 all all", "2025-06-01 all 1 2 1 9000 4500 1 all all",
            "2025-06-01 all 2 2 1 14000 7000 1 all all", "2025-06-01 all 3 2 1 11000 5500 1 all all",
        ])
    }

    @Test func cumulativeNetRevenuePerCohort() {
        let output = LifetimeValueJob(maxOffset: 3, segments: SegmentSelection(["all"]))
            .run(Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
        // cohort_date segment offset cohort_size paying_persons revenue_minor ltv_minor is_complete
        #expect(TableText.lines(output.tables[0]) == [
            "2025-06-01 all 0 2 1 10000 5000 1 all all",   // P's 100.00
            "2025-06-01 all 1 2 1 9000 4500 1 all all",    // Q's refund of an unknown order subtracts on its own day
            "2025-06-01 all 2 2 1 14000 7000 1 all all",   // P's 50.00
            "2025-06-01 all 3 2 1 11000 5500 1 all all",   // P's refund of 30.00
            "2025-06-02 all 0 1 1 2000 2000 1 all all",
            "2025-06-02 all 1 1 1 2000 2000 1 all all",
            "2025-06-02 all 2 1 1 2000 2000 1 all all",
            "2025-06-02 all 3 1 1 2000 2000 0 all all",    // 06-05 is after the last data day
        ])
        // segment offset cohorts cohort_size paying_persons revenue_minor ltv_minor ltv_per_paying_minor
        #expect(TableText.lines(output.tables[1]) == [
            "all 0 2 3 2 12000 4000 6000 all all",
            "all 1 2 3 2 11000 3666.6667 5500 all all",
            "all 2 2 3 2 16000 5333.3333 8000 all all",
            "all 3 1 2 1 11000 5500 11000 all all",        // only the 06-01 cohort has reached offset 3
        ])
        #expect(output.metrics == [RunMetric(job: "ltv", name: "refunds_of_unknown_orders", value: 1)])
        #expect(output.headline == ["LTV d30: n/a (1 refunds of orders not in the data)"])
    }

    @Test func segmentsSplitByFirstPlatform() {
        let output = LifetimeValueJob(maxOffset: 0, segments: SegmentSelection(["platform"]))
            .run(Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
        #expect(TableText.lines(output.tables[0]) == [
            "2025-06-01 platform:app 0 1 0 0 0 1 platform app",
            "2025-06-02 platform:app 0 1 1 2000 2000 1 platform app",
            "2025-06-01 platform:wechat 0 1 1 10000 10000 1 platform wechat",
        ])
    }

    @Test func optionsAreValidated() throws {
        let job = try LifetimeValueJob(options: ConfigReader(["max_offset": .integer(60), "segments": .array([.string("all")])]))
        #expect(job.maxOffset == 60)
        #expect(throws: ConfigError(key: "jobs.ltv.max_offset", message: "must be between 0 and 3650")) {
            try LifetimeValueJob(options: ConfigReader(["max_offset": .integer(-1)], path: "jobs.ltv"))
        }
        #expect(throws: ConfigError.self) {
            try LifetimeValueJob(options: ConfigReader(["segments": .array([.string("city")])], path: "jobs.ltv"))
        }
    }
}
