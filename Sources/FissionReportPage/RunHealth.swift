import FissionModel

/// Run health, for the on-call engineer: the last runs with their accounting, the latest run's files, lines rejected
/// by reason, and its warnings.
enum RunHealth {
    static func html(_ q: PageQuery) -> String {
        let runs = q.rows("""
            SELECT run_id, status, mode, started_at, files, lines_read, events_accepted, duplicates_dropped, lines_rejected, warnings
            FROM pipeline_runs ORDER BY run_id DESC LIMIT 10
            """)
        let latest: [SQLValue] = [.integer(Int64(q.double("SELECT max(run_id) FROM pipeline_runs") ?? 0))]
        let files = q.rows("""
            SELECT path, status, lines, accepted, duplicates, rejected, coalesce(error, '') FROM input_files WHERE run_id = ?
            ORDER BY status = 'ok', rejected DESC, path LIMIT 40
            """, latest)
        let fileCount = q.double("SELECT count(*) FROM input_files WHERE run_id = ?", latest) ?? 0
        let reasons = q.rows("SELECT reason, sum(lines) FROM rejection_counts WHERE run_id = ? GROUP BY reason ORDER BY 2 DESC, 1", latest)
        let warnings = q.rows("SELECT kind, subject, detail FROM run_warnings WHERE run_id = ? ORDER BY kind, subject", latest)
        let cell = { (v: SQLValue) in HTML.escape(v.description) }
        return "<section id=\"run-health\"><h2>Run health</h2>"
            + HTML.table(["run", "status", "mode", "started (UTC)", "files", "lines", "accepted", "duplicates", "rejected", "warnings"],
                         runs.map { $0.map(cell) }, id: "runs", caption: "Last runs")
            + HTML.table(["file", "status", "lines", "accepted", "duplicates", "rejected", "error"], files.map { $0.map(cell) }, id: "run-files",
                         caption: "Files read by the latest run" + (fileCount > Double(files.count) ? " (\(files.count) of \(Format.integer(fileCount)): problems first)" : ""))
            + (reasons.isEmpty ? "<p>The latest run rejected no lines.</p>"
                : HTML.table(["reason", "lines"], reasons.map { $0.map(cell) }, id: "run-rejections", caption: "Lines rejected by the latest run, by reason"))
            + (warnings.isEmpty ? "<p>The latest run has no warnings.</p>"
                : HTML.table(["warning", "subject", "detail"], warnings.map { $0.map(cell) }, id: "run-warnings", caption: "Warnings of the latest run"))
            + "</section>"
    }
}
