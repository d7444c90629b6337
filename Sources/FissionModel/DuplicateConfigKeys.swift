/// Finds a key written twice in one object of a JSON5 config. Foundation's decoder keeps one of the values silently,
/// so `max_reject_ratio: 0.0, …, max_reject_ratio: 1.0` would run with a value the author did not mean.
///
/// A small tokenizer over text the decoder has already accepted: comments, single- or double-quoted strings,
/// unquoted keys and the structural characters; it only tracks, per open object, the keys seen and their lines.
public enum DuplicateConfigKeys {
    public struct Duplicate: Equatable, Sendable {
        /// `jobs.retention.max_offset`
        public var keyPath: String
        public var firstLine: Int
        public var secondLine: Int
    }

    private struct Frame {
        var isObject: Bool
        var path: String
        var keys: [String: Int] = [:]
        /// The key whose value is being read (objects only).
        var currentKey: String?
    }

    /// The first duplicate in text order, or nil.
    public static func first(in bytes: [UInt8]) -> Duplicate? {
        var stack: [Frame] = []
        var line = 1
        var i = 0
        var lastToken: (text: String, line: Int)?
        func childPath() -> String {
            guard let top = stack.last else { return "" }
            guard top.isObject, let key = top.currentKey else { return top.path }
            return top.path.isEmpty ? key : "\(top.path).\(key)"
        }
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\n"):
                line += 1
                i += 1
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "/"):
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*"):
                i += 2
                while i < bytes.count, !(bytes[i] == UInt8(ascii: "*") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "/")) {
                    if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                    i += 1
                }
                i += 2
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let start = line
                var text: [UInt8] = []
                i += 1
                while i < bytes.count, bytes[i] != c {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count { i += 1 }
                    if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                    text.append(bytes[i])
                    i += 1
                }
                i += 1
                lastToken = (String(decoding: text, as: UTF8.self), start)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                stack.append(Frame(isObject: c == UInt8(ascii: "{"), path: childPath()))
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                i += 1
            case UInt8(ascii: ":"):
                if let token = lastToken, stack.last?.isObject == true {
                    let path = stack[stack.count - 1].path
                    if let earlier = stack[stack.count - 1].keys[token.text] {
                        return Duplicate(keyPath: path.isEmpty ? token.text : "\(path).\(token.text)",
                                         firstLine: earlier, secondLine: token.line)
                    }
                    stack[stack.count - 1].keys[token.text] = token.line
                    stack[stack.count - 1].currentKey = token.text
                }
                i += 1
            case UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                i += 1
            default:
                let start = i
                while i < bytes.count, !Self.delimiters.contains(bytes[i]) { i += 1 }
                if i == start { i += 1 }
                lastToken = (String(decoding: bytes[start..<i], as: UTF8.self), line)
            }
        }
        return nil
    }

    private static let delimiters: Set<UInt8> = Set(" \t\r\n,:{}[]\"'/".utf8)
}
