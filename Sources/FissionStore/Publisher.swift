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

    /// Marks runs left `running` by a process that died (killed, crashed, out of power) as `interrupted`. Call it
    /// holding the run lock, so no live run is `running`. Returns how many.
    @discardableResult
    public static func markInterrupted(_ db: Database) throws(SQLiteError) -> Int {
        try db.execute("""
            UPDATE pipeline_runs SET status = 'interrupted',
                message = 'the run stopped before it finished (killed or crashed); nothing it did was published'
            WHERE status = 'running'
            """)
        return db.changes
    }

    /// Records a `running` row for a run that starts now, visible to readers at once; returns its run id.
    public static func begin(_ run: RunRecord, in db: Database) throws -> Int64 {
        try db.transaction { () throws -> Int64 in
            try db.prepare("""
                INSERT INTO pipeline_runs (started_at, finished_at, config_name, config_path, config_sha256, status,
                    files, bytes, lines_read, events_accepted, duplicates_dropped, lines_rejected, settings, mode)
                VALUES (?, ?, ?, ?, ?, 'running', 0, 0, 0, 0, 0, 0, ?, ?)
                """).run([.text(run.startedAt.description), .text(run.startedAt.description), .text(run.configName),
                          .text(run.configPath), .text(run.configSHA256), .text(run.settings), .text(run.mode)])
            guard case .integer(let runID)? = try db.rows("SELECT last_insert_rowid()").first?.first else {
                throw SQLiteError(code: 1, message: "no run id")
            }
            return runID
        }
    }

    /// Records the run (its row from `begin`, or a new one when `runID` is nil), its files, metrics and warnings
    /// and, when `tables` is non-nil, replaces those report tables; `inTransaction` runs last, before the commit
    /// (the nightly state). Metrics are `(job, metric, value)`. Returns the run id.
    @discardableResult
    public static func publish(run: RunRecord, runID existing: Int64? = nil, files: [FileRecord], tables: [ReportTable]?,
                               metrics: [(job: String, metric: String, value: Int64)] = [],
                               warnings: [(kind: String, subject: String, detail: String)] = [],
                               to db: Database, inTransaction: (Int64) throws -> Void = { _ in }) throws -> Int64 {
        try Migrations.apply(to: db)
        return try db.transaction { () throws -> Int64 in
            let values: [SQLValue] = [
                .text(run.startedAt.description), .text(run.finishedAt.description), .text(run.configName),
                .text(run.configPath), .text(run.configSHA256), .text(run.status.rawValue), run.message.map(SQLValue.text) ?? .null,
                .int(run.files), .integer(run.bytes), .int(run.linesRead), .int(run.eventsAccepted),
                .int(run.duplicatesDropped), .int(run.linesRejected), .text(run.settings),
                .int(run.eventsOutsideWindow), .int(run.eventsIgnored), .int(run.warnings), .text(run.mode),
                .int(run.filesAlreadyIngested), .integer(run.databaseBytes), .integer(run.stateBytes), .text(FissionVersion.string),
            ]
            let runID: Int64
            if let existing {
                try db.prepare("""
                    UPDATE pipeline_runs SET started_at = ?, finished_at = ?, config_name = ?, config_path = ?,
                        config_sha256 = ?, status = ?, message = ?, files = ?, bytes = ?, lines_read = ?,
                        events_accepted = ?, duplicates_dropped = ?, lines_rejected = ?, settings = ?,
                        events_outside_window = ?, events_ignored = ?, warnings = ?, mode = ?, files_already_ingested = ?,
                        database_bytes = ?, state_bytes = ?, tool_version = ?
                    WHERE run_id = ?
                    """).run(values + [.integer(existing)])
                runID = existing
            } else {
                try db.prepare("""
                    INSERT INTO pipeline_runs (started_at, finished_at, config_name, config_path, config_sha256, status, message,
                        files, bytes, lines_read, events_accepted, duplicates_dropped, lines_rejected, settings,
                        events_outside_window, events_ignored, warnings, mode, files_already_ingested, database_bytes,
                        state_bytes, tool_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).run(values)
                guard case .integer(let id)? = try db.rows("SELECT last_insert_rowid()").first?.first else {
                    throw SQLiteError(code: 1, message: "no run id")
                }
                runID = id
            }
            let insertWarning = try db.prepare("INSERT INTO run_warnings VALUES (?, ?, ?, ?)")
            for w in warnings {
                try insertWarning.run([.integer(runID), .text(w.kind), .text(w.subject), .text(w.detail)])
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
            try inTransaction(runID)
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
