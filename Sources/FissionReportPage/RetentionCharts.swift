import FissionModel

/// Retention and activity: the cohort heatmap, curves by segment, lifecycle, stickiness, daily activity.
enum RetentionCharts {
    static func chart(_ table: String, _ q: PageQuery) -> String? {
        switch table {
        case "retention": heatmaps(q)
        case "retention_summary": curves(q)
        case "lifecycle":
            q.lineFigure("SELECT period_start, new_persons, returning_persons, resurrected_persons, dormant_persons FROM lifecycle WHERE period = 'week' AND segment = 'all' ORDER BY period_start",
                  ["new", "returning", "resurrected", "dormant"], "Persons per week by lifecycle state")
        case "stickiness_daily":
            q.lineFigure("SELECT day, dau, mau FROM stickiness_daily ORDER BY day", ["DAU", "MAU (30 days)"], "Daily and monthly active persons")
                + q.lineFigure("SELECT day, dau_mau FROM stickiness_daily ORDER BY day", ["DAU/MAU"], "Stickiness (DAU/MAU)", format: Format.percent)
        case "daily_activity": activity(q)
        case "stickiness":
            HTML.figure("Persons by active days in the latest month", SVG.columns(q.rows("""
                SELECT active_days, persons FROM stickiness WHERE period = 'month'
                AND period_start = (SELECT max(period_start) FROM stickiness WHERE period = 'month') ORDER BY active_days
                """).map { ("\($0[0])", $0[1].double ?? 0) }))
        default: nil
        }
    }

    static let maxHeatmapCohorts = 62

    /// One heatmap per retention report (its daily period when it has one): cohort rows × offsets D0…D30, coloured by
    /// rate; incomplete cells hatched, the value so far on hover.
    static func heatmaps(_ q: PageQuery) -> String {
        let reports = q.rows("SELECT report, CASE WHEN sum(period = 'day') > 0 THEN 'day' ELSE min(period) END FROM retention GROUP BY report ORDER BY report = 'default' DESC, report")
        return reports.enumerated().map { n, r in
            let report = r[0].description, period = r[1].description
            let rows = q.rows("""
                SELECT cohort_date, cohort_size, "offset", rate, is_complete, retained FROM retention
                WHERE report = ? AND period = ? AND segment = 'all' AND "offset" <= 30 ORDER BY cohort_date, "offset"
                """, [.text(report), .text(period)])
            let maxOffset = rows.compactMap { $0[2].double }.max().map(Int.init) ?? 0
            var cohorts: [(String, String, [[SQLValue]])] = []
            for row in rows {
                if cohorts.last?.0 != row[0].description { cohorts.append((row[0].description, row[1].description, [])) }
                cohorts[cohorts.count - 1].2.append(row)
            }
            // A long history would make the page a wall of rows: the latest cohorts, the rest in the table.
            let shown = cohorts.suffix(maxHeatmapCohorts)
            let body = shown.map { cohort, size, cells -> [String] in
                [HTML.escape(cohort), size] + cells.map { c in
                    let k = c[2].description
                    guard c[4].description == "1", let rate = c[3].double else {
                        return "<td class=\"inc\" title=\"\(HTML.escape("\(cohort) D\(k): incomplete, \(c[5]) of \(size) so far"))\"></td>"
                    }
                    let alpha = min(1, rate * 2.5)
                    return "<td class=\"heat\" style=\"background:rgba(37,99,235,\(Format.decimal(alpha)))\" title=\"\(HTML.escape("\(cohort) D\(k): \(Format.percent(rate)) (\(c[5]) of \(size))"))\">\(Format.decimal(rate * 100, 0))</td>"
                }
            }
            let id = n == 0 ? "retention-heatmap" : "retention-heatmap-\(report)"
            return HTML.figure("Retention heatmap · report \(report) · \(period) cohorts (% retained; hatched = not yet complete)",
                               HTML.table(["cohort", "size"] + (0...maxOffset).map { "D\($0)" }, Array(body), id: id),
                               note: cohorts.count > shown.count ? "The \(shown.count) latest of \(cohorts.count) cohorts; all are in the table." : nil)
        }.joined()
    }

    /// Pooled retention curves per segment for each report's first period.
    static func curves(_ q: PageQuery) -> String {
        q.rows("SELECT DISTINCT report, period FROM retention_summary WHERE period = 'day' ORDER BY report").map { r in
            let segments = q.strings("SELECT DISTINCT segment FROM retention_summary WHERE report = ? AND period = 'day' ORDER BY segment = 'all' DESC, segment",
                                     [r[0]])
            let offsets = q.strings("SELECT DISTINCT \"offset\" FROM retention_summary WHERE report = ? AND period = 'day' AND \"offset\" BETWEEN 1 AND 30 ORDER BY \"offset\"", [r[0]])
            let series = segments.prefix(8).map { s in
                (s, q.doubles("SELECT rate FROM retention_summary WHERE report = ? AND period = 'day' AND segment = ? AND \"offset\" BETWEEN 1 AND 30 ORDER BY \"offset\"", [r[0], .text(s)]))
            }
            return HTML.figure("Retention curves by segment · report \(r[0]) (pooled over complete daily cohorts; x = days since the cohort day, from D1)",
                               SVG.lines(series, labels: offsets.map { "D\($0)" }, format: Format.percent))
        }.joined()
    }

    static func activity(_ q: PageQuery) -> String {
        let days = q.strings("SELECT DISTINCT day FROM daily_activity ORDER BY day")
        let platforms = q.strings("SELECT DISTINCT platform FROM daily_activity ORDER BY platform = 'all' DESC, platform")
        let series = platforms.prefix(8).map { p in
            (p, q.doubles("SELECT active_persons FROM daily_activity WHERE platform = ? ORDER BY day", [.text(p)]))
        }
        return HTML.figure("Active persons per day by platform", SVG.lines(series, labels: days, format: Format.integer))
    }
}
