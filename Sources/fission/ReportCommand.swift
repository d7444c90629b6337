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
        let html: String
        do {
            html = try ReportPage.render(try Database(path: positionals[0], readOnly: true))
        } catch {
            throw PipelineError.io("cannot read \(positionals[0]): \(error)")
        }
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw PipelineError.io("cannot write \(out): \(error.localizedDescription)")
        }
        print("report: \(out)")
        return 0
    }
}
