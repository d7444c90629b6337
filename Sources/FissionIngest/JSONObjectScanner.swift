/// The top-level fields of an event line that the decoder reads; every other member is validated and dropped.
/// `props` keeps only the keys of the field plan. Duplicate keys: the last one wins.
struct ScannedEvent {
    var eventID, event, ts, platform, userID, anonymousID, unionID, props: JSONField?

    /// The members the decoder reads.
    enum Field {
        case eventID, event, ts, platform, userID, anonymousID, unionID, props

        /// Nil for a member the decoder does not read.
        init?(key: String) {
            switch key {
            case "event_id": self = .eventID
            case "event": self = .event
            case "ts": self = .ts
            case "platform": self = .platform
            case "user_id": self = .userID
            case "anonymous_id": self = .anonymousID
            case "union_id": self = .unionID
            case "props": self = .props
            default: return nil
            }
        }
    }

    mutating func set(_ field: Field, _ value: JSONField) {
        switch field {
        case .eventID: eventID = value
        case .event: event = value
        case .ts: ts = value
        case .platform: platform = value
        case .userID: userID = value
        case .anonymousID: anonymousID = value
        case .unionID: unionID = value
        case .props: props = value
        }
    }
}

/// A single-pass JSON reader for one line holding one object.
///
/// It validates the whole line against RFC 8259 (assuming it is valid UTF-8) but builds values only for the event's
/// top-level fields and the kept keys of `props` (the field plan), so other data costs a scan, not allocations.
/// Validation, and so every accept/reject decision and error offset, does not depend on the plan.
struct JSONObjectScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private static let maxDepth = 64

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses a line that must contain exactly one JSON object (surrounding white space allowed). `keptProps`: the
    /// `props` keys to build (nil: all).
    ///
    /// Returns a `Result` rather than using typed throws: Swift 6.3 miscompiles a typed-throwing function that returns
    /// a large struct (the error path destroys the uninitialised result, corrupting reference counts).
    static func parseEvent(_ bytes: UnsafeBufferPointer<UInt8>, keptProps: Set<String>?) -> Result<ScannedEvent, JSONSyntaxError> {
        var event = ScannedEvent()
        do {
            try parseEvent(bytes, keptProps: keptProps, into: &event)
            return .success(event)
        } catch {
            return .failure(error)
        }
    }

    private static func parseEvent(_ bytes: UnsafeBufferPointer<UInt8>, keptProps: Set<String>?,
                                   into event: inout ScannedEvent) throws(JSONSyntaxError) {
        var scanner = JSONObjectScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "{") else {
            throw scanner.error(scanner.i < bytes.count ? "not a JSON object" : "empty line")
        }
        var member = scanner.beginObject()
        while let key = try scanner.nextKey(&member) {
            guard let field = ScannedEvent.Field(key: key) else {
                _ = try scanner.value(depth: 1, keep: .nothing)
                continue
            }
            event.set(field, try scanner.value(depth: 1, keep: field == .props ? .props(keptProps) : .scalar))
        }
        scanner.skipWhitespace()
        guard scanner.i == bytes.count else { throw scanner.error("unexpected data after the object") }
    }

    /// What to build of a value: nothing (validate only), a scalar (objects come back empty), or an object's members
    /// whose keys are kept (nil: all).
    enum Keep {
        case nothing
        case scalar
        case props(Set<String>?)
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: i, message: message)
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard peek == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        i += 1
    }

    /// A value at `depth`, built as `keep` says; with `.nothing` the result is `.skipped` and nothing is allocated
    /// (except for strings with escapes, which are decoded to be validated).
    private mutating func value(depth: Int, keep: Keep) throws(JSONSyntaxError) -> JSONField {
        guard depth < Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth) levels") }
        skipWhitespace()
        guard let c = peek else { throw error("unexpected end of line") }
        let build: Bool
        if case .nothing = keep { build = false } else { build = true }
        switch c {
        case UInt8(ascii: "{"):
            var kept: Set<String>?
            var buildMembers = false
            if case .props(let keys) = keep {
                kept = keys
                buildMembers = true
            }
            var built: [String: JSONField] = [:]
            var member = beginObject()
            while let key = try nextKey(&member) {
                if buildMembers, kept?.contains(key) ?? true {
                    built[key] = try value(depth: depth + 1, keep: .scalar)
                } else {
                    _ = try value(depth: depth + 1, keep: .nothing)
                }
            }
            if buildMembers { return .object(built) }
            return build && depth < 2 ? .object([:]) : .skipped
        case UInt8(ascii: "["): try array(depth: depth); return .skipped
        case UInt8(ascii: "\""):
            guard build else { try skipString(); return .skipped }
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return build ? .bool(true) : .skipped
        case UInt8(ascii: "f"): try literal("false"); return build ? .bool(false) : .skipped
        case UInt8(ascii: "n"): try literal("null"); return build ? .null : .skipped
        default:
            let text = try number(build: build)
            return build ? .number(text) : .skipped
        }
    }

    /// Where member iteration of an object stands.
    struct MemberState { var started = false }

    /// Steps onto an object's members (the scanner is on its `{`); then `nextKey` until it returns nil, reading each
    /// key's value in between.
    private mutating func beginObject() -> MemberState {
        i += 1
        return MemberState()
    }

    /// The next member's key, with the scanner on its value; nil after the closing `}`.
    private mutating func nextKey(_ state: inout MemberState) throws(JSONSyntaxError) -> String? {
        skipWhitespace()
        if !state.started {
            state.started = true
            if peek == UInt8(ascii: "}") { i += 1; return nil }
        } else {
            switch peek {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "}"): i += 1; return nil
            default: throw error("expected ',' or '}'")
            }
        }
        skipWhitespace()
        guard peek == UInt8(ascii: "\"") else { throw error("expected a string key") }
        let key = try string()
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
        return key
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) {
        i += 1
        skipWhitespace()
        if peek == UInt8(ascii: "]") { i += 1; return }
        while true {
            _ = try value(depth: depth + 1, keep: .nothing)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"): i += 1; return
            default: throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw error("invalid literal") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw error("invalid literal") }
        i += n
    }

    /// The number's text when `build`, else "" (validated either way).
    private mutating func number(build: Bool) throws(JSONSyntaxError) -> String {
        let start = i
        func digits(_ s: inout JSONObjectScanner) -> Int {
            let from = s.i
            while let c = s.peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { s.i += 1 }
            return s.i - from
        }
        if peek == UInt8(ascii: "-") { i += 1 }
        if peek == UInt8(ascii: "0") {
            i += 1
        } else if digits(&self) == 0 {
            throw error("invalid value")
        }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard digits(&self) > 0 else { throw error("invalid number") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard digits(&self) > 0 else { throw error("invalid number") }
        }
        return build ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self) : ""
    }

    /// Validates a string without building it (escapes are decoded, to be checked, and dropped).
    private mutating func skipString() throws(JSONSyntaxError) {
        i += 1
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; return }
            if c == UInt8(ascii: "\\") { _ = try escapedString(from: start); return }
            guard c >= 0x20 else { throw error("control character in string") }
            i += 1
        }
        throw error("unterminated string")
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        i += 1
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                defer { i += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") { return try escapedString(from: start) }
            guard c >= 0x20 else { throw error("control character in string") }
            i += 1
        }
        throw error("unterminated string")
    }

    /// Slow path for strings with escapes.
    private mutating func escapedString(from start: Int) throws(JSONSyntaxError) -> String {
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            switch c {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let e = peek else { throw error("unterminated string") }
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard peek == UInt8(ascii: "\\"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw error("unpaired surrogate")
                    }
                    out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
                default:
                    throw error("invalid escape")
                }
            default:
                guard c >= 0x20 else { throw error("control character in string") }
                out.append(c)
            }
        }
        throw error("unterminated string")
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
