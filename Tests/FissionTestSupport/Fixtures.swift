import FissionGzip
import FissionModel
import Foundation

/// Small builders for readable fixtures.
public enum Fixtures {
    /// Gzips lines (each given without its newline) as one member.
    public static func gzip(lines: [String]) -> [UInt8] {
        try! GzipWriter.compress(Array(lines.map { $0 + "\n" }.joined().utf8))
    }

    /// Writes several members into one `.jsonl.gz` file.
    @discardableResult
    public static func writeGzip(_ dir: TemporaryDirectory, _ relative: String, members: [[String]]) -> String {
        dir.write(relative, bytes: members.flatMap { gzip(lines: $0) })
    }

    /// A JSON line for an event; `extra` is spliced in verbatim (e.g. `"union_id":"U1"`), `props` becomes the props object.
    public static func line(
        _ id: String, _ event: String, _ ts: String, platform: String = "wechat",
        user: String? = nil, anon: String? = nil, union: String? = nil, props: [String: String] = [:]
    ) -> String {
        var fields = ["\"event_id\":\"\(id)\"", "\"event\":\"\(event)\"", "\"ts\":\"\(ts)\"", "\"platform\":\"\(platform)\""]
        if let user { fields.append("\"user_id\":\"\(user)\"") }
        if let anon { fields.append("\"anonymous_id\":\"\(anon)\"") }
        if let union { fields.append("\"union_id\":\"\(union)\"") }
        if !props.isEmpty {
            let body = props.keys.sorted().map { "\"\($0)\":\"\(props[$0]!)\"" }.joined(separator: ",")
            fields.append("\"props\":{\(body)}")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// An `Event` value for stage tests that skip parsing.
    public static func event(
        _ id: String, _ name: String, _ ts: String, platform: String = "wechat",
        user: String? = nil, anon: String? = nil, union: String? = nil,
        props: [String: String] = [:], amount: String? = nil
    ) -> Event {
        Event(eventID: id, name: name, time: Timestamp(rfc3339: ts)!, platform: platform, userID: user, anonymousID: anon,
              unionID: union, props: props, amount: amount.map { MinorUnits(decimal: $0)! })
    }
}
