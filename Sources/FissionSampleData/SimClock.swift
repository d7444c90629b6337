/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), without Foundation's
/// `Calendar` or time zones, so output never depends on the machine's settings.
enum CivilDate {
    static func epochDay(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func components(epochDay: Int64) -> (year: Int, month: Int, day: Int) {
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Parses a strict `YYYY-MM-DD`.
    static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in b[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return epochDay(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    static func format(epochDay: Int64) -> String {
        let c = components(epochDay: epochDay)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }
}

/// Zero-padded decimal.
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// The simulated window: `days` day partitions in the shops' zone, UTC+08:00 (Asia/Shanghai has no DST).
struct SimClock {
    static let zoneOffsetMs: Int64 = 8 * 3_600_000
    static let dayMs: Int64 = 86_400_000
    static let defaultStartDate = "2025-06-01"

    let firstEpochDay: Int64
    let days: Int

    init(startDate: String, days: Int) {
        firstEpochDay = CivilDate.parse(startDate) ?? CivilDate.parse(SimClock.defaultStartDate)!
        self.days = days
    }

    /// First instant of the window (local midnight of the first day), UTC epoch milliseconds.
    var windowStartMs: Int64 { firstEpochDay * SimClock.dayMs - SimClock.zoneOffsetMs }
    /// First instant after the window.
    var windowEndMs: Int64 { (firstEpochDay + Int64(days)) * SimClock.dayMs - SimClock.zoneOffsetMs }

    /// UTC epoch milliseconds of a local wall-clock time on window day `day`.
    func instant(day: Int, secondOfDay: Int, millis: Int = 0) -> Int64 {
        windowStartMs + Int64(day) * SimClock.dayMs + Int64(secondOfDay) * 1000 + Int64(millis)
    }

    /// Window day index (may be outside `0..<days`) of an instant, by local date.
    func dayIndex(of utcMs: Int64) -> Int {
        Int(floorDiv(utcMs - windowStartMs, SimClock.dayMs))
    }

    /// Milliseconds since local midnight.
    func localMillisOfDay(_ utcMs: Int64) -> Int64 {
        utcMs - windowStartMs - floorDiv(utcMs - windowStartMs, SimClock.dayMs) * SimClock.dayMs
    }

    func epochDay(ofDay day: Int) -> Int64 { firstEpochDay + Int64(day) }

    /// `YYYY-MM-DD` of window day `day`.
    func dateString(day: Int) -> String { CivilDate.format(epochDay: epochDay(ofDay: day)) }
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// How an event's `ts` is written.
enum TimestampStyle {
    /// `2025-06-01T08:12:33.120+08:00`
    case shanghai(millis: Bool)
    /// `2025-06-01T00:12:33.120Z`
    case utc(millis: Bool)
    /// `1748736753120`
    case epochMillis

    func render(_ utcMs: Int64) -> JSONValue {
        switch self {
        case .epochMillis:
            return .number(String(utcMs))
        case .shanghai(let millis):
            return .string(TimestampStyle.rfc3339(utcMs + SimClock.zoneOffsetMs, millis: millis, suffix: "+08:00"))
        case .utc(let millis):
            return .string(TimestampStyle.rfc3339(utcMs, millis: millis, suffix: "Z"))
        }
    }

    private static func rfc3339(_ wallMs: Int64, millis: Bool, suffix: String) -> String {
        let day = floorDiv(wallMs, SimClock.dayMs)
        let msOfDay = Int(wallMs - day * SimClock.dayMs)
        let seconds = msOfDay / 1000
        var text = CivilDate.format(epochDay: day) + "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2)
            + ":" + pad(seconds % 60, 2)
        if millis { text += "." + pad(msOfDay % 1000, 3) }
        return text + suffix
    }
}
