import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct RetentionJobTests {
    let calendar = DayCalendar(timeZone: "Asia/Shanghai")!

    func run(_ events: [Event], window: ReportWindow = .unbounded, _ configure: (inout RetentionDefinition) -> Void)
        -> (cells: [String], summary: [String]) {
        var d = RetentionDefinition()
        d.periods = [.day]
        d.maxOffset[.day] = 3
        d.segments = SegmentSelection(["all"])
        configure(&d)
        let output = RetentionJob(definitions: [d]).run(Cleaner.build(events: events, calendar: calendar, window: window))
        // report cohort_date period segment offset cohort_size retained rate is_complete
        return (TableText.lines(output.tables[0]), TableText.lines(output.tables[1]))
    }

    func open(_ id: String, _ ts: String, _ user: String, platform: String = "app", union: String? = nil) -> Event {
        Fixtures.event(id, "app_open", ts, platform: platform, user: user, union: union)
    }

    /// A: 06-01 23:59:59 (cohort 06-01), back at 00:00:00 on 06-02 (D1) and on 06-04 (D3).
    /// B: first seen 06-02 00:00:00, back 06-04 (D2). C: a push on 06-01 does not make C active; first active 06-03.
    /// The last data day is 06-04, so cells whose day is after it are incomplete.
    /// (Tests/Fixtures/retention-basic.jsonl)
    var basic: [Event] { Fixtures.events(jsonl: "retention-basic") }

    @Test func dayCohortsOnReturnWithIncompleteCells() {
        let (cells, summary) = run(basic) { _ in }
        #expect(cells == [
            "default 2025-06-01 day all 0 1 1 1 1 all all", "default 2025-06-01 day all 1 1 1 1 1 all all",
            "default 2025-06-01 day all 2 1 0 0 1 all all", "default 2025-06-01 day all 3 1 1 1 1 all all",
            "default 2025-06-02 day all 0 1 1 1 1 all all", "default 2025-06-02 day all 1 1 0 0 1 all all",
            "default 2025-06-02 day all 2 1 1 1 1 all all", "default 2025-06-02 day all 3 1 0 - 0 all all",
            "default 2025-06-03 day all 0 1 1 1 1 all all", "default 2025-06-03 day all 1 1 0 0 1 all all",
            "default 2025-06-03 day all 2 1 0 - 0 all all", "default 2025-06-03 day all 3 1 0 - 0 all all",
        ])
        // Pooled over complete cells only: D1 = (1+0+0)/3, D2 = (0+1)/2 (06-03's D2 is not complete), D3 = 1/1.
        // report period segment offset cohorts cohort_size retained rate
        #expect(summary == [
            "default day all 0 3 3 3 1 all all", "default day all 1 3 3 1 0.3333 all all",
            "default day all 2 2 2 1 0.5 all all", "default day all 3 1 1 1 1 all all",
        ])
    }

    /// Window 06-02…06-02: A, first seen 06-01, is in no reported cohort although active on 06-02; B's return on
    /// 06-04, after the window, still counts.
    @Test func reportWindowSelectsCohortsNotReturns() {
        let window = ReportWindow(firstDay: LocalDate(iso: "2025-06-02"), lastDay: LocalDate(iso: "2025-06-02"))
        let (cells, summary) = run(basic, window: window) { _ in }
        #expect(cells == [
            "default 2025-06-02 day all 0 1 1 1 1 all all", "default 2025-06-02 day all 1 1 0 0 1 all all",
            "default 2025-06-02 day all 2 1 1 1 1 all all", "default 2025-06-02 day all 3 1 0 - 0 all all",
        ])
        #expect(summary.first == "default day all 0 1 1 1 1 all all")
    }

    /// Window 06-01 (Sunday) … 06-04 (Wednesday), Monday weeks. The weeks of 05-26 and 06-02 and the month of June
    /// overlap it and are reported whole: X, first seen 06-06 (after the window's end but in its week), is in week
    /// 06-02 and comes back in week 06-09; Y, first seen 06-09, is only in the June cohort; Z (July) in none.
    @Test func cohortPeriodsStraddlingTheWindowEndCountTheWholePeriod() {
        let events = [open("1", "2025-06-01T10:00:00+08:00", "w"), open("2", "2025-06-03T10:00:00+08:00", "w"),
                      open("3", "2025-06-06T10:00:00+08:00", "x"), open("4", "2025-06-10T10:00:00+08:00", "x"),
                      open("5", "2025-06-09T10:00:00+08:00", "y"), open("6", "2025-07-02T10:00:00+08:00", "z")]
        let window = ReportWindow(firstDay: LocalDate(iso: "2025-06-01"), lastDay: LocalDate(iso: "2025-06-04"))
        let (cells, _) = run(events, window: window) {
            $0.periods = [.week, .month]
            $0.maxOffset = [.week: 1, .month: 1]
        }
        #expect(cells == [
            "default 2025-06-01 month all 0 3 3 1 1 all all", "default 2025-06-01 month all 1 3 0 - 0 all all",
            "default 2025-05-26 week all 0 1 1 1 1 all all", "default 2025-05-26 week all 1 1 1 1 1 all all",
            "default 2025-06-02 week all 0 1 1 1 1 all all", "default 2025-06-02 week all 1 1 1 1 1 all all",
        ])
    }

    /// `"*"` is any active event: with a `where`, any event carrying the property; a push is never one.
    @Test func anyEventFiltersMatchActiveEventsOnly() {
        let events = [
            Fixtures.event("1", "page_view", "2025-06-01T10:00:00+08:00", user: "a", props: ["src": "ad"]),
            Fixtures.event("2", "push_sent", "2025-06-02T10:00:00+08:00", user: "a"),
            Fixtures.event("3", "app_open", "2025-06-03T10:00:00+08:00", user: "a"),
            Fixtures.event("4", "app_open", "2025-06-01T10:00:00+08:00", user: "b"),
            Fixtures.event("5", "app_open", "2025-06-04T10:00:00+08:00", user: "b"),
        ]
        let (cells, _) = run(events) {
            $0.cohortEvent = EventFilter(event: "*", properties: ["src": "ad"])
            $0.returnEvent = EventFilter(event: "*")
        }
        // Only a entered (b's events carry no src); a's push on 06-02 is no return, the 06-03 open is.
        #expect(cells == [
            "default 2025-06-01 day all 0 1 1 1 1 all all", "default 2025-06-01 day all 1 1 0 0 1 all all",
            "default 2025-06-01 day all 2 1 1 1 1 all all", "default 2025-06-01 day all 3 1 0 0 1 all all",
        ])
    }

    @Test func onOrAfterCountsAnyLaterReturn() {
        let (cells, _) = run(basic) { $0.returnCriterion = .onOrAfter }
        // A came back on D3, so A counts on D0…D3; B (back on D2) on D0…D2; C never came back.
        #expect(cells.filter { $0.contains(" 2025-06-01 ") || $0.contains(" 2025-06-02 ") }.map { $0.split(separator: " ")[6] }
                == ["1", "1", "1", "1", "1", "1", "1", "0"])
    }

    /// A starts 06-01 20:00, comes back 06-02 19:00 (calendar D1, but within the first 24 h) and 06-03 21:00
    /// (calendar D2, rolling D2 = [48 h, 72 h)). Z's 06-03 22:00 event ends the data at 06-04 00:00 local.
    @Test func rollingBoundariesMeasureFromTheFirstEvent() {
        let events = [open("1", "2025-06-01T20:00:00+08:00", "a"), open("2", "2025-06-02T19:00:00+08:00", "a"),
                      open("3", "2025-06-03T21:00:00+08:00", "a"), open("4", "2025-06-03T22:00:00+08:00", "z")]
        let calendarCells = run(events) { _ in }.cells
        let rollingCells = run(events) { $0.boundary = .rolling24h }.cells
        #expect(calendarCells == [
            "default 2025-06-01 day all 0 1 1 1 1 all all", "default 2025-06-01 day all 1 1 1 1 1 all all",
            "default 2025-06-01 day all 2 1 1 1 1 all all", "default 2025-06-01 day all 3 1 0 - 0 all all",
            "default 2025-06-03 day all 0 1 1 1 1 all all", "default 2025-06-03 day all 1 1 0 - 0 all all",
            "default 2025-06-03 day all 2 1 0 - 0 all all", "default 2025-06-03 day all 3 1 0 - 0 all all",
        ])
        // Rolling: D1 = [06-02 20:00, 06-03 20:00) is empty; D2's window ends 06-04 20:00, after the data: incomplete.
        // Z's D0 window ends 06-04 22:00, also after the data.
        #expect(rollingCells == [
            "default 2025-06-01 day all 0 1 1 1 1 all all", "default 2025-06-01 day all 1 1 0 0 1 all all",
            "default 2025-06-01 day all 2 1 1 - 0 all all", "default 2025-06-01 day all 3 1 0 - 0 all all",
            "default 2025-06-03 day all 0 1 1 - 0 all all", "default 2025-06-03 day all 1 1 0 - 0 all all",
            "default 2025-06-03 day all 2 1 0 - 0 all all", "default 2025-06-03 day all 3 1 0 - 0 all all",
        ])
    }

    /// Monday 2024-12-30 and Sunday 2025-01-05: the same Monday-week, consecutive Sunday-weeks, consecutive months.
    @Test func weeksAcrossAYearBoundaryAndWeekStart() {
        let events = [open("1", "2024-12-30T10:00:00+08:00", "a"), open("2", "2025-01-05T10:00:00+08:00", "a"),
                      open("3", "2025-03-01T10:00:00+08:00", "z")]
        let monday = run(events) { $0.periods = [.week]; $0.maxOffset[.week] = 1 }.cells
        let sunday = run(events) { $0.periods = [.week]; $0.maxOffset[.week] = 1; $0.weekStart = 7 }.cells
        let months = run(events) { $0.periods = [.month]; $0.maxOffset[.month] = 1 }.cells
        #expect(monday.prefix(2) == ["default 2024-12-30 week all 0 1 1 1 1 all all", "default 2024-12-30 week all 1 1 0 0 1 all all"])
        #expect(sunday.prefix(2) == ["default 2024-12-29 week all 0 1 1 1 1 all all", "default 2024-12-29 week all 1 1 1 1 1 all all"])
        #expect(months.prefix(2) == ["default 2024-12-01 month all 0 1 1 1 1 all all", "default 2024-12-01 month all 1 1 1 1 1 all all"])
        #expect(months.last == "default 2025-03-01 month all 1 1 0 - 0 all all")
    }

    /// Identity stitching decides the cohort: wechat:a is first seen 06-03, but it is linked (U1) to app:b, active
    /// 06-01, so the person's cohort is 06-01 with first platform app. web:w1 browsed anonymously on 06-01 before
    /// signing up on 06-02: cohort 06-01 too. n arrived through a share link: channel share.
    @Test func segmentsFollowTheStitchedPerson() {
        let events = [
            open("1", "2025-06-03T10:00:00+08:00", "a", platform: "wechat", union: "U1"),
            open("2", "2025-06-01T10:00:00+08:00", "b", platform: "app", union: "U1"),
            Fixtures.event("3", "page_view", "2025-06-01T11:00:00+08:00", platform: "web", anon: "d1"),
            Fixtures.event("4", "signup", "2025-06-02T11:00:00+08:00", platform: "web", user: "w1", anon: "d1"),
            Fixtures.event("5", "share_open", "2025-06-02T12:00:00+08:00", platform: "wechat", user: "n", props: ["share_id": "s1"]),
        ]
        let (cells, _) = run(events) { $0.segments = SegmentSelection() }
        let d0 = cells.filter { $0.split(separator: " ")[4] == "0" }
        #expect(d0 == [
            "default 2025-06-01 day all 0 2 2 1 1 all all",
            "default 2025-06-02 day all 0 1 1 1 1 all all",
            "default 2025-06-01 day channel:organic 0 2 2 1 1 channel organic",
            "default 2025-06-02 day channel:share 0 1 1 1 1 channel share",
            "default 2025-06-01 day platform:app 0 1 1 1 1 platform app",
            "default 2025-06-01 day platform:web 0 1 1 1 1 platform web",
            "default 2025-06-02 day platform:wechat 0 1 1 1 1 platform wechat",
        ])
        // The linked person (cohort 06-01) is back on D2 through the wechat account; w1 on D1.
        #expect(cells.contains("default 2025-06-01 day platform:app 2 1 1 1 1 platform app"))
        #expect(cells.contains("default 2025-06-01 day platform:web 1 1 1 1 1 platform web"))
    }

    @Test func cohortAndReturnEventsWithPropertyFilters() {
        let events = [
            open("1", "2025-06-01T10:00:00+08:00", "a"),
            Fixtures.event("2", "signup", "2025-06-02T10:00:00+08:00", user: "a"),
            Fixtures.event("3", "order_paid", "2025-06-03T10:00:00+08:00", user: "a", props: ["order_id": "o1", "channel": "group"], amount: "5"),
            Fixtures.event("4", "order_paid", "2025-06-04T10:00:00+08:00", user: "a", props: ["order_id": "o2", "channel": "solo"], amount: "5"),
        ]
        let (cells, _) = run(events) {
            $0.cohortEvent = EventFilter(event: "signup")
            $0.returnEvent = EventFilter(event: "order_paid", properties: ["channel": "group"])
        }
        // Cohort = the signup day; only the group order (D1) is a return; the signup itself is not a return event.
        #expect(cells == [
            "default 2025-06-02 day all 0 1 0 0 1 all all", "default 2025-06-02 day all 1 1 1 1 1 all all",
            "default 2025-06-02 day all 2 1 0 0 1 all all", "default 2025-06-02 day all 3 1 0 - 0 all all",
        ])
    }

    @Test func recurringCohortsEnterEveryPeriodWithTheCohortEvent() {
        let events = [
            Fixtures.event("1", "order_paid", "2025-06-01T10:00:00+08:00", user: "a", props: ["order_id": "o1"], amount: "5"),
            Fixtures.event("2", "order_paid", "2025-06-01T11:00:00+08:00", user: "a", props: ["order_id": "o2"], amount: "5"),
            Fixtures.event("3", "order_paid", "2025-06-03T10:00:00+08:00", user: "a", props: ["order_id": "o3"], amount: "5"),
        ]
        let (cells, _) = run(events) {
            $0.cohortType = .recurring
            $0.cohortEvent = EventFilter(event: "order_paid")
            $0.maxOffset[.day] = 1
        }
        #expect(cells == [
            "default 2025-06-01 day all 0 1 1 1 1 all all", "default 2025-06-01 day all 1 1 0 0 1 all all",
            "default 2025-06-03 day all 0 1 1 1 1 all all", "default 2025-06-03 day all 1 1 0 - 0 all all",
        ])
    }

    @Test func headlineUsesTheLatestCompleteCohort() {
        let output = RetentionJob(definitions: [RetentionDefinition()]).run(Cleaner.build(events: basic, calendar: calendar))
        #expect(output.headline == ["retention default: D1 0.0% (cohort 2025-06-03), D7 n/a, D30 n/a"])
    }

    /// Period arithmetic next to the ends of the calendar must not fail: months after 9999-12 and weeks before 0001-01-01.
    @Test func periodsAtTheEndsOfTheCalendar() {
        let events = [open("1", "9999-12-31T23:59:59Z", "a"), open("2", "0001-01-01T00:00:00Z", "b")]
        let output = RetentionJob(definitions: [RetentionDefinition()]).run(Cleaner.build(events: events, calendar: DayCalendar(timeZone: "UTC")!))
        let cells = TableText.lines(output.tables[0])
        #expect(cells.contains("default 9999-12-01 month all 0 1 1 1 1 all all"))
        #expect(cells.contains("default 9999-12-01 month all 1 1 0 - 0 all all"))
        #expect(cells.contains("default 0001-01-01 day all 0 1 1 1 1 all all"))
    }
}
