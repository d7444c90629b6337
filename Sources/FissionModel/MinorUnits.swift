/// An amount of money in integer minor units (fen for CNY). Never a binary float.
public struct MinorUnits: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: Int64

    public init(_ value: Int64) {
        self.value = value
    }

    /// Parses a non-negative decimal with at most two fraction digits: `20`, `19.9`, `19.90`.
    ///
    /// Rejects signs, exponents, empty parts (`19.`, `.5`), more than two fraction digits and amounts above `maximum`.
    /// The same grammar serves JSON numbers (their raw text) and decimal strings.
    public init?(decimal bytes: some Collection<UInt8>) {
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenDigit = false
        var inFraction = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !inFraction, seenDigit else { return nil }
                inFraction = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            if inFraction {
                fractionDigits += 1
                guard fractionDigits <= 2 else { return nil }
                fraction = fraction * 10 + digit
            } else {
                let (shifted, o1) = whole.multipliedReportingOverflow(by: 10)
                let (added, o2) = shifted.addingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                whole = added
                seenDigit = true
            }
        }
        guard seenDigit, !inFraction || fractionDigits > 0 else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: 100)
        let (total, o2) = scaled.addingReportingOverflow(fraction)
        guard !o1, !o2, total <= MinorUnits.maximum.value else { return nil }
        self.value = total
    }

    public init?(decimal string: String) {
        self.init(decimal: Array(string.utf8))
    }

    public static func < (lhs: MinorUnits, rhs: MinorUnits) -> Bool { lhs.value < rhs.value }
    public static let zero = MinorUnits(0)
    /// The largest single amount accepted (10¹³ minor units, 100 billion CNY): larger values are data errors. Sums of
    /// amounts are `MoneySum`s: 64 bits overflow after 922,338 amounts at this cap.
    public static let maximum = MinorUnits(10_000_000_000_000)

    /// `19.90`, `-3.05`: two fraction digits.
    public var description: String {
        let magnitude = value.magnitude
        return (value < 0 ? "-" : "") + "\(magnitude / 100)." + pad2(Int(magnitude % 100))
    }
}
