import FissionModel
import FissionPipeline
import Foundation

/// `fission validate <config> [--input …] [--lines N]`: checks the config and samples the inputs without writing
/// anything. Exit codes as `run`: 2 for a config or usage error, 1 when the sample's rejected share is above
/// `max_reject_ratio`, 4 when files are skipped, empty or unreadable, else 0.
enum ValidateCommand {
    static func main(_ arguments: ArgumentList) throws -> Int32 {
        var args = arguments
        let overrides = ConfigOverrides(inputs: try args.values("--input"), timeZone: try args.value("--timezone"))
        let lines = try args.int("--lines") ?? 100
        let positionals = try args.positionals()
        guard positionals.count == 1 else { throw PipelineError.usage("validate takes exactly one pipeline config") }
        let config = try PipelineConfig.load(path: positionals[0], overrides: overrides)
        let report = try InputValidator(config: config, linesPerFile: max(1, lines)).run()
        print("config \(positionals[0]): ok (\(config.jobs.count) jobs, database \(config.database))")
        print("sampled the first \(lines) lines of each file:")
        for p in report.partitions {
            let reasons = p.rejected.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("  \(p.name): \(p.files) files, \(p.lines) lines, \(p.accepted) accepted, \(p.lines - p.accepted) rejected\(reasons.isEmpty ? "" : " (\(reasons))")")
        }
        for s in report.skipped { print("skipped: \(s.path): \(s.reason)") }
        for u in report.unreadable { print("not readable: \(u.path): \(u.error)") }
        let ratio = report.lines == 0 ? 0 : Double(report.rejected) / Double(report.lines)
        if ratio > config.maxRejectRatio {
            print("rejected \(report.rejected) of \(report.lines) sampled lines, above max_reject_ratio \(config.maxRejectRatio)")
            return 1
        }
        return report.skipped.isEmpty && report.unreadable.isEmpty ? 0 : PipelineError.warningsExitCode
    }
}
