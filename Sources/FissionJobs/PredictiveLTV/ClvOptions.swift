import FissionModel

/// The `clv` job's config (docs/reports.md, "Predictive LTV").
public struct ClvOptions: Sendable, Equatable {
    /// The transaction model behind `clv_persons` and `clv_cohorts`; both are fitted and reported in `clv_params`.
    public enum Model: String, Sendable, CaseIterable {
        case bgnbd
        case paretoNBD = "pareto_nbd"
    }

    public var model = Model.bgnbd
    /// The models' time unit in days (`time_unit`: `day` 1, `week` 7).
    public var unitDays = 7
    /// Horizons of `clv_persons.expected_transactions_<N>d`.
    public var horizonsDays = [30, 90, 365]
    /// Ages of `clv_cohorts.projected_ltv_<N>d_minor`.
    public var cohortAgesDays = [90, 180, 365]
    /// Months of `clv_persons.predicted_clv_minor`, and the monthly discount rate it uses.
    public var clvMonths = 12
    public var monthlyDiscount = 0.01
    /// Calibration/holdout mode: fit on days before this one, compare with the days from it on (`clv_holdout`).
    public var holdoutFrom: LocalDate?
    public var cohortPeriod = Period.month
    public var segments = SegmentSelection()

    public init() {}

    public init(options r: ConfigReader) throws(ConfigError) {
        if let text = try r.string("model") {
            guard let m = Model(rawValue: text) else {
                throw ConfigError(key: r.keyPath("model"), message: "unknown model \"\(text)\"; use bgnbd or pareto_nbd")
            }
            model = m
        }
        if let unit = try r.string("time_unit") {
            switch unit {
            case "day": unitDays = 1
            case "week": unitDays = 7
            default: throw ConfigError(key: r.keyPath("time_unit"), message: "use day or week")
            }
        }
        horizonsDays = try Self.days(r, "horizons_days") ?? horizonsDays
        cohortAgesDays = try Self.days(r, "cohort_ages_days") ?? cohortAgesDays
        if let months = try r.int("clv_months") {
            guard (1...120).contains(months) else { throw ConfigError(key: r.keyPath("clv_months"), message: "must be between 1 and 120") }
            clvMonths = months
        }
        if let rate = try r.double("monthly_discount") {
            guard (0..<1).contains(rate) else { throw ConfigError(key: r.keyPath("monthly_discount"), message: "must be at least 0 and below 1, e.g. 0.01") }
            monthlyDiscount = rate
        }
        if let text = try r.string("holdout_from") {
            guard let day = LocalDate(iso: text) else { throw ConfigError(key: r.keyPath("holdout_from"), message: "expected YYYY-MM-DD, got \"\(text)\"") }
            holdoutFrom = day
        }
        if let text = try r.string("cohort_period") {
            guard let p = Period(rawValue: text) else { throw ConfigError(key: r.keyPath("cohort_period"), message: "use day, week or month") }
            cohortPeriod = p
        }
        segments = try SegmentSelection.read(r)
    }

    /// A list of day counts: 1 to 3650 each, duplicates dropped, ascending.
    static func days(_ r: ConfigReader, _ key: String) throws(ConfigError) -> [Int]? {
        guard let list = try r.ints(key) else { return nil }
        guard !list.isEmpty, list.allSatisfy({ (1...3650).contains($0) }) else {
            throw ConfigError(key: r.keyPath(key), message: "needs one or more day counts between 1 and 3650")
        }
        return Array(Set(list)).sorted()
    }
}
