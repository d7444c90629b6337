import FissionModel

/// Keeps the run ledger from growing without end (`fission prune`).
public enum Housekeeping {
    public struct Pruned: Sendable, Equatable {
        public var runs = 0
        public var excerpts = 0
        public init(runs: Int = 0, excerpts: Int = 0) {
            self.runs = runs
            self.excerpts = excerpts
        }
    }

    /// Deletes runs started before `runsBefore` with their files, rejected lines, counts, metrics and warnings, except
    /// runs whose tables or state are still current (named by `report_tables` or `state_files`); and empties
    /// `rejected_lines.raw_excerpt` of runs started before `excerptsBefore`. Timestamps compare as RFC 3339 text.
    public static func prune(_ db: Database, runsBefore: Timestamp, excerptsBefore: Timestamp) throws -> Pruned {
        try Migrations.apply(to: db)
        return try db.transaction { () throws -> Pruned in
            var pruned = Pruned()
            let old = """
                SELECT run_id FROM pipeline_runs WHERE started_at < ? AND status <> 'running'
                    AND run_id NOT IN (SELECT run_id FROM report_tables) AND run_id NOT IN (SELECT run_id FROM state_files)
                """
            try db.prepare("UPDATE rejected_lines SET raw_excerpt = '' WHERE raw_excerpt <> '' AND run_id IN "
                           + "(SELECT run_id FROM pipeline_runs WHERE started_at < ?)").run([.text(excerptsBefore.description)])
            pruned.excerpts = db.changes
            for table in ["rejected_lines", "rejection_counts", "input_files", "run_metrics", "run_warnings"] {
                try db.prepare("DELETE FROM \(table) WHERE run_id IN (\(old))").run([.text(runsBefore.description)])
            }
            try db.prepare("DELETE FROM pipeline_runs WHERE run_id IN (\(old))").run([.text(runsBefore.description)])
            pruned.runs = db.changes
            return pruned
        }
    }
}
