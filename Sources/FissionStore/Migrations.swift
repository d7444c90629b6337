/// The run-bookkeeping tables, created by ordered migrations tracked in `PRAGMA user_version`.
/// Report tables are not migrated: each run replaces them whole (see `Publisher`).
public enum Migrations {
    static let steps: [String] = [
        // 1: run ledger
        """
        CREATE TABLE pipeline_runs (
            run_id             INTEGER PRIMARY KEY,
            started_at         TEXT NOT NULL,
            finished_at        TEXT NOT NULL,
            config_name        TEXT NOT NULL,
            config_path        TEXT NOT NULL,
            config_sha256      TEXT NOT NULL,
            status             TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),
            message            TEXT,
            files              INTEGER NOT NULL,
            bytes              INTEGER NOT NULL,
            lines_read         INTEGER NOT NULL,
            events_accepted    INTEGER NOT NULL,
            duplicates_dropped INTEGER NOT NULL,
            lines_rejected     INTEGER NOT NULL
        );
        CREATE TABLE input_files (
            run_id     INTEGER NOT NULL REFERENCES pipeline_runs(run_id),
            path       TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            lines      INTEGER NOT NULL,
            accepted   INTEGER NOT NULL,
            duplicates INTEGER NOT NULL,
            rejected   INTEGER NOT NULL,
            status     TEXT NOT NULL CHECK (status IN ('ok', 'truncated', 'unreadable')),
            error      TEXT,
            PRIMARY KEY (run_id, path)
        );
        CREATE TABLE rejected_lines (
            run_id      INTEGER NOT NULL REFERENCES pipeline_runs(run_id),
            file        TEXT NOT NULL,
            line        INTEGER NOT NULL,
            reason      TEXT NOT NULL,
            detail      TEXT NOT NULL,
            raw_excerpt TEXT NOT NULL,
            PRIMARY KEY (run_id, file, line)
        );
        CREATE INDEX rejected_lines_reason ON rejected_lines (run_id, reason);
        """,
        // 2: counters reported by jobs
        """
        CREATE TABLE run_metrics (
            run_id INTEGER NOT NULL REFERENCES pipeline_runs(run_id),
            job    TEXT NOT NULL,
            metric TEXT NOT NULL,
            value  INTEGER NOT NULL,
            PRIMARY KEY (run_id, job, metric)
        );
        """,
        // 3: which run wrote each report table
        """
        CREATE TABLE report_tables (
            table_name TEXT PRIMARY KEY,
            run_id     INTEGER NOT NULL REFERENCES pipeline_runs(run_id),
            row_count  INTEGER NOT NULL
        );
        """,
        // 4: what a run was told beyond its config file (overrides, clock, resolved dates)
        """
        ALTER TABLE pipeline_runs ADD COLUMN settings TEXT NOT NULL DEFAULT '';
        """,
        // 5: the report window is not a data filter: accepted events outside it, or not used at all, are counted
        """
        ALTER TABLE pipeline_runs ADD COLUMN events_outside_window INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE pipeline_runs ADD COLUMN events_ignored INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE input_files ADD COLUMN outside_window INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE input_files ADD COLUMN ignored INTEGER NOT NULL DEFAULT 0;
        """,
        // 6: hardening. Runs that read everything they could but met damaged, empty, unreadable or skipped inputs
        // are `succeeded_with_warnings`; files get the statuses `corrupt`, `empty` and `skipped`; rejected lines
        // are stored up to a cap, with exact counts per file and reason in `rejection_counts`. (SQLite cannot
        // change a CHECK constraint, so the two ledger tables are copied into new ones.)
        """
        CREATE TABLE pipeline_runs_v6 (
            run_id                INTEGER PRIMARY KEY,
            started_at            TEXT NOT NULL,
            finished_at           TEXT NOT NULL,
            config_name           TEXT NOT NULL,
            config_path           TEXT NOT NULL,
            config_sha256         TEXT NOT NULL,
            status                TEXT NOT NULL
                                  CHECK (status IN ('running', 'succeeded', 'succeeded_with_warnings', 'failed', 'interrupted')),
            message               TEXT,
            files                 INTEGER NOT NULL,
            bytes                 INTEGER NOT NULL,
            lines_read            INTEGER NOT NULL,
            events_accepted       INTEGER NOT NULL,
            duplicates_dropped    INTEGER NOT NULL,
            lines_rejected        INTEGER NOT NULL,
            settings              TEXT NOT NULL DEFAULT '',
            events_outside_window INTEGER NOT NULL DEFAULT 0,
            events_ignored        INTEGER NOT NULL DEFAULT 0,
            warnings              INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO pipeline_runs_v6 (run_id, started_at, finished_at, config_name, config_path, config_sha256, status,
            message, files, bytes, lines_read, events_accepted, duplicates_dropped, lines_rejected, settings,
            events_outside_window, events_ignored)
        SELECT run_id, started_at, finished_at, config_name, config_path, config_sha256, status, message, files, bytes,
            lines_read, events_accepted, duplicates_dropped, lines_rejected, settings, events_outside_window, events_ignored
        FROM pipeline_runs;
        CREATE TABLE input_files_v6 (
            run_id          INTEGER NOT NULL REFERENCES pipeline_runs(run_id),
            path            TEXT NOT NULL,
            size_bytes      INTEGER NOT NULL,
            lines           INTEGER NOT NULL,
            accepted        INTEGER NOT NULL,
            duplicates      INTEGER NOT NULL,
            rejected        INTEGER NOT NULL,
            status          TEXT NOT NULL CHECK (status IN ('ok', 'truncated', 'corrupt', 'empty', 'unreadable', 'skipped',
                                                         'redelivered', 'in_progress')),
            error           TEXT,
            outside_window  INTEGER NOT NULL DEFAULT 0,
            ignored         INTEGER NOT NULL DEFAULT 0,
            rejected_stored INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (run_id, path)
        );
        INSERT INTO input_files_v6 (run_id, path, size_bytes, lines, accepted, duplicates, rejected, status, error,
            outside_window, ignored, rejected_stored)
        SELECT run_id, path, size_bytes, lines, accepted, duplicates, rejected, status, error, outside_window, ignored,
            rejected
        FROM input_files;
        DROP TABLE input_files;
        DROP TABLE pipeline_runs;
        ALTER TABLE pipeline_runs_v6 RENAME TO pipeline_runs;
        ALTER TABLE input_files_v6 RENAME TO input_files;
        CREATE TABLE rejection_counts (
            run_id INTEGER NOT NULL REFERENCES pipeline_runs(run_id),
            file   TEXT NOT NULL,
            reason TEXT NOT NULL,
            lines  INTEGER NOT NULL,
            PRIMARY KEY (run_id, file, reason)
        );
        INSERT INTO rejection_counts SELECT run_id, file, reason, count(*) FROM rejected_lines GROUP BY run_id, file, reason;
        """,
        // 7: nightly state. Each input file ingested once: its ledger row and its accepted events (`FSB1` batch);
        // the config fingerprint the state was built for; warnings of a run; what a run skipped and its sizes.
        """
        CREATE TABLE state_meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE state_files (
            path        TEXT PRIMARY KEY,
            size_bytes  INTEGER NOT NULL,
            mtime_ns    INTEGER NOT NULL,
            sha256      TEXT NOT NULL,
            run_id      INTEGER NOT NULL,
            lines       INTEGER NOT NULL,
            events      INTEGER NOT NULL,
            status      TEXT NOT NULL,
            batch       BLOB NOT NULL
        );
        CREATE INDEX state_files_sha256 ON state_files (sha256);
        CREATE TABLE run_warnings (
            run_id  INTEGER NOT NULL REFERENCES pipeline_runs(run_id),
            kind    TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail  TEXT NOT NULL
        );
        ALTER TABLE pipeline_runs ADD COLUMN mode TEXT NOT NULL DEFAULT 'rebuild';
        ALTER TABLE pipeline_runs ADD COLUMN files_already_ingested INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE pipeline_runs ADD COLUMN database_bytes INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE pipeline_runs ADD COLUMN state_bytes INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE pipeline_runs ADD COLUMN tool_version TEXT NOT NULL DEFAULT '';
        """,
    ]

    /// Brings the ledger tables up to this binary's schema. A database written by a newer Fission (a higher
    /// `user_version`) is refused rather than written with an older idea of its tables.
    /// The ledger schema's version (`PRAGMA user_version` after `apply`), also written to `report_metadata`.
    public static var schemaVersion: Int { steps.count }

    static func apply(to db: Database) throws(SQLiteError) {
        let current = try db.userVersion
        guard current <= steps.count else {
            throw SQLiteError(code: 1, message: "the database's schema version is \(current), newer than this fission's (\(steps.count)): run it with the newer fission that wrote it, or use another database")
        }
        guard current < steps.count else { return }
        for (i, sql) in steps.enumerated().dropFirst(current) {
            try db.execute("BEGIN IMMEDIATE; \(sql); PRAGMA user_version = \(i + 1); COMMIT;")
        }
    }
}
