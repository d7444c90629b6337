import FissionModel
import FissionPipeline
import Foundation

/// `fission run <config>` (incremental) and `fission rebuild <config>`: runs a pipeline and prints where its reports
/// went.
enum RunCommand {
    static func main(_ arguments: ArgumentList, mode: PipelineRunner.Mode) throws -> Int32 {
        var args = arguments
        let json = args.flag("--json")
        do {
            return try run(&args, mode: mode, json: json)
        } catch let error as PipelineError {
            if json { RunSummaryJSON.print(RunSummaryJSON.object(error)) }
            throw error
        }
    }

    static func run(_ args: inout ArgumentList, mode: PipelineRunner.Mode, json: Bool) throws -> Int32 {
        let overrides = ConfigOverrides(inputs: try args.values("--input"), database: try args.value("--output"),
                                        timeZone: try args.value("--timezone"))
        let asOf = try args.value("--as-of")
        let positionals = try args.positionals()
        guard positionals.count == 1 else {
            throw PipelineError.usage("\(mode == .rebuild ? "rebuild" : "run") takes exactly one pipeline config\n\(CommandLineInterface.usage)")
        }

        var asOfDate: Date?
        if let asOf {
            guard let time = Timestamp(rfc3339: asOf) else { throw PipelineError.usage("--as-of needs an RFC 3339 time, got '\(asOf)'") }
            asOfDate = Date(timeIntervalSince1970: Double(time.millisecondsSinceEpoch) / 1000)
        }
        let config = try PipelineConfig.load(path: positionals[0], overrides: overrides)
        let summary = try PipelineRunner(config: config, asOf: asOfDate, mode: mode).run()

        for note in summary.notes {
            FileHandle.standardError.write(Data("note: \(note)\n".utf8))
        }
        FileHandle.standardError.write(Data("""
            run \(summary.runID) (\(summary.mode)): \(summary.files) files read, \(summary.filesAlreadyIngested) already ingested, \
            \(summary.linesRead) lines, \(summary.eventsAccepted) accepted, \
            \(summary.duplicatesDropped) duplicates, \(summary.linesRejected) rejected \
            (of the accepted: \(summary.eventsOutsideWindow) outside the report window, \(summary.eventsIgnored) ignored), \
            \(summary.persons) persons \
            in \(String(format: "%.3f", summary.elapsedSeconds)) s \
            (\(summary.stageSeconds.map { "\($0.stage) \(String(format: "%.3f", $0.seconds))" }.joined(separator: ", "))), \
            peak memory \(peakMemoryMiB()) MiB\n
            """.utf8))
        for file in summary.damagedFiles {
            FileHandle.standardError.write(Data("warning: \(file.path): \(file.status): \(file.error)\n".utf8))
        }
        for warning in summary.partitionWarnings {
            FileHandle.standardError.write(Data("warning: partition \(warning)\n".utf8))
        }
        if json {
            RunSummaryJSON.print(RunSummaryJSON.object(summary))
            return summary.exitCode
        }
        print("database: \(summary.database)")
        for table in summary.tables {
            print("\(table.name): \(table.rows) rows")
        }
        for line in summary.headline {
            print(line)
        }
        return summary.exitCode
    }
}

/// Peak resident set size of this process so far.
func peakMemoryMiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}
