import FissionModel

/// Group buys, bargains, promoters and pushes.
enum MechanicsCharts {
    static func chart(_ table: String, _ q: PageQuery) -> String? {
        switch table {
        case "group_buy_summary":
            HTML.table(["group size", "groups", "succeeded", "success rate", "new persons per group"], q.rows("""
                SELECT required_size, sum(groups), sum(succeeded), sum(succeeded) * 1.0 / sum(groups),
                sum(new_persons_per_group * groups) / sum(groups) FROM group_buy_summary GROUP BY required_size
                ORDER BY required_size = 'all' DESC, CAST(required_size AS INTEGER)
                """).map { [HTML.escape($0[0].description), $0[1].description, $0[2].description, Format.percent($0[3].double), Format.decimal($0[4].double)] },
                caption: "Group buys over the whole period, by required size")
        case "bargain_summary":
            q.lineFigure("SELECT start_date, success_rate, helper_conversion FROM bargain_summary ORDER BY start_date",
                                  ["success rate", "helper conversion"], "Bargains per start day", format: Format.percent)
        case "promoters":
            HTML.table(["promoter", "orders", "GMV", "net commission", "new buyers"], q.rows("""
                SELECT promoter_id, orders, gmv_minor, net_commission_minor, new_buyers FROM promoters
                WHERE period = 'month' AND period_start = (SELECT max(period_start) FROM promoters WHERE period = 'month')
                ORDER BY gmv_minor DESC, promoter_id LIMIT 10
                """).map { [HTML.escape($0[0].description), $0[1].description, q.money($0[2].double ?? 0), q.money($0[3].double ?? 0), $0[4].description] },
                caption: "Top promoters, latest month")
        case "push_fatigue":
            HTML.figure("Pushes by how many the person had received in the trailing window", q.rows("""
                SELECT pushes_in_window, pushes, open_rate, conversion_rate, opt_out_rate FROM push_fatigue ORDER BY bucket
                """).map { r in
                HTML.bar((r[2].double ?? 0) * 5, "\(r[0]) pushes: \(r[1]) sent · open \(Format.percent(r[2].double)) · convert \(Format.percent(r[3].double)) · opt out \(Format.percent(r[4].double))")
            }.joined(), note: "Bar length: open rate (full width = 20%).")
        default: nil
        }
    }
}
