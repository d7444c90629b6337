import FissionClean
import FissionModel

/// What the cohort reports need to know about each person: their first active event and the segments it puts
/// them in.
public struct PersonProfile: Sendable, Equatable {
    /// Index into `CleanDataset.events` of the person's first active event.
    public var firstActiveIndex: Int
    public var firstActiveDay: LocalDate
    public var firstPlatform: String
    /// `share` when the first active event is a `share_open`, else `organic`.
    public var channel: String
    /// The WeChat scene channel of the first active event (`SceneChannels`).
    public var sceneChannel: String

    /// The segments the person belongs to, one per `SegmentSelection.dimensions` in that order: `all`,
    /// `platform:<first platform>`, `channel:<share|organic>`, `scene_channel:<channel>`. Built once per profile.
    public let segments: [String]

    public init(firstActiveIndex: Int, firstActiveDay: LocalDate, firstPlatform: String, channel: String, sceneChannel: String = "none") {
        self.firstActiveIndex = firstActiveIndex
        self.firstActiveDay = firstActiveDay
        self.firstPlatform = firstPlatform
        self.channel = channel
        self.sceneChannel = sceneChannel
        segments = ["all", "platform:\(firstPlatform)", "channel:\(channel)", "scene_channel:\(sceneChannel)"]
    }

    /// Whether an action of `kind` at `time` (a group-buy join, a bargain help) was how the person arrived: their first
    /// active event is at or before it and is such an action or a `share_open`.
    public func arrived(by kind: EventKind, at time: Timestamp, in data: CleanDataset) -> Bool {
        let first = data.events[firstActiveIndex]
        return first.time <= time && (first.kind == kind || first.kind == .shareOpen)
    }

    /// One profile per person; nil for a person with no active event (only system events).
    public static func profiles(_ data: CleanDataset) -> [PersonProfile?] {
        let sceneKey = data.symbols.lookup("scene")
        return data.personRanges.map { range in
            guard let i = range.first(where: { data.events[$0].isActive }) else { return nil }
            let e = data.events[i]
            let scene = data.property(sceneKey, of: e).map { data.symbols[$0] }
            return PersonProfile(firstActiveIndex: i, firstActiveDay: e.day, firstPlatform: data.platform(of: e),
                                 channel: e.kind == .shareOpen ? "share" : "organic",
                                 sceneChannel: SceneChannels.channel(of: scene, overrides: data.sceneChannelOverrides))
        }
    }
}

/// Which segment dimensions a cohort report breaks down by (config `segments`).
public struct SegmentSelection: Sendable, Equatable {
    /// Every dimension, in the order of `PersonProfile.segments`.
    public static let dimensions = ["all", "platform", "channel", "scene_channel"]
    /// What a report breaks down by when its config names no `segments`.
    public static let defaultDimensions = ["all", "platform", "channel"]
    public var dimensions: [String]

    public init(_ dimensions: [String] = SegmentSelection.defaultDimensions) {
        self.dimensions = dimensions
    }

    /// The event properties the selected dimensions read.
    public var propertyKeys: Set<String> { dimensions.contains("scene_channel") ? ["scene"] : [] }

    public func segments(of profile: PersonProfile) -> [String] {
        SegmentSelection.dimensions.indices.compactMap { dimensions.contains(SegmentSelection.dimensions[$0]) ? profile.segments[$0] : nil }
    }

    static func read(_ reader: ConfigReader) throws(ConfigError) -> SegmentSelection {
        guard let list = try reader.strings("segments") else { return SegmentSelection() }
        for d in list where !dimensions.contains(d) {
            throw ConfigError(key: reader.keyPath("segments"), message: "unknown segment '\(d)'; use \(dimensions.joined(separator: ", "))")
        }
        return SegmentSelection(list)
    }
}
