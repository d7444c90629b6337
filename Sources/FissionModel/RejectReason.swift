/// Why an input line was not accepted. A rejected line gets exactly one reason: the first that applies,
/// in the order the cases are declared.
public enum RejectReason: Hashable, Sendable, CustomStringConvertible {
    /// Longer than the configured maximum line length (default 1 MiB).
    case lineTooLong
    /// Not valid UTF-8.
    case invalidUTF8
    /// Not a JSON object (syntax error, or another JSON value).
    case malformedJSON
    /// A required field is absent, null, empty or of the wrong type. The payload names it (`ts`, `props.share_id`).
    case missingField(String)
    /// `ts` is neither a strict RFC 3339 date-time nor an integer of epoch milliseconds.
    case badTimestamp
    /// `props.amount` is negative, has more than two fraction digits, or is not a number.
    case badAmount
    /// `props.currency` is neither the reporting currency nor one with a configured rate.
    case unsupportedCurrency
    /// More than `max_future_skew` past the run's wall clock: a device clock that cannot be trusted.
    case futureTimestamp
    /// A line of a gzip member that the file ends inside of (its trailer never came, so it cannot be verified).
    case truncatedGzip
    /// A line of a gzip member that failed verification (corrupt compressed data, CRC or length): a single flipped
    /// bit can change the bytes before zlib notices, so none of the member's lines is trusted.
    case corruptGzip

    /// The reason code stored in `rejected_lines.reason`.
    public var description: String {
        switch self {
        case .lineTooLong: "line_too_long"
        case .invalidUTF8: "invalid_utf8"
        case .malformedJSON: "malformed_json"
        case .missingField(let field): "missing_field:\(field)"
        case .badTimestamp: "bad_timestamp"
        case .badAmount: "bad_amount"
        case .unsupportedCurrency: "unsupported_currency"
        case .futureTimestamp: "future_timestamp"
        case .truncatedGzip: "truncated_gzip"
        case .corruptGzip: "corrupt_gzip"
        }
    }

    /// The reason whose `description` is `code`; nil for an unknown code.
    public init?(code: String) {
        let missing = "missing_field:"
        if code.hasPrefix(missing) {
            self = .missingField(String(code.dropFirst(missing.count)))
            return
        }
        let plain: [RejectReason] = [.lineTooLong, .invalidUTF8, .malformedJSON, .badTimestamp, .badAmount, .unsupportedCurrency,
                                     .futureTimestamp, .truncatedGzip, .corruptGzip]
        guard let reason = plain.first(where: { $0.description == code }) else { return nil }
        self = reason
    }
}

/// A line that was not accepted, with where it came from and a short copy of it.
public struct Rejection: Sendable, Equatable {
    public var line: Int
    public var reason: RejectReason
    /// What was wrong, for people (e.g. the byte offset of a JSON error). May be empty.
    public var detail: String
    /// The start of the raw line (at most `Rejection.excerptLimit` bytes, decoded leniently).
    public var excerpt: String

    public static let excerptLimit = 512

    /// Details are cut at this many bytes (a 1 MB `ts` must not be copied into the database whole).
    public static let detailLimit = 200

    public init(line: Int, reason: RejectReason, detail: String = "", raw: some Collection<UInt8>) {
        self.line = line
        self.reason = reason
        self.detail = detail.utf8.count > Self.detailLimit ? Rejection.excerpt(of: Array(detail.utf8), limit: Self.detailLimit) + "…" : detail
        self.excerpt = Rejection.excerpt(of: raw)
    }

    /// A rejection as stored (detail and excerpt already cut).
    public init(line: Int, reason: RejectReason, detail: String, excerpt: String) {
        self.line = line
        self.reason = reason
        self.detail = detail
        self.excerpt = excerpt
    }

    /// Cuts at `limit` bytes, backing off to a UTF-8 boundary; invalid bytes become U+FFFD.
    public static func excerpt(of raw: some Collection<UInt8>, limit: Int = excerptLimit) -> String {
        var bytes = Array(raw.prefix(limit))
        if raw.count > limit {
            while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
            if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
