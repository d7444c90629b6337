import FissionModel
import FissionPipeline
import FissionStore
import Foundation

/// `fission prune <config>`: deletes run history and rejected-line copies older than the config's `retention_days`,
/// then reports the database's size (reclaim the space with `VACUUM` when convenient; see docs/operations.md).
enum PruneCommand {
    static func main(_ arguments: ArgumentList) throws -> Int32 {
        var args = arguments
        let overrides = ConfigOverrides(database: try args.value("--output"))
        let positionals = try args.positionals()
        guard positionals.count == 1 else { throw PipelineError.usage("prune takes exactly one pipeline config") }
        let config = try PipelineConfig.load(path: positionals[0], overrides: overrides)
        let now = Date()
        func before(days: Int) -> Timestamp {
            Timestamp(millisecondsSinceEpoch: Int64((now.timeIntervalSince1970 - Double(days) * 86_400) * 1000))
        }
        let pruned: Housekeeping.Pruned
        do {
            let db = try Database(path: config.database)
            pruned = try Housekeeping.prune(db, runsBefore: before(days: config.retention.runDays),
                                            excerptsBefore: before(days: config.retention.rejectedLineDays))
        } catch {
            throw PipelineError.io("cannot prune \(config.database): \(error)")
        }
        print("pruned \(pruned.runs) runs older than \(config.retention.runDays) days and \(pruned.excerpts) rejected-line copies older than \(config.retention.rejectedLineDays) days")
        return 0
    }
}
