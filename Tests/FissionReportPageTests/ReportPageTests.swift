import FissionReportPage
import FissionStore
import FissionTestSupport
import Foundation
import Testing

/// The report page built from the sample database: every report table has its section, and what the page shows is
/// what SQL on the same database says.
@Suite(.serialized)
struct ReportPageTests {
    static func sampleDatabase(_ dir: TemporaryDirectory) throws -> Database {
        let path = dir.path("s.sqlite")
        let result = try FissionBinary.run(["run", "Pipelines/sample.json", "--output", path, "--quiet"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        return try Database(path: path, readOnly: true)
    }

    /// The `data-value` of a headline card.
    static func card(_ html: String, _ id: String) -> String? {
        guard let at = html.range(of: "id=\"card-\(id)\"") else { return nil }
        let rest = html[at.upperBound...]
        guard let v = rest.range(of: "data-value=\""), let end = rest[v.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(rest[v.upperBound..<end])
    }

    static func real(_ db: Database, _ sql: String) throws -> Double? {
        switch try db.rows(sql).first?.first {
        case .real(let v)?: v
        case .integer(let v)?: Double(v)
        default: nil
        }
    }

    static func percent(_ v: Double?) -> String? { v.map { String(format: "%.1f%%", $0 * 100) } }

    @Test func sectionsForEveryTableAndFiguresMatchingSQL() throws {
        let dir = TemporaryDirectory()
        let db = try Self.sampleDatabase(dir)
        let html = try ReportPage.render(db)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://") && !html.contains("<link"))
        for row in try db.rows("SELECT table_name FROM report_tables WHERE table_name <> 'report_metadata'") {
            #expect(html.contains("id=\"table-\(row[0])\""), "no section for \(row[0])")
        }
        for id in ["headline", "run-health", "retention-heatmap", "overlap-upset", "overlap-matrix", "share-funnel-summary", "runs"] {
            #expect(html.contains("id=\"\(id)\""), "no #\(id)")
        }

        // Headline cards, each against SQL written independently of the page's.
        let k = try db.rows("SELECT k_factor, conversion_rate FROM share_funnel_summary WHERE channel = 'all'")[0]
        if case .real(let kf) = k[0] { #expect(Self.card(html, "k-factor") == String(format: "%.2f", kf)) }
        if case .real(let c) = k[1] { #expect(Self.card(html, "share-conversion") == String(format: "%.1f%%", c * 100)) }
        for offset in [1, 7, 30] {
            let pooled = try Self.real(db, """
                SELECT sum(retained) * 1.0 / sum(cohort_size) FROM (SELECT retained, cohort_size FROM retention
                WHERE report = 'default' AND period = 'day' AND segment = 'all' AND "offset" = \(offset) AND is_complete = 1
                ORDER BY cohort_date DESC LIMIT 7)
                """)
            #expect(pooled != nil)
            #expect(Self.card(html, "d\(offset)") == Self.percent(pooled), "D\(offset)")
        }
        let ltv30 = try Self.real(db, "SELECT ltv_minor / 100.0 FROM ltv_summary WHERE segment = 'all' AND \"offset\" = 30")
        #expect(Self.card(html, "ltv30") == ltv30.map { String(format: "%.2f", $0) })
        let aov = try Self.real(db, """
            SELECT aov_minor / 100.0 FROM commerce_summary WHERE period = 'week' AND platform = 'all' AND channel = 'all'
            AND period_start <= date((SELECT value FROM report_metadata WHERE key = 'last_complete_day'), '-6 days')
            ORDER BY period_start DESC LIMIT 1
            """)
        #expect(Self.card(html, "aov") == aov.map { String(format: "%.2f", $0) })
        #expect(Self.card(html, "overlap") == Self.percent(try Self.real(db, "SELECT overlap_rate FROM platform_overlap_summary")))

        // A complete heatmap cell carries its rate; an incomplete one is hatched.
        let cell = try db.rows("""
            SELECT cohort_date, rate, retained, cohort_size FROM retention WHERE report = 'default' AND period = 'day' AND segment = 'all'
            AND "offset" = 1 AND is_complete = 1 ORDER BY cohort_date LIMIT 1
            """)[0]
        if case .real(let r) = cell[1] {
            #expect(html.contains("title=\"\(cell[0]) D1: \(Self.percent(r)!) (\(cell[2]) of \(cell[3]))\""))
        }
        let open = try db.rows("""
            SELECT cohort_date, retained, cohort_size FROM retention WHERE report = 'default' AND period = 'day' AND segment = 'all'
            AND "offset" = 7 AND is_complete = 0 ORDER BY cohort_date LIMIT 1
            """)[0]
        #expect(html.contains("<td class=\"inc\" title=\"\(open[0]) D7: incomplete, \(open[1]) of \(open[2]) so far\">"))

        // Funnel bars, the largest exclusive overlap region, the latest run's accounting.
        for step in try db.rows("SELECT funnel, step, step_name, persons FROM funnel") {
            #expect(html.contains("\(step[1]). \(step[2]): \(step[3]) persons"), "funnel \(step[0]) step \(step[1])")
        }
        let region = try db.rows("SELECT platforms, persons FROM platform_overlap ORDER BY persons DESC, platforms LIMIT 1")[0]
        #expect(html.contains("only \(region[0].description.replacingOccurrences(of: "+", with: " + ")): \(region[1]) persons"))
        let run = try db.rows("SELECT run_id, lines_read, events_accepted FROM pipeline_runs ORDER BY run_id DESC LIMIT 1")[0]
        #expect(html.contains("<td>\(run[0])</td><td>succeeded</td>") && html.contains("<td>\(run[1])</td><td>\(run[2])</td>"))
    }

    /// A report the page has no chapter for (one added later) still gets its section, under "Other reports".
    @Test func aTableWithoutAChapterStillGetsASection() throws {
        let dir = TemporaryDirectory()
        let db = try Database(path: dir.path("t.sqlite"))
        try db.execute("""
            CREATE TABLE report_tables (table_name TEXT PRIMARY KEY, run_id INTEGER, row_count INTEGER);
            CREATE TABLE future_report (day TEXT, value INTEGER);
            INSERT INTO future_report VALUES ('2025-06-01', 7);
            INSERT INTO report_tables VALUES ('future_report', 1, 1);
            """)
        let html = try ReportPage.render(db)
        #expect(html.contains("id=\"chapter-other\"") && html.contains("id=\"table-future_report\""))
        #expect(html.contains("<td>2025-06-01</td><td>7</td>"), "the first rows are shown")
    }

    /// Hand-made retention: 14 daily cohorts of 10 persons; D1 retained 1 in the first 7 and 2 in the last 7. The card
    /// pools the 7 latest complete cohorts (14 of 70 = 20.0%) against the 7 before (7 of 70 = 10.0%).
    @Test func retentionCardPoolsTheLatestSevenCohortsAgainstTheSevenBefore() throws {
        let dir = TemporaryDirectory()
        let db = try Self.retentionDatabase(dir, days: 14) { $0 <= 7 ? 1 : 2 }
        let html = try ReportPage.render(db)
        #expect(Self.card(html, "d1") == "20.0%")
        #expect(html.contains("▲ +10.0 pt vs a week earlier (10.0%)"))
        #expect(Self.card(html, "d7") == "n/a" && html.contains("no value a week earlier"))
    }

    /// A long history shows its latest 62 daily cohorts in the heatmap, and says the rest are in the table.
    @Test func heatmapShowsTheLatestCohorts() throws {
        let dir = TemporaryDirectory()
        let html = try ReportPage.render(try Self.retentionDatabase(dir, days: 70) { _ in 1 })
        #expect(html.contains("The 62 latest of 70 cohorts; all are in the table."))
        let start = try #require(html.range(of: "id=\"retention-heatmap\""))
        let heatmap = html[start.upperBound...].split(separator: "</table>", maxSplits: 1)[0]
        #expect(!heatmap.contains("<td>2025-06-08</td>") && heatmap.contains("<td>2025-06-09</td>") && heatmap.contains("<td>2025-08-09</td>"))
    }

    /// Daily cohorts of 10 persons from 2025-06-01, `retained(day)` of them back on D1, every cell complete.
    static func retentionDatabase(_ dir: TemporaryDirectory, days: Int, retained: (Int) -> Int) throws -> Database {
        let db = try Database(path: dir.path("t.sqlite"))
        try db.execute("""
            CREATE TABLE report_tables (table_name TEXT PRIMARY KEY, run_id INTEGER, row_count INTEGER);
            CREATE TABLE retention (report TEXT, cohort_date TEXT, period TEXT, segment TEXT, "offset" INTEGER, cohort_size INTEGER,
                retained INTEGER, rate REAL, is_complete INTEGER);
            INSERT INTO report_tables VALUES ('retention', 1, \(days));
            """)
        let insert = try db.prepare("INSERT INTO retention VALUES ('default', date('2025-06-01', ? || ' days'), 'day', 'all', 1, 10, ?, ?, 1)")
        for day in 1...days {
            try insert.run([.integer(Int64(day - 1)), .integer(Int64(retained(day))), .real(Double(retained(day)) / 10)])
        }
        return db
    }

    @Test func commandWritesThePage() throws {
        let dir = TemporaryDirectory()
        _ = try Self.sampleDatabase(dir)
        let result = try FissionBinary.run(["report", dir.path("s.sqlite"), "--out", dir.path("r.html")])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let page = try String(contentsOfFile: dir.path("r.html"), encoding: .utf8)
        #expect(page.contains("<h1>Fission report</h1>"))
        #expect(try FissionBinary.run(["report", dir.path("missing.sqlite")]).exitCode == 3)
    }
}
