import FissionModel
import FissionPredict
import FissionStore
import FissionTestSupport
import Foundation
import Testing

/// The distributed stages (`extract` → `resolve` → `reduce` → `finalize`) through the built binary: for any number of
/// shards and any assignment of files to extract tasks, the published tables equal a single-machine `fission run`
/// row for row; every stage refuses partials it cannot trust.
@Suite(.serialized)
struct StageCommandsTests {
    static let asOf = "2025-07-20T00:00:00Z"

    /// Runs the four stages: one `extract` per group, `resolve` into `shards`, one `reduce` per shard, `finalize`.
    static func distributedRun(config: String, groups: [[String]], shards: Int, output: String, work: TemporaryDirectory,
                               asOf: String? = asOf, exitCode: Int32 = 0) throws {
        let asOfArgs = asOf.map { ["--as-of", $0] } ?? []
        // One clock for the run, as the Spark driver pins it: future timestamps are screened against it.
        let now = ISO8601DateFormatter().string(from: Date())
        var partials: [String] = []
        for (g, files) in groups.enumerated() {
            let out = work.path("extract-\(g).partial")
            let r = try FissionBinary.run(["extract", config, "--file"] + files + ["--out", out, "--now", now])
            #expect(r.exitCode == 0, "extract \(g): \(r.stderr)")
            partials.append(out)
        }
        let identity = work.path("identity.partial")
        let resolve = try FissionBinary.run(["resolve", config, "--partials"] + partials.reversed()
                                            + ["--shards", "\(shards)", "--out", identity, "--now", now] + asOfArgs)
        #expect(resolve.exitCode == 0, "resolve: \(resolve.stderr)")
        var reduced: [String] = []
        for i in 0..<shards {
            let out = work.path("reduced-\(i).partial")
            let r = try FissionBinary.run(["reduce", config, "--identity", identity, "--shard", "\(i)/\(shards)", "--partials"] + partials
                                          + ["--out", out] + asOfArgs)
            #expect(r.exitCode == 0, "reduce \(i): \(r.stderr)")
            reduced.append(out)
        }
        let finalize = try FissionBinary.run(["finalize", config, "--identity", identity, "--reduced"] + reduced.shuffled()
                                             + ["--output", output, "--quiet"] + asOfArgs)
        #expect(finalize.exitCode == exitCode, "finalize: \(finalize.stderr)")
        #expect(finalize.stderr.contains("(distributed)"))
    }

    /// Every report table, and the run's ledger rows without run ids and times, as sorted text rows.
    static func publishedRows(_ path: String) throws -> [String: [String]] {
        let db = try Database(path: path, readOnly: true)
        var out: [String: [String]] = [:]
        let reports = try db.rows("SELECT table_name FROM report_tables").map { $0[0].description }
        let ledger = ["input_files", "rejected_lines", "rejection_counts", "run_metrics", "run_warnings"]
        for table in reports + ledger {
            let columns = try db.rows("SELECT name FROM pragma_table_info(?)", [.text(table)]).map { $0[0].description }
                .filter { !ledger.contains(table) || ($0 != "run_id" && !$0.hasSuffix("_at")) }
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            out[table] = try db.rows("SELECT \(list) FROM \"\(table)\"").map { row in
                zip(columns, row).map { "\($0)=\($1)" }.joined(separator: "|")
            }.sorted()
        }
        // The run's accounting (not its mode, times, paths, clock or sizes).
        out["pipeline_runs"] = try db.rows("""
            SELECT status, message, files, lines_read, events_accepted, duplicates_dropped, lines_rejected, events_outside_window,
                   events_ignored, warnings FROM pipeline_runs ORDER BY run_id DESC LIMIT 1
            """).map { $0.map(\.description).joined(separator: "|") }
        return out
    }

    static func expectEqual(_ single: String, _ distributed: String, _ label: String) throws {
        let a = try publishedRows(single), b = try publishedRows(distributed)
        #expect(a.keys.sorted() == b.keys.sorted(), "\(label): tables differ")
        #expect(a.values.reduce(0) { $0 + $1.count } > 0)
        for (table, rows) in a.sorted(by: { $0.key < $1.key }) {
            let other = b[table] ?? []
            let same = rows == other
            #expect(same, "\(label): \(table) differs: \(rows.count) vs \(other.count) rows; first only in single: \(rows.first { !other.contains($0) } ?? "-"); first only in distributed: \(other.first { !rows.contains($0) } ?? "-")")
        }
    }

    static func sampleInputs() throws -> [String] {
        let r = try FissionBinary.run(["inputs", "Pipelines/sample.json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    /// Splits `files` into `count` groups after a seeded shuffle.
    static func groups(_ files: [String], count: Int, seed: UInt64) -> [[String]] {
        var generator = SplitMix64(seed: seed)
        let shuffled = files.shuffled(using: &generator)
        return (0..<count).map { g in stride(from: g, to: shuffled.count, by: count).map { shuffled[$0] } }.filter { !$0.isEmpty }
    }

    @Test(arguments: [(shards: 1, groups: 1, seed: UInt64(1)), (shards: 2, groups: 3, seed: 2), (shards: 7, groups: 5, seed: 3)])
    func sampleDataEqualsTheSingleMachineRun(shards: Int, groups count: Int, seed: UInt64) throws {
        let work = TemporaryDirectory()
        let single = work.path("single.sqlite")
        let run = try FissionBinary.run(["run", "Pipelines/sample.json", "--output", single, "--as-of", Self.asOf, "--quiet"])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let files = try Self.sampleInputs()
        #expect(files.count == 90)
        let distributed = work.path("distributed.sqlite")
        try Self.distributedRun(config: "Pipelines/sample.json", groups: Self.groups(files, count: count, seed: seed), shards: shards,
                                output: distributed, work: work)
        try Self.expectEqual(single, distributed, "sample, \(shards) shards, \(count) extract groups")
        let db = try Database(path: distributed, readOnly: true)
        #expect(try db.rows("SELECT mode FROM pipeline_runs") == [[.text("distributed")]])
    }

    /// Hand-made edge cases that cross extract groups and shards: a device's anonymous event in one file and its login
    /// in another; a `union_id` joining accounts of two files; a duplicate with identical bytes and one whose copies
    /// differ at the same instant (decided by the raw bytes, read again); a re-delivered file; a rejected line; a
    /// platform cap of 2 folding two platforms into OTHER; a broken link among the inputs (skipped, exit 4); a
    /// truncated and an empty file; an event after `--as-of` (ignored); a device logged in as too many users; and a
    /// per-run cap of 2 stored rejected lines over three files' rejections. With `--as-of`, and without (`asOf: nil`:
    /// each side uses its own clock; nothing in the data is relative to it).
    @Test(arguments: [(1, Self.asOf), (2, Self.asOf), (7, Self.asOf), (3, nil)])
    func identityDuplicatesAndCapsAcrossGroups(shards: Int, asOf: String?) throws {
        let work = TemporaryDirectory()
        let a = [Fixtures.line("e1", "app_open", "2025-06-01T10:00:00+08:00", user: "u1", anon: "d1", union: "U1"),
                 Fixtures.line("e2", "product_view", "2025-06-01T10:01:00+08:00", anon: "d1", props: ["product_id": "p1"]),
                 "{not json"]
        let b = [Fixtures.line("e2", "product_view", "2025-06-01T10:01:00+08:00", anon: "d1", props: ["product_id": "p1"]),
                 Fixtures.line("e3", "app_open", "2025-06-02T09:00:00+08:00", platform: "douyin", user: "v9", union: "U1"),
                 Fixtures.line("e4", "product_view", "2025-06-03T09:00:00+08:00", platform: "alipay", user: "z1"),
                 Fixtures.line("e5", "app_open", "2025-06-02T11:00:00+08:00", anon: "d1")]
        let c = [Fixtures.line("e5", "app_open", "2025-06-02T11:00:00+08:00", anon: "d1", props: ["scene": "1007"]),
                 Fixtures.line("e6", "app_open", "2025-06-03T12:00:00+08:00", platform: "web", anon: "w1"),
                 Fixtures.line("e7", "app_open", "2025-06-04T12:00:00+08:00", platform: "web", anon: "w1"),
                 Fixtures.line("e8", "app_open", "2025-06-04T13:00:00+08:00", platform: "douyin", user: "v9"),
                 Fixtures.line("e9", "app_open", "2025-08-01T13:00:00+08:00", platform: "douyin", user: "v9"),  // after --as-of
                 // a kiosk device seen logged in as three users (max_accounts_per_device 2): its anonymous event stays anonymous
                 Fixtures.line("k1", "login", "2025-06-05T09:00:00+08:00", user: "k1", anon: "kiosk"),
                 Fixtures.line("k2", "login", "2025-06-05T09:01:00+08:00", user: "k2", anon: "kiosk"),
                 Fixtures.line("k3", "login", "2025-06-05T09:02:00+08:00", user: "k3", anon: "kiosk"),
                 Fixtures.line("k4", "page_view", "2025-06-05T09:03:00+08:00", anon: "kiosk"),
                 #"{"event_id":"bad"}"#]
        let fa = Fixtures.writeGzip(work, "in/day=2025-06-01/a.jsonl.gz", members: [a])
        let fb = Fixtures.writeGzip(work, "in/day=2025-06-02/b.jsonl.gz", members: [b])
        let fc = Fixtures.writeGzip(work, "in/day=2025-06-03/c.jsonl.gz", members: [c])
        let copy = Fixtures.writeGzip(work, "in/day=2025-06-04/a-again.jsonl.gz", members: [a])
        try FileManager.default.createSymbolicLink(atPath: work.path("in/day=2025-06-04/gone.jsonl.gz"), withDestinationPath: work.path("nowhere"))
        let whole = Fixtures.gzip(lines: [Fixtures.line("t1", "app_open", "2025-06-05T10:00:00+08:00", user: "t1"), "{also bad"])
        let cut = work.write("in/day=2025-06-05/cut.jsonl.gz", bytes: whole + Array(whole.prefix(whole.count / 2)))
        let empty = work.write("in/day=2025-06-05/empty.jsonl.gz", bytes: [])
        let config = work.write("edge.json", text: """
            { name: "edge", inputs: ["in"], database: "edge.sqlite", timezone: "Asia/Shanghai", max_platforms: 2,
              max_reject_ratio: 0.5, max_rejected_rows: 2, identity: { max_accounts_per_device: 2 },
              jobs: { daily_activity: {}, retention: {}, platform_overlap: { window_days: 30 } } }
            """)
        let single = work.path("single.sqlite")
        let run = try FissionBinary.run(["run", config, "--output", single, "--quiet"] + (asOf.map { ["--as-of", $0] } ?? []))
        #expect(run.exitCode == 4, "\(run.stderr)")
        let distributed = work.path("distributed.sqlite")
        try Self.distributedRun(config: config, groups: [[fc, fa, empty], [copy], [fb, cut]], shards: shards, output: distributed,
                                work: work, asOf: asOf, exitCode: 4)
        try Self.expectEqual(single, distributed, "edge cases, \(shards) shards, --as-of \(asOf ?? "none")")

        // The cases really occurred: one duplicate of each kind, a re-delivery, a rejection, folded platforms, and
        // the device and union links.
        let db = try Database(path: distributed, readOnly: true)
        #expect(try db.rows("SELECT sum(duplicates), sum(rejected) >= 4 FROM input_files") == [[.integer(2), .integer(1)]])
        #expect(try db.rows("SELECT count(*) FROM rejected_lines") == [[.integer(2)]])
        #expect(try db.rows("SELECT status FROM input_files WHERE path LIKE '%cut%' OR path LIKE '%empty%' ORDER BY path")
                == [[.text("truncated")], [.text("empty")]])
        #expect(try db.rows("SELECT count(*) FROM suspicious_identity_keys WHERE reason = 'too_many_accounts'") == [[.integer(1)]])
        #expect(try db.rows("SELECT status FROM input_files WHERE path LIKE '%a-again%'") == [[.text("redelivered")]])
        #expect(try db.rows("SELECT status FROM input_files WHERE path LIKE '%gone%'") == [[.text("skipped")]])
        #expect(try db.rows("SELECT value FROM run_metrics WHERE metric = 'conflicting_duplicates'") == [[.integer(1)]])
        #expect(try db.rows("SELECT value FROM run_metrics WHERE metric = 'platforms_folded'") == [[.integer(2)]])
        #expect(try db.rows("SELECT count(DISTINCT person_key), count(*) FROM identity_map WHERE platform || ':' || account_type || ':' || account_id IN ('wechat:user:u1', 'douyin:user:v9')")
                == [[.integer(1), .integer(2)]])
        #expect(try db.rows("SELECT count(*) FROM identity_map WHERE platform = 'OTHER'") == [[.integer(2)]])
        if asOf != nil { #expect(try db.rows("SELECT sum(ignored) FROM input_files") == [[.integer(1)]]) }
    }

    @Test func stagesRefusePartialsTheyCannotTrust() throws {
        let work = TemporaryDirectory()
        let f = Fixtures.writeGzip(work, "in/a.jsonl.gz", members: [[Fixtures.line("e1", "app_open", "2025-06-01T10:00:00+08:00", user: "u1")]])
        let config = work.write("c.json", text: #"{ name: "c", inputs: ["in"], database: "c.sqlite", timezone: "UTC", jobs: { daily_activity: {} } }"#)
        let other = work.write("other.json", text: #"{ name: "c", inputs: ["in"], database: "c.sqlite", timezone: "Asia/Shanghai", jobs: { daily_activity: {} } }"#)
        let partial = work.path("p.partial")
        #expect(try FissionBinary.run(["extract", config, "--file", f, "--out", partial]).exitCode == 0)
        // Written under a temporary name and renamed: nothing else is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.url.path).filter { $0.hasPrefix("p.partial") } == ["p.partial"])

        func expectRefused(_ args: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let r = try FissionBinary.run(args)
            #expect(r.exitCode == 3 || r.exitCode == 2, "\(args[0]): \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains(message), "\(r.stderr)", sourceLocation: sourceLocation)
        }
        // Another config (time zone): its extract partials decode differently.
        try expectRefused(["resolve", other, "--partials", partial, "--shards", "1", "--out", work.path("i")], "belongs to another run")
        // A truncated copy.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: partial))
        let truncated = work.write("truncated.partial", bytes: Array(bytes.prefix(bytes.count / 2)))
        try expectRefused(["resolve", config, "--partials", truncated, "--shards", "1", "--out", work.path("i")], "truncated.partial")
        // Not a partial at all.
        let garbage = work.write("garbage.partial", text: "hello")
        try expectRefused(["resolve", config, "--partials", garbage, "--shards", "1", "--out", work.path("i")], "not a readable Fission partial")
        // Another format version.
        let old = work.path("old.partial")
        try FileManager.default.copyItem(atPath: partial, toPath: old)
        try Database(path: old).execute("UPDATE partial_meta SET value = '0' WHERE key = 'version'")
        try expectRefused(["resolve", config, "--partials", old, "--shards", "1", "--out", work.path("i")], "format version 0")
        // A partial of the wrong stage, and a shard count that does not match the identity.
        let identity = work.path("identity.partial")
        #expect(try FissionBinary.run(["resolve", config, "--partials", partial, "--shards", "2", "--out", identity]).exitCode == 0)
        try expectRefused(["reduce", config, "--identity", partial, "--shard", "0/2", "--partials", partial, "--out", work.path("r")],
                          "expected a partial of `identity`")
        try expectRefused(["reduce", config, "--identity", identity, "--shard", "0/3", "--partials", partial, "--out", work.path("r")],
                          "resolved for 2 shards")
        // A missing shard.
        #expect(try FissionBinary.run(["reduce", config, "--identity", identity, "--shard", "0/2", "--partials", partial,
                                       "--out", work.path("r0")]).exitCode == 0)
        try expectRefused(["finalize", config, "--identity", identity, "--reduced", work.path("r0"), "--output", work.path("o.sqlite")],
                          "shard 1 of 2 missing")
        // A reduce that is not given every extract partial would drop events: refused.
        let f2 = Fixtures.writeGzip(work, "in/b.jsonl.gz", members: [[Fixtures.line("e2", "app_open", "2025-06-01T11:00:00+08:00", user: "u2")]])
        let second = work.path("second.partial")
        #expect(try FissionBinary.run(["extract", config, "--file", f2, "--out", second]).exitCode == 0)
        let both = work.path("both.identity")
        #expect(try FissionBinary.run(["resolve", config, "--partials", partial, second, "--shards", "1", "--out", both]).exitCode == 0)
        try expectRefused(["reduce", config, "--identity", both, "--shard", "0/1", "--partials", partial, "--out", work.path("r")],
                          "reduce needs every extract partial")
        // A file extracted again after it changed is not the file resolve decided on.
        _ = Fixtures.writeGzip(work, "in/b.jsonl.gz", members: [[Fixtures.line("e3", "app_open", "2025-06-01T12:00:00+08:00", user: "u3")]])
        let again = work.path("again.partial")
        #expect(try FissionBinary.run(["extract", config, "--file", f2, "--out", again]).exitCode == 0)
        try expectRefused(["reduce", config, "--identity", both, "--shard", "0/1", "--partials", partial, again, "--out", work.path("r")],
                          "extracted again since")
        // Another build of fission.
        let foreign = work.path("foreign.partial")
        try FileManager.default.copyItem(atPath: partial, toPath: foreign)
        try Database(path: foreign).execute("UPDATE partial_meta SET value = '0.0.1' WHERE key = 'tool_version'")
        try expectRefused(["resolve", config, "--partials", foreign, "--shards", "1", "--out", work.path("i")], "written by fission 0.0.1")
        // With max_future_skew, extracts screened against different clocks cannot make one run.
        let skewed = work.write("skew.json", text: #"{ name: "c", inputs: ["in"], database: "c.sqlite", timezone: "UTC", max_future_skew: "1h", jobs: { daily_activity: {} } }"#)
        #expect(try FissionBinary.run(["extract", skewed, "--file", f, "--out", work.path("s1"), "--now", "2025-07-01T00:00:00Z"]).exitCode == 0)
        #expect(try FissionBinary.run(["extract", skewed, "--file", f2, "--out", work.path("s2"), "--now", "2025-07-02T00:00:00Z"]).exitCode == 0)
        try expectRefused(["resolve", skewed, "--partials", work.path("s1"), work.path("s2"), "--shards", "1", "--out", work.path("i")],
                          "pass the same --now to every extract")
        // An option a stage does not take is an error, not silently ignored.
        try expectRefused(["extract", config, "--file", f, "--out", work.path("x"), "--as-of", "2025-07-01T00:00:00Z"], "extract does not take --as-of")
        // The same input file in two extract partials.
        let twice = work.path("twice.partial")
        #expect(try FissionBinary.run(["extract", config, "--file", f, "--out", twice]).exitCode == 0)
        try expectRefused(["resolve", config, "--partials", partial, twice, "--shards", "1", "--out", work.path("i")], "in two extract partials")
    }
}
