import FissionPipeline
import Foundation

/// `fission inputs | extract | resolve | reduce | finalize`: the pipeline as stages an external engine schedules
/// (docs/scaling.md). Each stage prints one summary line on stderr.
enum StageCommands {
    /// The options each stage takes; any other is a usage error rather than silently ignored.
    static let options: [String: Set<String>] = [
        "inputs": ["--input", "--timezone", "--quiet"],
        "extract": ["--file", "--files-from", "--out", "--timezone", "--now", "--quiet"],
        "resolve": ["--partials", "--partials-from", "--shards", "--out", "--timezone", "--as-of", "--now", "--quiet"],
        "reduce": ["--identity", "--shard", "--partials", "--partials-from", "--out", "--timezone", "--as-of", "--quiet"],
        "finalize": ["--identity", "--reduced", "--reduced-from", "--output", "--timezone", "--as-of", "--json", "--quiet"],
    ]

    static func main(_ command: String, _ arguments: ArgumentList) throws -> Int32 {
        var args = arguments
        if let other = args.options.first(where: { !(options[command] ?? []).contains($0) }) {
            throw PipelineError.usage("\(command) does not take \(other) (it takes \((options[command] ?? []).sorted().joined(separator: ", ")))")
        }
        let json = args.flag("--json")
        _ = args.flag("--quiet")  // accepted as for run: a stage prints one summary line and no progress
        let overrides = ConfigOverrides(inputs: try args.values("--input"), database: try args.value("--output"),
                                        timeZone: try args.value("--timezone"))
        let asOf = try RunCommand.asOf(&args)
        let now = try RunCommand.instant("--now", &args) ?? Date()
        let files = try args.list("--file", from: "--files-from")
        let partials = try args.list("--partials", from: "--partials-from")
        let reduced = try args.list("--reduced", from: "--reduced-from")
        let shards = try args.int("--shards")
        let shard = try args.value("--shard")
        let identity = try args.value("--identity")
        let out = try args.value("--out")
        let positionals = try args.positionals()
        guard positionals.count == 1 else { throw PipelineError.usage("\(command) takes exactly one pipeline config\n\(CommandLineInterface.usage)") }
        let config = try PipelineConfig.load(path: positionals[0], overrides: overrides)
        let run = StageRun(config: config, asOf: asOf, now: now)
        func required<T>(_ value: T?, _ name: String) throws -> T {
            guard let value else { throw PipelineError.usage("\(command) needs \(name)") }
            return value
        }
        let started = Date()
        func done(_ text: String) {
            FileHandle.standardError.write(Data("\(command): \(text) in \(String(format: "%.3f", Date().timeIntervalSince(started))) s, peak memory \(peakMemoryMiB()) MiB\n".utf8))
        }

        switch command {
        case "inputs":
            let inputs = try run.inputs()
            for s in inputs.skipped { FileHandle.standardError.write(Data("note: not read: \(s.path): \(s.reason)\n".utf8)) }
            print(inputs.files.joined(separator: "\n"))
        case "extract":
            // A line of a list may be `LOCAL<TAB>RECORDED`: read LOCAL, record it in the ledger as RECORDED.
            let inputs = files.map { line -> ExtractStage.Input in
                let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
                return ExtractStage.Input(local: parts[0], recorded: parts.count == 2 ? parts[1] : nil)
            }
            let summary = try ExtractStage(run: run).extract(inputs, to: try required(out, "--out PARTIAL"))
            done("\(summary.files) files, \(summary.bytes) bytes, \(summary.lines) lines, \(summary.events) accepted, \(summary.rejected) rejected")
        case "resolve":
            guard !partials.isEmpty else { throw PipelineError.usage("resolve needs --partials P…") }
            let summary = try ResolveStage(run: run).resolve(partials: partials, shards: try required(shards, "--shards N"),
                                                             to: try required(out, "--out IDENTITY"))
            done("\(summary.files) files, \(summary.events) events used, \(summary.accounts) accounts, \(summary.persons) persons; persons per shard \(summary.shardPersons.map(String.init).joined(separator: " "))")
        case "reduce":
            let spec = try required(shard, "--shard I/N").split(separator: "/")
            guard spec.count == 2, let i = Int(spec[0]), let n = Int(spec[1]), n >= 1 else {
                throw PipelineError.usage("--shard needs I/N, e.g. 0/4, got '\(shard ?? "")'")
            }
            guard !partials.isEmpty else { throw PipelineError.usage("reduce needs --partials P…") }
            let summary = try ReduceStage(run: run).reduce(identity: try required(identity, "--identity IDENTITY"), shard: i, of: n,
                                                           partials: partials, to: try required(out, "--out REDUCED"))
            done("shard \(i)/\(n): \(summary.events) events of \(summary.persons) persons")
        case "finalize":
            guard !reduced.isEmpty else { throw PipelineError.usage("finalize needs --reduced R…") }
            do {
                let summary = try FinalizeStage(run: run).finalize(identity: try required(identity, "--identity IDENTITY"), reduced: reduced)
                return RunCommand.show(summary, config: config, otherDatabase: overrides.database != nil, json: json)
            } catch let error as PipelineError {
                if json { RunSummaryJSON.print(RunSummaryJSON.object(error)) }
                throw error
            }
        default:
            throw PipelineError.usage("unknown stage \(command)")
        }
        return 0
    }
}
