import FissionModel
import FissionStore
import Foundation

/// `fission report`: one self-contained HTML page built from the reporting database alone (inline CSS and SVG, no
/// network, no script): headline cards with their change over a week, then one chapter per question from the
/// articles, where every report table in the database has its section (one-line definition, chart, first rows),
/// and run health.
public enum ReportPage {
    public static func render(_ db: Database) throws -> String {
        let q = PageQuery(db)
        let tables = q.rows("SELECT table_name, row_count FROM report_tables ORDER BY table_name").map { ($0[0].description, $0[1].description) }
        let rowCounts = Dictionary(tables, uniquingKeysWith: { a, _ in a })
        let names = Set(rowCounts.keys)
        let grains = Dictionary(q.rows("SELECT table_name, description FROM table_docs").map { ($0[0].description, $0[1].description) },
                                uniquingKeysWith: { a, _ in a })
        var chapters = TableCatalog.chapters.map { c in (c, c.tables.filter(names.contains)) }
        let placed = Set(chapters.flatMap(\.1))
        let others = tables.map(\.0).filter { !placed.contains($0) && $0 != "report_metadata" }
        if !others.isEmpty {
            chapters.append((TableCatalog.Chapter(id: "other", title: "Other reports", question: "Reports without a chapter of their own.", tables: others), others))
        }
        chapters = chapters.filter { !$0.1.isEmpty }

        let m = q.metadata
        var body: [String] = [
            "<header><h1>Fission report</h1><p class=\"muted\">Data \(HTML.escape(m["data_first_day"] ?? "?")) … \(HTML.escape(m["data_last_day"] ?? "?")), "
                + "last complete day \(HTML.escape(m["last_complete_day"] ?? "?")), days in \(HTML.escape(m["time_zone"] ?? "?")), money in "
                + "\(HTML.escape(m["reporting_currency"] ?? "?")). Fission \(HTML.escape(m["tool_version"] ?? "?")). Hover a chart point or a cell for its value.</p></header>",
            "<nav aria-label=\"contents\"><a href=\"#headline\">Headline</a>" + chapters.map { "<a href=\"#chapter-\($0.0.id)\">\(HTML.escape($0.0.title))</a>" }.joined()
                + "<a href=\"#run-health\">Run health</a></nav>",
            HeadlineCards.html(q, tables: names),
        ]
        for (chapter, present) in chapters {
            body.append("<section class=\"chapter\" id=\"chapter-\(chapter.id)\"><h2>\(HTML.escape(chapter.title))</h2><p class=\"muted\">\(HTML.escape(chapter.question))</p>")
            for name in present { body.append(section(name, rows: rowCounts[name] ?? "?", grain: grains[name], q)) }
            body.append("</section>")
        }
        body.append(RunHealth.html(q))
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Fission report</title><style>\(HTML.style)</style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// One report table: its definition and grain, its chart (when it has one), and its first rows behind a link.
    static func section(_ name: String, rows: String, grain: String?, _ q: PageQuery) -> String {
        let chart = RetentionCharts.chart(name, q) ?? SharingCharts.chart(name, q) ?? FunnelCharts.chart(name, q) ?? ValueCharts.chart(name, q)
            ?? PlatformCharts.chart(name, q) ?? MechanicsCharts.chart(name, q) ?? ""
        let escaped = HTML.escape(name)
        return "<section class=\"report\" id=\"table-\(escaped)\"><h3>\(escaped)</h3><p>\(HTML.escape(TableCatalog.definitions[name] ?? ""))"
            + " <span class=\"muted small\">Table <a href=\"#data-\(escaped)\"><code>\(escaped)</code></a>"
            + (grain.map { ", \(HTML.inline($0))" } ?? "") + "; \(HTML.escape(rows)) rows.</span></p>" + chart + preview(name, q) + "</section>"
    }

    /// The table's first 20 rows (in primary-key order), folded.
    static func preview(_ name: String, _ q: PageQuery) -> String {
        let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let columns = q.strings("SELECT name FROM pragma_table_info(?)", [.text(name)])
        let rows = q.rows("SELECT * FROM \(quoted) LIMIT 20")
        return "<details id=\"data-\(HTML.escape(name))\"><summary>First rows of \(HTML.escape(name))</summary>"
            + HTML.table(columns, rows.map { $0.map { HTML.escape($0.description) } }) + "</details>"
    }
}
