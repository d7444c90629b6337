import FissionModel

/// Value: LTV curves per segment, predicted CLV, GMV and AOV, repurchase.
enum ValueCharts {
    static func chart(_ table: String, _ q: PageQuery) -> String? {
        let currency = q.metadata["reporting_currency"] ?? ""
        switch table {
        case "ltv_summary":
            let segments = q.strings("SELECT DISTINCT segment FROM ltv_summary ORDER BY segment = 'all' DESC, segment")
            let offsets = q.strings("SELECT DISTINCT \"offset\" FROM ltv_summary ORDER BY \"offset\"")
            let series = segments.prefix(8).map { s in
                (s, q.doubles("SELECT ltv_minor / ? FROM ltv_summary WHERE segment = ? ORDER BY \"offset\"", [.real(q.minorUnitScale), .text(s)]))
            }
            let byChannel = q.rows("""
                SELECT segment_value, cohorts, cohort_size, ltv_minor FROM ltv_summary WHERE segment_dimension = 'channel' AND "offset" = 30
                ORDER BY segment_value
                """)
            return HTML.figure("LTV per person by segment (\(currency), pooled over complete cohorts; x = days since first activity)",
                               SVG.lines(series, labels: offsets.map { "day \($0)" }, format: { Format.decimal($0) }))
                + HTML.table(["acquired through", "complete cohorts", "persons", "LTV day 30"], byChannel.map {
                    [HTML.escape($0[0].description), $0[1].description, $0[2].description, $0[3].double.map(q.money) ?? "–"]
                }, id: "ltv30-by-channel", caption: "LTV day 30 by acquisition channel (\(currency))")
        case "clv_cohorts":
            let ages = q.strings("SELECT name FROM pragma_table_info('clv_cohorts') WHERE name LIKE 'projected_ltv_%'")
            let pooled = ages.map { "sum(\($0) * persons) / sum(persons)" }.joined(separator: ", ")
            let rows = q.rows("""
                SELECT segment, sum(persons), sum(buyers), sum(observed_ltv_minor * persons) / sum(persons), \(pooled) FROM clv_cohorts
                WHERE segment_dimension IN ('all', 'channel') GROUP BY segment ORDER BY segment = 'all' DESC, segment
                """)
            let labels = ages.map { $0.replacingOccurrences(of: "projected_ltv_", with: "projected LTV ").replacingOccurrences(of: "d_minor", with: " days") }
            return HTML.table(["segment", "persons", "buyers", "observed LTV"] + labels, rows.map { r in
                [HTML.escape(r[0].description), r[1].description, r[2].description] + r[3...].map { $0.double.map(q.money) ?? "–" }
            }, id: "clv-by-channel", caption: "Observed and projected LTV per person, all cohorts (\(currency)): share vs organic")
        case "clv_holdout":
            return HTML.table(["model", "repeat purchases in calibration", "persons", "actual", "predicted"], q.rows("""
                SELECT model, frequency, persons, actual_transactions, predicted_transactions FROM clv_holdout ORDER BY model, frequency = 'all', frequency
                """).map { [HTML.escape($0[0].description), HTML.escape($0[1].description), $0[2].description, $0[3].description, Format.decimal($0[4].double, 1)] },
                caption: "Holdout: actual vs predicted repeat transactions")
        case "commerce_daily":
            return q.lineFigure("SELECT day, gmv_minor / \(q.minorUnitScale), net_revenue_minor / \(q.minorUnitScale) FROM commerce_daily WHERE platform = 'all' AND channel = 'all' ORDER BY day",
                                         ["GMV", "net revenue"], "GMV and net revenue per day (\(currency))", format: { Format.decimal($0) })
        case "commerce_summary":
            return HTML.table(["week", "orders", "GMV", "refund rate", "AOV", "ARPPU", "paying persons"], q.rows("""
                SELECT period_start, orders, gmv_minor, refund_rate, aov_minor, arppu_minor, paying_persons FROM commerce_summary
                WHERE period = 'week' AND platform = 'all' AND channel = 'all' ORDER BY period_start
                """).map { r in [r[0].description, r[1].description, q.money(r[2].double ?? 0), Format.percent(r[3].double),
                                 r[4].double.map(q.money) ?? "–", r[5].double.map(q.money) ?? "–", r[6].description] },
                caption: "Weekly commerce, all platforms and channels (\(currency))")
        case "repurchase":
            let rows = q.rows("""
                SELECT within_days, sum(repurchasers) * 1.0 / sum(cohort_size), sum(cohort_size) FROM repurchase
                WHERE period = 'day' AND is_complete = 1 GROUP BY within_days ORDER BY within_days
                """)
            return HTML.figure("Repurchase within N days of the first order (complete daily cohorts pooled)",
                               rows.map { r in
                                   r[1].double == nil ? HTML.bar(0, "within \(r[0]) days: no complete cohort yet")
                                       : HTML.bar(r[1].double!, "within \(r[0]) days: \(Format.percent(r[1].double)) of \(Format.integer(r[2].double)) first buyers")
                               }.joined())
        case "repurchase_intervals":
            let labels = ["0", "1", "2–3", "4–7", "8–14", "15–30", "31–60", "61–90", ">90"]
            let row = q.rows("""
                SELECT sum(days_0), sum(days_1), sum(days_2_3), sum(days_4_7), sum(days_8_14), sum(days_15_30), sum(days_31_60),
                sum(days_61_90), sum(days_over_90) FROM repurchase_intervals WHERE period = 'day' AND platform = 'all' AND channel = 'all'
                """).first ?? []
            return HTML.figure("Days between consecutive orders (all intervals)", SVG.columns(zip(labels, row.map { $0.double ?? 0 }).map { ($0, $1) }, height: 130))
        default:
            return nil
        }
    }
}
