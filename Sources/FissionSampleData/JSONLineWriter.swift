/// A property value as written into a line.
enum JSONValue {
    /// A JSON string, escaped when written.
    case string(String)
    /// A JSON number, written as this literal text (`19.9`, `20`, `1748736753120`).
    case number(String)
    /// Raw bytes written between quotes without validation or escaping (to make invalid UTF-8 on purpose).
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
    /// One JSON object followed by `\n`.
    static func line(_ fields: LineFields) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendObject(fields, to: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// The JSON object alone, without the newline.
    static func appendObject(_ fields: LineFields, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ name: String) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendString(name, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        let top: [(String, JSONValue?)] = [
            ("event_id", fields.eventID.map(JSONValue.string)),
            ("event", fields.event.map(JSONValue.string)),
            ("ts", fields.ts),
            ("platform", fields.platform.map(JSONValue.string)),
            ("user_id", fields.userID.map(JSONValue.string)),
            ("anonymous_id", fields.anonymousID.map(JSONValue.string)),
            ("union_id", fields.unionID.map(JSONValue.string)),
        ]
        for case let (name, value?) in top {
            key(name)
            appendValue(value, to: &out)
        }
        key("props")
        out.append(UInt8(ascii: "{"))
        for (index, prop) in fields.props.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(prop.key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendValue(prop.value, to: &out)
        }
        out.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "}")])
    }

    static func appendValue(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .string(let text): appendString(text, to: &out)
        case .number(let literal): out.append(contentsOf: literal.utf8)
        case .unvalidatedString(let bytes):
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; other UTF-8 as is.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
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
