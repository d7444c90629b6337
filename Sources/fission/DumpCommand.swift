import FissionPipeline
import FissionStore

/// `fission dump <database> <table>...`: prints tables as deterministic TSV (used for golden files).
enum DumpCommand {
    static func main(_ arguments: ArgumentList) throws -> Int32 {
        let positionals = try arguments.positionals()
        guard positionals.count >= 2 else { throw PipelineError.usage("dump takes a database and at least one table") }
        do {
            let db = try Database(path: positionals[0], readOnly: true)
            for table in positionals.dropFirst() {
                print(try TableDump.tsv(db, table: table), terminator: "")
            }
        } catch {
            throw PipelineError.io("cannot dump from \(positionals[0]): \(error)")
        }
        return 0
    }
}
