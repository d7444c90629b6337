import FissionClean
import FissionModel
import FissionTestSupport
import Testing

struct PlatformCapTests {
    /// Platforms by events: wechat 3, douyin 2, app 2, ~web 1, web 1. With a cap of 3, wechat keeps its name, douyin and
    /// app (2 each) tie and both stay, the single-event ones fold into `OTHER`.
    func batch() -> EventBatch {
        let platforms = ["wechat", "douyin", "wechat", "app", "douyin", "~web", "web", "app", "wechat"]
        return EventBatch(platforms.enumerated().map { i, p in Fixtures.event("e\(i)", "page_view", "2025-06-01T00:00:00Z", platform: p, user: "u") })
    }

    @Test func foldsThePlatformsWithFewestEvents() {
        var b = batch()
        let folded = PlatformCap(maxPlatforms: 3).apply(to: &b)
        #expect(folded == PlatformCap.Folded(platforms: 2, events: 2))
        #expect(b.platforms.map { b.symbols[$0] } == ["wechat", "douyin", "wechat", "app", "douyin", "OTHER", "OTHER", "app", "wechat"])
    }

    /// Ties at the cap are broken by name: app before douyin.
    @Test func tiesAtTheCapGoByName() {
        var b = batch()
        _ = PlatformCap(maxPlatforms: 2).apply(to: &b)
        #expect(Set(b.platforms.map { b.symbols[$0] }) == ["wechat", "app", "OTHER"])
    }

    @Test func underTheCapNothingChanges() {
        var b = batch()
        let before = b
        #expect(PlatformCap(maxPlatforms: 5).apply(to: &b) == PlatformCap.Folded())
        #expect(b == before)
    }
}
