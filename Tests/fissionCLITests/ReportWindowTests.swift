import FissionStore
import FissionTestSupport
import Foundation
import Testing

/// The report window (`date_range`) over long generated histories, through the built binary.
@Suite(.serialized)
struct ReportWindowTests {
    /// Every report of the sample pipeline, with a placeholder for the date range.
    static func config(dateRange: String) -> String {
        """
        { "inputs": ["events"], "database": "out.sqlite", "timezone": "Asia/Shanghai", \(dateRange)
          "jobs": { "daily_activity": {},
            "retention": [{ "name": "default", "max_offset_weeks": 4, "max_offset_months": 2 },
                          { "name": "signup_to_order", "periods": ["day", "week"], "cohort_event": "signup",
                            "return_event": "order_paid", "return": "on_or_after" }],
            "share_funnel": { "conversion_window": "7d" },
            "funnels": [{ "name": "view_to_buy", "steps": ["product_view", "add_to_cart", "order_paid"], "window": "7d" }],
            "ltv": { "max_offset": 30 }, "platform_overlap": { "window_days": 30 } } }
        """
    }

    /// A 90-day window over 200 days of files succeeds, and every reported row equals the same row computed with no
    /// window at all (full history), restricted to the window's cohorts, days and share days.
    @Test func windowedRunEqualsTheFullRunRestrictedToTheWindow() throws {
        let dir = TemporaryDirectory()
        let generated = try FissionBinary.run(["generate", "--persons", "150", "--days", "200", "--start", "2025-01-01",
                                               "--no-bad-lines", "--out", dir.path("events")])
        #expect(generated.exitCode == 0, "\(generated.stderr)")
        let (start, end) = ("2025-04-21", "2025-07-19")  // the last 90 of the 200 days
        dir.write("windowed.json", text: Self.config(dateRange: #""date_range": { "start": "\#(start)", "end": "\#(end)" },"#))
        dir.write("full.json", text: Self.config(dateRange: ""))
        for (name, db) in [("windowed", "w.sqlite"), ("full", "f.sqlite")] {
            let run = try FissionBinary.run(["run", dir.path("\(name).json"), "--output", dir.path(db)])
            #expect(run.exitCode == 0, "\(name): \(run.stderr)")
        }
        let db = try Database(path: dir.path("w.sqlite"))
        try db.execute("ATTACH '\(dir.path("f.sqlite"))' AS f")

        // No rejects; the first 110 of the 200 days are read but outside the window.
        #expect(try db.rows("""
            SELECT lines_rejected, events_outside_window > 0, events_outside_window < events_accepted FROM pipeline_runs
            """) == [[0, 1, 1]])

        // table → which rows of the full run belong to the window.
        let inWindow: [(table: String, filter: String)] = [
            ("daily_activity", "day BETWEEN '\(start)' AND '\(end)'"),
            ("retention", """
                (period = 'day' AND cohort_date BETWEEN '\(start)' AND '\(end)')
                OR (period = 'week' AND cohort_date BETWEEN date('\(start)', '-6 days') AND '\(end)')
                OR (period = 'month' AND cohort_date BETWEEN date('\(start)', 'start of month') AND '\(end)')
                """),
            ("ltv", "cohort_date BETWEEN '\(start)' AND '\(end)'"),
            ("share_funnel", "share_date BETWEEN '\(start)' AND '\(end)'"),
            ("share_attribution", "share_date BETWEEN '\(start)' AND '\(end)'"),
            ("identity_map", "1"),
            ("platform_overlap", "1"), ("platform_overlap_pairs", "1"), ("platform_overlap_summary", "1"),
        ]
        for (table, filter) in inWindow {
            let windowed = try db.rows("SELECT count(*) FROM main.\(table)")
            #expect(windowed != [[0]], "\(table) has rows")
            let missing = try db.rows("SELECT * FROM f.\(table) WHERE \(filter) EXCEPT SELECT * FROM main.\(table)")
            let extra = try db.rows("SELECT * FROM main.\(table) EXCEPT SELECT * FROM f.\(table) WHERE \(filter)")
            #expect(missing.isEmpty, "\(table): rows of the full run missing from the windowed run: \(missing.prefix(3))")
            #expect(extra.isEmpty, "\(table): windowed rows that differ from the full run: \(extra.prefix(3))")
        }
        // A person first seen before the window is never new inside it: new persons in the window are exactly the
        // persons whose first event in all the data is in the window.
        #expect(try db.rows("SELECT sum(new_persons) FROM main.daily_activity WHERE platform = 'all'")
                == db.rows("SELECT sum(new_persons) FROM f.daily_activity WHERE platform = 'all' AND day >= '\(start)'"))
        let newInWindow = try db.rows("SELECT sum(new_persons) FROM main.daily_activity WHERE platform = 'all'")
        let allPersons = try db.rows("SELECT count(DISTINCT person_key) FROM main.identity_map")
        guard case .integer(let new)? = newInWindow.first?.first, case .integer(let all)? = allPersons.first?.first else {
            Issue.record("expected counts, got \(newInWindow) and \(allPersons)"); return
        }
        #expect(new > 0 && new < all, "persons first seen before the window are not new in it")
    }

    /// `Pipelines/nightly.json`, unchanged, over more than a year of daily partitions: exit 0, the last 90 complete
    /// days reported, the older history used but not reported. (400 persons: with fewer, some days are thin enough
    /// for the template's partition check to warn, rightly.)
    @Test func nightlyConfigWorksOverMoreThanAYearOfFiles() throws {
        let dir = TemporaryDirectory()
        let generated = try FissionBinary.run(["generate", "--persons", "400", "--days", "400", "--start", "2024-10-01",
                                               "--no-bad-lines", "--out", dir.path("exports")])
        #expect(generated.exitCode == 0, "\(generated.stderr)")
        // The night after the last partition (2025-11-04), at 02:00 Shanghai.
        let run = try FissionBinary.run(["run", "Pipelines/nightly.json", "--input", dir.path("exports/day=*"),
                                         "--output", dir.path("reports.sqlite"), "--as-of", "2025-11-05T02:00:00+08:00"])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let db = try Database(path: dir.path("reports.sqlite"), readOnly: true)
        #expect(try db.rows("SELECT status, lines_rejected, events_outside_window > 300 * 400 / 10 FROM pipeline_runs")
                == [["succeeded", 0, 1]])
        #expect(try db.rows("SELECT min(day), max(day), count(DISTINCT day) FROM daily_activity")
                == [["2025-08-07", "2025-11-04", 90]])
        #expect(try db.rows("SELECT min(cohort_date) FROM retention WHERE report = 'default' AND period = 'day'") == [["2025-08-07"]])
    }
}
