import FissionClean
import FissionModel

/// `platform_overlap`, `platform_overlap_pairs`, `platform_overlap_summary`: how many persons use several platforms.
///
/// Over the `window_days` local days ending on the report window's last day (or the last data day, if earlier or the
/// window has no end), a person's platforms are those on which they had
/// an active event. `platform_overlap` gives exclusive regions (each person in exactly one: their platform set), so
/// regions sum to the active persons; `platform_overlap_pairs` gives each platform pair's persons and Jaccard index;
/// `platform_overlap_summary` the active platform accounts, persons, multi-platform persons and overlap rate.
public struct PlatformOverlapJob: AggregateJob {
    public static let name = "platform_overlap"
    public var name: String { Self.name }
    public var windowDays = 30

    public static let regionSchema = TableSchema(
        name: "platform_overlap",
        columns: [ColumnSpec("window_start", .text), ColumnSpec("window_end", .text), ColumnSpec("platforms", .text),
                  ColumnSpec("platform_count", .integer), ColumnSpec("persons", .integer)],
        primaryKey: ["platforms"]
    )
    public static let pairSchema = TableSchema(
        name: "platform_overlap_pairs",
        columns: [ColumnSpec("window_start", .text), ColumnSpec("window_end", .text), ColumnSpec("platform_a", .text),
                  ColumnSpec("platform_b", .text), ColumnSpec("persons_a", .integer), ColumnSpec("persons_b", .integer),
                  ColumnSpec("both", .integer), ColumnSpec("jaccard", .real)],
        primaryKey: ["platform_a", "platform_b"]
    )
    public static let summarySchema = TableSchema(
        name: "platform_overlap_summary",
        columns: [ColumnSpec("window_start", .text), ColumnSpec("window_end", .text), ColumnSpec("accounts", .integer),
                  ColumnSpec("persons", .integer), ColumnSpec("multi_platform_persons", .integer), ColumnSpec("overlap_rate", .real)],
        primaryKey: ["window_start"]
    )

    public init(windowDays: Int = 30) {
        self.windowDays = windowDays
    }

    public init(options r: ConfigReader) throws(ConfigError) {
        if let n = try r.int("window_days") {
            guard (1...36_500).contains(n) else { throw ConfigError(key: r.keyPath("window_days"), message: "must be between 1 and 36500") }
            windowDays = n
        }
    }

    /// Sorted platforms joined with `+`; a `%` or `+` inside a platform name is percent-encoded so labels stay distinct.
    static func label(_ platforms: [String]) -> String {
        platforms.map { $0.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "+", with: "%2B") }
            .joined(separator: "+")
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        let empty = JobOutput(tables: [ReportTable(schema: Self.regionSchema, rows: []), ReportTable(schema: Self.pairSchema, rows: []),
                                       ReportTable(schema: Self.summarySchema, rows: [])])
        guard let lastDataDay = data.lastDataDay else { return empty }
        let end = min(data.window.lastDay ?? lastDataDay, lastDataDay)
        let start = end.adding(days: -(windowDays - 1))
        let window: [SQLValue] = [.text(start.description), .text(end.description)]

        var accounts: Set<Int32> = []
        var regions: [[String]: Int] = [:]
        var onPlatform: [String: Int] = [:]
        var pairs: [[String]: Int] = [:]
        for range in data.personRanges {
            var platforms: Set<String> = []
            for e in data.events[range] where e.day >= start && e.day <= end && e.isActive {
                platforms.insert(data.platform(of: e))
                accounts.insert(e.account)
            }
            guard !platforms.isEmpty else { continue }
            let sorted = platforms.sorted()
            regions[sorted, default: 0] += 1
            for (i, a) in sorted.enumerated() {
                onPlatform[a, default: 0] += 1
                for b in sorted[(i + 1)...] { pairs[[a, b], default: 0] += 1 }
            }
        }
        let persons = regions.values.reduce(0, +)
        let multi = regions.filter { $0.key.count > 1 }.values.reduce(0, +)

        let regionRows = regions.map { set, n in window + [.text(Self.label(set)), .int(set.count), .int(n)] }
        // Pairs that share no person are not written (their `both` would be 0): the table grows with the pairs that
        // co-occur, not with the square of the platforms.
        let pairRows: [[SQLValue]] = pairs.map { pair, both in
            let (a, b) = (pair[0], pair[1])
            let (na, nb) = (onPlatform[a]!, onPlatform[b]!)
            return window + [.text(a), .text(b), .int(na), .int(nb), .int(both), .ratio(both, na + nb - both)]
        }
        let rate = persons == 0 ? 0 : Double(multi) / Double(persons) * 100
        return JobOutput(
            tables: [
                ReportTable(schema: Self.regionSchema, unsortedRows: regionRows),
                ReportTable(schema: Self.pairSchema, unsortedRows: pairRows),
                ReportTable(schema: Self.summarySchema, rows: [window + [.int(accounts.count), .int(persons), .int(multi), .ratio(multi, persons)]]),
            ],
            headline: ["platform overlap \(start)…\(end): \(multi) of \(persons) persons on 2+ platforms (\(String(format: "%.1f", rate))%), \(accounts.count) accounts"]
        )
    }
}
