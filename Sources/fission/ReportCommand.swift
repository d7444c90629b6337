import FissionPipeline
import FissionReportPage
import FissionStore
import Foundation

/// `fission report <database> [--out report.html]`: the self-contained report page, from the database alone.
enum ReportCommand {
    static func main(_ arguments: ArgumentList) throws -> Int32 {
        var args = arguments
        let out = try args.value("--out") ?? "report.html"
        let positionals = try args.positionals()
        guard positionals.count == 1 else { throw PipelineError.usage("report takes exactly one database") }
        try write(database: positionals[0], to: out)
        print("report: \(out)")
        return 0
    }

    /// Renders the page of `database` and writes it atomically to `path`, creating its folder if missing.
    static func write(database: String, to path: String) throws {
        let html: String
        do {
            html = try ReportPage.render(try Database(path: database, readOnly: true))
        } catch {
            throw PipelineError.io("cannot read \(database): \(error)")
        }
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(html.utf8).write(to: url, options: .atomic)
        } catch {
            throw PipelineError.io("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
