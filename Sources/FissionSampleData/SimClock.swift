import FissionModel

/// Calendar arithmetic on day numbers (days since 1970-01-01), through FissionModel's `LocalDate`, so output never
/// depends on the machine's calendar or time zone settings.
enum CivilDate {
    static func components(epochDay: Int64) -> (year: Int, month: Int, day: Int) {
        LocalDate(daysSinceEpoch: Int32(epochDay)).components
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        LocalDate.daysInMonth(year: year, month: month)
    }

    /// Parses a strict `YYYY-MM-DD`.
    static func parse(_ text: String) -> Int64? {
        LocalDate(iso: text).map { Int64($0.daysSinceEpoch) }
    }

    /// `YYYY-MM-DD`.
    static func format(epochDay: Int64) -> String {
        LocalDate(daysSinceEpoch: Int32(epochDay)).description
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
