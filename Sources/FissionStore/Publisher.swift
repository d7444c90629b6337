import FissionModel

/// Writes a run into the reporting database in a single transaction.
///
/// Readers (in WAL mode) see either the previous state or the whole new one. A failed run records its
/// ledger rows but leaves every report table as it was; a run killed mid-write leaves nothing, because
/// SQLite rolls the open transaction back on the next open.
public enum Publisher {
    /// Creates or upgrades the ledger tables; refuses a database whose schema is newer than this binary's.
    public static func prepare(_ db: Database) throws(SQLiteError) {
        try Migrations.apply(to: db)
    }

    /// Records the run and its metrics and, when `tables` is non-nil, replaces those report tables.
    /// Metrics are `(job, metric, value)`. Returns the run id.
    @discardableResult
    public static func publish(run: RunRecord, files: [FileRecord], tables: [ReportTable]?,
                               metrics: [(job: String, metric: String, value: Int64)] = [], to db: Database) throws -> Int64 {
        try Migrations.apply(to: db)
        return try db.transaction { () throws -> Int64 in
            try db.prepare("""
                INSERT INTO pipeline_runs (started_at, finished_at, config_name, config_path, config_sha256, status, message,
                    files, bytes, lines_read, events_accepted, duplicates_dropped, lines_rejected, settings,
                    events_outside_window, events_ignored, warnings)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).run([
                    .text(run.startedAt.description), .text(run.finishedAt.description), .text(run.configName),
                    .text(run.configPath), .text(run.configSHA256), .text(run.status.rawValue), run.message.map(SQLValue.text) ?? .null,
                    .int(run.files), .integer(run.bytes), .int(run.linesRead), .int(run.eventsAccepted),
                    .int(run.duplicatesDropped), .int(run.linesRejected), .text(run.settings),
                    .int(run.eventsOutsideWindow), .int(run.eventsIgnored), .int(run.warnings),
                ])
            guard case .integer(let runID)? = try db.rows("SELECT last_insert_rowid()").first?.first else {
                throw SQLiteError(code: 1, message: "no run id")
            }
            let insertFile = try db.prepare("""
                INSERT INTO input_files (run_id, path, size_bytes, lines, accepted, duplicates, rejected, status, error,
                    outside_window, ignored, rejected_stored)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertRejection = try db.prepare("INSERT INTO rejected_lines VALUES (?, ?, ?, ?, ?, ?)")
            let insertCount = try db.prepare("INSERT INTO rejection_counts VALUES (?, ?, ?, ?)")
            for file in files {
                try insertFile.run([
                    .integer(runID), .text(file.path), .integer(file.sizeBytes), .int(file.lines), .int(file.accepted),
                    .int(file.duplicates), .int(file.rejected), .text(file.status), file.error.map(SQLValue.text) ?? .null,
                    .int(file.outsideWindow), .int(file.ignored), .int(file.rejections.count),
                ])
                for c in file.rejectionCounts {
                    try insertCount.run([.integer(runID), .text(file.path), .text(c.reason), .int(c.lines)])
                }
                for r in file.rejections {
                    try insertRejection.run([.integer(runID), .text(file.path), .int(r.line), .text(r.reason.description),
                                             .text(r.detail), .text(r.excerpt)])
                }
            }
            let insertMetric = try db.prepare("INSERT INTO run_metrics VALUES (?, ?, ?, ?)")
            for m in metrics {
                try insertMetric.run([.integer(runID), .text(m.job), .text(m.metric), .integer(m.value)])
            }
            if let tables {
                try replaceReportTables(tables, runID: runID, in: db)
            }
            return runID
        }
    }

    /// Replaces the report tables, drops report tables an earlier run wrote that this run no longer produces (a job
    /// removed from the config), and records each table's run in `report_tables`.
    static func replaceReportTables(_ tables: [ReportTable], runID: Int64, in db: Database) throws(SQLiteError) {
        let produced = Set(tables.map(\.schema.name))
        for row in try db.rows("SELECT table_name FROM report_tables") {
            let name = row[0].description
            guard !produced.contains(name) else { continue }
            try db.execute("DROP TABLE IF EXISTS \"\(name)\"")
            try db.prepare("DELETE FROM report_tables WHERE table_name = ?").run([.text(name)])
        }
        let record = try db.prepare("""
            INSERT INTO report_tables (table_name, run_id, row_count) VALUES (?, ?, ?)
            ON CONFLICT (table_name) DO UPDATE SET run_id = excluded.run_id, row_count = excluded.row_count
            """)
        for table in tables {
            try replace(table, in: db)
            try record.run([.text(table.schema.name), .integer(runID), .int(table.rows.count)])
        }
    }

    static func replace(_ table: ReportTable, in db: Database) throws(SQLiteError) {
        let schema = table.schema
        let columns = schema.columns.map { "\"\($0.name)\" \($0.type.rawValue)" }.joined(separator: ", ")
        let key = schema.primaryKey.map { "\"\($0)\"" }.joined(separator: ", ")
        try db.execute("DROP TABLE IF EXISTS \"\(schema.name)\"; CREATE TABLE \"\(schema.name)\" (\(columns), PRIMARY KEY (\(key)))")
        let placeholders = Array(repeating: "?", count: schema.columns.count).joined(separator: ", ")
        let insert = try db.prepare("INSERT INTO \"\(schema.name)\" VALUES (\(placeholders))")
        for row in table.rows { try insert.run(row) }
    }
}
