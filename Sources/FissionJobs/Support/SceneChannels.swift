/// WeChat mini-program scene values (`props.scene`, e.g. `1007`) grouped into top-level acquisition channels, as
/// the WeChat analytics console groups its visit sources. The segment dimension `scene_channel` of retention and
/// LTV is the channel of a person's first active event. The table is documented in docs/reports.md and can be
/// overridden or extended by the config's top-level `scene_channels` (`{ "1089": "recent" }`).
///
/// A scene value not in the table is `other`; a first event without `props.scene` is `none`.
public enum SceneChannels {
    public static let standard: [String: String] = {
        var t: [String: String] = [:]
        func map(_ channel: String, _ scenes: [Int]) { for s in scenes { t[String(s)] = channel } }
        // Shared cards and Moments: friends bringing friends.
        map("share", [1007, 1008, 1036, 1044, 1073, 1154, 1155])
        map("search", [1005, 1006, 1027, 1042, 1053, 1054, 1106])
        map("recent", [1001, 1003, 1023, 1089, 1090, 1104, 1113, 1114, 1117])
        map("qr_code", [1011, 1012, 1013, 1025, 1031, 1032, 1047, 1048, 1049, 1124, 1125, 1126])
        map("official_account", [1020, 1035, 1043, 1058, 1074, 1082, 1091, 1102, 1107, 1157])
        map("mini_program", [1037, 1038])
        map("ads", [1045, 1046, 1065, 1067, 1068, 1084, 1095])
        map("video_channel", [1175, 1176, 1177, 1191, 1193, 1195, 1197, 1198])
        map("payment", [1019, 1034, 1057, 1071, 1072, 1097])
        map("card", [1028, 1029, 1052])
        map("nearby", [1026, 1092])
        return t
    }()

    /// The channel of scene value `scene` under `overrides` (config `scene_channels`) and then the standard table.
    public static func channel(of scene: String?, overrides: [String: String]) -> String {
        guard let scene, !scene.isEmpty else { return "none" }
        return overrides[scene] ?? standard[scene] ?? "other"
    }
}
