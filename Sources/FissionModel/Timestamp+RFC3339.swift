extension Timestamp {
    /// Parses an RFC 3339 date-time strictly: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    ///
    /// `T`/`Z` may be lower case (RFC 3339 §5.6). Invalid calendar dates (`2025-06-31`), hour 24, second 60
    /// (leap seconds), a missing offset or a space instead of `T` are rejected rather than rolled over.
    /// Fractions beyond milliseconds are truncated.
    public init?(rfc3339 bytes: some Collection<UInt8>) {
        guard let parsed = bytes.withContiguousStorageIfAvailable(Self.parse) ?? Array(bytes).withUnsafeBufferPointer(Self.parse)
        else { return nil }
        self = parsed
    }

    public init?(rfc3339 string: String) {
        guard let parsed = string.utf8.withContiguousStorageIfAvailable(Self.parse) ?? Self(rfc3339: Array(string.utf8))
        else { return nil }
        self = parsed
    }

    /// The parser, over contiguous bytes so that no copy is made.
    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard b.count >= 20,
              b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = Digits.parse(b[0..<4]), let month = Digits.parse(b[5..<7]), let day = Digits.parse(b[8..<10]),
              let hour = Digits.parse(b[11..<13]), let minute = Digits.parse(b[14..<16]), let second = Digits.parse(b[17..<19]),
              hour < 24, minute < 60, second < 60,
              let date = LocalDate(year: year, month: month, day: day)
        else { return nil }

        var i = 19
        var millis = 0
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
                if i - start < 3 { millis = millis * 10 + Int(b[i] - UInt8(ascii: "0")) }
                i += 1
            }
            let digits = i - start
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        guard i < b.count else { return nil }

        var offsetSeconds = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                  let oh = Digits.parse(b[(i + 1)..<(i + 3)]), let om = Digits.parse(b[(i + 4)..<(i + 6)]),
                  oh < 24, om < 60 else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let localSeconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Timestamp(millisecondsSinceEpoch: (localSeconds - Int64(offsetSeconds)) * 1000 + Int64(millis))
    }
}
