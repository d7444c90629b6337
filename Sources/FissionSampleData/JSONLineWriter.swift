/// A property value as written into a line.
enum JSONValue {
    /// A JSON string, escaped when written.
    case string(String)
    /// A JSON number, written as this literal text (`19.9`, `20`, `1748736753120`).
    case number(String)
    /// Raw bytes written between quotes as they are, without validation or escaping (for invalid UTF-8
    /// on purpose, and to write a huge plain string quickly).
    case unvalidatedString([UInt8])
}

typealias Props = [(key: String, value: JSONValue)]

/// The fields of one line, in output order; a nil field is left out (how bad lines drop fields).
struct LineFields {
    var eventID: String?
    var event: String?
    var ts: JSONValue?
    var platform: String?
    var userID: String?
    var anonymousID: String?
    var unionID: String?
    var props: Props = []

    /// The value of `props[key]`, if present.
    func prop(_ key: String) -> JSONValue? {
        props.first { $0.key == key }?.value
    }

    mutating func setProp(_ key: String, _ value: JSONValue?) {
        let index = props.firstIndex { $0.key == key }
        switch (index, value) {
        case let (i?, v?): props[i].value = v
        case let (i?, nil): props.remove(at: i)
        case let (nil, v?): props.append((key, v))
        case (nil, nil): break
        }
    }
}

/// Writes JSON Lines by hand, so key order (and thus every byte) is fixed.
enum JSONLineWriter {
    /// `"key":` for each top-level key, in output order, and for `props`.
    private static let eventIDKey = Array(#""event_id":"#.utf8)
    private static let eventKey = Array(#""event":"#.utf8)
    private static let tsKey = Array(#""ts":"#.utf8)
    private static let platformKey = Array(#""platform":"#.utf8)
    private static let userIDKey = Array(#""user_id":"#.utf8)
    private static let anonymousIDKey = Array(#""anonymous_id":"#.utf8)
    private static let unionIDKey = Array(#""union_id":"#.utf8)
    private static let propsKey = Array(#""props":{"#.utf8)

    /// One JSON object followed by `\n`.
    static func line(_ fields: LineFields) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendObject(fields, to: &out)
        out.append(0x0A)
        return out
    }

    /// The JSON object alone, without the newline.
    static func appendObject(_ fields: LineFields, to out: inout [UInt8]) {
        out.append(0x7B)  // {
        func field(_ key: [UInt8], _ value: JSONValue?) {
            guard let value else { return }
            out.append(contentsOf: key)
            appendValue(value, to: &out)
            out.append(0x2C)  // ,
        }
        field(eventIDKey, fields.eventID.map(JSONValue.string))
        field(eventKey, fields.event.map(JSONValue.string))
        field(tsKey, fields.ts)
        field(platformKey, fields.platform.map(JSONValue.string))
        field(userIDKey, fields.userID.map(JSONValue.string))
        field(anonymousIDKey, fields.anonymousID.map(JSONValue.string))
        field(unionIDKey, fields.unionID.map(JSONValue.string))
        out.append(contentsOf: propsKey)
        for (index, prop) in fields.props.enumerated() {
            if index > 0 { out.append(0x2C) }
            appendString(prop.key, to: &out)
            out.append(0x3A)  // :
            appendValue(prop.value, to: &out)
        }
        out.append(0x7D)
        out.append(0x7D)
    }

    static func appendValue(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .string(let text): appendString(text, to: &out)
        case .number(let literal): out.append(contentsOf: literal.utf8)
        case .unvalidatedString(let bytes):
            out.append(0x22)
            out.append(contentsOf: bytes)
            out.append(0x22)
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; other UTF-8 as is.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(0x22)
    }
}

/// Money in fen (CNY minor units), written as the input contract allows.
enum Money {
    /// `19.90`
    static func decimalString(_ fen: Int) -> String {
        "\(fen / 100).\(pad(fen % 100, 2))"
    }

    /// The shortest JSON number: `19.9`, `20`, `19.95`.
    static func jsonNumber(_ fen: Int) -> String {
        if fen % 100 == 0 { return String(fen / 100) }
        if fen % 10 == 0 { return "\(fen / 100).\((fen % 100) / 10)" }
        return decimalString(fen)
    }
}
