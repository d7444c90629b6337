import FissionModel

/// A cohort period length, and the calendar arithmetic for it.
///
/// Calendar periods are numbered consecutively (`index(of:)`), so offsets are differences of indexes:
/// days since 1970-01-01, weeks starting on a configured weekday, or months since year 0.
public enum Period: String, Sendable, CaseIterable, Comparable {
    case day, week, month

    public static func < (a: Period, b: Period) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Default number of offsets after the cohort period.
    public var defaultMaxOffset: Int {
        switch self {
        case .day: 30
        case .week: 12
        case .month: 6
        }
    }

    /// The config list at `key` (`["day", "week", "month"]` or a subset): duplicates dropped, in period order,
    /// at least one; nil when the key is absent.
    public static func read(_ r: ConfigReader, _ key: String) throws(ConfigError) -> [Period]? {
        guard let list = try r.strings(key) else { return nil }
        var chosen: [Period] = []
        for text in list {
            guard let p = Period(rawValue: text) else {
                throw ConfigError(key: r.keyPath(key), message: "unknown period \"\(text)\"; use day, week, month")
            }
            if !chosen.contains(p) { chosen.append(p) }
        }
        guard !chosen.isEmpty else { throw ConfigError(key: r.keyPath(key), message: "needs at least one period") }
        return chosen.sorted()
    }

    /// Length in milliseconds, for rolling-24h boundaries (not defined for months).
    public var rollingMilliseconds: Int64? {
        switch self {
        case .day: 86_400_000
        case .week: 7 * 86_400_000
        case .month: nil
        }
    }
}

/// Calendar periods of one kind, with weeks starting on `weekStart` (ISO weekday, 1 = Monday).
public struct PeriodCalendar: Sendable, Equatable {
    public var period: Period
    public var weekStart: Int

    public init(_ period: Period, weekStart: Int = 1) {
        self.period = period
        self.weekStart = weekStart
    }

    /// 1970-01-01 was a Thursday (4): the first day on or after it that starts a week.
    private var weekBase: Int { (weekStart - 4 + 7) % 7 }

    public func index(of day: LocalDate) -> Int {
        switch period {
        case .day:
            return Int(day.daysSinceEpoch)
        case .week:
            return Int(Int64(Int(day.daysSinceEpoch) - weekBase).floorDiv(7))
        case .month:
            let (y, m, _) = day.components
            return y * 12 + (m - 1)
        }
    }

    /// The first day of period `index`.
    public func firstDay(ofIndex index: Int) -> LocalDate {
        switch period {
        case .day: LocalDate(daysSinceEpoch: Int32(index))
        case .week: LocalDate(daysSinceEpoch: Int32(weekBase + 7 * index))
        case .month: LocalDate(civilYear: Int(Int64(index).floorDiv(12)), month: (index % 12 + 12) % 12 + 1, day: 1)
        }
    }

    public func lastDay(ofIndex index: Int) -> LocalDate {
        firstDay(ofIndex: index + 1).adding(days: -1)
    }
}
