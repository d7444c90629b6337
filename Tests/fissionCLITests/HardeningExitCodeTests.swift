import FissionStore
import FissionTestSupport
import Foundation
import Testing

/// Exit codes and ledger rows for hostile inputs (hardening issue), through the built binary.
struct HardeningExitCodeTests {
    func run(_ arguments: [String]) throws -> CommandResult {
        try FissionBinary.run(["run", "Pipelines/sample.json"] + arguments)
    }

    /// A 0-byte file next to a good one: reports are published, the run is `succeeded_with_warnings`, exit 4.
    @Test func emptyFileIsAWarningWithExitFour() throws {
        let dir = TemporaryDirectory()
        Fixtures.writeGzip(dir, "in/a.jsonl.gz", members: [[Fixtures.line("e1", "app_open", "2025-06-01T00:00:00Z", user: "u")]])
        dir.write("in/b.jsonl.gz", bytes: [])
        let db = dir.path("r.sqlite")
        let result = try run(["--input", dir.path("in"), "--output", db])
        #expect(result.exitCode == 4)
        #expect(result.stderr.contains("warning: \(dir.path("in/b.jsonl.gz")): empty: empty file (0 bytes)"))
        let reader = try Database(path: db, readOnly: true)
        #expect(try reader.rows("SELECT status, warnings FROM pipeline_runs") == [["succeeded_with_warnings", 1]])
        #expect(try reader.rows("SELECT status FROM input_files ORDER BY path") == [["ok"], ["empty"]])
        #expect(try reader.rows("SELECT count(*) FROM daily_activity") != [[0]])
    }

    @Test func fifoConfigIsAConfigError() throws {
        let dir = TemporaryDirectory()
        #expect(mkfifo(dir.path("p.json"), 0o644) == 0)
        let result = try FissionBinary.run(["run", dir.path("p.json")])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("is a FIFO, not a regular file"))
    }

    @Test func fifoInputIsAUsageError() throws {
        let dir = TemporaryDirectory()
        #expect(mkfifo(dir.path("p.jsonl.gz"), 0o644) == 0)
        let result = try run(["--input", dir.path("p.jsonl.gz"), "--output", dir.path("r.sqlite")])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("is a FIFO, not a regular file"))
    }

    @Test func emptyDatabasePathIsExitTwo() throws {
        let dir = TemporaryDirectory()
        let config = dir.write("p.json", text: #"{"inputs":["x"],"database":"","jobs":{"daily_activity":{}}}"#)
        let result = try FissionBinary.run(["run", config])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("key 'database': must be a path, not empty"))
    }

    @Test func newerDatabaseSchemaIsRefusedWithExitThree() throws {
        let dir = TemporaryDirectory()
        Fixtures.writeGzip(dir, "in/a.jsonl.gz", members: [[Fixtures.line("e1", "app_open", "2025-06-01T00:00:00Z", user: "u")]])
        let db = dir.path("r.sqlite")
        try Database(path: db).execute("PRAGMA user_version = 99")
        let result = try run(["--input", dir.path("in"), "--output", db])
        #expect(result.exitCode == 3)
        #expect(result.stderr.contains("schema version is 99, newer than this fission's"))
        #expect(try Database(path: db, readOnly: true).rows("SELECT count(*) FROM sqlite_master") == [[0]])
    }

    /// The rejected-lines bomb: every line counted by reason, rows stored up to the per-file and per-run caps.
    @Test func rejectedRowsAreCappedPerFileAndPerRun() throws {
        let dir = TemporaryDirectory()
        for f in 0..<3 {
            Fixtures.writeGzip(dir, "in/\(f).jsonl.gz", members: [
                [Fixtures.line("e\(f)", "app_open", "2025-06-01T00:00:00Z", user: "u")] + Array(repeating: "", count: 50)])
        }
        let config = dir.write("p.json", text: """
            {"inputs":["in"],"database":"r.sqlite","jobs":{"daily_activity":{}},"max_reject_ratio":1,
             "max_rejected_rows_per_file":20,"max_rejected_rows":45}
            """)
        let result = try FissionBinary.run(["run", config])
        #expect(result.exitCode == 0)
        let reader = try Database(path: dir.path("r.sqlite"), readOnly: true)
        #expect(try reader.rows("SELECT rejected, rejected_stored FROM input_files ORDER BY path") == [[50, 20], [50, 20], [50, 5]])
        #expect(try reader.rows("SELECT count(*) FROM rejected_lines") == [[45]])
        #expect(try reader.rows("SELECT reason, sum(lines) FROM rejection_counts GROUP BY reason") == [["malformed_json", 150]])
        #expect(try reader.rows("SELECT lines_rejected FROM pipeline_runs") == [[150]])
    }
}
