import FissionClean
import FissionModel

/// `repurchase` and `repurchase_intervals`: how often and how soon buyers buy again.
///
/// - `repurchase`: per first-order cohort (the day, Monday week or month of a person's first `order_paid`, content
///   order) and N in `within_days` (default 7, 30, 90): `cohort_size` first-time buyers, `repurchasers` among them
///   with a later order (content order) at most N local days after the first (a second order the same day counts),
///   `rate`, and `is_complete` when the cohort's last day plus N days has ended within the data. Rows with
///   `cohort_start` `all` pool the complete cohorts of each period and N, as `retention_summary` does.
/// - `repurchase_intervals`: for each pair of consecutive orders of a person, the gap in local days; per period of
///   the second order × its platform × the person's acquisition channel (`organic`/`share`, and `all` for each):
///   `intervals`, `mean_days`, and `median_days`, `p10_days`, `p25_days`, `p75_days`, `p90_days` (nearest rank: the
///   smallest gap with at least that share of gaps at or below it) read from the exact gap → count histogram, plus
///   the fixed bins 0, 1, 2–3, 4–7, 8–14, 15–30, 31–60, 61–90, > 90 days. Counts merge exactly; no median of medians.
///
/// Cohorts and periods that overlap the report window are reported (days: in it).
public struct RepurchaseJob: AggregateJob {
    public static let name = "repurchase"
    public var name: String { Self.name }
    public var withinDays: [Int]

    public init(withinDays: [Int] = [7, 30, 90]) {
        self.withinDays = withinDays
    }

    public init(options r: ConfigReader) throws(ConfigError) {
        withinDays = try r.ints("within_days") ?? [7, 30, 90]
        guard !withinDays.isEmpty, withinDays.allSatisfy({ (0...3650).contains($0) }) else {
            throw ConfigError(key: r.keyPath("within_days"), message: "expected a list of day counts from 0 to 3650")
        }
    }

    static let bins: [(label: String, range: ClosedRange<Int>)] = [
        ("days_0", 0...0), ("days_1", 1...1), ("days_2_3", 2...3), ("days_4_7", 4...7), ("days_8_14", 8...14),
        ("days_15_30", 15...30), ("days_31_60", 31...60), ("days_61_90", 61...90), ("days_over_90", 91...Int.max),
    ]

    public static let schema = TableSchema(
        name: "repurchase",
        columns: [ColumnSpec("period", .text), ColumnSpec("cohort_start", .text), ColumnSpec("within_days", .integer),
                  ColumnSpec("cohorts", .integer), ColumnSpec("cohort_size", .integer), ColumnSpec("repurchasers", .integer),
                  ColumnSpec("rate", .real), ColumnSpec("is_complete", .integer)],
        primaryKey: ["period", "cohort_start", "within_days"]
    )
    public static let intervalSchema = TableSchema(
        name: "repurchase_intervals",
        columns: [ColumnSpec("period", .text), ColumnSpec("period_start", .text), ColumnSpec("platform", .text),
                  ColumnSpec("channel", .text), ColumnSpec("intervals", .integer), ColumnSpec("mean_days", .real),
                  ColumnSpec("median_days", .integer), ColumnSpec("p10_days", .integer), ColumnSpec("p25_days", .integer),
                  ColumnSpec("p75_days", .integer), ColumnSpec("p90_days", .integer)]
            + bins.map { ColumnSpec($0.label, .integer) },
        primaryKey: ["period", "period_start", "platform", "channel"]
    )

    public func run(_ data: CleanDataset) -> JobOutput {
        let profiles = PersonProfile.profiles(data)
        // Each buyer's orders (event indexes), in content order.
        var orders: [[Int]] = []
        for range in data.personRanges {
            let own = range.filter { data.events[$0].kind == .orderPaid }
            if !own.isEmpty { orders.append(own) }
        }
        var cohortRows: [[SQLValue]] = []
        var intervalRows: [[SQLValue]] = []
        for period in Period.allCases {
            let calendar = PeriodCalendar(period)
            // Cohorts: first-order period → (size, repurchasers per N).
            var cohorts: [Int: (size: Int, repurchasers: [Int])] = [:]
            for own in orders {
                let first = data.events[own[0]].day
                let index = calendar.index(of: first)
                var cell = cohorts[index] ?? (0, Array(repeating: 0, count: withinDays.count))
                cell.size += 1
                let gap = own.count > 1 ? Int(data.events[own[1]].day.daysSinceEpoch - first.daysSinceEpoch) : nil
                for (k, n) in withinDays.enumerated() where gap.map({ $0 <= n }) ?? false { cell.repurchasers[k] += 1 }
                cohorts[index] = cell
            }
            var pooled = Array(repeating: (cohorts: 0, size: 0, repurchasers: 0), count: withinDays.count)
            for (index, cell) in cohorts {
                let (start, end) = (calendar.firstDay(ofIndex: index), calendar.lastDay(ofIndex: index))
                guard data.window.overlaps(first: start, last: end) else { continue }
                for (k, n) in withinDays.enumerated() {
                    let complete = data.lastCompleteDay.map { end.adding(days: n) <= $0 } ?? false
                    cohortRows.append([.text(period.rawValue), .text(start.description), .int(n), 1, .int(cell.size),
                                       .int(cell.repurchasers[k]), .ratio(cell.repurchasers[k], cell.size), complete ? 1 : 0])
                    if complete {
                        pooled[k].cohorts += 1
                        pooled[k].size += cell.size
                        pooled[k].repurchasers += cell.repurchasers[k]
                    }
                }
            }
            for (k, n) in withinDays.enumerated() {
                let p = pooled[k]
                cohortRows.append([.text(period.rawValue), "all", .int(n), .int(p.cohorts), .int(p.size), .int(p.repurchasers),
                                   .ratio(p.repurchasers, p.size), 1])
            }

            // Intervals between consecutive orders, by the second order's period, platform and the buyer's channel.
            var histograms: [IntervalKey: [Int: Int]] = [:]
            for own in orders where own.count > 1 {
                for (a, b) in zip(own, own.dropFirst()) {
                    let second = data.events[b]
                    let index = calendar.index(of: second.day)
                    guard data.window.overlaps(first: calendar.firstDay(ofIndex: index), last: calendar.lastDay(ofIndex: index)) else { continue }
                    let gap = Int(second.day.daysSinceEpoch - data.events[a].day.daysSinceEpoch)
                    let channel: Int8 = profiles[Int(second.person)]?.channel == "share" ? 1 : 0
                    for p in [second.platform.index, -1] {
                        for c in [channel, 2] {
                            histograms[IntervalKey(index: index, platform: p, channel: c), default: [:]][gap, default: 0] += 1
                        }
                    }
                }
            }
            for (key, histogram) in histograms {
                let platform = ReservedLabel.platform(key.platform, in: data)
                intervalRows.append([.text(period.rawValue), .text(calendar.firstDay(ofIndex: key.index).description), .text(platform),
                                     .text(CommerceJob.channels[Int(key.channel)])] + Self.distribution(histogram))
            }
        }
        return JobOutput(tables: [ReportTable(schema: Self.schema, unsortedRows: cohortRows),
                                  ReportTable(schema: Self.intervalSchema, unsortedRows: intervalRows)])
    }

    struct IntervalKey: Hashable {
        var index: Int
        var platform: Int32
        var channel: Int8
    }

    /// Count, mean, nearest-rank median and percentiles, and the fixed bins of a gap → count histogram.
    static func distribution(_ histogram: [Int: Int]) -> [SQLValue] {
        let gaps = histogram.keys.sorted()
        let n = histogram.values.reduce(0, +)
        let sum = histogram.reduce(Int128(0)) { $0 + Int128($1.key) * Int128($1.value) }
        func percentile(_ p: Int) -> Int {
            let rank = OrderStatistics.nearestRank(p, count: n)
            var seen = 0
            for g in gaps {
                seen += histogram[g]!
                if seen >= rank { return g }
            }
            return gaps.last!
        }
        let binned = bins.map { bin in histogram.reduce(0) { $0 + (bin.range.contains($1.key) ? $1.value : 0) } }
        return [.int(n), .real(Double(sum) / Double(n)), .int(percentile(50)), .int(percentile(10)), .int(percentile(25)),
                .int(percentile(75)), .int(percentile(90))] + binned.map { .int($0) }
    }
}
