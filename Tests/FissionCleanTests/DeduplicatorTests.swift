import FissionClean
import FissionModel
import FissionTestSupport
import Testing

struct DeduplicatorTests {
    /// A file's events with their raw lines, as ingest hands them over.
    func file(_ lines: [(id: String, event: String, ts: String)]) -> Deduplicator.FileEvents {
        var raw = RawLines()
        var events: [Event] = []
        for l in lines {
            raw.append(Array(Fixtures.line(l.id, l.event, l.ts, user: "u").utf8))
            events.append(Fixtures.event(l.id, l.event, l.ts, user: "u"))
        }
        return Deduplicator.FileEvents(events: events, raw: raw)
    }

    @Test func identicalCopiesKeepTheFirstInPathOrder() {
        let a = file([("e1", "app_open", "2025-06-01T00:00:00Z"), ("e1", "app_open", "2025-06-01T00:00:00Z")])
        let b = file([("e2", "app_open", "2025-06-01T00:00:00Z"), ("e1", "app_open", "2025-06-01T00:00:00Z")])
        let outcome = Deduplicator.resolve([a, b])
        #expect(outcome.kept == [[true, false], [true, false]])
        #expect(outcome.duplicates == [1, 1])
        #expect(outcome.conflicting == [0, 0])
    }

    /// Different content under one id: the earliest timestamp wins, then the smaller raw line, wherever it is.
    @Test func conflictingCopiesKeepTheSmallestByContent() {
        let late = file([("e1", "app_open", "2025-06-02T00:00:00Z")])
        let early = file([("e1", "page_view", "2025-06-01T00:00:00Z")])
        for (files, winner) in [([late, early], 1), ([early, late], 0)] {
            let outcome = Deduplicator.resolve(files)
            #expect(outcome.kept[winner] == [true])
            #expect(outcome.kept[1 - winner] == [false])
            #expect(outcome.conflicting.reduce(0, +) == 1)
        }
        // Same timestamp: "app_open" < "page_view" byte-wise in the raw line decides.
        let x = file([("e1", "page_view", "2025-06-01T00:00:00Z")])
        let y = file([("e1", "app_open", "2025-06-01T00:00:00Z")])
        #expect(Deduplicator.resolve([x, y]).kept == [[false], [true]])
        #expect(Deduplicator.resolve([y, x]).kept == [[true], [false]])
    }
}
