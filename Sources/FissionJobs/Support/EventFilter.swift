import FissionModel

/// Selects events by name and property equality, as configured for cohort, return and funnel steps.
///
/// Config forms: `"signup"`, or `{ "event": "share", "where": { "channel": "group" } }`. The name `"*"` means any
/// active event (never a system event such as `push_sent`). Property values compare as text (`props.qty` written `2`
/// matches `"2"`).
public struct EventFilter: Sendable, Equatable, CustomStringConvertible {
    /// The event name that matches any active event.
    public static let anyEvent = "*"

    public var event: String
    public var properties: [String: String]

    public init(event: String, properties: [String: String] = [:]) {
        self.event = event
        self.properties = properties
    }

    /// The property keys the filter compares.
    public var propertyKeys: Set<String> { Set(properties.keys) }

    /// Whether the filter matches any active event rather than one name.
    public var isAnyEvent: Bool { event == Self.anyEvent }

    /// Whether some event could match both filters by name (the same name, or either is `"*"`).
    func sharesEvent(with other: EventFilter) -> Bool {
        event == other.event || isAnyEvent || other.isAnyEvent
    }

    /// Also requires `extra`'s property values; nil when a key is required with two different values.
    func requiring(_ extra: [String: String]) -> EventFilter? {
        var merged = self
        for (key, value) in extra {
            if let own = properties[key], own != value { return nil }
            merged.properties[key] = value
        }
        return merged
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
            let properties = try readWhere(r)
            try r.finish()
            return EventFilter(event: name, properties: properties)
        default:
            throw ConfigError(key: path, message: "expected an event name (or \"*\") or { \"event\": …, \"where\": {…} }")
        }
    }

    /// Reads the property equalities at `where` of `r` (empty when absent).
    static func readWhere(_ r: ConfigReader) throws(ConfigError) -> [String: String] {
        var properties: [String: String] = [:]
        guard let whereReader = try r.object("where") else { return properties }
        for key in whereReader.keys() {
            switch whereReader.raw(key) {
            case .string(let s)?: properties[key] = s
            case .integer(let n)?: properties[key] = String(n)
            case .bool(let b)?: properties[key] = b ? "true" : "false"
            default:
                throw ConfigError(key: whereReader.keyPath(key), message: "expected a string, integer or boolean to compare with")
            }
        }
        return properties
    }
}
