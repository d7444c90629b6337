/// A value read from an event line. Only the event's top-level fields and the kept keys of `props` are built
/// (`JSONObjectScanner`); other values are validated and skipped.
enum JSONField: Equatable, Sendable {
    case string(String)
    /// A JSON number, as written (validated against the JSON grammar).
    case number(String)
    case bool(Bool)
    case null
    case object([String: JSONField])
    /// An array, or an object nested too deep to be kept.
    case skipped

    var isNullOrEmpty: Bool {
        switch self {
        case .null: true
        case .string(let s): s.isEmpty
        default: false
        }
    }

    /// A non-empty string, or nil.
    var nonEmptyString: String? {
        if case .string(let s) = self, !s.isEmpty { return s }
        return nil
    }

    /// A non-empty string, or a number's text: how ids such as `order_id` or `union_id` may be written.
    var nonEmptyIdentifier: String? {
        switch self {
        case .string(let s) where !s.isEmpty: s
        case .number(let n): n
        default: nil
        }
    }

    /// The text of a scalar, as it is kept in `Event.props`.
    var scalarText: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null, .object, .skipped: nil
        }
    }
}

/// Where and why a line is not valid JSON.
struct JSONSyntaxError: Error, Equatable {
    var offset: Int
    var message: String
}
