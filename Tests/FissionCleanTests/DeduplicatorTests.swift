import FissionClean
import FissionModel
import FissionTestSupport
import Testing

struct DeduplicatorTests {
    typealias Line = (id: String, event: String, ts: String)

    func raw(_ l: Line) -> [UInt8] { Array(Fixtures.line(l.id, l.event, l.ts, user: "u").utf8) }

    /// A file's events with their raw lines' fingerprints, as ingest hands them over.
    func file(_ lines: [Line]) -> Deduplicator.FileEvents {
        Deduplicator.FileEvents(eventIDs: lines.map(\.id), times: lines.map { Timestamp(rfc3339: $0.ts)! },
                                rawHashes: lines.map { RawLineHash.of(raw($0)) })
    }

    /// Resolves files given as lines; re-reads come from the lines themselves and are recorded.
    func resolve(_ files: [[Line]], rereads: inout [[Int]]) -> Deduplicator.Outcome {
        var asked: [[Int]] = []
        let outcome = Deduplicator.resolve(files.map(file)) { f, indexes in
            asked.append([f] + indexes.sorted())
            return Dictionary(uniqueKeysWithValues: indexes.map { ($0, raw(files[f][$0])) })
        }
        rereads = asked.sorted { $0.lexicographicallyPrecedes($1) }
        return outcome
    }

    @Test func identicalCopiesKeepTheFirstInPathOrder() {
        let a: [Line] = [("e1", "app_open", "2025-06-01T00:00:00Z"), ("e1", "app_open", "2025-06-01T00:00:00Z")]
        let b: [Line] = [("e2", "app_open", "2025-06-01T00:00:00Z"), ("e1", "app_open", "2025-06-01T00:00:00Z")]
        var rereads: [[Int]] = []
        let outcome = resolve([a, b], rereads: &rereads)
        #expect(outcome.kept == [[true, false], [true, false]])
        #expect(outcome.duplicates == [1, 1])
        #expect(outcome.conflicting == [0, 0])
        #expect(rereads.isEmpty)
    }

    /// Ids are Unicode text: canonically equivalent spellings are one id (as for every other id in the pipeline).
    @Test func canonicallyEquivalentIDsAreOneID() {
        var rereads: [[Int]] = []
        let outcome = resolve([[("caf\u{E9}", "app_open", "2025-06-01T00:00:00Z")], [("cafe\u{301}", "app_open", "2025-06-02T00:00:00Z")]],
                              rereads: &rereads)
        #expect(outcome.kept == [[true], [false]])
    }

    /// Different content under one id: the earliest timestamp wins, then the smaller raw line, wherever it is.
    @Test func conflictingCopiesKeepTheSmallestByContent() {
        let late: [Line] = [("e1", "app_open", "2025-06-02T00:00:00Z")]
        let early: [Line] = [("e1", "page_view", "2025-06-01T00:00:00Z")]
        var rereads: [[Int]] = []
        for (files, winner) in [([late, early], 1), ([early, late], 0)] {
            let outcome = resolve(files, rereads: &rereads)
            #expect(outcome.kept[winner] == [true])
            #expect(outcome.kept[1 - winner] == [false])
            #expect(outcome.conflicting.reduce(0, +) == 1)
            #expect(rereads.isEmpty, "different timestamps decide without the bytes")
        }
        // Same timestamp: "app_open" < "page_view" byte-wise in the raw line decides; both lines are read again.
        let x: [Line] = [("e0", "search", "2025-06-01T00:00:00Z"), ("e1", "page_view", "2025-06-01T00:00:00Z")]
        let y: [Line] = [("e1", "app_open", "2025-06-01T00:00:00Z")]
        #expect(resolve([x, y], rereads: &rereads).kept == [[true, false], [true]])
        #expect(rereads == [[0, 1], [1, 0]])
        #expect(resolve([y, x], rereads: &rereads).kept == [[true], [true, false]])
    }
}
