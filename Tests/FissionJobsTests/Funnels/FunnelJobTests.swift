import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

/// Row columns as `core` shows them: funnel, step, step_name, persons, conversion_from_start, conversion_from_previous,
/// median_seconds_from_previous, in_window (`funnel_daily`: entry_date after funnel). The averages and the times from
/// step 1 are checked in full rows where a test is about them.
struct FunnelJobTests {
    let viewCartBuy: [EventFilter] = [EventFilter(event: "view"), EventFilter(event: "cart"), EventFilter(event: "buy")]
    let oneThird: Double = 1.0 / 3
    let twoThirds: Double = 2.0 / 3

    /// An event of user `user` at local (Asia/Shanghai) time `time` on day `day` of June 2025.
    func e(_ user: String, _ name: String, _ day: Int, _ time: String, props: [String: String] = [:]) -> Event {
        let ts = "2025-06-\(day < 10 ? "0" : "")\(day)T\(time)+08:00"
        return Fixtures.event("\(user)-\(name)-\(ts)", name, ts, user: user, props: props)
    }

    /// Moves the end of the data to 2025-06-21 so that every window opened in early June has closed.
    func lateUnrelatedEvent() -> Event { e("zz", "app_open", 20, "12:00:00") }

    /// The rows without `avg_seconds_from_previous`, `median_seconds_from_start` and `avg_seconds_from_start`.
    func core(_ table: ReportTable) -> [[SQLValue]] {
        let dropped: Set<String> = ["avg_seconds_from_previous", "median_seconds_from_start", "avg_seconds_from_start"]
        let keep = table.schema.columns.indices.filter { !dropped.contains(table.schema.columns[$0].name) }
        return table.rows.map { row in keep.map { row[$0] } }
    }

    func run(_ funnels: [FunnelDefinition], _ events: [Event], window: ReportWindow = .unbounded)
        -> (funnel: ReportTable, daily: ReportTable, headline: [String]) {
        let data = Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!, window: window)
        let output = FunnelJob(funnels: funnels).run(data)
        #expect(output.tables.map(\.schema.name) == ["funnel", "funnel_daily", "funnel_step_times"])
        return (output.tables[0], output.tables[1], output.headline)
    }

    @Test func repeatedStepOneCountsTheEarliestAttemptReachingTheFurthestStep() {
        let result = run([FunnelDefinition(name: "view_to_buy", steps: viewCartBuy)], [
            e("a", "view", 1, "10:00:00"),  // attempt 1: its window ends 06-08 10:00, before the cart → reaches step 1
            e("a", "view", 9, "10:00:00"),  // attempt 2: cart 11:00, buy 12:00 → reaches step 3 (wins)
            e("a", "view", 9, "10:30:00"),  // attempt 3: also reaches step 3, but starts later
            e("a", "cart", 9, "11:00:00"),
            e("a", "buy", 9, "12:00:00"),
            // b: both attempts reach step 2; the earlier one wins, so view→cart is 3600 s (not 1800 s).
            e("b", "view", 2, "10:00:00"), e("b", "view", 2, "10:30:00"), e("b", "cart", 2, "11:00:00"),
        ])
        // a's times come from attempt 2: view→cart 3600 s, cart→buy 3600 s (attempt 3 would give 1800 s).
        // b's window closed 06-09 10:00, before the end of the data (06-10 00:00): not in window.
        #expect(core(result.funnel) == [
            ["view_to_buy", 1, "view", 2, .real(1), .real(1), .null, 0],
            ["view_to_buy", 2, "cart", 2, .real(1), .real(1), .real(3600), 0],
            ["view_to_buy", 3, "buy", 1, .real(0.5), .real(0.5), .real(3600), 0],
        ])
        // a's entry day is attempt 2's step-1 day (06-09), not the day of a's first view.
        #expect(core(result.daily) == [
            ["view_to_buy", "2025-06-02", 1, "view", 1, .real(1), .real(1), .null, 0],
            ["view_to_buy", "2025-06-02", 2, "cart", 1, .real(1), .real(1), .real(3600), 0],
            ["view_to_buy", "2025-06-02", 3, "buy", 0, .real(0), .real(0), .null, 0],
            ["view_to_buy", "2025-06-09", 1, "view", 1, .real(1), .real(1), .null, 0],
            ["view_to_buy", "2025-06-09", 2, "cart", 1, .real(1), .real(1), .real(3600), 0],
            ["view_to_buy", "2025-06-09", 3, "buy", 1, .real(1), .real(1), .real(3600), 0],
        ])
        #expect(result.headline == ["funnel view_to_buy: 2 → 2 → 1 persons (50.0%)"])
    }

    @Test func strictFunnelBreaksOnAnotherEventButNotOnASystemEvent() {
        let result = run([FunnelDefinition(name: "strict_checkout", steps: viewCartBuy, order: .strict)], [
            // a: the push between view and cart is ignored → step 3; gaps 120 s, 60 s.
            e("a", "view", 1, "10:00:00"), e("a", "push_sent", 1, "10:01:00"),
            e("a", "cart", 1, "10:02:00"), e("a", "buy", 1, "10:03:00"),
            // b: the search right after the view ends the attempt → step 1.
            e("b", "view", 1, "10:00:00"), e("b", "search", 1, "10:01:00"),
            e("b", "cart", 1, "10:02:00"), e("b", "buy", 1, "10:03:00"),
            // c: attempt 1 (view, cart, then view) stops at step 2; attempt 2 (10:02) reaches step 3; gaps 60 s, 60 s.
            e("c", "view", 1, "10:00:00"), e("c", "cart", 1, "10:01:00"),
            e("c", "view", 1, "10:02:00"), e("c", "cart", 1, "10:03:00"), e("c", "buy", 1, "10:04:00"),
            lateUnrelatedEvent(),
        ])
        // Step 2: a and c, 2/3; median of 120 and 60 is 90. Step 3: a and c; median of 60 and 60.
        #expect(core(result.funnel) == [
            ["strict_checkout", 1, "view", 3, .real(1), .real(1), .null, 0],
            ["strict_checkout", 2, "cart", 2, .real(twoThirds), .real(twoThirds), .real(90), 0],
            ["strict_checkout", 3, "buy", 2, .real(twoThirds), .real(1), .real(60), 0],
        ])
    }

    @Test func exclusionRemovesAttemptsWithTheEventBetweenItsSteps() {
        let funnel = FunnelDefinition(
            name: "checkout", steps: viewCartBuy,
            exclusions: [.init(event: EventFilter(event: "cancel"), fromStep: 2, toStep: 3)]
        )
        let result = run([funnel], [
            // a: cancel between cart and buy → the only attempt is removed; a is not counted at all.
            e("a", "view", 1, "10:00:00"), e("a", "cart", 1, "10:01:00"),
            e("a", "cancel", 1, "10:02:00"), e("a", "buy", 1, "10:03:00"),
            // b: cancel between view and cart is outside steps 2–3 → step 3; gaps 120 s, 60 s.
            e("b", "view", 1, "10:00:00"), e("b", "cancel", 1, "10:01:00"),
            e("b", "cart", 1, "10:02:00"), e("b", "buy", 1, "10:03:00"),
            // c: never reaches step 3, and cancels after the cart within the window → removed as well (an unfinished
            //    attempt is removed by an exclusion anywhere after its from_step event, up to its window's end).
            e("c", "view", 1, "10:00:00"), e("c", "cart", 1, "10:01:00"), e("c", "cancel", 1, "10:02:00"),
            // f: cancels 8 days after the cart, after its 7-day window ended → stays at step 2; gap 60 s.
            e("f", "view", 1, "10:00:00"), e("f", "cart", 1, "10:01:00"), e("f", "cancel", 9, "10:02:00"),
            // d: attempt 1 is removed like a's; attempt 2 (10:10) is clean → step 3; gaps 600 s, 600 s.
            e("d", "view", 1, "10:00:00"), e("d", "cart", 1, "10:01:00"),
            e("d", "cancel", 1, "10:02:00"), e("d", "buy", 1, "10:03:00"),
            e("d", "view", 1, "10:10:00"), e("d", "cart", 1, "10:20:00"), e("d", "buy", 1, "10:30:00"),
            lateUnrelatedEvent(),
        ])
        // Step 1–2: b, d, f; step 2 median of 120, 600, 60 = 120. Step 3: b, d; median (60 + 600) / 2 = 330.
        #expect(core(result.funnel) == [
            ["checkout", 1, "view", 3, .real(1), .real(1), .null, 0],
            ["checkout", 2, "cart", 3, .real(1), .real(1), .real(120), 0],
            ["checkout", 3, "buy", 2, .real(twoThirds), .real(twoThirds), .real(330), 0],
        ])
    }

    @Test func windowStillOpenAtTheEndOfTheDataCountsAsInWindow() {
        // The last data day is 06-10, so the data ends at 06-11 00:00 local.
        let result = run([FunnelDefinition(name: "checkout", steps: viewCartBuy)], [
            // a: stopped at step 2; window ended 06-08 10:00 → a drop-off.
            e("a", "view", 1, "10:00:00"), e("a", "cart", 1, "11:00:00"),
            // b: stopped at step 1; window ends 06-16 10:00 → in window.
            e("b", "view", 9, "10:00:00"),
            // c: stopped at step 2; window ends 06-12 10:00 → in window.
            e("c", "view", 5, "10:00:00"), e("c", "cart", 6, "10:00:00"),
            // d: converted; gaps 1800 s, 1800 s.
            e("d", "view", 10, "09:00:00"), e("d", "cart", 10, "09:30:00"), e("d", "buy", 10, "10:00:00"),
            // e: window ends exactly at the end of the data (06-11 00:00); an event at that instant, after the
            //    data, would still count → in window.
            e("e", "view", 4, "00:00:00"),
        ])
        // Step 2: a, c, d (3/5); gaps 3600, 86400, 1800 → median 3600. Step 3: d only (1/5, 1/3 of step 2).
        #expect(core(result.funnel) == [
            ["checkout", 1, "view", 5, .real(1), .real(1), .null, 2],
            ["checkout", 2, "cart", 3, .real(0.6), .real(0.6), .real(3600), 1],
            ["checkout", 3, "buy", 1, .real(0.2), .real(oneThird), .real(1800), 0],
        ])
        #expect(result.headline == ["funnel checkout: 5 → 3 → 1 persons (20.0%)"])
    }

    @Test func stepExactlyAtTheWindowEndCountsOneSecondLaterDoesNot() {
        let result = run([FunnelDefinition(name: "view_to_buy", steps: [EventFilter(event: "view"), EventFilter(event: "buy")])], [
            e("a", "view", 1, "10:00:00"), e("a", "buy", 8, "10:00:00"),  // exactly 7 days later → converts
            e("b", "view", 1, "10:00:00"), e("b", "buy", 8, "10:00:01"),  // 7 days and 1 second → step 1 only
        ])
        // b's window closed 06-08 10:00, before the end of the data (06-09 00:00): not in window.
        #expect(core(result.funnel) == [
            ["view_to_buy", 1, "view", 2, .real(1), .real(1), .null, 0],
            ["view_to_buy", 2, "buy", 1, .real(0.5), .real(0.5), .real(604_800), 0],
        ])
    }

    @Test func unorderedCountsDistinctStepsInAnyOrder() {
        let result = run([FunnelDefinition(name: "any_order", steps: viewCartBuy, order: .unordered)], [
            // a: buy, view, cart → 3 distinct steps; step 2 at 10:01 (60 s), step 3 at 10:03 (120 s).
            e("a", "buy", 1, "10:00:00"), e("a", "view", 1, "10:01:00"), e("a", "cart", 1, "10:03:00"),
            // b: the second cart completes nothing new; view makes 2 distinct steps at 10:06 (360 s).
            e("b", "cart", 1, "10:00:00"), e("b", "cart", 1, "10:05:00"), e("b", "view", 1, "10:06:00"),
            // c: one step.
            e("c", "view", 1, "10:00:00"),
            lateUnrelatedEvent(),
        ])
        // "Step k" means k distinct steps: 3 persons at 1, a and b at 2 (median (60 + 360) / 2 = 210), a at 3.
        #expect(core(result.funnel) == [
            ["any_order", 1, "view", 3, .real(1), .real(1), .null, 0],
            ["any_order", 2, "cart", 2, .real(twoThirds), .real(twoThirds), .real(210), 0],
            ["any_order", 3, "buy", 1, .real(oneThird), .real(0.5), .real(120), 0],
        ])
    }

    @Test func unorderedEventCompletesOnlyOneStep() {
        let steps = [EventFilter(event: "view"), EventFilter(event: "view", properties: ["src": "ad"])]
        let result = run([FunnelDefinition(name: "views", steps: steps, order: .unordered)], [
            // a: the plain view completes step "view"; the ad view then completes "view[src=ad]" → 2 steps, 300 s.
            e("a", "view", 1, "10:00:00"), e("a", "view", 1, "10:05:00", props: ["src": "ad"]),
            // b: one ad view matches both steps but completes only the first in config order → 1 step.
            e("b", "view", 1, "10:00:00", props: ["src": "ad"]),
            lateUnrelatedEvent(),
        ])
        #expect(core(result.funnel) == [
            ["views", 1, "view", 2, .real(1), .real(1), .null, 0],
            ["views", 2, "view[src=ad]", 1, .real(0.5), .real(0.5), .real(300), 0],
        ])
    }

    @Test func firstEntryUsesOnlyThePersonsFirstStepOneEvent() {
        let steps = [EventFilter(event: "view"), EventFilter(event: "buy")]
        let result = run([
            FunnelDefinition(name: "buy_first_visit", steps: steps, attempt: .firstEntry),
            FunnelDefinition(name: "buy_any_visit", steps: steps),
        ], [
            // The 06-01 view's window closes 06-08; the 06-10 view is followed by a buy an hour later.
            e("a", "view", 1, "10:00:00"), e("a", "view", 10, "10:00:00"), e("a", "buy", 10, "11:00:00"),
        ])
        // all: attempt 2 converts (entry 06-10). first_entry: only the 06-01 attempt, which stops at step 1.
        #expect(core(result.funnel) == [
            ["buy_any_visit", 1, "view", 1, .real(1), .real(1), .null, 0],
            ["buy_any_visit", 2, "buy", 1, .real(1), .real(1), .real(3600), 0],
            ["buy_first_visit", 1, "view", 1, .real(1), .real(1), .null, 0],
            ["buy_first_visit", 2, "buy", 0, .real(0), .real(0), .null, 0],
        ])
        #expect(core(result.daily) == [
            ["buy_any_visit", "2025-06-10", 1, "view", 1, .real(1), .real(1), .null, 0],
            ["buy_any_visit", "2025-06-10", 2, "buy", 1, .real(1), .real(1), .real(3600), 0],
            ["buy_first_visit", "2025-06-01", 1, "view", 1, .real(1), .real(1), .null, 0],
            ["buy_first_visit", "2025-06-01", 2, "buy", 0, .real(0), .real(0), .null, 0],
        ])
        // Headlines follow config order; rows follow the primary key.
        #expect(result.headline == [
            "funnel buy_first_visit: 1 → 0 persons (0.0%)",
            "funnel buy_any_visit: 1 → 1 persons (100.0%)",
        ])
    }

    @Test func medianIsTheMiddleGapOrTheMeanOfTheTwoMiddleGaps() {
        let result = run([FunnelDefinition(name: "checkout", steps: viewCartBuy)], [
            e("p1", "view", 1, "10:00:00"), e("p1", "cart", 1, "10:01:00"), e("p1", "buy", 1, "10:01:10"),  // 60 s, 10 s
            e("p2", "view", 1, "10:00:00"), e("p2", "cart", 1, "11:00:00"), e("p2", "buy", 1, "11:16:40"),  // 3600 s, 1000 s
            e("p3", "view", 1, "10:00:00"), e("p3", "cart", 1, "10:02:00"), e("p3", "buy", 1, "10:02:20"),  // 120 s, 20 s
            e("p4", "view", 1, "10:00:00"), e("p4", "cart", 1, "10:05:00"),  // 300 s
            lateUnrelatedEvent(),
        ])
        // Step 2: 60, 120, 300, 3600 → median (120 + 300) / 2 = 210, mean 4080 / 4 = 1020; from step 1 the same.
        // Step 3: 10, 20, 1000 → median 20, mean 1030 / 3; from step 1: 70, 140, 4600 → median 140, mean 4810 / 3.
        #expect(result.funnel.rows == [
            ["checkout", 1, "view", 4, .real(1), .real(1), .null, .null, .null, .null, 0],
            ["checkout", 2, "cart", 4, .real(1), .real(1), .real(210), .real(1020), .real(210), .real(1020), 0],
            ["checkout", 3, "buy", 3, .real(0.75), .real(0.75), .real(20), .real(1030.0 / 3), .real(140), .real(4810.0 / 3), 0],
        ])
    }

    @Test func dailyRowsGroupPersonsByTheLocalDayOfTheirEntry() {
        let result = run([FunnelDefinition(name: "view_to_buy", steps: [EventFilter(event: "view"), EventFilter(event: "buy")])], [
            e("a", "view", 1, "23:30:00"), e("a", "buy", 2, "00:30:00"),  // enters 06-01, buys 06-02; 3600 s
            e("b", "view", 2, "10:00:00"),  // enters 06-02, no buy
            e("c", "view", 2, "11:00:00"), e("c", "buy", 2, "11:10:00"),  // enters 06-02; 600 s
            e("d", "view", 3, "09:00:00"), e("d", "buy", 3, "09:01:00"),  // enters 06-03; 60 s
            lateUnrelatedEvent(),  // matches no step: no row for 06-20
        ])
        #expect(core(result.funnel) == [
            ["view_to_buy", 1, "view", 4, .real(1), .real(1), .null, 0],
            ["view_to_buy", 2, "buy", 3, .real(0.75), .real(0.75), .real(600), 0],
        ])
        #expect(core(result.daily) == [
            ["view_to_buy", "2025-06-01", 1, "view", 1, .real(1), .real(1), .null, 0],
            ["view_to_buy", "2025-06-01", 2, "buy", 1, .real(1), .real(1), .real(3600), 0],
            ["view_to_buy", "2025-06-02", 1, "view", 2, .real(1), .real(1), .null, 0],
            ["view_to_buy", "2025-06-02", 2, "buy", 1, .real(0.5), .real(0.5), .real(600), 0],
            ["view_to_buy", "2025-06-03", 1, "view", 1, .real(1), .real(1), .null, 0],
            ["view_to_buy", "2025-06-03", 2, "buy", 1, .real(1), .real(1), .real(60), 0],
        ])
    }

    @Test func stepsCanFilterOnProperties() {
        let steps = [EventFilter(event: "share", properties: ["channel": "group"]), EventFilter(event: "share_open")]
        let result = run([FunnelDefinition(name: "group_share", steps: steps)], [
            e("a", "share", 1, "10:00:00", props: ["channel": "group"]), e("a", "share_open", 1, "10:05:00"),  // 300 s
            e("b", "share", 1, "10:00:00", props: ["channel": "moments"]), e("b", "share_open", 1, "10:05:00"),  // not step 1
            e("c", "share", 1, "10:00:00", props: ["channel": "group", "item": "x"]),  // extra properties are fine
            lateUnrelatedEvent(),
        ])
        #expect(core(result.funnel) == [
            ["group_share", 1, "share[channel=group]", 2, .real(1), .real(1), .null, 0],
            ["group_share", 2, "share_open", 1, .real(0.5), .real(0.5), .real(300), 0],
        ])
    }

    /// A later step at the same instant as its predecessor converts, whatever the two events' ids (which decide their
    /// content order: a's view sorts first, b's cart sorts first), in ordered and strict funnels alike.
    @Test func stepAtTheSameInstantAsItsPredecessorConverts() {
        let at = "2025-06-01T10:00:00+08:00"
        let events = [Fixtures.event("1", "view", at, user: "a"), Fixtures.event("2", "cart", at, user: "a"),
                      Fixtures.event("4", "view", at, user: "b"), Fixtures.event("3", "cart", at, user: "b"),
                      lateUnrelatedEvent()]
        let steps = [EventFilter(event: "view"), EventFilter(event: "cart")]
        let result = run([FunnelDefinition(name: "ordered", steps: steps),
                          FunnelDefinition(name: "strict", steps: steps, order: .strict)], events)
        #expect(core(result.funnel) == [
            ["ordered", 1, "view", 2, .real(1), .real(1), .null, 0],
            ["ordered", 2, "cart", 2, .real(1), .real(1), .real(0), 0],
            ["strict", 1, "view", 2, .real(1), .real(1), .null, 0],
            ["strict", 2, "cart", 2, .real(1), .real(1), .real(0), 0],
        ])
    }

    /// In a strict funnel, "the next event" after step 1 is the group at the next instant: a cart sharing its
    /// instant with a page view is the next event whatever their ids.
    @Test func strictNextEventIsTheGroupAtTheNextInstant() {
        let steps = [EventFilter(event: "view"), EventFilter(event: "cart")]
        func converts(cartID: String) -> [[SQLValue]] {
            let result = run([FunnelDefinition(name: "strict", steps: steps, order: .strict)], [
                Fixtures.event("1", "view", "2025-06-01T10:00:00+08:00", user: "a"),
                Fixtures.event("2", "page_view", "2025-06-01T10:00:05+08:00", user: "a"),
                Fixtures.event(cartID, "cart", "2025-06-01T10:00:05+08:00", user: "a"),
                // b: a page view alone at the next instant ends the attempt.
                Fixtures.event("4", "view", "2025-06-01T10:00:00+08:00", user: "b"),
                Fixtures.event("5", "page_view", "2025-06-01T10:00:05+08:00", user: "b"),
                Fixtures.event("6", "cart", "2025-06-01T10:00:06+08:00", user: "b"),
                lateUnrelatedEvent(),
            ])
            return core(result.funnel)
        }
        let expected: [[SQLValue]] = [
            ["strict", 1, "view", 2, .real(1), .real(1), .null, 0],
            ["strict", 2, "cart", 1, .real(0.5), .real(0.5), .real(5), 0],
        ]
        #expect(converts(cartID: "3") == expected)
        #expect(converts(cartID: "0") == expected)
    }

    /// Steps 2 and 3 and an exclusion event at one instant: the steps convert, and the exclusion is not between them.
    @Test func exclusionAtTheSameInstantAsAStepIsNotBetweenSteps() {
        let funnel = FunnelDefinition(name: "checkout", steps: viewCartBuy,
                                      exclusions: [.init(event: EventFilter(event: "cancel"), fromStep: 2, toStep: 3)])
        let result = run([funnel], [
            // a: cart, cancel and buy all at 10:05 → converts; gaps 300 s and 0 s.
            e("a", "view", 1, "10:00:00"), e("a", "buy", 1, "10:05:00"), e("a", "cancel", 1, "10:05:00"),
            e("a", "cart", 1, "10:05:00"),
            // b: the cancel one millisecond after the cart is between → removed.
            e("b", "view", 1, "10:00:00"), e("b", "cart", 1, "10:05:00"), e("b", "cancel", 1, "10:05:00.001"),
            e("b", "buy", 1, "10:06:00"),
            lateUnrelatedEvent(),
        ])
        #expect(core(result.funnel) == [
            ["checkout", 1, "view", 1, .real(1), .real(1), .null, 0],
            ["checkout", 2, "cart", 1, .real(1), .real(1), .real(300), 0],
            ["checkout", 3, "buy", 1, .real(1), .real(1), .real(0), 0],
        ])
    }

    /// A step that repeats the previous step's event needs a different event strictly later in time.
    @Test func repeatedEventStepNeedsALaterEvent() {
        let steps = [EventFilter(event: "page_view"), EventFilter(event: "page_view")]
        let result = run([FunnelDefinition(name: "two_pages", steps: steps)], [
            Fixtures.event("a1", "page_view", "2025-06-01T10:00:00+08:00", user: "a"),
            Fixtures.event("a2", "page_view", "2025-06-01T10:00:00+08:00", user: "a"),
            e("b", "page_view", 1, "10:00:00"), e("b", "page_view", 1, "10:00:01"),
            lateUnrelatedEvent(),
        ])
        // a: two page views at one instant → step 1 only; b: one second apart → step 2, 1 s.
        #expect(core(result.funnel) == [
            ["two_pages", 1, "page_view", 2, .real(1), .real(1), .null, 0],
            ["two_pages", 2, "page_view", 1, .real(0.5), .real(0.5), .real(1), 0],
        ])
    }

    /// `"*"` matches any active event: a push (a system event) is not one.
    @Test func anyEventStepMatchesAnyActiveEvent() {
        let steps = [EventFilter(event: "signup"), EventFilter(event: "*")]
        let result = run([FunnelDefinition(name: "signup_then_anything", steps: steps)], [
            e("a", "signup", 1, "10:00:00"), e("a", "push_sent", 1, "10:01:00"), e("a", "search", 1, "10:02:00"),
            e("b", "signup", 1, "10:00:00"), e("b", "push_sent", 1, "10:01:00"),
            lateUnrelatedEvent(),
        ])
        // a: the search, 120 s later, is step 2 (the signup itself is not: "*" repeats every event, so it must be
        // later). b: only a push → step 1.
        #expect(core(result.funnel) == [
            ["signup_then_anything", 1, "signup", 2, .real(1), .real(1), .null, 0],
            ["signup_then_anything", 2, "*", 1, .real(0.5), .real(0.5), .real(120), 0],
        ])
    }

    /// Attempts start on entry days in the report window; their later steps count on all the data.
    @Test func reportWindowSelectsEntryDaysNotOutcomes() {
        let window = ReportWindow(firstDay: LocalDate(iso: "2025-06-05"), lastDay: LocalDate(iso: "2025-06-06"))
        let steps = [EventFilter(event: "view"), EventFilter(event: "buy")]
        let result = run([FunnelDefinition(name: "view_to_buy", steps: steps),
                          FunnelDefinition(name: "first_view_to_buy", steps: steps, attempt: .firstEntry)], [
            // a: enters 06-06, buys 06-08 (after the window) → converts.
            e("a", "view", 6, "10:00:00"), e("a", "buy", 8, "10:00:00"),
            // b: enters 06-01 (before the window) and buys 06-05; its 06-05 view starts an attempt in the window.
            e("b", "view", 1, "10:00:00"), e("b", "view", 5, "09:00:00"), e("b", "buy", 5, "10:00:00"),
            // c: enters only 06-07, after the window → not in the funnel.
            e("c", "view", 7, "10:00:00"),
            lateUnrelatedEvent(),
        ], window: window)
        // first_entry: b's first view ever is 06-01, outside the window, so b is not counted there.
        #expect(core(result.funnel) == [
            ["first_view_to_buy", 1, "view", 1, .real(1), .real(1), .null, 0],
            ["first_view_to_buy", 2, "buy", 1, .real(1), .real(1), .real(172_800), 0],
            ["view_to_buy", 1, "view", 2, .real(1), .real(1), .null, 0],
            ["view_to_buy", 2, "buy", 2, .real(1), .real(1), .real((3600 + 172_800) / 2), 0],
        ])
        #expect(result.daily.rows.map { $0[1] } .allSatisfy { $0 == "2025-06-05" || $0 == "2025-06-06" })
    }

    @Test func funnelWithoutPersonsStillHasItsStepRows() {
        let result = run([FunnelDefinition(name: "nobody", steps: viewCartBuy)], [lateUnrelatedEvent()])
        #expect(core(result.funnel) == [
            ["nobody", 1, "view", 0, .null, .null, .null, 0],
            ["nobody", 2, "cart", 0, .null, .null, .null, 0],
            ["nobody", 3, "buy", 0, .null, .null, .null, 0],
        ])
        #expect(result.daily.rows == [])
        #expect(result.headline == ["funnel nobody: 0 → 0 → 0 persons (n/a)"])
    }

    @Test func aLaterOpenAttemptKeepsAnEarlierStopInWindow() {
        // The data ends 06-11 00:00 (last data day 06-10).
        let result = run([FunnelDefinition(name: "checkout", steps: viewCartBuy)], [
            // a: the 06-01 attempt reached cart and its window closed; the 06-10 view starts a new attempt whose
            //    window is open, so a (stopped at step 2, its furthest) may still buy: in window at step 2.
            e("a", "view", 1, "10:00:00"), e("a", "cart", 1, "11:00:00"), e("a", "view", 10, "09:00:00"),
            // b: one attempt, window closed on 06-08: a drop-off at step 1.
            e("b", "view", 1, "10:00:00"),
        ])
        #expect(core(result.funnel) == [
            ["checkout", 1, "view", 2, .real(1), .real(1), .null, 0],
            ["checkout", 2, "cart", 1, .real(0.5), .real(0.5), .real(3600), 1],
            ["checkout", 3, "buy", 0, .real(0), .real(0), .null, 0],
        ])
    }

    @Test func systemEventsCountOnlyInFunnelsThatNameThem() {
        let push = FunnelDefinition(name: "push_to_open", steps: [EventFilter(event: "push_sent"), EventFilter(event: "push_open")],
                                    windowSeconds: 86_400, order: .strict)
        let result = run([push, FunnelDefinition(name: "open_to_view", steps: [EventFilter(event: "push_open"), EventFilter(event: "view")], order: .strict)], [
            // a: push, then opens it; then a second push, then a view. The pushes do not break open_to_view.
            e("a", "push_sent", 1, "10:00:00"), e("a", "push_open", 1, "10:05:00"),
            e("a", "push_sent", 1, "10:06:00"), e("a", "view", 1, "10:07:00"),
            // b: a push never opened.
            e("b", "push_sent", 1, "10:00:00"),
            lateUnrelatedEvent(),
        ])
        #expect(core(result.funnel) == [
            ["open_to_view", 1, "push_open", 1, .real(1), .real(1), .null, 0],
            ["open_to_view", 2, "view", 1, .real(1), .real(1), .real(120), 0],
            ["push_to_open", 1, "push_sent", 2, .real(1), .real(1), .null, 0],
            ["push_to_open", 2, "push_open", 1, .real(0.5), .real(0.5), .real(300), 0],
        ])
    }

    /// Step gaps in different bins: u1 carts 30 s after viewing (≤ 1 min) and buys 7,170 s later (30 min–2 h); u2 carts
    /// after 600 s (5–30 min) and buys 172,200 s later (1–3 days). Percentiles by nearest rank: P10…P50 are the
    /// smaller gap of two, P75 and P90 the larger.
    @Test func stepTimeDistributions() {
        let funnel = FunnelDefinition(name: "f", steps: viewCartBuy)
        let data = Cleaner.build(events: [
            e("u1", "view", 1, "10:00:00"), e("u1", "cart", 1, "10:00:30"), e("u1", "buy", 1, "12:00:00"),
            e("u2", "view", 1, "10:00:00"), e("u2", "cart", 1, "10:10:00"), e("u2", "buy", 3, "10:00:00"),
        ], calendar: DayCalendar(timeZone: "Asia/Shanghai")!)
        let table = FunnelJob(funnels: [funnel]).run(data).tables[2]
        // funnel, step, name, persons, P10 P25 P50 P75 P90 (s), bins ≤1m 1–5m 5–30m 30m–2h 2–24h 1–3d >3d
        #expect(TableText.lines(table) == [
            "f 2 cart 2 30 30 30 600 600 1 0 1 0 0 0 0",
            "f 3 buy 2 7170 7170 7170 172200 172200 0 0 0 1 0 1 0",
        ])
    }
}
