import FissionModel
import FissionPipeline
import FissionStore
import FissionTestSupport
import Foundation
import Testing

/// Nightly runs fold new files into the stored state; the tables must equal a rebuild over the same files, also when
/// identity links arrive late (`scripts/nightly-check` does the same on the sample data with the release binary).
struct IncrementalRunTests {
    func config(_ dir: TemporaryDirectory, database: String, inputs: [String]) throws -> PipelineConfig {
        let text = #"{"inputs": ["in"], "database": "\#(database)", "max_reject_ratio": 1, "threads": 2,"#
            + #" "identity": {"max_accounts_per_union_id": 3},"#
            + #" "jobs": {"daily_activity": {}, "retention": [{"name": "r"}], "ltv": {"max_offset": 7}, "platform_overlap": {}}}"#
        let path = dir.write("p.json", text: text)
        return try PipelineConfig.load(path: path, overrides: ConfigOverrides(inputs: inputs))
    }

    func tables(_ path: String) throws -> [[SQLValue]] {
        let db = try Database(path: path, readOnly: true)
        return try ["daily_activity", "retention", "ltv", "identity_map", "suspicious_identity_keys", "platform_overlap"].flatMap { t in
            try db.rows("SELECT '\(t)', * FROM \(t) ORDER BY 2, 3, 4, 5")
        }
    }

    /// Night 1: a (wechat) from 06-01, b (app) from 06-03. Night 2: b orders. Night 3: a union_id links a and b (b's
    /// cohort moves to 06-01), and a fourth account joins a union id that had three (over the cap of 3: split).
    @Test func lateIdentityLinksMergeAndSplitAsARebuildWould() throws {
        let dir = TemporaryDirectory()
        let nights = [
            ("n1.jsonl.gz", [Fixtures.line("1", "app_open", "2025-06-01T09:00:00+08:00", platform: "wechat", user: "a"),
                             Fixtures.line("2", "app_open", "2025-06-03T09:00:00+08:00", platform: "app", user: "b")]
                + (1...3).map { Fixtures.line("c\($0)", "app_open", "2025-06-02T09:00:00+08:00", platform: "web", user: "c\($0)", union: "UC") }),
            ("n2.jsonl.gz", [Fixtures.line("3", "order_paid", "2025-06-04T09:00:00+08:00", platform: "app", user: "b",
                                           props: ["order_id": "o", "amount": "5.00"]),
                             Fixtures.line("1", "app_open", "2025-06-01T09:00:00+08:00", platform: "wechat", user: "a")]),
            ("n3.jsonl.gz", [Fixtures.line("4", "page_view", "2025-06-04T10:00:00+08:00", platform: "wechat", user: "a", union: "UL"),
                             Fixtures.line("5", "page_view", "2025-06-04T10:00:00+08:00", platform: "app", user: "b", union: "UL"),
                             Fixtures.line("c4", "app_open", "2025-06-04T09:00:00+08:00", platform: "web", user: "c4", union: "UC")]),
        ]
        var paths: [String] = []
        for (name, lines) in nights {
            paths.append(Fixtures.writeGzip(dir, "in/\(name)", members: [lines]))
            _ = try PipelineRunner(config: try config(dir, database: "inc.sqlite", inputs: [paths.last!])).run()
        }
        _ = try PipelineRunner(config: try config(dir, database: "full.sqlite", inputs: paths), mode: .rebuild).run()
        let incremental = try tables(dir.path("inc.sqlite"))
        #expect(incremental == (try tables(dir.path("full.sqlite"))))
        let db = try Database(path: dir.path("inc.sqlite"), readOnly: true)
        #expect(try db.rows("SELECT account_id, person_key FROM identity_map WHERE account_id IN ('a', 'b') ORDER BY 1")
                == [["a", "app:user:b"], ["b", "app:user:b"]])
        #expect(try db.rows("SELECT count(DISTINCT person_key) FROM identity_map WHERE account_id LIKE 'c%'") == [[4]])
        #expect(try db.rows("SELECT mode, files, files_already_ingested, duplicates_dropped FROM pipeline_runs ORDER BY run_id")
                == [["incremental", 1, 0, 0], ["incremental", 1, 0, 1], ["incremental", 1, 0, 0]])
    }

    /// A change of what the state depends on (here the kept properties, through a new funnel's `where`) rebuilds.
    @Test func configChangeTheStateCannotServeRebuilds() throws {
        let dir = TemporaryDirectory()
        Fixtures.writeGzip(dir, "in/a.jsonl.gz", members: [[
            Fixtures.line("1", "share", "2025-06-01T09:00:00+08:00", user: "a", props: ["share_id": "s", "channel": "group"])]])
        _ = try PipelineRunner(config: try config(dir, database: "r.sqlite", inputs: [])).run()
        var changed = try config(dir, database: "r.sqlite", inputs: [])
        changed.decode.currency = "USD"
        let summary = try PipelineRunner(config: changed).run()
        #expect(summary.mode == "rebuild")
        #expect(summary.notes.contains { $0.contains("rebuilding from all inputs") })
        #expect(summary.linesRead == 1)
    }
}
