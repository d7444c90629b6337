/// An instant, in whole milliseconds since 1970-01-01T00:00:00Z.
///
/// Events are ordered by this value; sub-millisecond fractions in the input are truncated.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z, the instants RFC 3339 can write.
    public static let validRange: ClosedRange<Int64> = -62_135_596_800_000...253_402_300_799_999

    /// This instant moved by `milliseconds`, saturating at the ends of `Int64`.
    public func advanced(byMilliseconds milliseconds: Int64) -> Timestamp {
        let (sum, overflow) = millisecondsSinceEpoch.addingReportingOverflow(milliseconds)
        return Timestamp(millisecondsSinceEpoch: overflow ? (milliseconds < 0 ? .min : .max) : sum)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, the form written to reporting tables.
    public var description: String {
        let ms = millisecondsSinceEpoch
        let seconds = ms.floorDiv(1000)
        let millis = Int(ms - seconds * 1000)
        let date = LocalDate(daysSinceEpoch: Int32(seconds.floorDiv(86_400)))
        let secondOfDay = Int(seconds - Int64(date.daysSinceEpoch) * 86_400)
        return "\(date)T\(pad2(secondOfDay / 3600)):\(pad2(secondOfDay / 60 % 60)):\(pad2(secondOfDay % 60)).\(pad3(millis))Z"
    }
}

extension Int64 {
    /// These seconds in milliseconds, saturating at `Int64.max`/`.min`: a configured window longer than any data stays
    /// "longer than any data" instead of trapping.
    public var secondsInMilliseconds: Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: 1000)
        return overflow ? (self < 0 ? .min : .max) : product
    }

    /// Division rounding toward negative infinity.
    @inlinable
    public func floorDiv(_ divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}

func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
func pad3(_ value: Int) -> String { value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }
