import FissionModel
import FissionPipeline
import FissionStore
import FissionTestSupport
import Foundation
import Testing

struct PipelineRunnerTests {
    /// Three small files: duplicates within and across files, bad lines, a truncated file.
    func makeInputs(_ dir: TemporaryDirectory) {
        Fixtures.writeGzip(dir, "events/day=2025-06-01/part-0.jsonl.gz", members: [[
            Fixtures.line("e1", "app_open", "2025-06-01T09:00:00+08:00", user: "u1"),
            Fixtures.line("e2", "order_paid", "2025-06-01T09:05:00+08:00", user: "u1", props: ["order_id": "o1", "amount": "10.00"]),
            Fixtures.line("e1", "app_open", "2025-06-01T09:00:00+08:00", user: "u1"),
            "{broken",
        ], [
            Fixtures.line("e3", "app_open", "2025-06-01T23:59:59+08:00", platform: "douyin", anon: "d1"),
        ]])
        Fixtures.writeGzip(dir, "events/day=2025-06-02/part-0.jsonl.gz", members: [[
            Fixtures.line("e2", "order_paid", "2025-06-01T09:05:00+08:00", user: "u1", props: ["order_id": "o1", "amount": "10.00"]),
            Fixtures.line("e4", "refund", "2025-06-02T10:00:00+08:00", user: "u1", props: ["order_id": "o1", "amount": "4.00"]),
            // A rejected line never claims its event_id: e5 below is accepted.
            Fixtures.line("e5", "order_paid", "2025-06-02T10:00:00+08:00", user: "u2", props: ["order_id": "o2", "amount": "-1"]),
            Fixtures.line("e5", "page_view", "2025-06-02T00:00:00+08:00", user: "u2"),
        ]])
        // A file cut short inside its second gzip member: the first member (297 lines) verified, the second's lines
        // cannot be and are rejected as truncated_gzip.
        let lines = (0..<300).map { Fixtures.line("t\($0)", "page_view", "2025-06-03T12:00:00+08:00", platform: "web", user: "w\($0 % 7)") }
        let verified = Fixtures.gzip(lines: Array(lines[..<297])), cut = Fixtures.gzip(lines: Array(lines[297...]))
        dir.write("events/day=2025-06-03/part-0.jsonl.gz", bytes: verified + Array(cut.prefix(cut.count - 6)))
        dir.write("events/README.txt", text: "not an input")
    }

    func config(_ dir: TemporaryDirectory, _ extra: String = "", inputs: [String]? = nil, threads: Int = 2,
                maxRejectRatio: Double = 0.2) throws -> PipelineConfig {
        let text = """
            {"inputs": ["events"], "database": "out/r.sqlite", "max_reject_ratio": \(maxRejectRatio), "threads": \(threads),
             "jobs": {"daily_activity": {}} \(extra)}
            """
        let path = dir.write("p.json", text: text)
        return try PipelineConfig.load(path: path, overrides: ConfigOverrides(inputs: inputs ?? []))
    }

    @Test func everyLineIsAccountedForPerFileAndPerRun() throws {
        let dir = TemporaryDirectory()
        makeInputs(dir)
        let summary = try PipelineRunner(config: try config(dir)).run()
        #expect(summary.files == 3)
        #expect(summary.linesRead == summary.eventsAccepted + summary.duplicatesDropped + summary.linesRejected)
        #expect(summary.duplicatesDropped == 2)

        let db = try Database(path: dir.path("out/r.sqlite"))
        let files = try db.rows("SELECT lines - accepted - duplicates - rejected, status FROM input_files ORDER BY path")
        #expect(files == [[0, "ok"], [0, "ok"], [0, "truncated"]])
        #expect(try db.rows("SELECT sum(lines), sum(accepted), sum(duplicates), sum(rejected) FROM input_files")
                == [[.int(summary.linesRead), .int(summary.eventsAccepted), 2, .int(summary.linesRejected)]])
        #expect(try db.rows("""
            SELECT lines_read, events_accepted + duplicates_dropped + lines_rejected, status FROM pipeline_runs
            """) == [[.int(summary.linesRead), .int(summary.linesRead), "succeeded_with_warnings"]])
        #expect(try db.rows("SELECT settings FROM pipeline_runs").first?.first?.description.hasPrefix("timezone=Asia/Shanghai; date_range=..; history=all; clock=") == true)
        #expect(summary.damagedFiles.map(\.status) == ["truncated"])
        #expect(try db.rows("SELECT reason, line FROM rejected_lines ORDER BY file, line")
                == [["malformed_json", 4], ["bad_amount", 3], ["truncated_gzip", 298], ["truncated_gzip", 299], ["truncated_gzip", 300]])
        #expect(try db.rows("SELECT reason, lines FROM rejection_counts ORDER BY file, reason")
                == [["malformed_json", 1], ["bad_amount", 1], ["truncated_gzip", 3]])
        #expect(try db.rows("SELECT day, platform, events, revenue_minor FROM daily_activity WHERE platform = 'all' AND day < '2025-06-03'")
                == [["2025-06-01", "all", 3, 1000], ["2025-06-02", "all", 2, -400]])
    }

    @Test func fileOrderAndThreadsDoNotChangeTheTables() throws {
        let dir = TemporaryDirectory()
        makeInputs(dir)
        let names = ["day=2025-06-03/part-0.jsonl.gz", "day=2025-06-01/part-0.jsonl.gz", "day=2025-06-02/part-0.jsonl.gz"]
        var dumps: [[[SQLValue]]] = []
        for (threads, order) in [(1, names), (2, names.reversed()), (4, [names[1], names[0], names[2]])] {
            let conf = try config(dir, inputs: order.map { dir.path("events/\($0)") }, threads: threads)
            _ = try PipelineRunner(config: conf, mode: .rebuild).run()
            let db = try Database(path: dir.path("out/r.sqlite"))
            dumps.append(try db.rows("SELECT * FROM daily_activity ORDER BY day, platform")
                         + db.rows("SELECT file, line, reason FROM rejected_lines WHERE run_id = (SELECT max(run_id) FROM pipeline_runs) ORDER BY file, line"))
        }
        #expect(dumps[0] == dumps[1])
        #expect(dumps[0] == dumps[2])
        #expect(!dumps[0].isEmpty)
    }

    @Test func tooManyRejectsFailsTheRunAndKeepsThePreviousReport() throws {
        let dir = TemporaryDirectory()
        makeInputs(dir)
        _ = try PipelineRunner(config: try config(dir)).run()
        let db = try Database(path: dir.path("out/r.sqlite"))
        let before = try db.rows("SELECT * FROM daily_activity ORDER BY day, platform")

        Fixtures.writeGzip(dir, "events/day=2025-06-04/bad.jsonl.gz", members: [Array(repeating: "{nope", count: 80)])
        let result = catchingPipelineError { try PipelineRunner(config: try config(dir)).run() }
        guard case .failure(let error) = result else { Issue.record("run should fail"); return }
        #expect(error.exitCode == 1)
        // The run reads only the new file (the others are in the state): its 80 bad lines.
        #expect("\(error)".contains("rejected 80 of 80 lines (100.00%: malformed_json 80)"))
        #expect("\(error)".contains("above max_reject_ratio 20.00%"))
        #expect(try db.rows("SELECT * FROM daily_activity ORDER BY day, platform") == before)
        #expect(try db.rows("SELECT status FROM pipeline_runs ORDER BY run_id") == [["succeeded_with_warnings"], ["failed"]])
        #expect(try db.rows("SELECT count(*) FROM rejected_lines WHERE run_id = 2 AND reason = 'malformed_json'") == [[80]])
    }

    /// A run over a folder with no usable line: with stored history it re-finalizes the reports from the history (a
    /// narrower input adds, it never replaces); on a fresh database it fails.
    @Test func noInputLinesFailsOnlyWithoutHistory() throws {
        let dir = TemporaryDirectory()
        makeInputs(dir)
        _ = try PipelineRunner(config: try config(dir)).run()
        let db = try Database(path: dir.path("out/r.sqlite"))
        let before = try db.rows("SELECT * FROM daily_activity ORDER BY day, platform")
        let empty = TemporaryDirectory()
        Fixtures.writeGzip(empty, "day=2025-06-05/empty.jsonl.gz", members: [[]])
        empty.write("day=2025-06-05/broken.jsonl.gz", text: "not gzip")
        _ = try PipelineRunner(config: try config(dir, inputs: [empty.path("")])).run()
        #expect(try db.rows("SELECT * FROM daily_activity ORDER BY day, platform") == before)
        #expect(try db.rows("SELECT status FROM pipeline_runs ORDER BY run_id") == [["succeeded_with_warnings"], ["succeeded_with_warnings"]])

        var freshConfig = try config(dir, inputs: [empty.path("")])
        freshConfig.database = dir.path("out/fresh.sqlite")
        let result = catchingPipelineError { try PipelineRunner(config: freshConfig).run() }
        guard case .failure(let error) = result else { Issue.record("run should fail"); return }
        #expect(error.exitCode == 1)
        #expect("\(error)".contains("no input lines: 2 files, 1 of them unreadable"))
        let freshDB = try Database(path: dir.path("out/fresh.sqlite"))
        #expect(try freshDB.rows("SELECT status FROM pipeline_runs") == [["failed"]])
    }

    /// The same event_id with different content in two files: the earlier copy (by timestamp) wins, whichever order
    /// the files are listed in.
    @Test func duplicatesKeepTheEarliestCopy() throws {
        let dir = TemporaryDirectory()
        let first = Fixtures.writeGzip(dir, "in/day=2025-06-02/a.jsonl.gz", members: [[
            Fixtures.line("dup", "page_view", "2025-06-02T10:00:00+08:00", platform: "web", user: "u")]])
        let second = Fixtures.writeGzip(dir, "in/day=2025-06-03/a.jsonl.gz", members: [[
            Fixtures.line("dup", "app_open", "2025-06-01T10:00:00+08:00", platform: "app", user: "u")]])
        for order in [[first, second], [second, first]] {
            _ = try PipelineRunner(config: try config(dir, inputs: order), mode: .rebuild).run()
            let db = try Database(path: dir.path("out/r.sqlite"))
            #expect(try db.rows("SELECT day, platform, events FROM daily_activity ORDER BY day, platform")
                    == [["2025-06-01", "all", 1], ["2025-06-01", "app", 1]])
            #expect(try db.rows("SELECT duplicates FROM input_files WHERE run_id = (SELECT max(run_id) FROM pipeline_runs) ORDER BY path")
                    == [[1], [0]])
        }
    }

    @Test func missingInputFolderWritesNothing() throws {
        let dir = TemporaryDirectory()
        let result = catchingPipelineError {
            try PipelineRunner(config: try config(dir, inputs: [dir.path("no-such-folder")])).run()
        }
        guard case .failure(let error) = result else { Issue.record("run should fail"); return }
        #expect(error.exitCode == 2)
        #expect("\(error)".contains("no-such-folder"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("out/r.sqlite")))
    }

    /// A date in Shanghai as the runner's clock.
    func clock(_ rfc3339: String) -> Date {
        Date(timeIntervalSince1970: Double(Timestamp(rfc3339: rfc3339)!.millisecondsSinceEpoch) / 1000)
    }

    /// Events outside `date_range` are accepted and counted, not rejected: the window selects reported days only.
    @Test func reportWindowIsNotADataFilter() throws {
        let dir = TemporaryDirectory()
        makeInputs(dir)
        let conf = try config(dir, #", "date_range": {"start": "2025-06-02", "end": "2025-06-02"}"#, maxRejectRatio: 0.02)
        let summary = try PipelineRunner(config: conf).run()
        let db = try Database(path: dir.path("out/r.sqlite"))
        // Rejected lines are only the 2 bad ones and the 3 of the unverified member; the 06-01 and 06-03 lines would
        // exceed a 2% ratio if rejected.
        #expect(summary.linesRejected == 5)
        #expect(summary.linesRead == summary.eventsAccepted + summary.duplicatesDropped + summary.linesRejected)
        // Outside the window: e1, e2, e3 (06-01) and the 06-03 page views; inside: e4 and e5 (06-02).
        #expect(summary.eventsOutsideWindow == summary.eventsAccepted - 2)
        #expect(try db.rows("SELECT sum(outside_window), sum(ignored) FROM input_files") == [[.int(summary.eventsOutsideWindow), 0]])
        #expect(try db.rows("SELECT events_outside_window, events_ignored FROM pipeline_runs") == [[.int(summary.eventsOutsideWindow), 0]])
        #expect(try db.rows("SELECT count(*) FROM rejected_lines WHERE reason NOT IN ('malformed_json', 'bad_amount', 'truncated_gzip')") == [[0]])
        // u1 was first active on 06-01: not new on 06-02; u2 is.
        #expect(try db.rows("SELECT day, events, new_persons, revenue_minor FROM daily_activity WHERE platform = 'all'")
                == [["2025-06-02", 2, 1, -400]])
    }

    /// The one time-based rejection: more than `max_future_skew` past the wall clock.
    @Test func futureSkewRejectsAsFutureTimestamp() throws {
        let dir = TemporaryDirectory()
        makeInputs(dir)
        let conf = try config(dir, #", "max_future_skew": "1h""#, maxRejectRatio: 1)
        let summary = try PipelineRunner(config: conf, now: clock("2025-06-02T09:30:00+08:00")).run()
        let db = try Database(path: dir.path("out/r.sqlite"))
        // The 06-03 page views are past the clock + 1 h (but for the 3 of the unverified member); the refund at 10:00
        // is within the skew.
        #expect(try db.rows("SELECT count(*) FROM rejected_lines WHERE reason = 'future_timestamp'") == [[.int(summary.linesRejected - 5)]])
        #expect(try db.rows("SELECT day, events FROM daily_activity WHERE platform = 'all'") == [["2025-06-01", 3], ["2025-06-02", 2]])
    }

    /// `--as-of`: the run date for relative bounds, and later events are valid but not used (`ignored`); the skew
    /// check stays on the wall clock.
    @Test func asOfIgnoresLaterEvents() throws {
        let dir = TemporaryDirectory()
        makeInputs(dir)
        let conf = try config(dir, #", "max_future_skew": "1h", "date_range": {"start": "-1d", "end": "today"}"#)
        let summary = try PipelineRunner(config: conf, asOf: clock("2025-06-02T12:00:00+08:00")).run()
        let db = try Database(path: dir.path("out/r.sqlite"))
        #expect(summary.linesRejected == 5)  // the 2 bad lines and the 3 of the unverified member
        #expect(summary.eventsIgnored > 0)
        #expect(summary.eventsOutsideWindow == 0)
        #expect(try db.rows("SELECT count(*) FROM rejected_lines WHERE reason = 'future_timestamp'") == [[0]])
        #expect(try db.rows("SELECT day, events FROM daily_activity WHERE platform = 'all'") == [["2025-06-01", 3], ["2025-06-02", 2]])
        let settings = try db.rows("SELECT settings FROM pipeline_runs").first?.first?.description ?? ""
        #expect(settings.contains("date_range=2025-06-01..2025-06-02; history=all; clock="))
        #expect(settings.contains("as_of=2025-06-02T04:00:00.000Z"))
    }

    /// A night replayed at 12:00 on 06-02 has only part of 06-02: its cells are not complete.
    @Test func asOfInTheMiddleOfADayLeavesThatDayIncomplete() throws {
        let dir = TemporaryDirectory()
        makeInputs(dir)
        let text = #"{"inputs": ["events"], "database": "out/r.sqlite", "max_reject_ratio": 0.2, "jobs": {"retention": {"periods": ["day"]}}}"#
        let conf = try PipelineConfig.load(path: dir.write("p.json", text: text))
        _ = try PipelineRunner(config: conf, asOf: clock("2025-06-02T12:00:00+08:00")).run()
        let db = try Database(path: dir.path("out/r.sqlite"))
        #expect(try db.rows("""
            SELECT offset, is_complete FROM retention WHERE cohort_date = '2025-06-01' AND segment = 'all' AND offset <= 1
            ORDER BY offset
            """) == [[0, 1], [1, 0]])
    }

    /// Filters on properties work end to end: the field plan keeps exactly the properties the jobs' filters read.
    @Test func propertyFiltersSeeTheirPropertiesThroughTheFieldPlan() throws {
        let dir = TemporaryDirectory()
        Fixtures.writeGzip(dir, "events/a.jsonl.gz", members: [[
            Fixtures.line("1", "page_view", "2025-06-01T10:00:00+08:00", user: "u1", props: ["src": "ad", "page": "home"]),
            Fixtures.line("2", "order_paid", "2025-06-02T10:00:00+08:00", user: "u1", props: ["order_id": "o1", "amount": "5.00"]),
            Fixtures.line("3", "page_view", "2025-06-01T11:00:00+08:00", user: "u2", props: ["src": "organic"]),
            Fixtures.line("4", "order_paid", "2025-06-02T11:00:00+08:00", user: "u2", props: ["order_id": "o2", "amount": "5.00"]),
        ]])
        let text = #"""
            {"inputs": ["events"], "database": "out/r.sqlite", "jobs": {
               "funnels": [{"name": "ad_to_buy", "steps": [{"event": "page_view", "where": {"src": "ad"}}, "order_paid"]}],
               "retention": {"periods": ["day"], "cohort_event": {"event": "*", "where": {"src": "ad"}}, "max_offset_days": 1}}}
            """#
        _ = try PipelineRunner(config: try PipelineConfig.load(path: dir.write("p.json", text: text))).run()
        let db = try Database(path: dir.path("out/r.sqlite"))
        #expect(try db.rows("SELECT step, persons FROM funnel ORDER BY step") == [[1, 1], [2, 1]])
        #expect(try db.rows("SELECT cohort_date, offset, cohort_size, retained FROM retention WHERE segment = 'all' ORDER BY offset")
                == [["2025-06-01", 0, 1, 1], ["2025-06-01", 1, 1, 1]])
    }

    /// `history` bounds how far back first facts are searched: older events are ignored.
    @Test func historyBoundsFirstFacts() throws {
        let dir = TemporaryDirectory()
        makeInputs(dir)
        let conf = try config(dir, #", "history": "2025-06-02""#)
        let summary = try PipelineRunner(config: conf).run()
        let db = try Database(path: dir.path("out/r.sqlite"))
        #expect(summary.eventsIgnored == 3)  // e1, e2, e3 on 06-01
        // u1's first event is now its 06-02 refund: new on 06-02, beside u2.
        #expect(try db.rows("SELECT day, new_persons FROM daily_activity WHERE platform = 'all' AND day = '2025-06-02'")
                == [["2025-06-02", 2]])

        let late = try config(dir, #", "history": "2025-06-02", "date_range": {"start": "2025-06-01"}"#)
        let result = catchingPipelineError { try PipelineRunner(config: late).run() }
        guard case .failure(let error) = result else { Issue.record("run should fail"); return }
        #expect(error.exitCode == 2)
        #expect("\(error)".contains("key 'history': starts on 2025-06-02, after date_range starts (2025-06-01)"))
    }

    /// The same events split over two files give the same tables when the files' names (and so their order) swap:
    /// ties at one millisecond and a conflicting duplicate are decided by content.
    @Test func swappingFileNamesChangesNoTable() throws {
        let first = [
            Fixtures.line("s1", "share", "2025-06-01T10:00:00+08:00", user: "s", props: ["share_id": "A", "channel": "group"]),
            Fixtures.line("o2", "share_open", "2025-06-01T11:00:00+08:00", user: "n", props: ["share_id": "A"]),
            Fixtures.line("v1", "product_view", "2025-06-01T11:00:00+08:00", user: "m"),
            Fixtures.line("d1", "app_open", "2025-06-02T09:00:00+08:00", user: "k"),
        ]
        let second = [
            Fixtures.line("s0", "share", "2025-06-01T10:00:00+08:00", user: "t", props: ["share_id": "A", "channel": "moments"]),
            Fixtures.line("p1", "page_view", "2025-06-01T11:00:00+08:00", user: "n"),
            Fixtures.line("c1", "add_to_cart", "2025-06-01T11:00:00+08:00", user: "m"),
            Fixtures.line("d1", "page_view", "2025-06-02T09:00:00+08:00", user: "k"),
        ]
        let jobs = #"""
            , "jobs": {"daily_activity": {}, "retention": {}, "share_funnel": {}, "ltv": {}, "platform_overlap": {},
                       "funnels": [{"name": "view_cart", "steps": ["product_view", "add_to_cart"]}]}
            """#
        var dumps: [[[SQLValue]]] = []
        for (a, b, threads) in [(first, second, 1), (second, first, 2)] {
            let dir = TemporaryDirectory()
            Fixtures.writeGzip(dir, "events/a.jsonl.gz", members: [a])
            Fixtures.writeGzip(dir, "events/b.jsonl.gz", members: [b])
            let text = #"{"inputs": ["events"], "database": "out/r.sqlite", "threads": "# + "\(threads)" + jobs + "}"
            let conf = try PipelineConfig.load(path: dir.write("p.json", text: text))
            _ = try PipelineRunner(config: conf).run()
            let db = try Database(path: dir.path("out/r.sqlite"))
            var dump: [[SQLValue]] = try db.rows("SELECT metric, value FROM run_metrics ORDER BY job, metric")
            // `report_metadata` names the config's hash, which differs here (the thread count); every report must not.
            for table in try db.rows("SELECT table_name FROM report_tables WHERE table_name <> 'report_metadata' ORDER BY table_name") {
                dump += [[table[0]]] + (try db.rows("SELECT * FROM \"\(table[0].description)\" ORDER BY 1, 2, 3, 4"))
            }
            dumps.append(dump)
        }
        #expect(dumps[0] == dumps[1])
        let flat = dumps[0].map { $0.map(\.description).joined(separator: " ") }
        // "s0" < "s1": the share is t's, on moments; "o2" < "p1": n was acquired by it; one conflicting duplicate.
        #expect(flat.contains("wechat:user:n A moments 2025-06-01 wechat:user:t 2025-06-01T03:00:00.000Z NULL 0"))
        #expect(flat.contains("conflicting_duplicates 1"))
        // The kept copy of d1 is the smaller line ("app_open" < "page_view"): k's only event, counted once.
        #expect(flat.contains("2025-06-02 all 1 1 1 0 0"))
        // The product view and the cart at one instant: the funnel converts.
        #expect(flat.contains("view_cart 2 add_to_cart 1 1.0 1.0 0.0 0.0 0.0 0.0 0"))
    }

    @Test func reversedDateRangeIsAConfigError() throws {
        let dir = TemporaryDirectory()
        makeInputs(dir)
        let conf = try config(dir, #", "date_range": {"start": "2025-07-01", "end": "2025-06-01"}"#)
        let result = catchingPipelineError { try PipelineRunner(config: conf).run() }
        guard case .failure(let error) = result else { Issue.record("run should fail"); return }
        #expect(error.exitCode == 2)
        #expect("\(error)".contains("key 'date_range': starts on 2025-07-01, after its end 2025-06-01"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("out/r.sqlite")))
    }
}
