/// The kinds of deliberately bad input lines, each written at least once when bad lines are on.
enum BadLineKind: String, CaseIterable, Comparable {
    /// An exact copy of a good line, later in the same file or in the next day's file.
    case duplicate
    case truncatedJSON = "truncated_json"
    case trailingGarbage = "trailing_garbage"
    case jsonArray = "json_array"
    case blankLine = "blank_line"
    case missingTimestamp = "missing_ts"
    case missingEventID = "missing_event_id"
    case missingIdentity = "missing_identity"
    case orderWithoutAmount = "order_without_amount"
    case shareWithoutShareID = "share_without_share_id"
    case emptyUserID = "empty_user_id"
    case impossibleDate = "impossible_date"
    case hour24 = "hour_24"
    case spaceSeparator = "space_separator"
    case missingOffset = "missing_offset"
    case negativeAmount = "negative_amount"
    case threeFractionDigits = "three_fraction_digits"
    case nonNumericAmount = "non_numeric_amount"
    case invalidUTF8 = "invalid_utf8"
    /// A line longer than 1 MiB (written once in a whole data set).
    case oversizedLine = "oversized_line"

    static func < (lhs: BadLineKind, rhs: BadLineKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Builds bad lines out of good lines' fields.
enum BadLines {
    /// Length of the `props.note` of the oversized line: more than 1 MiB.
    static let oversizedNoteLength = 1_100_000

    /// One bad line of `kind` (not `duplicate`, which copies a line as is), based on `template`, dated
    /// (for the timestamp kinds) on `epochDay`.
    static func make(
        _ kind: BadLineKind, from template: LineFields, eventID: String, orderID: String, epochDay: Int64,
        rng: inout SplitMix64
    ) -> [UInt8] {
        var fields = template
        fields.eventID = eventID
        let date = CivilDate.format(epochDay: epochDay)
        switch kind {
        case .duplicate:
            break
        case .truncatedJSON:
            let whole = JSONLineWriter.line(fields)
            var cut = whole.count * rng.int(in: 30...80) / 100
            while cut > 1, whole[cut] & 0xC0 == 0x80 { cut -= 1 }
            return Array(whole[..<cut]) + [UInt8(ascii: "\n")]
        case .trailingGarbage:
            return Array(JSONLineWriter.line(fields).dropLast()) + Array(" #trailing}\n".utf8)
        case .jsonArray:
            return [UInt8(ascii: "[")] + JSONLineWriter.line(fields).dropLast() + Array("]\n".utf8)
        case .blankLine:
            return [UInt8(ascii: "\n")]
        case .missingTimestamp:
            fields.ts = nil
        case .missingEventID:
            fields.eventID = nil
        case .missingIdentity:
            fields.userID = nil
            fields.anonymousID = nil
        case .orderWithoutAmount:
            fields.event = "order_paid"
            fields.props = [("order_id", .string(orderID)), ("currency", .string("CNY"))]
        case .shareWithoutShareID:
            fields.event = "share"
            fields.props = [("channel", .string("chat"))]
        case .emptyUserID:
            fields.userID = ""
            fields.anonymousID = nil
        case .impossibleDate:
            let c = CivilDate.components(epochDay: epochDay)
            let day = CivilDate.daysInMonth(year: c.year, month: c.month) + 1
            fields.ts = .string("\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(day, 2))T10:00:00+08:00")
        case .hour24:
            fields.ts = .string(date + "T24:00:00+08:00")
        case .spaceSeparator:
            fields.ts = .string(date + " 10:00:00+08:00")
        case .missingOffset:
            fields.ts = .string(date + "T10:00:00")
        case .negativeAmount, .threeFractionDigits, .nonNumericAmount:
            let amount = kind == .negativeAmount ? "-5.00" : kind == .threeFractionDigits ? "19.999" : "abc"
            fields.event = "order_paid"
            fields.props = [("order_id", .string(orderID)), ("amount", .string(amount)), ("currency", .string("CNY"))]
        case .invalidUTF8:
            fields.setProp("note", .unvalidatedString(Array("caf".utf8) + [0xC3, 0x28] + Array("e".utf8)))
        case .oversizedLine:
            fields.setProp("note", .unvalidatedString([UInt8](repeating: UInt8(ascii: "x"), count: oversizedNoteLength)))
        }
        return JSONLineWriter.line(fields)
    }
}
