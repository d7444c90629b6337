import FissionModel
import FissionPipeline
import Foundation

/// `fission <command> …`: dispatches to the subcommands.
enum CommandLineInterface {
    static var usage: String {
        (["usage:"] + CommandHelp.all.map { "  \($0.synopsis)" } + ["", "Run `fission <command> --help` for a command's options.", "",
          CommandHelp.exitCodes]).joined(separator: "\n")
    }

    static func main(_ arguments: [String]) throws -> Int32 {
        guard let command = arguments.first else { throw PipelineError.usage("no command\n\(usage)") }
        if command == "--version" || command == "-V" || command == "version" {
            print("fission \(FissionVersion.string)")
            return 0
        }
        let rest = ArgumentList(Array(arguments.dropFirst()))
        // `-h` and `--help` mean help everywhere, before any other option is checked.
        if let help = CommandHelp.named(command), rest.wantsHelp {
            print(help.text)
            return 0
        }
        switch command {
        case "run": return try RunCommand.main(rest, mode: .incremental)
        case "rebuild": return try RunCommand.main(rest, mode: .rebuild)
        case "prune": return try PruneCommand.main(rest)
        case "inspect": return try InspectCommand.main(rest)
        case "export": return try ExportCommand.main(rest)
        case "validate": return try ValidateCommand.main(rest)
        case "report": return try ReportCommand.main(rest)
        case "metadata": return try MetadataCommand.main(rest)
        case "generate": return try GenerateCommand.main(rest)
        case "inputs", "extract", "resolve", "reduce", "finalize": return try StageCommands.main(command, rest)
        case "dump": return try DumpCommand.main(rest)
        case "help", "--help", "-h":
            if let name = arguments.dropFirst().first, let help = CommandHelp.named(name) {
                print(help.text)
            } else {
                print(usage)
            }
            return 0
        default:
            let hint = CommandHelp.suggestion(for: command, among: CommandHelp.all.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            throw PipelineError.usage("unknown command '\(command)'\(hint)\n\(usage)")
        }
    }
}

/// Minimal option parsing: `--name value` pairs, flags, and positionals.
struct ArgumentList {
    private var items: [String]

    init(_ items: [String]) {
        self.items = items
    }

    /// Removes and returns every value of a repeatable option.
    mutating func values(_ name: String) throws -> [String] {
        var out: [String] = []
        while let i = items.firstIndex(of: name) {
            guard i + 1 < items.count, !items[i + 1].hasPrefix("--") else { throw PipelineError.usage("\(name) needs a value") }
            out.append(items[i + 1])
            items.removeSubrange(i...(i + 1))
        }
        return out
    }

    /// Removes and returns the values after every `name` up to the next option (`--file a b --file c` → a, b, c),
    /// plus the lines of the files named by `fromName` (`-` is stdin), for lists too long for a command line.
    mutating func list(_ name: String, from fromName: String) throws -> [String] {
        var out: [String] = []
        while let i = items.firstIndex(of: name) {
            var end = i + 1
            while end < items.count, !items[end].hasPrefix("--") { end += 1 }
            guard end > i + 1 else { throw PipelineError.usage("\(name) needs at least one value") }
            out += items[(i + 1)..<end]
            items.removeSubrange(i..<end)
        }
        for listFile in try values(fromName) {
            let text: String
            if listFile == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let data = FileManager.default.contents(atPath: listFile) else {
                    throw PipelineError.io("cannot read \(fromName) \(listFile)")
                }
                text = String(decoding: data, as: UTF8.self)
            }
            out += text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        }
        return out
    }

    mutating func value(_ name: String) throws -> String? {
        let all = try values(name)
        guard all.count <= 1 else { throw PipelineError.usage("\(name) given more than once") }
        return all.first
    }

    mutating func int(_ name: String) throws -> Int? {
        guard let text = try value(name) else { return nil }
        guard let n = Int(text), n >= 0 else { throw PipelineError.usage("\(name) needs a non-negative integer, got '\(text)'") }
        return n
    }

    mutating func flag(_ name: String) -> Bool {
        guard let i = items.firstIndex(of: name) else { return false }
        items.remove(at: i)
        return true
    }

    /// The options given (arguments starting with `--`).
    var options: [String] { items.filter { $0.hasPrefix("--") } }

    /// Whether `-h` or `--help` is among the arguments.
    var wantsHelp: Bool { items.contains("-h") || items.contains("--help") }

    /// The remaining arguments, which must all be positional.
    func positionals() throws -> [String] {
        if let unknown = items.first(where: { $0.hasPrefix("--") }) {
            let known = ["--input", "--output", "--timezone", "--as-of", "--persons", "--days", "--seed", "--start", "--out",
                         "--no-bad-lines", "--help", "--json", "--runs", "--format", "--where", "--quiet", "--lines", "--out",
                         "--file", "--files-from", "--partials", "--partials-from", "--shards", "--shard", "--identity", "--reduced", "--reduced-from", "--now"]
            let hint = CommandHelp.suggestion(for: unknown, among: known).map { " (did you mean \($0)?)" } ?? ""
            throw PipelineError.usage("unknown option \(unknown)\(hint)")
        }
        return items
    }
}
