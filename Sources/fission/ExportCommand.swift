import FissionModel
import FissionPipeline
import FissionStore
import Foundation

/// `fission export <database> <table> [--format csv|jsonl|tsv] [--where SQL]`: a table or view for spreadsheets and
/// BI tools, on stdout.
enum ExportCommand {
    static func main(_ arguments: ArgumentList) throws -> Int32 {
        var args = arguments
        let formatName = try args.value("--format") ?? "csv"
        guard let format = TableExport.Format(rawValue: formatName) else {
            throw PipelineError.usage("--format must be csv, jsonl or tsv, got '\(formatName)'")
        }
        let filter = try args.value("--where")
        let positionals = try args.positionals()
        guard positionals.count == 2 else { throw PipelineError.usage("export takes a database and a table") }
        let db: Database
        do {
            db = try Database(path: positionals[0], readOnly: true)
        } catch {
            throw PipelineError.io("cannot open \(positionals[0]): \(error)")
        }
        let out = FileHandle.standardOutput
        do {
            try TableExport.export(db, table: positionals[1], format: format, filter: filter) { out.write(Data($0.utf8)) }
        } catch {
            throw PipelineError.usage("cannot export \(positionals[1]): \(error.message)")
        }
        return 0
    }
}
