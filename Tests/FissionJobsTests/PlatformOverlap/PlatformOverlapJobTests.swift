import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct PlatformOverlapJobTests {
    /// Window: the 2 days 06-02…06-03 (the last data day is 06-03).
    /// P: wechat:a + douyin:b (U1), active on both in the window.
    /// Q: wechat:q in the window; its linked app account (U2) was only active on 06-01, outside it.
    /// R: only a push (not activity) in the window.
    /// S: wechat, app and web accounts (U3), all active on 06-03.
    /// (Tests/Fixtures/platform-overlap.jsonl)
    let events = Fixtures.events(jsonl: "platform-overlap")

    /// A report window ending 06-02 ends the overlap window there, though the data goes on to 06-03.
    @Test func overlapWindowEndsAtTheReportWindowsEnd() {
        let window = ReportWindow(firstDay: nil, lastDay: LocalDate(iso: "2025-06-02"))
        let output = PlatformOverlapJob(windowDays: 2)
            .run(Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!, window: window))
        // P on wechat (06-02), Q on app (q2, 06-01), R on app (06-01): 3 accounts, 3 persons, none on two platforms.
        #expect(TableText.lines(output.tables[2]) == ["2025-06-01 2025-06-02 3 3 0 0"])
    }

    @Test func regionsPairsAndSummary() {
        let output = PlatformOverlapJob(windowDays: 2).run(Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
        // window_start window_end platforms platform_count persons: exclusive regions summing to 3 active persons
        #expect(TableText.lines(output.tables[0]) == [
            "2025-06-02 2025-06-03 app+web+wechat 3 1",
            "2025-06-02 2025-06-03 douyin+wechat 2 1",
            "2025-06-02 2025-06-03 wechat 1 1",
        ])
        // platform_a platform_b persons_a persons_b both jaccard; pairs no person shares (app+douyin, douyin+web)
        // have no row
        #expect(TableText.lines(output.tables[1]) == [
            "2025-06-02 2025-06-03 app web 1 1 1 1",
            "2025-06-02 2025-06-03 app wechat 1 3 1 0.3333",
            "2025-06-02 2025-06-03 douyin wechat 1 3 1 0.3333",
            "2025-06-02 2025-06-03 web wechat 1 3 1 0.3333",
        ])
        // accounts persons multi_platform_persons overlap_rate
        #expect(TableText.lines(output.tables[2]) == ["2025-06-02 2025-06-03 6 3 2 0.6667"])
        #expect(output.headline == ["platform overlap 2025-06-02…2025-06-03: 2 of 3 persons on 2+ platforms (66.7%), 6 accounts"])
    }

    @Test func emptyDataGivesEmptyTables() {
        let output = PlatformOverlapJob().run(Cleaner.build(events: [], calendar: DayCalendar(timeZone: "UTC")!))
        #expect(output.tables.map(\.rows.count) == [0, 0, 0])
    }

    @Test func windowStartsAtLocalMidnight() {
        // A 1-day window on 06-03 (Shanghai): x's wechat event at 23:59:59 on 06-02 is outside, its app event at
        // 00:00:00 on 06-03 inside, so x is an app-only person.
        let events = [
            Fixtures.event("1", "app_open", "2025-06-02T23:59:59+08:00", platform: "wechat", user: "x", union: "U"),
            Fixtures.event("2", "app_open", "2025-06-03T00:00:00+08:00", platform: "app", user: "x2", union: "U"),
        ]
        let output = PlatformOverlapJob(windowDays: 1).run(Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
        #expect(TableText.lines(output.tables[0]) == ["2025-06-03 2025-06-03 app 1 1"])
        #expect(TableText.lines(output.tables[2]) == ["2025-06-03 2025-06-03 1 1 0 0"])
    }

    @Test func platformNamesWithPlusStayDistinct() {
        let events = [
            Fixtures.event("1", "app_open", "2025-06-03T10:00:00+08:00", platform: "app+web", user: "a"),
            Fixtures.event("2", "app_open", "2025-06-03T10:00:00+08:00", platform: "app", user: "b", union: "U"),
            Fixtures.event("3", "app_open", "2025-06-03T10:00:00+08:00", platform: "web", user: "b2", union: "U"),
        ]
        let output = PlatformOverlapJob(windowDays: 1).run(Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
        #expect(TableText.lines(output.tables[0]) == ["2025-06-03 2025-06-03 app%2Bweb 1 1", "2025-06-03 2025-06-03 app+web 2 1"])
    }
}
