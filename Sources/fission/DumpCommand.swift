import FissionPipeline
import FissionStore

/// `fission dump <database> <table>...`: prints tables as deterministic TSV (used for golden files).
enum DumpCommand {
    static func main(_ arguments: ArgumentList) throws -> Int32 {
        let positionals = try arguments.positionals()
        guard positionals.count >= 2 else { throw PipelineError.usage("dump takes a database and at least one table") }
        let db: Database
        do {
            db = try Database(path: positionals[0], readOnly: true)
        } catch {
            throw PipelineError.io("cannot open \(positionals[0]): \(error)")
        }
        for table in positionals.dropFirst() {
            guard let text = try? TableDump.tsv(db, table: table) else {
                throw PipelineError.usage("\(positionals[0]) has no table '\(table)'")
            }
            print(text, terminator: "")
        }
        return 0
    }
}
