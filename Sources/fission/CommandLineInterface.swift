import FissionPipeline
import Foundation

/// `fission <command> …`: dispatches to the subcommands.
enum CommandLineInterface {
    static let usage = """
        usage: fission run <pipeline-config> [--input PATH_OR_GLOB]... [--output DB] [--timezone NAME] [--as-of TIME]
               fission rebuild <pipeline-config> [same options as run]
               fission prune <pipeline-config> [--output DB]
               fission generate [--persons N] [--days N] [--seed N] [--start YYYY-MM-DD] [--out DIR] [--no-bad-lines]
               fission dump <database> <table>...
               fission help

        exit codes: 0 success, 1 data failure (e.g. reject threshold), 2 usage or config error, 3 I/O error,
                    4 succeeded with warnings (an input file damaged, empty, unreadable or skipped; a partition missing,
                    empty or thin), 5 another run holds the database

        run:     reads the input files not ingested before, folds them into the state kept in the database, and
                 recomputes every report (a narrower --input adds to the history, it never replaces it)
        rebuild: recomputes everything from all input files into fresh state
        prune:   deletes run history and rejected-line copies older than the config's retention_days
        """

    static func main(_ arguments: [String]) throws -> Int32 {
        guard let command = arguments.first else { throw PipelineError.usage("no command\n\(usage)") }
        let rest = ArgumentList(Array(arguments.dropFirst()))
        switch command {
        case "run": return try RunCommand.main(rest, mode: .incremental)
        case "rebuild": return try RunCommand.main(rest, mode: .rebuild)
        case "prune": return try PruneCommand.main(rest)
        case "generate": return try GenerateCommand.main(rest)
        case "dump": return try DumpCommand.main(rest)
        case "help", "--help", "-h":
            print(usage)
            return 0
        default:
            throw PipelineError.usage("unknown command '\(command)'\n\(usage)")
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

    /// The remaining arguments, which must all be positional.
    func positionals() throws -> [String] {
        if let unknown = items.first(where: { $0.hasPrefix("--") }) { throw PipelineError.usage("unknown option \(unknown)") }
        return items
    }
}
