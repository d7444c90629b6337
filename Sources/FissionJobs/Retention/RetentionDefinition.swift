import FissionModel

/// One configured retention report (an element of `jobs.retention`). Options are documented in docs/reports.md.
public struct RetentionDefinition: Sendable, Equatable {
    public enum CohortType: String, Sendable { case firstTime = "first_time", recurring }
    public enum ReturnCriterion: String, Sendable { case on, onOrAfter = "on_or_after" }
    public enum Boundary: String, Sendable { case calendar, rolling24h = "rolling_24h" }

    public var name = "default"
    public var periods: [Period] = Period.allCases
    public var cohortType = CohortType.firstTime
    /// The event that puts a person in a cohort; nil means any active event.
    public var cohortEvent: EventFilter?
    /// The event that counts as coming back; nil means any active event.
    public var returnEvent: EventFilter?
    public var returnCriterion = ReturnCriterion.on
    public var boundary = Boundary.calendar
    /// ISO weekday weeks start on (1 = Monday … 7 = Sunday).
    public var weekStart = 1
    public var maxOffset: [Period: Int] = Dictionary(uniqueKeysWithValues: Period.allCases.map { ($0, $0.defaultMaxOffset) })
    public var segments = SegmentSelection()

    public init() {}

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    public init(_ r: ConfigReader) throws(ConfigError) {
        func choice<T: RawRepresentable>(_ key: String, _ type: T.Type, _ options: [String]) throws(ConfigError) -> T?
        where T.RawValue == String {
            guard let text = try r.string(key) else { return nil }
            guard let value = T(rawValue: text) else {
                throw ConfigError(key: r.keyPath(key), message: "expected one of \(options.joined(separator: ", ")), got \"\(text)\"")
            }
            return value
        }
        name = try r.string("name") ?? name
        periods = try Period.read(r, "periods") ?? periods
        cohortType = try choice("cohort_type", CohortType.self, ["first_time", "recurring"]) ?? cohortType
        cohortEvent = try EventFilter.read(r, "cohort_event")
        returnEvent = try EventFilter.read(r, "return_event")
        returnCriterion = try choice("return", ReturnCriterion.self, ["on", "on_or_after"]) ?? returnCriterion
        boundary = try choice("boundary", Boundary.self, ["calendar", "rolling_24h"]) ?? boundary
        if let day = try r.string("week_start") {
            guard let i = Self.weekdays.firstIndex(of: day.lowercased()) else {
                throw ConfigError(key: r.keyPath("week_start"), message: "expected a weekday name such as \"monday\", got \"\(day)\"")
            }
            weekStart = i + 1
        }
        for period in Period.allCases {
            let key = "max_offset_\(period.rawValue)s"
            if let n = try r.int(key) {
                guard (0...1000).contains(n) else { throw ConfigError(key: r.keyPath(key), message: "must be between 0 and 1000") }
                maxOffset[period] = n
            }
        }
        if boundary == .rolling24h, !r.has("periods") { periods.removeAll { $0 == .month } }
        if boundary == .rolling24h, periods.contains(.month) {
            throw ConfigError(key: r.keyPath("boundary"), message: "rolling_24h works with day and week periods; set \"periods\" without \"month\"")
        }
        segments = try SegmentSelection.read(r)
    }
}
