import FissionModel
import FissionPipeline
import FissionStore
import FissionTestSupport
import Foundation
import Testing

/// The issue's reproducer: 4,200 lines on 4,000 platforms made 8 M `platform_overlap_pairs` rows and took 37 s.
struct PlatformCapRunTests {
    @Test func fourThousandPlatformsBecomeThirtyTwoAndOther() throws {
        let dir = TemporaryDirectory()
        var lines: [String] = []
        for i in 0..<4200 {
            let platform = i < 200 ? "wechat" : "p\(i % 4000)"
            lines.append(Fixtures.line("e\(i)", "app_open", "2025-06-01T10:00:00+08:00", platform: platform, user: "u\(i % 50)"))
        }
        Fixtures.writeGzip(dir, "events/a.jsonl.gz", members: [lines])
        let path = dir.write("p.json", text: #"{"inputs": ["events"], "database": "r.sqlite", "jobs": {"daily_activity": {}, "platform_overlap": {}}}"#)
        _ = try PipelineRunner(config: try PipelineConfig.load(path: path)).run()
        let db = try Database(path: dir.path("r.sqlite"))
        #expect(try db.rows("SELECT count(*) FROM daily_activity WHERE platform <> 'all'") == [[33]])
        // 4,000 platforms "p0"…"p3999" with one event each, and wechat with 200: wechat and the first 31 p's by name
        // keep their names.
        #expect(try db.rows("SELECT metric, value FROM run_metrics WHERE metric LIKE '%folded%' ORDER BY metric")
                == [["events_on_folded_platforms", 3969], ["platforms_folded", 3969]])
        #expect(try db.rows("SELECT events FROM daily_activity WHERE platform = 'OTHER'") == [[3969]])
        // Accounts are per platform and nothing links them here: no person is on two platforms, so no pair has a row
        // (all pairs would have been 528 here, and 8 M without the cap).
        #expect(try db.rows("SELECT count(*) FROM platform_overlap_pairs") == [[0]])
        #expect(try db.rows("SELECT count(*), sum(persons) FROM platform_overlap") == [[33, 131]])
    }
}
