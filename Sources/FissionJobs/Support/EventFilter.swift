import FissionModel

/// Selects events by name and property equality, as configured for cohort, return and funnel steps.
///
/// Config forms: `"signup"`, or `{ "event": "share", "where": { "channel": "group" } }`.
/// Property values compare as text (`props.qty` written `2` matches `"2"`).
public struct EventFilter: Sendable, Equatable, CustomStringConvertible {
    public var event: String
    public var properties: [String: String]

    public init(event: String, properties: [String: String] = [:]) {
        self.event = event
        self.properties = properties
    }

    public func matches(_ e: Event) -> Bool {
        guard e.name == event else { return false }
        for (key, value) in properties where e.props[key] != value { return false }
        return true
    }

    /// `share[channel=group]`, or just the name.
    public var description: String {
        guard !properties.isEmpty else { return event }
        return event + "[" + properties.keys.sorted().map { "\($0)=\(properties[$0]!)" }.joined(separator: ",") + "]"
    }

    /// Reads an event filter at `key` of `reader` (nil when absent).
    public static func read(_ reader: ConfigReader, _ key: String) throws(ConfigError) -> EventFilter? {
        guard let value = reader.raw(key) else { return nil }
        return try parse(value, path: reader.keyPath(key))
    }

    public static func parse(_ value: ConfigValue, path: String) throws(ConfigError) -> EventFilter {
        switch value {
        case .string(let name) where !name.isEmpty:
            return EventFilter(event: name)
        case .object(let o):
            let r = ConfigReader(o, path: path)
            guard let name = try r.string("event"), !name.isEmpty else {
                throw ConfigError(key: r.keyPath("event"), message: "required: the event name")
            }
            var properties: [String: String] = [:]
            if let whereReader = try r.object("where") {
                for key in whereReader.keys() {
                    switch whereReader.raw(key) {
                    case .string(let s)?: properties[key] = s
                    case .integer(let n)?: properties[key] = String(n)
                    case .bool(let b)?: properties[key] = b ? "true" : "false"
                    default:
                        throw ConfigError(key: whereReader.keyPath(key), message: "expected a string, integer or boolean to compare with")
                    }
                }
            }
            try r.finish()
            return EventFilter(event: name, properties: properties)
        default:
            throw ConfigError(key: path, message: "expected an event name or { \"event\": …, \"where\": {…} }")
        }
    }
}
