import FissionPipeline
import FissionStore
import Foundation

/// `fission metadata <database> [--out metadata.json]`: Datasette's metadata file (table and column descriptions)
/// from the database's `table_docs` and `column_docs`.
enum MetadataCommand {
    static func main(_ arguments: ArgumentList) throws -> Int32 {
        var args = arguments
        let out = try args.value("--out")
        let positionals = try args.positionals()
        guard positionals.count == 1 else { throw PipelineError.usage("metadata takes exactly one database") }
        let path = positionals[0]
        let json: Data
        do {
            let db = try Database(path: path, readOnly: true)
            json = try SchemaDocs.datasetteMetadata(db, databaseName: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
        } catch {
            throw PipelineError.io("cannot read the column descriptions of \(path) (written by every successful run since report schema 2): \(error)")
        }
        guard let out else {
            FileHandle.standardOutput.write(json + Data("\n".utf8))
            return 0
        }
        do {
            try (json + Data("\n".utf8)).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw PipelineError.io("cannot write \(out): \(error.localizedDescription)")
        }
        print("metadata: \(out)")
        return 0
    }
}
