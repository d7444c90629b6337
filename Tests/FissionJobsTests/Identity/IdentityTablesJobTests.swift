import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct IdentityTablesJobTests {
    @Test func mapsEveryAccountToItsPersonAndListsIgnoredKeys() {
        let events = [
            Fixtures.event("1", "app_open", "2025-06-01T00:00:00Z", platform: "wechat", user: "a", union: "U1"),
            Fixtures.event("2", "app_open", "2025-06-01T00:00:00Z", platform: "douyin", user: "b", union: "U1"),
            Fixtures.event("3", "app_open", "2025-06-01T00:00:00Z", platform: "web", anon: "d", union: "undefined"),
            Fixtures.event("4", "app_open", "2025-06-01T00:00:00Z", platform: "app", user: "c", union: "undefined"),
        ]
        let output = IdentityTablesJob().run(Cleaner.build(events: events, calendar: DayCalendar(timeZone: "UTC")!))
        #expect(TableText.lines(output.tables[0]) == [
            "app user c app:user:c",
            "douyin user b douyin:user:b",
            "web anon d web:anon:d",
            "wechat user a douyin:user:b",
        ])
        #expect(TableText.lines(output.tables[1]) == ["union_id  undefined placeholder 2 2"])
        #expect(output.metrics.map(\.value) == [3, 4, 1])
    }
}
