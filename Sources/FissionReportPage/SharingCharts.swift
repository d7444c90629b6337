import FissionModel

/// Sharing and virality: the share funnel over time, the viral coefficient trend, cascades as trees, top sharers.
enum SharingCharts {
    static func chart(_ table: String, _ q: PageQuery) -> String? {
        switch table {
        case "share_funnel":
            q.lineFigure("SELECT share_date, shares, openers, new_persons, converted_persons FROM share_funnel WHERE channel = 'all' ORDER BY share_date",
                                  ["shares", "openers", "new persons", "converted"], "Share funnel per share day (all channels)")
                + closedNote(q)
        case "share_funnel_summary": summary(q)
        case "viral_coefficient_daily":
            q.lineFigure("SELECT share_date, k_factor, k_factor_7d FROM viral_coefficient_daily ORDER BY share_date",
                                  ["k-factor (day)", "k-factor (7 days)"], "Viral coefficient: new persons per sharer", format: { Format.decimal($0) })
        case "share_cascades": trees(q)
        case "share_cascade_summary":
            HTML.figure("Cascade trees by size (all root share days and channels)", SVG.columns(zip(
                ["1", "2", "3–5", "6–10", "11–50", ">50"],
                q.rows("""
                    SELECT sum(trees_size_1), sum(trees_size_2), sum(trees_size_3_5), sum(trees_size_6_10), sum(trees_size_11_50),
                    sum(trees_size_over_50) FROM share_cascade_summary WHERE channel = 'all'
                    """).first?.map { $0.double ?? 0 } ?? []).map { ($0, $1) }))
        case "top_sharers":
            HTML.table(["rank", "sharer", "shares", "opens", "direct new", "indirect new", "orders"], q.rows("""
                SELECT rank, sharer_person_key, shares, opens, direct_new_persons, indirect_new_persons, orders FROM top_sharers
                WHERE period = 'month' AND period_start = (SELECT max(period_start) FROM top_sharers WHERE period = 'month') ORDER BY rank LIMIT 10
                """).map { $0.map { HTML.escape($0.description) } }, caption: "Top sharers, latest month")
        case "share_funnel_by_scene":
            bars(q.rows("SELECT scene_channel, sum(new_persons) FROM share_funnel_by_scene WHERE scene_channel <> 'all' GROUP BY scene_channel ORDER BY 2 DESC, 1"),
                 unit: "new persons", title: "New persons by WeChat scene channel")
        default: nil
        }
    }

    static func closedNote(_ q: PageQuery) -> String {
        let open = q.strings("SELECT share_date FROM share_funnel WHERE channel = 'all' AND window_closed = 0 ORDER BY share_date")
        guard let first = open.first else { return "" }
        return "<p class=\"muted small\">Share days from \(HTML.escape(first)) on (\(open.count)) have an open conversion window: their conversions can still grow.</p>"
    }

    static func summary(_ q: PageQuery) -> String {
        let rows = q.rows("""
            SELECT channel, shares, openers, new_persons, converted_persons, open_rate, conversion_rate, k_factor FROM share_funnel_summary
            ORDER BY channel = 'all' DESC, new_persons DESC, channel
            """)
        return HTML.table(["channel", "shares", "openers", "new persons", "converted", "open rate", "open → convert", "k-factor"], rows.map { r in
            [HTML.escape(r[0].description), r[1].description, r[2].description, r[3].description, r[4].description,
             Format.percent(r[5].double), Format.percent(r[6].double), Format.decimal(r[7].double)]
        }, id: "share-funnel-summary", caption: "Share funnel over the whole period, per share channel")
    }

    /// The three largest cascades as small trees: edges are sharer → person acquired (`share_attribution`).
    static func trees(_ q: PageQuery) -> String {
        let roots = q.rows("SELECT root_person_key, size, depth, structural_virality FROM share_cascades ORDER BY size DESC, root_person_key LIMIT 3")
        guard !roots.isEmpty else { return "" }
        var children: [String: [String]] = [:]
        for e in q.rows("SELECT sharer_person_key, person_key FROM share_attribution WHERE sharer_person_key IS NOT NULL ORDER BY open_ts, person_key") {
            children[e[0].description, default: []].append(e[1].description)
        }
        let drawings = roots.map { r in
            SVG.tree(root: r[0].description, children: children,
                     title: "\(r[1]) persons, depth \(r[2]), virality \(Format.decimal(r[3].double))")
        }
        return HTML.figure("The largest cascades (root in red; hover a node for its person)", "<div class=\"trees\">\(drawings.joined())</div>")
    }

    static func bars(_ rows: [[SQLValue]], unit: String, title: String) -> String {
        let top = rows.compactMap { $0[1].double }.max() ?? 0
        guard top > 0 else { return "" }
        return HTML.figure(title, rows.prefix(12).map { HTML.bar(($0[1].double ?? 0) / top, "\($0[0]): \(Format.integer($0[1].double)) \(unit)") }.joined())
    }
}
