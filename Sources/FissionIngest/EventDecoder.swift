import FissionModel

/// Turns one line into an `Event` or the first reason it cannot be one.
///
/// Checks run in the documented order: `invalid_utf8`, `malformed_json`, `missing_field:<name>`,
/// `bad_timestamp`, `bad_amount`, `unsupported_currency`. (`line_too_long` is decided by the line splitter,
/// `future_timestamp` by the clean stage's skew rule, duplicates after both.)
public struct EventDecoder: Sendable {
    public let options: DecodeOptions
    /// The `props` keys the scanner builds: the field plan plus the decoder's own (nil: all).
    private let builtProps: Set<String>?

    public init(options: DecodeOptions = DecodeOptions()) {
        self.options = options
        builtProps = options.keptProperties.map { $0.union(Self.decodedProps) }
    }

    /// A rejection reason and a note for people, before it is tied to a line.
    public struct Failure: Error, Equatable {
        public var reason: RejectReason
        public var detail: String
        public init(reason: RejectReason, detail: String) {
            self.reason = reason
            self.detail = detail
        }
    }

    public func decode(_ line: UnsafeBufferPointer<UInt8>) -> Result<Event, Failure> {
        validate(line).map { d in
            Event(eventID: d.eventID, name: d.name, time: d.time, platform: d.platform, userID: d.userID,
                  anonymousID: d.anonymousID, unionID: d.unionID,
                  props: Dictionary(uniqueKeysWithValues: d.properties(keeping: nil)), amount: d.amount)
        }
    }

    /// Decodes `line` straight into `batch` (no `Event` value, no property dictionary), keeping the properties of
    /// the field plan; `screen` may still reject the event by its time. Returns the failure, or nil when appended.
    public func decode(_ line: UnsafeBufferPointer<UInt8>, into batch: inout EventBatch, lineNumber: Int32, rawHash: UInt64,
                       screen: (Timestamp) -> (RejectReason, String)?) -> Failure? {
        switch validate(line) {
        case .failure(let failure):
            return failure
        case .success(let d):
            if let (reason, detail) = screen(d.time) { return Failure(reason: reason, detail: detail) }
            batch.append(eventID: d.eventID, name: d.name, kind: d.kind, time: d.time, platform: d.platform,
                         userID: d.userID, anonymousID: d.anonymousID, unionID: d.unionID, amount: d.amount,
                         properties: d.properties(keeping: options.keptProperties), line: lineNumber, rawHash: rawHash)
            return nil
        }
    }

    /// A line that passed every check, before it becomes an `Event` or a batch row.
    struct Decoded {
        var eventID, name: String
        var kind: EventKind
        var time: Timestamp
        /// Lower-cased.
        var platform: String
        var userID, anonymousID, unionID: String?
        var amount: MinorUnits?
        /// The scanned `props` (the field plan's keys and the decoder's own).
        var props: [String: JSONField]

        /// The scalar properties as text (null, object and array values are not kept), of `keys` only (nil: all).
        func properties(keeping keys: Set<String>?) -> [(String, String)] {
            props.compactMap { key, value in keys?.contains(key) ?? true ? value.scalarText.map { (key, $0) } : nil }
        }
    }

    func validate(_ line: UnsafeBufferPointer<UInt8>) -> Result<Decoded, Failure> {
        guard Self.isValidUTF8(line) else { return .failure(Failure(reason: .invalidUTF8, detail: "")) }
        switch JSONObjectScanner.parseEvent(line, keptProps: builtProps) {
        case .success(let fields):
            return validate(fields)
        case .failure(let error):
            return .failure(Failure(reason: .malformedJSON, detail: "\(error.message) at byte \(error.offset)"))
        }
    }

    /// The properties the decoder itself reads (required ones, `amount`, `currency`): always kept.
    static let decodedProps: Set<String> = Set(EventKind.allCases.flatMap(\.requiredProps) + ["amount", "currency"])

    func validate(_ fields: ScannedEvent) -> Result<Decoded, Failure> {
        func missing(_ name: String) -> Result<Decoded, Failure> {
            .failure(Failure(reason: .missingField(name), detail: ""))
        }
        guard let eventID = fields.eventID?.nonEmptyString else { return missing("event_id") }
        guard let name = fields.event?.nonEmptyString else { return missing("event") }
        guard let tsField = fields.ts, !tsField.isNullOrEmpty else { return missing("ts") }
        guard let platform = fields.platform?.nonEmptyString else { return missing("platform") }
        let userID = fields.userID?.nonEmptyString
        let anonymousID = fields.anonymousID?.nonEmptyString
        guard userID != nil || anonymousID != nil else { return missing("user_id|anonymous_id") }

        let kind = EventKind(name: name)
        var propFields: [String: JSONField] = [:]
        if case .object(let p) = fields.props { propFields = p }
        for key in kind.requiredProps {
            let present = key == "amount"
                ? !(propFields[key]?.isNullOrEmpty ?? true)
                : propFields[key]?.nonEmptyIdentifier != nil
            if !present { return missing("props.\(key)") }
        }

        guard let time = Self.timestamp(tsField) else {
            return .failure(Failure(reason: .badTimestamp, detail: "ts \(tsField.scalarText.map { "'\($0)'" } ?? "of the wrong type")"))
        }

        var amount: MinorUnits?
        if kind.carriesAmount, let field = propFields["amount"] {
            let text: String? = switch field {
            case .string(let s), .number(let s): s
            default: nil
            }
            guard let text, let parsed = MinorUnits(decimal: text) else {
                return .failure(Failure(reason: .badAmount, detail: "amount \(field.scalarText.map { "'\($0)'" } ?? "of the wrong type")"))
            }
            switch reportingAmount(parsed, text: text, currency: propFields["currency"]) {
            case .success(let converted): amount = converted
            case .failure(let failure): return .failure(failure)
            }
        }

        return .success(Decoded(
            eventID: eventID, name: name, kind: kind, time: time,
            platform: platform.utf8.contains(where: { (0x41...0x5A).contains($0) || $0 >= 0x80 }) ? platform.lowercased() : platform,
            userID: userID, anonymousID: anonymousID, unionID: fields.unionID?.nonEmptyIdentifier,
            amount: amount, props: propFields
        ))
    }

    /// The amount in the reporting currency: as it is when `currency` is absent, empty or the reporting currency;
    /// converted at the configured rate for another listed currency; `unsupported_currency` otherwise.
    func reportingAmount(_ amount: MinorUnits, text: String, currency field: JSONField?) -> Result<MinorUnits, Failure> {
        guard let field, !field.isNullOrEmpty else { return .success(amount) }
        guard case .string(let code) = field else {
            return .failure(Failure(reason: .unsupportedCurrency, detail: "currency \(field.scalarText ?? "of the wrong type") is not a currency code"))
        }
        let currency = code.uppercased()
        if currency == options.currency.uppercased() { return .success(amount) }
        guard let rate = options.currencyRates[currency] else {
            return .failure(Failure(reason: .unsupportedCurrency, detail: "currency '\(currency)'"))
        }
        let converted = rate.convert(amount)
        guard converted <= MinorUnits.maximum else {
            return .failure(Failure(reason: .badAmount, detail: "amount '\(text)' \(currency) is too large once converted"))
        }
        return .success(converted)
    }

    /// RFC 3339 string, or a JSON integer of epoch milliseconds within RFC 3339's years 0001–9999.
    static func timestamp(_ field: JSONField) -> Timestamp? {
        switch field {
        case .string(let s):
            return Timestamp(rfc3339: s)
        case .number(let n):
            guard let ms = Int64(n), Timestamp.validRange.contains(ms) else { return nil }
            return Timestamp(millisecondsSinceEpoch: ms)
        default:
            return nil
        }
    }

    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 {
            return String(validating: bytes, as: UTF8.self) != nil
        }
        return true
    }
}
