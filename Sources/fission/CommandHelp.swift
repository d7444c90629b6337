/// Every command with its synopsis and options, for `fission help`, `fission <command> --help` and "did you mean".
struct CommandHelp {
    var name: String
    var synopsis: String
    var summary: String
    var options: [(name: String, text: String)]

    static let all: [CommandHelp] = [
        CommandHelp(
            name: "run", synopsis: "fission run <pipeline-config> [options]",
            summary: "Reads the input files not ingested before, folds them into the state kept in the database, and recomputes every report. A narrower --input adds to the history; it never replaces it.",
            options: [
                ("--input PATH_OR_GLOB", "read these files, folders or globs instead of the config's inputs (repeatable)"),
                ("--output DB", "write to this SQLite database instead of the config's"),
                ("--timezone NAME", "IANA time zone of the reporting days, instead of the config's"),
                ("--as-of TIME", "run as of this RFC 3339 instant: relative dates resolve against it, later events are not used"),
                ("--json", "print the run summary as one JSON object on stdout (docs/run-summary.schema.json)"),
                ("--quiet", "no progress line on stderr (on a terminal it updates in place; otherwise a line every 5 s)"),
                ("-h, --help", "this help"),
            ]),
        CommandHelp(
            name: "rebuild", synopsis: "fission rebuild <pipeline-config> [options]",
            summary: "Recomputes everything from all input files into fresh state, replacing the old state and reports in one transaction. Options as for run.",
            options: [("--input, --output, --timezone, --as-of, --json, --quiet", "as for run"), ("-h, --help", "this help")]),
        CommandHelp(
            name: "validate", synopsis: "fission validate <pipeline-config> [--input PATH_OR_GLOB]... [--lines N]",
            summary: "Checks the config and samples the inputs (files per partition, the first N lines of each, reject reasons) without writing anything. Exit codes as run.",
            options: [("--input PATH_OR_GLOB", "sample these instead of the config's inputs (repeatable)"),
                      ("--timezone NAME", "as for run"), ("--lines N", "lines sampled per file (default 100)"), ("-h, --help", "this help")]),
        CommandHelp(
            name: "prune", synopsis: "fission prune <pipeline-config> [--output DB]",
            summary: "Deletes run history and rejected-line copies older than the config's retention_days.",
            options: [("--output DB", "prune this database instead of the config's"), ("-h, --help", "this help")]),
        CommandHelp(
            name: "inspect", synopsis: "fission inspect <database> [--runs N]",
            summary: "Shows the last runs with status and accounting, the latest run's warnings and rejection reasons, report_metadata, and every report table with its row count. Read-only.",
            options: [("--runs N", "how many runs to list (default 5)"), ("-h, --help", "this help")]),
        CommandHelp(
            name: "report", synopsis: "fission report <database> [--out report.html]",
            summary: "Writes one self-contained HTML page (inline CSS and SVG, no network) from the database: headline cards, the retention heatmap, the share funnel and cascades, funnels, LTV curves, overlap, a section per report table, and run health.",
            options: [("--out FILE", "where to write the page (default report.html)"), ("-h, --help", "this help")]),
        CommandHelp(
            name: "metadata", synopsis: "fission metadata <database> [--out metadata.json]",
            summary: "Writes Datasette's metadata.json (every table's and column's description, from the database's table_docs and column_docs, which come from docs/reporting-schema.md): `datasette serve DB -m metadata.json`.",
            options: [("--out FILE", "where to write it (default: stdout)"), ("-h, --help", "this help")]),
        CommandHelp(
            name: "export", synopsis: "fission export <database> <table> [--format csv|jsonl|tsv] [--where SQL]",
            summary: "Writes a table or view to stdout for spreadsheets and BI tools, ordered by its columns.",
            options: [("--format csv|jsonl|tsv", "CSV (RFC 4180, NULL empty; the default), JSON Lines (NULL null) or TSV (NULL \\N)"),
                      ("--where SQL", "only rows matching this SQL condition, e.g. \"day >= '2025-06-01'\""), ("-h, --help", "this help")]),
        CommandHelp(
            name: "inputs", synopsis: "fission inputs <pipeline-config> [--input PATH_OR_GLOB]...",
            summary: "Prints the input files a run of the config reads, one per line (what a distributed driver hands to `extract`). Entries that are not read are noted on stderr.",
            options: [("--input PATH_OR_GLOB", "as for run"), ("-h, --help", "this help")]),
        CommandHelp(
            name: "extract", synopsis: "fission extract <pipeline-config> --file F... --out PARTIAL",
            summary: "Distributed stage 1 (docs/scaling.md): reads these input files into one extract partial (file accounting, rejected lines, accepted events). Written under a temporary name and renamed: a retried task is harmless.",
            options: [("--file F...", "input files (repeatable, several after one --file)"), ("--files-from LIST", "more input files, one per line (- for stdin); a line LOCAL<TAB>RECORDED reads LOCAL and records it as RECORDED"),
                      ("--out PARTIAL", "the partial to write"), ("--timezone NAME", "as for run"),
                      ("--now TIME", "the run's clock, RFC 3339: future timestamps are screened against it (default: this machine's); give every extract of a run the same"),
                      ("-h, --help", "this help")]),
        CommandHelp(
            name: "resolve", synopsis: "fission resolve <pipeline-config> --partials P... --shards N --out IDENTITY [--as-of TIME]",
            summary: "Distributed stage 2: over all extract partials, decides re-deliveries, duplicates, the events used, the platform cap and identity, and the shard of each person.",
            options: [("--partials P...", "every extract partial of the run"), ("--partials-from LIST", "more partials, one per line (- for stdin)"),
                      ("--shards N", "how many person shards reduce runs"), ("--out IDENTITY", "the identity partial to write"),
                      ("--as-of TIME, --timezone NAME", "as for run; the same for every stage of a run"),
                      ("--now TIME", "the run's clock (default: this machine's): the run date without --as-of, recorded for finalize"),
                      ("-h, --help", "this help")]),
        CommandHelp(
            name: "reduce", synopsis: "fission reduce <pipeline-config> --identity IDENTITY --shard I/N --partials P... --out REDUCED [--as-of TIME]",
            summary: "Distributed stage 3: the events of shard I's persons, from every extract partial, with their accounts.",
            options: [("--identity IDENTITY", "resolve's output"), ("--shard I/N", "this shard (0-based) of N"),
                      ("--partials P..., --partials-from LIST", "every extract partial of the run"), ("--out REDUCED", "the reduced partial to write"),
                      ("--as-of TIME, --timezone NAME", "as for resolve"), ("-h, --help", "this help")]),
        CommandHelp(
            name: "finalize", synopsis: "fission finalize <pipeline-config> --identity IDENTITY --reduced R... [--output DB] [--as-of TIME]",
            summary: "Distributed stage 4: merges the reduced partials of all N shards, computes every report and publishes them with the run ledger in one transaction, as `fission run` would over the same files.",
            options: [("--identity IDENTITY", "resolve's output"), ("--reduced R...", "one reduced partial per shard"),
                      ("--output DB", "as for run"), ("--as-of TIME, --timezone NAME", "as for resolve"),
                      ("--json", "as for run"), ("-h, --help", "this help")]),
        CommandHelp(
            name: "generate", synopsis: "fission generate [options]",
            summary: "Writes deterministic synthetic behaviour logs (day-partitioned .jsonl.gz) for trying Fission out.",
            options: [
                ("--persons N", "people simulated (default 1000)"), ("--days N", "day partitions (default 45)"),
                ("--seed N", "random seed (default 7)"), ("--start YYYY-MM-DD", "first day (default 2025-06-01)"),
                ("--out DIR", "output folder (default SampleData/events)"), ("--no-bad-lines", "no deliberate bad lines or duplicates"),
                ("-h, --help", "this help"),
            ]),
        CommandHelp(
            name: "dump", synopsis: "fission dump <database> <table>...",
            summary: "Prints tables as tab-separated text ordered by primary key (the format of the golden files).",
            options: [("-h, --help", "this help")]),
        CommandHelp(
            name: "help", synopsis: "fission help [command]", summary: "Shows the commands, or one command's options.",
            options: []),
    ]

    static func named(_ name: String) -> CommandHelp? { all.first { $0.name == name } }

    var text: String {
        var lines = ["usage: \(synopsis)", "", summary]
        if !options.isEmpty {
            lines += ["", "options:"]
            let width = options.map(\.name.count).max() ?? 0
            lines += options.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.text)" }
        }
        lines += ["", CommandHelp.exitCodes]
        return lines.joined(separator: "\n")
    }

    static let exitCodes = """
        exit codes: 0 success, 1 data failure (e.g. reject threshold), 2 usage or config error, 3 I/O error,
                    4 succeeded with warnings (an input file damaged, empty, unreadable or skipped; a partition missing,
                    empty or thin), 5 another run holds the database
        """

    /// The known word closest to `word` (edit distance at most 2), for "did you mean".
    static func suggestion(for word: String, among words: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var previous = row[0]
                row[0] = i + 1
                for (j, y) in b.enumerated() {
                    let current = row[j + 1]
                    row[j + 1] = min(row[j + 1] + 1, row[j] + 1, previous + (x == y ? 0 : 1))
                    previous = current
                }
            }
            return row[b.count]
        }
        let scored = words.map { ($0, distance(Array(word), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }
}
