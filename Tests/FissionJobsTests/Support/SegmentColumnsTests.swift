import FissionJobs
import FissionModel
import Testing

/// `segment_dimension` and `segment_value`: the segment label split at its first colon.
struct SegmentColumnsTests {
    @Test func splitsAtTheFirstColon() {
        #expect(SegmentColumns.values("all") == ["all", "all"])
        #expect(SegmentColumns.values("platform:wechat") == ["platform", "wechat"])
        #expect(SegmentColumns.values("scene_channel:mini:program") == ["scene_channel", "mini:program"])
        #expect(SegmentColumns.specs.map(\.name) == ["segment_dimension", "segment_value"])
    }
}
