import FissionStore
import FissionTestSupport
import Foundation
import Testing

/// `fission run` (incremental), `fission rebuild` and `fission prune` through the built binary.
struct NightlyCommandTests {
    @Test func runAddsRebuildRecomputesPruneTrims() throws {
        let dir = TemporaryDirectory()
        Fixtures.writeGzip(dir, "in/day=2025-06-01/a.jsonl.gz", members: [[Fixtures.line("e1", "app_open", "2025-06-01T10:00:00+08:00", user: "u1")]])
        let config = dir.write("p.json", text: """
            {"inputs": ["in"], "database": "r.sqlite", "jobs": {"daily_activity": {}}, "retention_days": {"runs": 1, "rejected_lines": 1}}
            """)
        #expect(try FissionBinary.run(["run", config]).exitCode == 0)
        Fixtures.writeGzip(dir, "in/day=2025-06-02/a.jsonl.gz", members: [[Fixtures.line("e2", "app_open", "2025-06-02T10:00:00+08:00", user: "u2")]])
        let second = try FissionBinary.run(["run", config])
        #expect(second.exitCode == 0)
        #expect(second.stderr.contains("run 2 (incremental): 1 files read, 1 already ingested"))
        let rebuild = try FissionBinary.run(["rebuild", config])
        #expect(rebuild.stderr.contains("run 3 (rebuild): 2 files read, 0 already ingested"))
        let db = try Database(path: dir.path("r.sqlite"), readOnly: true)
        #expect(try db.rows("SELECT day, events FROM daily_activity WHERE platform = 'all' ORDER BY day") == [["2025-06-01", 1], ["2025-06-02", 1]])
        #expect(try db.rows("SELECT mode, files, files_already_ingested FROM pipeline_runs ORDER BY run_id")
                == [["incremental", 1, 0], ["incremental", 1, 1], ["rebuild", 2, 0]])
        let prune = try FissionBinary.run(["prune", config])
        #expect(prune.exitCode == 0)
        #expect(prune.stdout.hasPrefix("pruned 0 runs older than 1 days"))
    }
}
