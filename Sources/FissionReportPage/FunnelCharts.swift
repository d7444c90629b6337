import FissionModel

/// Funnels: step bars with conversion and step times, and the distribution of step times.
enum FunnelCharts {
    static func chart(_ table: String, _ q: PageQuery) -> String? {
        switch table {
        case "funnel": steps(q)
        case "funnel_step_times": stepTimes(q)
        default: nil
        }
    }

    static func steps(_ q: PageQuery) -> String {
        q.strings("SELECT DISTINCT funnel FROM funnel ORDER BY funnel").map { funnel in
            let rows = q.rows("""
                SELECT step, step_name, persons, conversion_from_start, conversion_from_previous, median_seconds_from_previous,
                avg_seconds_from_previous FROM funnel WHERE funnel = ? ORDER BY step
                """, [.text(funnel)])
            let bars = rows.map { r -> String in
                let times = r[0].description == "1" ? "" : ", median \(Format.duration(r[5].double)) / average \(Format.duration(r[6].double)) after the previous step"
                return HTML.bar(r[3].double ?? 0, "\(r[0]). \(r[1]): \(r[2]) persons · \(Format.percent(r[3].double)) of entrants · \(Format.percent(r[4].double)) of the previous step\(times)")
            }
            return HTML.figure("Funnel \(funnel)", "<div id=\"funnel-\(HTML.escape(funnel))\">\(bars.joined())</div>")
        }.joined()
    }

    static func stepTimes(_ q: PageQuery) -> String {
        let labels = ["≤1m", "1–5m", "5–30m", "30m–2h", "2–24h", "1–3d", ">3d"]
        return "<div class=\"grid\">" + q.rows("""
            SELECT funnel, step, step_name, seconds_up_to_1m, seconds_1m_5m, seconds_5m_30m, seconds_30m_2h, seconds_2h_24h, seconds_1d_3d,
            seconds_over_3d, p50_seconds FROM funnel_step_times ORDER BY funnel, step
            """).map { r in
            HTML.figure("\(r[0]) · step \(r[1]) (\(r[2])): time from the previous step, median \(Format.duration(r[10].double))",
                        SVG.columns(zip(labels, r[3...9].map { $0.double ?? 0 }).map { ($0, $1) }, width: 420, height: 150))
        }.joined() + "</div>"
    }
}
