import FissionStore

/// Views for the shapes analysts ask for most, recreated with the reports they read (only those whose tables exist),
/// and indexes on the columns analysts filter by:
/// - `retention_matrix`: daily cohorts as one row each with `d0` … `d30` rates (NULL while a cell is incomplete);
/// - `share_funnel_weekly`: the share funnel per Monday week and channel, additive columns only (shares, opens, new
///   and converted persons, orders, revenue: each person is acquired once, so these add up across days);
/// - `ltv30_by_channel`: LTV at day 30 per acquisition channel, from `ltv_summary`;
/// - `funnel_dropoff`: for each funnel step, the persons lost since the previous step and the drop rate.
enum ReportViews {
    static let definitions: [(name: String, needs: String, sql: String)] = [
        ("retention_matrix", "retention", """
            SELECT report, segment, segment_dimension, segment_value, cohort_date, max(cohort_size) AS cohort_size,
            \((0...30).map { "max(CASE WHEN \"offset\" = \($0) THEN rate END) AS d\($0)" }.joined(separator: ", "))
            FROM retention WHERE period = 'day' GROUP BY report, segment, cohort_date
            """),
        ("share_funnel_weekly", "share_funnel", """
            SELECT date(share_date, '-' || ((CAST(strftime('%w', share_date) AS INTEGER) + 6) % 7) || ' days') AS week_start,
                   channel, sum(shares) AS shares, sum(opens) AS opens, sum(new_persons) AS new_persons,
                   sum(converted_persons) AS converted_persons, sum(orders) AS orders, sum(revenue_minor) AS revenue_minor
            FROM share_funnel GROUP BY week_start, channel
            """),
        ("ltv30_by_channel", "ltv_summary", """
            SELECT segment_value AS channel, cohorts, cohort_size, revenue_minor, ltv_minor
            FROM ltv_summary WHERE "offset" = 30 AND segment_dimension = 'channel'
            """),
        ("funnel_dropoff", "funnel", """
            SELECT f.funnel, f.step, f.step_name, f.persons,
                   p.persons - f.persons AS lost, CASE WHEN p.persons > 0 THEN 1.0 * (p.persons - f.persons) / p.persons END AS drop_rate
            FROM funnel f JOIN funnel p ON p.funnel = f.funnel AND p.step = f.step - 1
            """),
    ]

    /// Indexes on what analysts filter and join by, beyond each table's primary key (recreated with the tables).
    static let indexes: [(table: String, columns: String)] = [
        ("identity_map", "person_key"),
        ("retention", "segment_dimension, segment_value, period, \"offset\""),
        ("daily_activity", "platform, day"),
        ("share_funnel", "channel, share_date"),
        ("share_attribution", "sharer_person_key"),
        ("ltv", "segment_dimension, segment_value, \"offset\""),
        ("commerce_daily", "platform, channel, day"),
        ("top_sharers", "sharer_person_key"),
    ]

    /// Inside the publishing transaction: drops every view this module defines and recreates those whose table exists,
    /// and creates the indexes of the tables just written.
    static func recreate(in db: Database, tables: Set<String>) throws(SQLiteError) {
        for view in definitions {
            try db.execute("DROP VIEW IF EXISTS \"\(view.name)\"")
            if tables.contains(view.needs) { try db.execute("CREATE VIEW \"\(view.name)\" AS \(view.sql)") }
        }
        for index in indexes where tables.contains(index.table) {
            let name = "\(index.table)_by_" + index.columns.filter { $0.isLetter || $0 == "," || $0 == "_" }.replacingOccurrences(of: ",", with: "_")
            try db.execute("CREATE INDEX IF NOT EXISTS \"\(name)\" ON \"\(index.table)\" (\(index.columns))")
        }
    }
}
