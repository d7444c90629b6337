import Foundation

/// A JSON value from a pipeline config file.
public enum ConfigValue: Sendable, Equatable, Decodable {
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])
    case null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int64.self) { self = .integer(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([ConfigValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: ConfigValue].self)) }
    }

    /// Parses JSON5 text (comments, trailing commas and unquoted keys allowed) whose top level is an object.
    public static func parseObject(_ data: Data) throws -> [String: ConfigValue] {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        return try decoder.decode([String: ConfigValue].self, from: data)
    }

    public var typeName: String {
        switch self {
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        case .null: "null"
        }
    }
}

/// A problem in a pipeline config, naming the key (`jobs.retention.max_offset`).
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var message: String
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }
    public var description: String { key.isEmpty ? message : "key '\(key)': \(message)" }
}

extension ConfigValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
