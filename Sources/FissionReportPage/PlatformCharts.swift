import FissionModel

/// Platforms: exclusive platform-set regions as an UpSet chart, and the pairwise overlap matrix.
enum PlatformCharts {
    static func chart(_ table: String, _ q: PageQuery) -> String? {
        switch table {
        case "platform_overlap": upset(q)
        case "platform_overlap_pairs": matrix(q)
        case "platform_overlap_summary":
            HTML.table(["window", "accounts", "persons", "on 2+ platforms", "overlap rate"], q.rows("""
                SELECT window_start || ' … ' || window_end, accounts, persons, multi_platform_persons, overlap_rate FROM platform_overlap_summary
                """).map { [HTML.escape($0[0].description), $0[1].description, $0[2].description, $0[3].description, Format.percent($0[4].double)] })
        default: nil
        }
    }

    static func upset(_ q: PageQuery) -> String {
        let rows = q.rows("SELECT platforms, persons FROM platform_overlap ORDER BY persons DESC, platforms LIMIT 20")
        let sets = rows.map { (platforms: $0[0].description.split(separator: "+").map(String.init), persons: $0[1].double ?? 0) }
        var totals: [String: Double] = [:]
        for r in q.rows("SELECT platforms, persons FROM platform_overlap") {
            for p in r[0].description.split(separator: "+") { totals[String(p), default: 0] += r[1].double ?? 0 }
        }
        let platforms = totals.keys.sorted { (totals[$0]!, $1) > (totals[$1]!, $0) }
        return HTML.figure("Persons by the exact set of platforms they use (UpSet: bars are exclusive regions; dots show the set)",
                           SVG.upset(sets: sets, platforms: platforms, totals: totals))
    }

    static func matrix(_ q: PageQuery) -> String {
        let rows = q.rows("SELECT platform_a, platform_b, persons_a, persons_b, both, jaccard FROM platform_overlap_pairs")
        let names = Set(rows.flatMap { [$0[0].description, $0[1].description] }).sorted()
        var cell: [String: (Double, Double)] = [:]
        for r in rows {
            let v = (r[4].double ?? 0, r[5].double ?? 0)
            cell["\(r[0])|\(r[1])"] = v
            cell["\(r[1])|\(r[0])"] = v
        }
        let body = names.map { a in
            [HTML.escape(a)] + names.map { b -> String in
                guard a != b else { return "<td class=\"inc\"></td>" }
                let (both, jaccard) = cell["\(a)|\(b)"] ?? (0, 0)
                return "<td class=\"heat\" style=\"background:rgba(22,163,74,\(Format.decimal(min(1, jaccard * 3))))\" title=\"\(HTML.escape("\(a) ∩ \(b): \(Format.integer(both)) persons, Jaccard \(Format.decimal(jaccard, 3))"))\">\(Format.integer(both))</td>"
            }
        }
        return HTML.figure("Persons on both platforms (colour: Jaccard index)", HTML.table([""] + names, body, id: "overlap-matrix"))
    }
}
