import FissionReportPage
import FissionStore
import FissionTestSupport
import Foundation
import Testing

/// The report page built from the sample database: every report table has its section, and the headline cards show
/// what SQL on the same database says.
@Suite(.serialized)
struct ReportPageTests {
    static func sampleDatabase(_ dir: TemporaryDirectory) throws -> Database {
        let path = dir.path("s.sqlite")
        let result = try FissionBinary.run(["run", "Pipelines/sample.json", "--output", path, "--quiet"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        return try Database(path: path, readOnly: true)
    }

    func card(_ html: String, _ id: String) -> String? {
        guard let at = html.range(of: "id=\"card-\(id)\"") else { return nil }
        let rest = html[at.upperBound...]
        guard let v = rest.range(of: "data-value=\""), let end = rest[v.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(rest[v.upperBound..<end])
    }

    @Test func sectionsForEveryTableAndCardsMatchingSQL() throws {
        let dir = TemporaryDirectory()
        let db = try Self.sampleDatabase(dir)
        let html = try ReportPage.render(db)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
        for row in try db.rows("SELECT table_name FROM report_tables") {
            #expect(html.contains("id=\"table-\(row[0])\""), "no section for \(row[0])")
        }
        for id in ["headline", "run-health", "retention-heatmap"] { #expect(html.contains("id=\"\(id)\"")) }
        // Cards against SQL.
        let k = try db.rows("SELECT k_factor, conversion_rate FROM share_funnel_summary WHERE channel = 'all'")[0]
        if case .real(let kf) = k[0] { #expect(card(html, "k-factor") == String(format: "%.2f", kf)) }
        if case .real(let c) = k[1] { #expect(card(html, "share-conversion") == String(format: "%.1f%%", c * 100)) }
        let d1 = try db.rows("""
            SELECT rate FROM retention WHERE report = 'default' AND period = 'day' AND segment = 'all' AND "offset" = 1
            AND is_complete = 1 ORDER BY cohort_date DESC LIMIT 1
            """)
        if case .real(let r)? = d1.first?.first { #expect(card(html, "d1") == String(format: "%.1f%%", r * 100)) }
        let overlap = try db.rows("SELECT overlap_rate FROM platform_overlap_summary")
        if case .real(let r)? = overlap.first?.first { #expect(card(html, "overlap") == String(format: "%.1f%%", r * 100)) }
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
