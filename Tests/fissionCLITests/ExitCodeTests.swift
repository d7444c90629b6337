import FissionStore
import FissionTestSupport
import Foundation
import Testing

struct ExitCodeTests {
    @Test func unknownCommandIsUsageError() throws {
        let result = try FissionBinary.run(["frobnicate"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("unknown command 'frobnicate'"))
    }

    @Test func configErrorNamesFileAndKeyAndWritesNothing() throws {
        let dir = TemporaryDirectory()
        let config = dir.write("bad.json", text: #"{"inputs":["x"],"database":"out.sqlite","jobs":{"daily_activity":{}},"max_line_byte":5}"#)
        let result = try FissionBinary.run(["run", config])
        #expect(result.exitCode == 2)
        #expect(result.stderr == "fission: config error in \(config): key 'max_line_byte': unknown key\n")
        #expect(!FileManager.default.fileExists(atPath: dir.path("out.sqlite")))
    }

    @Test func missingInputFolderIsExitTwo() throws {
        let dir = TemporaryDirectory()
        let result = try FissionBinary.run(["run", "Pipelines/sample.json", "--input", dir.path("absent"), "--output", dir.path("o.sqlite")])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("absent' matches no file or folder"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("o.sqlite")))
    }

    @Test func rejectThresholdIsExitOneAndKeepsReports() throws {
        let dir = TemporaryDirectory()
        let db = dir.path("r.sqlite")
        Fixtures.writeGzip(dir, "good/a.jsonl.gz", members: [[Fixtures.line("e1", "app_open", "2025-06-01T00:00:00Z", user: "u")]])
        #expect(try FissionBinary.run(["run", "Pipelines/sample.json", "--input", dir.path("good"), "--output", db]).exitCode == 0)

        Fixtures.writeGzip(dir, "bad/a.jsonl.gz", members: [[Fixtures.line("e1", "app_open", "2025-06-01T00:00:00Z", user: "u"), "{x"]])
        let result = try FissionBinary.run(["run", "Pipelines/sample.json", "--input", dir.path("bad"), "--output", db])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("above max_reject_ratio"))
        let reader = try Database(path: db, readOnly: true)
        #expect(try reader.rows("SELECT status FROM pipeline_runs ORDER BY run_id") == [["succeeded"], ["failed"]])
        #expect(try reader.rows("SELECT day, platform, events FROM daily_activity") == [["2025-06-01", "all", 1], ["2025-06-01", "wechat", 1]])
    }

    @Test func unwritableDatabaseIsExitThree() throws {
        let dir = TemporaryDirectory()
        dir.write("blocker", text: "a file where a folder should be")
        let result = try FissionBinary.run(["run", "Pipelines/sample.json", "--output", dir.path("blocker/r.sqlite")])
        #expect(result.exitCode == 3)
        #expect(result.stderr.contains("I/O error: cannot create the folder of \(dir.path("blocker/r.sqlite"))"))
    }

    @Test(arguments: [
        (["run", "Pipelines/sample.json", "--timezone", "Mars/Base"], "--timezone: unknown time zone 'Mars/Base'"),
        (["run", "Pipelines/sample.json", "--output", ""], "--output needs a database path"),
        (["run", "Pipelines/sample.json", "--input", "/nonexistent/x"], "--input: '/nonexistent/x' matches no file or folder"),
        (["run", "Pipelines/sample.json", "--as-of", "yesterday"], "--as-of needs an RFC 3339 time"),
        (["generate", "--start", "garbage"], "--start needs a date YYYY-MM-DD"),
        (["generate", "--persons", "99999999999"], "--persons must be between"),
        (["dump", "SampleData/expected/TABLES"], "dump takes a database and at least one table"),
    ])
    func commandLineMistakesAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let result = try FissionBinary.run(arguments)
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func dumpOfAMissingTableIsAUsageError() throws {
        let dir = TemporaryDirectory()
        Fixtures.writeGzip(dir, "in/a.jsonl.gz", members: [[Fixtures.line("e1", "app_open", "2025-06-01T00:00:00Z", user: "u")]])
        #expect(try FissionBinary.run(["run", "Pipelines/sample.json", "--input", dir.path("in"), "--output", dir.path("r.sqlite")]).exitCode == 0)
        let result = try FissionBinary.run(["dump", dir.path("r.sqlite"), "no_such_table"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("has no table 'no_such_table'"))
    }

    /// A file cut inside its last member: the verified member's lines are reported, the run succeeds with warnings
    /// (exit 4) and says which file on standard error.
    @Test func damagedFilesAreReportedOnStandardErrorWithExitFour() throws {
        let dir = TemporaryDirectory()
        let lines = (0..<300).map { Fixtures.line("e\($0)", "page_view", "2025-06-02T12:00:00+08:00", user: "u\($0 % 7)") }
        let tail = Fixtures.gzip(lines: Array(lines[298...]))
        let cut = dir.write("in/cut.jsonl.gz", bytes: Fixtures.gzip(lines: Array(lines[..<298])) + Array(tail.prefix(tail.count - 4)))
        let db = dir.path("r.sqlite")
        let result = try FissionBinary.run(["run", "Pipelines/sample.json", "--input", dir.path("in"), "--output", db])
        #expect(result.exitCode == 4)
        #expect(result.stderr.contains("warning: \(cut): truncated: gzip stream ends early"))
        let reader = try Database(path: db, readOnly: true)
        #expect(try reader.rows("SELECT status, warnings, message FROM pipeline_runs")
                == [["succeeded_with_warnings", 1, .text("1 input file not read whole: \(cut) (truncated)")]])
        #expect(try reader.rows("SELECT accepted, rejected FROM input_files") == [[298, 2]])
    }
}
