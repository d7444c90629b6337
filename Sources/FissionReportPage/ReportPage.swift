import FissionModel
import FissionStore
import Foundation

/// `fission report`: one self-contained HTML page built from the reporting database alone (inline CSS and SVG, no
/// network, no scripts): headline cards, the retention heatmap, the share funnel and cascades, funnels, LTV curves,
/// platform overlap, a section for every report table with its one-line definition, and run health.
public enum ReportPage {
    /// One line per report table, shown under its section (a table without one gets its name only).
    static let definitions: [String: String] = [
        "daily_activity": "Events, active and new persons, orders and revenue per day × platform.",
        "retention": "Cohort retention: of the persons in a cohort period, those active again k periods later.",
        "retention_summary": "Retention pooled over complete cohorts.",
        "share_funnel": "Shares → opens → new persons → converted, per share day × channel.",
        "share_funnel_summary": "The share funnel over the whole period per channel (the headline's figures).",
        "share_funnel_by_scene": "The open side of the share funnel by WeChat scene channel.",
        "share_attribution": "One row per person acquired through a share.",
        "share_cascades": "Trees of persons acquired through shares, with structural virality.",
        "share_cascade_summary": "Cascades per root share day × channel: sizes, depth, virality, amplification.",
        "top_sharers": "Sharers ranked by direct and indirect new persons.",
        "viral_coefficient_daily": "New persons per sharer, per day and over 7 days.",
        "group_buys": "One row per group buy (拼团): joiners, status, time to fill.",
        "group_buy_summary": "Group buys per start day × size: success rate, time to fill, GMV.",
        "bargains": "One row per bargain (砍价): helpers, success, the initiator's order.",
        "bargain_summary": "Bargains per start day: success rate, helpers, helper conversion.",
        "promoter_orders": "Promoter-attributed orders with commission and clawback.",
        "promoters": "Promoters per period: orders, GMV, net commission, new buyers.",
        "funnel": "Configured funnels: persons per step, conversion and step times.",
        "funnel_daily": "Funnels per entry day.",
        "funnel_step_times": "The distribution of seconds between consecutive funnel steps.",
        "ltv": "Cumulative net revenue per person by first-active-day cohort.",
        "ltv_summary": "LTV pooled over complete cohorts, per segment and day offset.",
        "commerce_daily": "GMV, refunds, AOV, ARPU and ARPPU per day × platform × channel.",
        "commerce_summary": "The commerce figures per week and month.",
        "repurchase": "Repurchase rates within 7/30/90 days by first-order cohort.",
        "repurchase_intervals": "Days between consecutive orders: percentiles and bins.",
        "lifecycle": "New, returning, resurrected and dormant persons per period, and the pulse.",
        "stickiness": "Persons by number of active days per week and month.",
        "stickiness_daily": "DAU, 30-day MAU and DAU/MAU per day.",
        "push_fatigue": "Pushes by how many a person had received in a year: open, conversion and opt-out rates.",
        "push_campaigns": "Push figures per campaign.",
        "platform_overlap": "Persons by the exact set of platforms they were active on.",
        "platform_overlap_pairs": "Persons shared by each platform pair, with Jaccard index.",
        "platform_overlap_summary": "Accounts, persons and the multi-platform share.",
        "identity_map": "Every platform account and the person it belongs to.",
        "suspicious_identity_keys": "Identity keys not used for linking, and why.",
        "report_metadata": "How to read the reports: currency, time zone, data range, versions.",
    ]

    public static func render(_ db: Database) throws -> String {
        let q = Query(db: db)
        let tables = q.rows("SELECT table_name, row_count FROM report_tables ORDER BY table_name").map { ($0[0].description, $0[1].description) }
        let names = Set(tables.map(\.0))
        var body: [String] = ["<h1>Fission report</h1>"]
        let meta = Dictionary(q.rows("SELECT key, coalesce(value, '') FROM report_metadata").map { ($0[0].description, $0[1].description) }, uniquingKeysWith: { a, _ in a })
        body.append("<p class=\"muted\">Data \(HTML.escape(meta["data_first_day"] ?? "?")) … \(HTML.escape(meta["data_last_day"] ?? "?")), last complete day \(HTML.escape(meta["last_complete_day"] ?? "?")), time zone \(HTML.escape(meta["time_zone"] ?? "?")), money in \(HTML.escape(meta["reporting_currency"] ?? "?")). Fission \(HTML.escape(meta["tool_version"] ?? "?")).</p>")
        body.append(cards(q, names))
        body.append(sections(q, tables))
        body.append(runHealth(q))
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Fission report</title><style>\(HTML.style)</style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// The headline cards: the figures people quote, each with its series as a sparkline.
    static func cards(_ q: Query, _ names: Set<String>) -> String {
        var cards: [(id: String, label: String, value: String, series: [Double?])] = []
        if names.contains("retention") {
            for k in [1, 7, 30] {
                let series = q.doubles("""
                    SELECT rate FROM retention WHERE report = 'default' AND period = 'day' AND segment = 'all' AND "offset" = \(k)
                    AND is_complete = 1 ORDER BY cohort_date
                    """)
                cards.append(("d\(k)", "D\(k) retention (latest complete cohort)", series.last.flatMap { $0 }.map(percent) ?? "n/a", series))
            }
        }
        if names.contains("share_funnel_summary") {
            let row = q.rows("SELECT conversion_rate, k_factor FROM share_funnel_summary WHERE channel = 'all'").first
            let daily = q.doubles("SELECT conversion_rate FROM share_funnel WHERE channel = 'all' ORDER BY share_date")
            cards.append(("share-conversion", "Share open → convert", row.flatMap { $0[0].double }.map(percent) ?? "n/a", daily))
            cards.append(("k-factor", "k-factor (new persons per sharer)", row.flatMap { $0[1].double }.map { String(format: "%.2f", $0) } ?? "n/a",
                          q.doubles("SELECT k_factor FROM share_funnel WHERE channel = 'all' ORDER BY share_date")))
        }
        if names.contains("ltv_summary") {
            let curve = q.doubles("SELECT ltv_minor FROM ltv_summary WHERE segment = 'all' ORDER BY \"offset\"")
            let d30 = q.rows("SELECT ltv_minor FROM ltv_summary WHERE segment = 'all' AND \"offset\" = 30").first?[0].double
            cards.append(("ltv30", "LTV day 30 per person", d30.map { String(format: "%.2f", $0 / 100) } ?? "n/a", curve))
        }
        if names.contains("platform_overlap_summary") {
            let rate = q.rows("SELECT overlap_rate FROM platform_overlap_summary").first?[0].double
            cards.append(("overlap", "Persons on 2+ platforms", rate.map(percent) ?? "n/a", []))
        }
        if names.contains("commerce_daily") {
            let daily = q.doubles("SELECT aov_minor FROM commerce_daily WHERE platform = 'all' AND channel = 'all' ORDER BY day")
            let aov = q.rows("""
                SELECT aov_minor FROM commerce_summary WHERE period = 'month' AND platform = 'all' AND channel = 'all'
                ORDER BY period_start DESC LIMIT 1
                """).first?[0].double
            cards.append(("aov", "Average order value (latest month)", aov.map { String(format: "%.2f", $0 / 100) } ?? "n/a", daily))
        }
        let html = cards.map { c in
            "<div class=\"card\" id=\"card-\(c.id)\"><span class=\"muted\">\(HTML.escape(c.label))</span><b data-value=\"\(HTML.escape(c.value))\">\(HTML.escape(c.value))</b>"
                + (c.series.compactMap { $0 }.count > 1 ? HTML.lines([(c.label, c.series)], width: 200, height: 40) : "") + "</div>"
        }
        return "<section id=\"headline\"><h2>Headline</h2><div class=\"cards\">\(html.joined())</div></section>"
    }

    /// A section per report table: its definition, row count, and a chart or the first rows.
    static func sections(_ q: Query, _ tables: [(String, String)]) -> String {
        tables.map { name, rows in
            var html = "<section id=\"table-\(HTML.escape(name))\"><h2>\(HTML.escape(name))</h2><p>\(HTML.escape(definitions[name] ?? ""))"
                + " <span class=\"muted\">Table <code>\(HTML.escape(name))</code>, \(rows) rows.</span></p>"
            html += chart(q, name)
            return html + "</section>"
        }.joined(separator: "\n")
    }

    static func chart(_ q: Query, _ name: String) -> String {
        switch name {
        case "retention":
            // The heatmap: daily cohorts × offsets 0…14, colour by rate, incomplete cells hatched.
            let rows = q.rows("""
                SELECT cohort_date, cohort_size, "offset", rate, is_complete FROM retention
                WHERE report = 'default' AND period = 'day' AND segment = 'all' AND "offset" <= 14 ORDER BY cohort_date, "offset"
                """)
            let byCohort = Dictionary(grouping: rows, by: { $0[0].description })
            let body = byCohort.keys.sorted().map { cohort -> [String] in
                let cells = byCohort[cohort]!
                return [HTML.escape(cohort), cells.first![1].description] + cells.map { c in
                    guard c[4].description == "1", let r = c[3].double else { return "<span class=\"inc\" title=\"incomplete\">·</span>" }
                    return "<span title=\"\(percent(r))\" style=\"display:block;background:rgba(37,99,235,\(String(format: "%.2f", min(1, r * 2))))\">\(percent(r))</span>"
                }
            }
            return HTML.table(["cohort", "size"] + (0...14).map { "D\($0)" }, body, id: "retention-heatmap")
        case "share_funnel":
            let rows = q.rows("SELECT shares, openers, new_persons, converted_persons FROM share_funnel WHERE channel = 'all' ORDER BY share_date")
            let series = ["shares", "openers", "new persons", "converted"].enumerated().map { k, n in (n, rows.map { $0[k].double }) }
            return HTML.lines(series)
        case "funnel":
            let rows = q.rows("SELECT funnel, step, step_name, persons, conversion_from_start, median_seconds_from_previous FROM funnel ORDER BY funnel, step")
            return rows.map { r in
                HTML.bar(r[4].double ?? 0, "\(r[0]) · \(r[1]). \(r[2]): \(r[3]) persons (\(r[4].double.map(percent) ?? "–"))"
                         + (r[5].double.map { ", median \(Int($0)) s after the previous step" } ?? ""))
            }.joined()
        case "ltv_summary":
            let segments = q.rows("SELECT DISTINCT segment FROM ltv_summary ORDER BY segment").map { $0[0].description }
            return HTML.lines(segments.prefix(6).map { s in
                (s, q.doubles("SELECT ltv_minor / 100.0 FROM ltv_summary WHERE segment = '\(s.replacingOccurrences(of: "'", with: "''"))' ORDER BY \"offset\""))
            })
        case "platform_overlap":
            let rows = q.rows("SELECT platforms, persons FROM platform_overlap ORDER BY persons DESC, platforms LIMIT 12")
            let top = rows.first?[1].double ?? 1
            return rows.map { HTML.bar(($0[1].double ?? 0) / top, "\($0[0]): \($0[1]) persons") }.joined()
        case "share_cascades":
            let rows = q.rows("SELECT root_person_key, size, depth, generations, structural_virality FROM share_cascades ORDER BY size DESC, root_person_key LIMIT 5")
            return HTML.table(["root", "persons", "depth", "generations", "virality"],
                              rows.map { [HTML.escape($0[0].description), $0[1].description, $0[2].description, HTML.escape($0[3].description),
                                          $0[4].double.map { String(format: "%.2f", $0) } ?? ""] })
        case "top_sharers":
            let rows = q.rows("""
                SELECT sharer_person_key, shares, direct_new_persons, indirect_new_persons FROM top_sharers
                WHERE period = 'month' AND period_start = (SELECT max(period_start) FROM top_sharers WHERE period = 'month') ORDER BY rank LIMIT 10
                """)
            return HTML.table(["sharer", "shares", "direct new", "indirect new"], rows.map { $0.map { HTML.escape($0.description) } })
        case "lifecycle":
            let rows = q.rows("SELECT new_persons, returning_persons, resurrected_persons, dormant_persons FROM lifecycle WHERE period = 'week' AND segment = 'all' ORDER BY period_start")
            return HTML.lines(["new", "returning", "resurrected", "dormant"].enumerated().map { k, n in (n, rows.map { $0[k].double }) })
        case "push_fatigue":
            let rows = q.rows("SELECT pushes_in_window, pushes, open_rate, conversion_rate FROM push_fatigue ORDER BY bucket")
            return rows.map { HTML.bar(($0[2].double ?? 0) * 10, "\($0[0]) pushes a year: \($0[1]) pushes, open \($0[2].double.map(percent) ?? "–"), convert \($0[3].double.map(percent) ?? "–")") }.joined()
        default:
            return ""
        }
    }

    static func runHealth(_ q: Query) -> String {
        let runs = q.rows("""
            SELECT run_id, status, mode, started_at, files, lines_read, events_accepted, duplicates_dropped, lines_rejected, warnings
            FROM pipeline_runs ORDER BY run_id DESC LIMIT 10
            """)
        let reasons = q.rows("SELECT reason, sum(lines) FROM rejection_counts WHERE run_id = (SELECT max(run_id) FROM pipeline_runs) GROUP BY reason ORDER BY 2 DESC")
        return "<section id=\"run-health\"><h2>Run health</h2>"
            + HTML.table(["run", "status", "mode", "started", "files", "lines", "accepted", "duplicates", "rejected", "warnings"],
                         runs.map { $0.map { HTML.escape($0.description) } })
            + (reasons.isEmpty ? "" : HTML.table(["rejected (latest run)", "lines"], reasons.map { $0.map { HTML.escape($0.description) } }))
            + "</section>"
    }

    static func percent(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }

    /// Queries that answer nothing (a table missing, an old schema) give no rows rather than failing the page.
    struct Query {
        let db: Database
        func rows(_ sql: String) -> [[SQLValue]] { (try? db.rows(sql)) ?? [] }
        func doubles(_ sql: String) -> [Double?] { rows(sql).map { $0.first?.double } }
    }
}

extension SQLValue {
    var double: Double? {
        switch self {
        case .integer(let v): Double(v)
        case .real(let v): v
        default: nil
        }
    }
}
