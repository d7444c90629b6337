import FissionModel
import FissionPipeline
import Foundation

/// `fission run <config>` (incremental) and `fission rebuild <config>`: runs a pipeline and prints where its reports
/// went.
enum RunCommand {
    static func main(_ arguments: ArgumentList, mode: PipelineRunner.Mode) throws -> Int32 {
        var args = arguments
        let json = args.flag("--json")
        let quiet = args.flag("--quiet")
        do {
            return try run(&args, mode: mode, json: json, quiet: quiet)
        } catch let error as PipelineError {
            if json { RunSummaryJSON.print(RunSummaryJSON.object(error)) }
            throw error
        }
    }

    static func run(_ args: inout ArgumentList, mode: PipelineRunner.Mode, json: Bool, quiet: Bool) throws -> Int32 {
        let overrides = ConfigOverrides(inputs: try args.values("--input"), database: try args.value("--output"),
                                        timeZone: try args.value("--timezone"))
        let asOfDate = try asOf(&args)
        let positionals = try args.positionals()
        guard positionals.count == 1 else {
            throw PipelineError.usage("\(mode == .rebuild ? "rebuild" : "run") takes exactly one pipeline config\n\(CommandLineInterface.usage)")
        }

        let config = try PipelineConfig.load(path: positionals[0], overrides: overrides)
        let printer = quiet ? nil : ProgressPrinter(terminal: isatty(STDERR_FILENO) != 0)
        var progress: (@Sendable (IngestProgress) -> Void)?
        if let printer { progress = { printer.show($0) } }
        let summary = try PipelineRunner(config: config, asOf: asOfDate, mode: mode, progress: progress).run()
        printer?.finish()
        return show(summary, config: config, otherDatabase: overrides.database != nil, json: json)
    }

    /// Prints a finished run's summary (stderr: accounting and warnings; stdout: tables and headline, or JSON) and
    /// writes the config's report page; returns the exit code.
    static func show(_ summary: RunSummary, config: PipelineConfig, otherDatabase: Bool, json: Bool) -> Int32 {
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
        if config.reportPage != nil, otherDatabase {
            FileHandle.standardError.write(Data("note: report_page not written: --output names another database than the config's\n".utf8))
        } else if let page = config.reportPage {
            do {
                try ReportCommand.write(database: summary.database, to: page)
                if !json { print("report page: \(page)") }
            } catch {
                FileHandle.standardError.write(Data("warning: report page not written: \(error)\n".utf8))
            }
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

extension RunCommand {
    /// `--as-of TIME`, as a date.
    static func asOf(_ args: inout ArgumentList) throws -> Date? { try instant("--as-of", &args) }

    /// The RFC 3339 instant given to option `name`, as a date.
    static func instant(_ name: String, _ args: inout ArgumentList) throws -> Date? {
        guard let text = try args.value(name) else { return nil }
        guard let time = Timestamp(rfc3339: text) else { throw PipelineError.usage("\(name) needs an RFC 3339 time, got '\(text)'") }
        return Date(timeIntervalSince1970: Double(time.millisecondsSinceEpoch) / 1000)
    }
}

/// Peak resident set size of this process so far.
func peakMemoryMiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}

/// The progress line on stderr: on a terminal one line rewritten at most ten times a second; otherwise a plain log
/// line every 5 seconds.
final class ProgressPrinter: @unchecked Sendable {
    private let terminal: Bool
    private let lock = NSLock()
    private var last = Date.distantPast
    private var shown = false

    init(terminal: Bool) {
        self.terminal = terminal
    }

    func show(_ progress: IngestProgress) {
        lock.withLock {
            let now = Date()
            let done = progress.filesDone == progress.filesTotal
            guard done || now.timeIntervalSince(last) >= (terminal ? 0.1 : 5) else { return }
            last = now
            let text = terminal ? "\r\u{1B}[K" + progress.line : progress.line + "\n"
            FileHandle.standardError.write(Data(text.utf8))
            shown = true
        }
    }

    func finish() {
        lock.withLock { if terminal && shown { FileHandle.standardError.write(Data("\n".utf8)) } }
    }
}
