import FissionModel

/// The headline cards: the figures the articles quote, each with its value a week earlier and its trend.
///
/// - D1 / D7 / D30: Σ retained ÷ Σ cohort size over the 7 latest daily cohorts whose cell is complete (report
///   `default`, segment `all`); a week earlier, the 7 complete cohorts before those; the trend is that rolling figure.
/// - Share conversion and k-factor: the whole-period figures of `share_funnel_summary` (channel `all`). Their change:
///   conversion over the last 7 share days whose window has closed (Σ converted ÷ Σ daily openers) against the 7 before;
///   k-factor over the last 7 days (`viral_coefficient_daily.k_factor_7d`) against the 7 days a week earlier.
/// - LTV day 30: `ltv_summary` (segment `all`, pooled over complete cohorts); a week earlier, the same pooling over the
///   cohorts complete 7 days before.
/// - Overlap rate: `platform_overlap_summary`; it covers one window, so it has no earlier value.
/// - AOV: the latest complete Monday week of `commerce_summary` (all platforms and channels) against the week before.
enum HeadlineCards {
    struct Card {
        var id: String
        var label: String
        var value: Double?
        /// The figure the change is measured on, now and a week earlier (the value itself unless `changeOf` says).
        var change: (now: Double, earlier: Double)?
        /// What the change is of, when not of the value itself.
        var changeOf: String?
        var series: [Double?]
        /// Rates change by percentage points; amounts and ratios by percent.
        var isRate: Bool
        var format: (Double) -> String
        var definition: String
    }

    static func cards(_ q: PageQuery, tables: Set<String>) -> [Card] {
        var cards: [Card] = []
        if tables.contains("retention") {
            for k in [1, 7, 30] {
                // Each complete daily cohort with the pooled rate of it and the six complete cohorts before it.
                let rolling = q.rows("""
                    SELECT cohort_date, rate, sum(retained) OVER w * 1.0 / sum(cohort_size) OVER w, count(*) OVER w FROM retention
                    WHERE report = 'default' AND period = 'day' AND segment = 'all' AND "offset" = ? AND is_complete = 1
                    WINDOW w AS (ORDER BY cohort_date ROWS 6 PRECEDING) ORDER BY cohort_date
                    """, [.integer(Int64(k))]).filter { $0[3].double == 7 }
                let now = rolling.last?[2].double, earlier = rolling.dropLast(7).last?[2].double
                cards.append(Card(id: "d\(k)", label: "D\(k) retention", value: now, change: pair(now, earlier), changeOf: nil,
                                  series: rolling.map { $0[2].double }, isRate: true, format: Format.percent,
                                  definition: "Persons active again on day \(k), pooled over the 7 latest complete daily cohorts"
                                      + (rolling.last.map { " (to \($0[0]))" } ?? "") + "."))
            }
        }
        if tables.contains("share_funnel_summary") {
            let summary = q.rows("SELECT conversion_rate, k_factor FROM share_funnel_summary WHERE channel = 'all'").first
            // Over 7 share days whose window has closed: converted persons ÷ openers counted per day.
            let rolling = q.rows("""
                SELECT share_date, sum(converted_persons) OVER w * 1.0 / nullif(sum(openers) OVER w, 0), count(*) OVER w FROM share_funnel
                WHERE channel = 'all' AND window_closed = 1 WINDOW w AS (ORDER BY share_date ROWS 6 PRECEDING) ORDER BY share_date
                """).filter { $0[2].double == 7 }
            cards.append(Card(id: "share-conversion", label: "Share open → purchase", value: summary?[0].double,
                              change: pair(rolling.last?[1].double, rolling.dropLast(7).last?[1].double),
                              changeOf: "the last 7 share days with a closed window", series: rolling.map { $0[1].double },
                              isRate: true, format: Format.percent,
                              definition: "Openers of shared links who bought within the conversion window, whole period."))
            let k7 = q.rows("SELECT share_date, k_factor_7d FROM viral_coefficient_daily ORDER BY share_date")
            let kEarlier = k7.last.flatMap { l in
                q.double("SELECT k_factor_7d FROM viral_coefficient_daily WHERE share_date = date(?, '-7 days')", [l[0]])
            }
            cards.append(Card(id: "k-factor", label: "k-factor", value: summary?[1].double,
                              change: pair(k7.last?[1].double, kEarlier), changeOf: "the last 7 days", series: k7.map { $0[1].double },
                              isRate: false, format: { Format.decimal($0) },
                              definition: "New persons acquired per sharer, whole period."))
        }
        if tables.contains("ltv_summary") {
            let value = q.double("SELECT ltv_minor FROM ltv_summary WHERE segment = 'all' AND \"offset\" = 30")
            let previous = q.double("""
                SELECT sum(revenue_minor) * 1.0 / sum(cohort_size) FROM ltv WHERE segment = 'all' AND "offset" = 30 AND is_complete = 1
                AND cohort_date <= date((SELECT max(cohort_date) FROM ltv WHERE segment = 'all' AND "offset" = 30 AND is_complete = 1), '-7 days')
                """)
            let series = q.doubles("SELECT ltv_minor FROM ltv WHERE segment = 'all' AND \"offset\" = 30 AND is_complete = 1 ORDER BY cohort_date")
            cards.append(Card(id: "ltv30", label: "LTV day 30 (\(q.metadata["reporting_currency"] ?? ""))", value: value, change: pair(value, previous),
                              changeOf: nil, series: series, isRate: false, format: q.money,
                              definition: "Net revenue per person in their first 30 days, pooled over complete cohorts."))
        }
        if tables.contains("platform_overlap_summary") {
            cards.append(Card(id: "overlap", label: "Persons on 2+ platforms",
                              value: q.double("SELECT overlap_rate FROM platform_overlap_summary"), change: nil, changeOf: nil, series: [],
                              isRate: true, format: Format.percent, definition: "Share of persons active on more than one platform in the overlap window."))
        }
        if tables.contains("commerce_summary") {
            let weeks = q.rows("""
                SELECT period_start, aov_minor FROM commerce_summary WHERE period = 'week' AND platform = 'all' AND channel = 'all'
                AND date(period_start, '+6 days') <= ? ORDER BY period_start
                """, [.text(q.metadata["last_complete_day"] ?? "9999-12-31")])
            cards.append(Card(id: "aov", label: "Average order value (\(q.metadata["reporting_currency"] ?? ""))", value: weeks.last?[1].double,
                              change: pair(weeks.last?[1].double, weeks.dropLast().last?[1].double), changeOf: nil, series: weeks.map { $0[1].double }, isRate: false, format: q.money,
                              definition: "Paid order amount per order, latest complete week\(weeks.last.map { " (from \($0[0]))" } ?? "")."))
        }
        return cards
    }

    static func html(_ q: PageQuery, tables: Set<String>) -> String {
        let cards = cards(q, tables: tables).map { c -> String in
            let shown = c.value.map(c.format) ?? "n/a"
            return "<div class=\"card\" id=\"card-\(c.id)\"><span class=\"muted\">\(HTML.escape(c.label))</span>"
                + "<b data-value=\"\(HTML.escape(shown))\">\(HTML.escape(shown))</b>" + delta(c) + SVG.sparkline(c.series)
                + "<span class=\"small muted\">\(HTML.escape(c.definition))</span></div>"
        }
        return "<section id=\"headline\"><h2>Headline</h2><div class=\"cards\">\(cards.joined())</div></section>"
    }

    static func pair(_ now: Double?, _ earlier: Double?) -> (now: Double, earlier: Double)? {
        guard let now, let earlier else { return nil }
        return (now, earlier)
    }

    /// `▲ +1.2 pt vs a week earlier (12.0%)` (rates, in points; amounts and ratios relative, in percent), or with
    /// `changeOf`: `▼ −10.5 pt over the last 7 days (2.0%) vs the 7 before (12.5%)`.
    static func delta(_ c: Card) -> String {
        guard let (v, p) = c.change else { return "<span class=\"delta muted\">no value a week earlier</span>" }
        let change = c.isRate ? (v - p) * 100 : (p == 0 ? nil : (v - p) / p * 100)
        guard let change else { return "<span class=\"delta muted\">a week earlier: \(HTML.escape(c.format(p)))</span>" }
        let arrow = change > 0 ? "▲" : change < 0 ? "▼" : "="
        let amount = String(format: "%@ %+.1f%@", arrow, change, c.isRate ? " pt" : "%")
        let text = c.changeOf.map { "\(amount) over \($0) (\(c.format(v))) vs the 7 before (\(c.format(p)))" }
            ?? "\(amount) vs a week earlier (\(c.format(p)))"
        return "<span class=\"delta \(change > 0 ? "up" : change < 0 ? "down" : "muted")\" data-earlier=\"\(HTML.escape(c.format(p)))\">\(HTML.escape(text))</span>"
    }
}
