import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct SceneChannelTests {
    /// Four persons whose first events carry scene 1008 (group chat card → share), 1011 (QR code), 9999 (not in the
    /// table → other, or `partner` by override) and no scene (none). Each pays 1.00 on day 0.
    func data(overrides: [String: String] = [:]) -> CleanDataset {
        var events: [Event] = []
        for (user, scene) in [("a", "1008"), ("b", "1011"), ("c", "9999"), ("d", nil)] as [(String, String?)] {
            events.append(Fixtures.event("o\(user)", "app_open", "2025-06-01T10:00:00+08:00", user: user,
                                         props: scene.map { ["scene": $0] } ?? [:]))
            events.append(Fixtures.event("p\(user)", "order_paid", "2025-06-01T11:00:00+08:00", user: user,
                                         props: ["order_id": "x\(user)"], amount: "1.00"))
        }
        var d = Cleaner.build(events: events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!)
        d.sceneChannelOverrides = overrides
        return d
    }

    @Test func ltvBySceneChannel() {
        let job = LifetimeValueJob(maxOffset: 0, segments: SegmentSelection(["scene_channel"]))
        #expect(job.propertyKeys.contains("scene"))
        #expect(TableText.lines(job.run(data()).tables[0]).map { $0.split(separator: " ")[1] } == [
            "scene_channel:none", "scene_channel:other", "scene_channel:qr_code", "scene_channel:share",
        ])
        #expect(TableText.lines(job.run(data(overrides: ["9999": "partner"])).tables[0]).map { $0.split(separator: " ")[1] }
                .contains("scene_channel:partner"))
    }

    @Test func standardTable() {
        #expect(SceneChannels.channel(of: "1007", overrides: [:]) == "share")
        #expect(SceneChannels.channel(of: "1154", overrides: [:]) == "share")
        #expect(SceneChannels.channel(of: "1047", overrides: [:]) == "qr_code")
        #expect(SceneChannels.channel(of: "1007", overrides: ["1007": "chat"]) == "chat")
        #expect(SceneChannels.channel(of: "", overrides: [:]) == "none")
        #expect(!SegmentSelection().dimensions.contains("scene_channel"))
    }
}
