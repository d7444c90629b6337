import FissionClean
import FissionTestSupport
import Testing

struct DeduplicatorTests {
    @Test func keepsTheFirstCopyAcrossFiles() {
        var dedup = Deduplicator()
        let a = dedup.admit([Fixtures.event("e1", "app_open", "2025-06-01T00:00:00Z", user: "u"),
                             Fixtures.event("e1", "page_view", "2025-06-01T00:00:01Z", user: "u")])
        let b = dedup.admit([Fixtures.event("e2", "app_open", "2025-06-01T00:00:00Z", user: "u"),
                             Fixtures.event("e1", "app_open", "2025-06-01T00:00:00Z", user: "u")])
        #expect(a.kept.map(\.name) == ["app_open"])
        #expect(a.duplicates == 1)
        #expect(b.kept.map(\.eventID) == ["e2"])
        #expect(b.duplicates == 1)
    }
}
