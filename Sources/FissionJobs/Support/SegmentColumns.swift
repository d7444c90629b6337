import FissionModel

/// A segment label split into two columns for SQL: `segment_dimension` and `segment_value`. `platform:wechat` is
/// (`platform`, `wechat`) and `all` is (`all`, `all`). The combined `segment` column stays beside them: it is part of
/// each table's primary key and of queries written before the split.
public enum SegmentColumns {
    public static let specs = [ColumnSpec("segment_dimension", .text), ColumnSpec("segment_value", .text)]

    public static func values(_ segment: String) -> [SQLValue] {
        guard let colon = segment.firstIndex(of: ":") else { return [.text(segment), .text(segment)] }
        return [.text(String(segment[..<colon])), .text(String(segment[segment.index(after: colon)...]))]
    }
}
