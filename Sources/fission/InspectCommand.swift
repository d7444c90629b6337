import FissionModel
import FissionPipeline
import FissionStore
import Foundation

/// `fission inspect <database> [--runs N]`: what the on-call engineer looks at first. The last runs with status and
/// accounting, the warnings and rejection reasons of the latest, how to read the reports (`report_metadata`), and
/// every report table with its row count and the run that wrote it. Read-only.
enum InspectCommand {
    static func main(_ arguments: ArgumentList) throws -> Int32 {
        var args = arguments
        let runs = try args.int("--runs") ?? 5
        let positionals = try args.positionals()
        guard positionals.count == 1 else { throw PipelineError.usage("inspect takes exactly one database") }
        let db: Database
        do {
            db = try Database(path: positionals[0], readOnly: true)
            _ = try db.rows("SELECT 1 FROM pipeline_runs LIMIT 1")
        } catch {
            throw PipelineError.io("cannot inspect \(positionals[0]): \(error)")
        }
        func rows(_ sql: String) -> [[SQLValue]] { (try? db.rows(sql)) ?? [] }
        var out: [String] = ["runs (latest first):"]
        for r in rows("""
            SELECT run_id, status, mode, started_at, files, files_already_ingested, lines_read, events_accepted,
                   duplicates_dropped, lines_rejected, warnings, coalesce(message, '')
            FROM pipeline_runs ORDER BY run_id DESC LIMIT \(runs)
            """) {
            out.append("  run \(r[0]) \(r[1]) (\(r[2])) at \(r[3]): \(r[4]) files read, \(r[5]) already ingested, \(r[6]) lines, "
                       + "\(r[7]) accepted, \(r[8]) duplicates, \(r[9]) rejected, \(r[10]) warnings")
            if !r[11].description.isEmpty { out.append("    \(r[11])") }
        }
        let latest = "(SELECT max(run_id) FROM pipeline_runs)"
        let warnings = rows("SELECT kind, subject, detail FROM run_warnings WHERE run_id = \(latest) ORDER BY kind, subject")
        if !warnings.isEmpty {
            out.append("warnings of the latest run:")
            out += warnings.map { "  \($0[0]): \($0[1]) \($0[2])" }
        }
        let reasons = rows("SELECT reason, sum(lines) FROM rejection_counts WHERE run_id = \(latest) GROUP BY reason ORDER BY 2 DESC, 1")
        if !reasons.isEmpty {
            out.append("rejected lines of the latest run, by reason:")
            out += reasons.map { "  \($0[0]): \($0[1])" }
        }
        let metadata = rows("SELECT key, coalesce(value, '') FROM report_metadata ORDER BY key")
        if !metadata.isEmpty {
            out.append("report metadata:")
            out += metadata.map { "  \($0[0]) = \($0[1])" }
        }
        out.append("report tables:")
        out += rows("SELECT table_name, row_count, run_id FROM report_tables ORDER BY table_name").map { "  \($0[0]): \($0[1]) rows (run \($0[2]))" }
        print(out.joined(separator: "\n"))
        return 0
    }
}
