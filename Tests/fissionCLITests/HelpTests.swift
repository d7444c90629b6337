import FissionTestSupport
import Foundation
import Testing

/// Help a newcomer can use: versions, per-command options, "did you mean".
struct HelpTests {
    @Test func versionPrintsTheToolVersion() throws {
        let result = try FissionBinary.run(["--version"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix("fission 0."))
    }

    @Test(arguments: ["run", "rebuild", "validate", "prune", "inspect", "report", "export", "generate", "dump"])
    func everyCommandDescribesItsOptions(_ command: String) throws {
        for flag in ["--help", "-h"] {
            let result = try FissionBinary.run([command, flag])
            #expect(result.exitCode == 0, "\(command) \(flag): \(result.stderr)")
            #expect(result.stdout.hasPrefix("usage: fission \(command)"))
            #expect(result.stdout.contains("exit codes:"))
        }
        #expect(try FissionBinary.run(["help", command]).stdout.hasPrefix("usage: fission \(command)"))
    }

    @Test func runHelpDescribesEveryOption() throws {
        let text = try FissionBinary.run(["run", "--help"]).stdout
        for option in ["--input", "--output", "--timezone", "--as-of"] { #expect(text.contains(option)) }
    }

    @Test func mistypedCommandsAndOptionsGetASuggestion() throws {
        let command = try FissionBinary.run(["rnu", "Pipelines/sample.json"])
        #expect(command.exitCode == 2)
        #expect(command.stderr.contains("unknown command 'rnu' (did you mean 'run'?)"))
        let option = try FissionBinary.run(["run", "Pipelines/sample.json", "--outptu", "x.sqlite"])
        #expect(option.exitCode == 2)
        #expect(option.stderr.contains("unknown option --outptu (did you mean --output?)"))
    }
}

/// `--json`: one object on stdout with the keys `docs/run-summary.schema.json` requires.
struct RunSummaryJSONTests {
    func object(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    @Test func successfulRunPrintsTheDocumentedObject() throws {
        let dir = TemporaryDirectory()
        let result = try FissionBinary.run(["run", "Pipelines/sample.json", "--output", dir.path("j.sqlite"), "--json"])
        #expect(result.exitCode == 0)
        guard let json = object(result.stdout) else { Issue.record("not JSON: \(result.stdout.prefix(200))"); return }
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: FissionBinary.packageRoot.appendingPathComponent("docs/run-summary.schema.json"))) as? [String: Any]
        let required = (schema?["required"] as? [String]) ?? []
        #expect(!required.isEmpty && required.allSatisfy { json[$0] != nil })
        let accounting = json["accounting"] as? [String: Int] ?? [:]
        let accountingSchema = ((schema?["properties"] as? [String: Any])?["accounting"] as? [String: Any])?["required"] as? [String] ?? []
        #expect(accountingSchema.allSatisfy { accounting[$0] != nil })
        #expect(accounting["lines_read"] == (accounting["events_accepted"] ?? 0) + (accounting["duplicates_dropped"] ?? 0) + (accounting["lines_rejected"] ?? 0))
        #expect(json["status"] as? String == "succeeded" && json["mode"] as? String == "incremental")
        #expect((json["tables"] as? [String: Int])?["retention"] ?? 0 > 0)
    }

    @Test func failedRunPrintsStatusAndError() throws {
        let result = try FissionBinary.run(["run", "/nonexistent/p.json", "--json"])
        #expect(result.exitCode == 2)
        let json = object(result.stdout)
        #expect(json?["status"] as? String == "failed")
        #expect(json?["exit_code"] as? Int == 2)
        #expect((json?["error"] as? String)?.contains("/nonexistent/p.json") == true)
    }
}

/// `fission inspect`: the on-call view of a database.
struct InspectTests {
    @Test func showsRunsWarningsMetadataAndTables() throws {
        let dir = TemporaryDirectory()
        Fixtures.writeGzip(dir, "in/a.jsonl.gz", members: [[Fixtures.line("e1", "app_open", "2025-06-01T00:00:00Z", user: "u"), "{bad"]])
        dir.write("in/b.jsonl.gz", bytes: [])
        let db = dir.path("r.sqlite")
        _ = try FissionBinary.run(["run", "Pipelines/sample.json", "--input", dir.path("in"), "--output", db])
        let result = try FissionBinary.run(["inspect", db])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.contains("run 1 failed (incremental)") || text.contains("run 1 succeeded_with_warnings (incremental)"))
        #expect(text.contains("file_empty: \(dir.path("in/b.jsonl.gz"))"))
        #expect(text.contains("malformed_json: 1"))
        #expect(try FissionBinary.run(["inspect", dir.path("missing.sqlite")]).exitCode == 3)
    }
}

/// `fission export`: CSV, JSON Lines and TSV of a table or view, filtered.
struct ExportTests {
    @Test func csvJsonlAndTsv() throws {
        let dir = TemporaryDirectory()
        Fixtures.writeGzip(dir, "in/a.jsonl.gz", members: [[
            Fixtures.line("e1", "order_paid", "2025-06-01T10:00:00+08:00", platform: "we,chat", user: "u", props: ["order_id": "o", "amount": "1.50"]),
            Fixtures.line("e2", "app_open", "2025-06-02T10:00:00+08:00", user: "u"),
        ]])
        let db = dir.path("r.sqlite")
        _ = try FissionBinary.run(["run", "Pipelines/sample.json", "--input", dir.path("in"), "--output", db])
        let csv = try FissionBinary.run(["export", db, "daily_activity", "--where", "platform <> 'all'"])
        #expect(csv.exitCode == 0, "\(csv.stderr)")
        #expect(csv.stdout.hasPrefix("day,platform,active_persons,events,new_persons,orders,revenue_minor\r\n"))
        #expect(csv.stdout.contains("2025-06-01,\"we,chat\",1,1,1,1,150\r\n"))
        let jsonl = try FissionBinary.run(["export", db, "retention_matrix", "--format", "jsonl", "--where", "segment = 'all'"])
        let first = jsonl.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains("\"cohort_date\":\"2025-06-01\"") && first.contains("\"d1\":0") && first.contains("\"d2\":null"))
        #expect(try FissionBinary.run(["export", db, "daily_activity", "--format", "tsv"]).stdout.hasPrefix("day\tplatform\t"))
        #expect(try FissionBinary.run(["export", db, "no_such_table"]).exitCode == 2)
    }
}

/// The progress line: a log line when stderr is not a terminal, none with `--quiet`.
struct ProgressTests {
    @Test func progressLinesUnlessQuiet() throws {
        let dir = TemporaryDirectory()
        let loud = try FissionBinary.run(["run", "Pipelines/sample.json", "--output", dir.path("a.sqlite")])
        #expect(loud.stderr.contains("ingest 90/90 files, "))
        let quiet = try FissionBinary.run(["run", "Pipelines/sample.json", "--output", dir.path("b.sqlite"), "--quiet"])
        #expect(quiet.exitCode == 0)
        #expect(!quiet.stderr.contains("ingest 90/90"))
    }
}

/// `fission validate`: the config and a sample of the inputs, nothing written.
struct ValidateTests {
    @Test func samplesInputsPerPartitionAndWritesNothing() throws {
        let dir = TemporaryDirectory()
        Fixtures.writeGzip(dir, "in/day=2025-06-01/a.jsonl.gz", members: [
            (0..<5).map { Fixtures.line("e\($0)", "app_open", "2025-06-01T10:00:00+08:00", user: "u\($0)") } + ["{bad"]])
        dir.write("in/day=2025-06-02/b.jsonl.gz", bytes: [])
        let db = dir.path("never.sqlite")
        let result = try FissionBinary.run(["validate", "Pipelines/sample.json", "--input", dir.path("in"), "--lines", "3"])
        #expect(result.stdout.contains("day=2025-06-01: 1 files, 3 lines, 3 accepted, 0 rejected"))
        #expect(result.stdout.contains("not readable: \(dir.path("in/day=2025-06-02/b.jsonl.gz"))"))
        #expect(result.exitCode == 4)
        let all = try FissionBinary.run(["validate", "Pipelines/sample.json", "--input", dir.path("in/day=2025-06-01")])
        #expect(all.stdout.contains("6 lines, 5 accepted, 1 rejected (malformed_json 1)"))
        #expect(all.exitCode == 1)  // 1 of 6 rejected is above the sample config's 1 %
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(try FissionBinary.run(["validate", "/nonexistent.json"]).exitCode == 2)
    }
}
