/// Typed, path-aware access to one config object. Every key read is remembered so that `finish()` can
/// reject keys nobody asked for (a misspelt option must not be silently ignored).
public final class ConfigReader {
    public let path: String
    private let values: [String: ConfigValue]
    private var used: Set<String> = []

    public init(_ values: [String: ConfigValue], path: String = "") {
        self.values = values
        self.path = path
    }

    public func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func has(_ key: String) -> Bool { values[key] != nil && values[key] != .null }

    private func value(_ key: String) -> ConfigValue? {
        used.insert(key)
        guard let v = values[key], v != .null else { return nil }
        return v
    }

    public func typeError(_ key: String, expected: String, got: ConfigValue) -> ConfigError {
        ConfigError(key: keyPath(key), message: "expected \(expected), got \(got.typeName)")
    }

    /// The raw value of `key` (marked as read), for values of more than one shape.
    public func raw(_ key: String) -> ConfigValue? {
        value(key)
    }

    public func string(_ key: String) throws(ConfigError) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw typeError(key, expected: "a string", got: v) }
        return s
    }

    public func int(_ key: String) throws(ConfigError) -> Int? {
        guard let v = value(key) else { return nil }
        guard case .integer(let n) = v else { throw typeError(key, expected: "an integer", got: v) }
        return Int(n)
    }

    public func double(_ key: String) throws(ConfigError) -> Double? {
        guard let v = value(key) else { return nil }
        switch v {
        case .integer(let n): return Double(n)
        case .number(let d): return d
        default: throw typeError(key, expected: "a number", got: v)
        }
    }

    public func ints(_ key: String) throws(ConfigError) -> [Int]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw typeError(key, expected: "an array of integers", got: v) }
        var out: [Int] = []
        for (i, item) in items.enumerated() {
            guard case .integer(let n) = item, let value = Int(exactly: n) else { throw typeError("\(key)[\(i)]", expected: "an integer", got: item) }
            out.append(value)
        }
        return out
    }

    public func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw typeError(key, expected: "an array of strings", got: v) }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else { throw typeError("\(key)[\(i)]", expected: "a string", got: item) }
            out.append(s)
        }
        return out
    }

    public func object(_ key: String) throws(ConfigError) -> ConfigReader? {
        guard let v = value(key) else { return nil }
        guard case .object(let o) = v else { throw typeError(key, expected: "an object", got: v) }
        return ConfigReader(o, path: keyPath(key))
    }

    public func objects(_ key: String) throws(ConfigError) -> [ConfigReader]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw typeError(key, expected: "an array of objects", got: v) }
        var out: [ConfigReader] = []
        for (i, item) in items.enumerated() {
            guard case .object(let o) = item else { throw typeError("\(key)[\(i)]", expected: "an object", got: item) }
            out.append(ConfigReader(o, path: keyPath("\(key)[\(i)]")))
        }
        return out
    }

    /// The keys of this object, sorted, each marked as read.
    public func keys() -> [String] {
        used.formUnion(values.keys)
        return values.keys.sorted()
    }

    /// Throws for the first (alphabetically) key that was never read.
    public func finish() throws(ConfigError) {
        if let unknown = values.keys.filter({ !used.contains($0) }).sorted().first {
            throw ConfigError(key: keyPath(unknown), message: "unknown key")
        }
    }
}

extension ConfigReader {
    /// Parses a duration such as `"7d"`, `"36h"`, `"90m"` or `"30s"` into seconds.
    public func duration(_ key: String) throws(ConfigError) -> Int64? {
        guard let text = try string(key) else { return nil }
        guard let seconds = Self.parseDuration(text) else {
            throw ConfigError(key: keyPath(key), message: "expected a duration like \"7d\", \"36h\", \"90m\" or \"30s\", got \"\(text)\"")
        }
        return seconds
    }

    public static func parseDuration(_ text: String) -> Int64? {
        guard let unit = text.last, let n = Int64(text.dropLast()), n >= 0 else { return nil }
        let scale: Int64
        switch unit {
        case "d": scale = 86_400
        case "h": scale = 3600
        case "m": scale = 60
        case "s": scale = 1
        default: return nil
        }
        let (seconds, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow || seconds > 100 * 365 * 86_400 ? nil : seconds
    }
}
