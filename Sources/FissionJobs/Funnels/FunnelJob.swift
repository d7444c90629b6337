import FissionClean
import FissionModel

/// `funnel` and `funnel_daily`: how many persons reach each step of each configured funnel.
///
/// Attempts start on entry days in the report window; their later steps are matched on all the data.
/// Per funnel and step (`funnel_daily`: also per entry day, the local day of the winning attempt's step-1 event):
/// - `persons`: persons whose furthest step, over all their attempts, is at least this step.
/// - `conversion_from_start`: `persons` / persons at step 1.
/// - `conversion_from_previous`: `persons` / persons at the previous step (step 1: 1.0).
/// - `median_seconds_from_previous`, `avg_seconds_from_previous` (`…_from_start`): median and mean time from the
///   previous step (from step 1) to this one, over persons reaching it, from their winning attempt (the
///   earliest-starting one among those reaching their furthest step).
/// - `in_window`: persons stopped at this step (not the last) with an attempt whose window was still open at the end
///   of the data: not yet a drop-off.
public struct FunnelJob: AggregateJob {
    public static let name = "funnels"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> {
        Set(funnels.flatMap { f in (f.steps + f.exclusions.map(\.event)).flatMap(\.propertyKeys) })
    }

    static let stepColumns = [
        ColumnSpec("step", .integer), ColumnSpec("step_name", .text), ColumnSpec("persons", .integer),
        ColumnSpec("conversion_from_start", .real), ColumnSpec("conversion_from_previous", .real),
        ColumnSpec("median_seconds_from_previous", .real), ColumnSpec("avg_seconds_from_previous", .real),
        ColumnSpec("median_seconds_from_start", .real), ColumnSpec("avg_seconds_from_start", .real),
        ColumnSpec("in_window", .integer),
    ]
    public static let schema = TableSchema(
        name: "funnel",
        columns: [ColumnSpec("funnel", .text)] + stepColumns,
        primaryKey: ["funnel", "step"]
    )
    public static let dailySchema = TableSchema(
        name: "funnel_daily",
        columns: [ColumnSpec("funnel", .text), ColumnSpec("entry_date", .text)] + stepColumns,
        primaryKey: ["funnel", "entry_date", "step"]
    )

    /// The shape of the time between consecutive steps, not only its median: one row per funnel × step after the
    /// first, over all persons (as `funnel`).
    public static let stepTimesSchema = TableSchema(
        name: "funnel_step_times",
        columns: [ColumnSpec("funnel", .text), ColumnSpec("step", .integer), ColumnSpec("step_name", .text),
                  ColumnSpec("persons", .integer), ColumnSpec("p10_seconds", .real), ColumnSpec("p25_seconds", .real),
                  ColumnSpec("p50_seconds", .real), ColumnSpec("p75_seconds", .real), ColumnSpec("p90_seconds", .real)]
            + FunnelTally.timeBins.map { ColumnSpec("seconds_\($0.label)", .integer) },
        primaryKey: ["funnel", "step"]
    )

    /// In config order.
    public let funnels: [FunnelDefinition]

    public init(funnels: [FunnelDefinition]) {
        self.funnels = funnels
    }

    /// One reader per entry of `jobs.funnels`; funnel names must be unique.
    public init(definitions: [ConfigReader]) throws(ConfigError) {
        var funnels: [FunnelDefinition] = []
        var seen: [String: String] = [:]
        for reader in definitions {
            let funnel = try FunnelDefinition(reading: reader)
            if let other = seen[funnel.name] {
                throw ConfigError(key: reader.keyPath("name"), message: "duplicate funnel name '\(funnel.name)' (also \(other))")
            }
            seen[funnel.name] = reader.path
            funnels.append(funnel)
        }
        self.init(funnels: funnels)
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        let matchers = funnels.map { FunnelMatcher($0, in: data) }
        var totals = funnels.map { FunnelTally(stepCount: $0.steps.count) }
        var daily = Array(repeating: [LocalDate: FunnelTally](), count: funnels.count)
        let endOfData = data.endOfData?.millisecondsSinceEpoch ?? .min

        // System events take part only in funnels whose steps or exclusions name them.
        let namedSystemEvents = funnels.map { funnel in
            Set(Set(funnel.eventNames).intersection(data.systemEvents).compactMap { data.symbols.lookup($0) })
        }
        for range in data.personRanges {
            let active = range.filter { data.events[$0].isActive }
            for (f, funnel) in funnels.enumerated() {
                let relevant = namedSystemEvents[f].isEmpty
                    ? active
                    : range.filter { data.events[$0].isActive || namedSystemEvents[f].contains(data.events[$0].name) }
                guard let outcome = matchers[f].outcome(relevant, in: data,
                                                         mayStart: { data.window.contains(data.events[relevant[$0]].day) })
                else { continue }
                let attempt = outcome.winner
                let times = attempt.positions.map { data.events[relevant[$0]].time.millisecondsSinceEpoch }
                // Not yet a drop-off while any attempt's window is open; the window includes its end instant, so one
                // ending exactly at the end of the data is still open.
                let windowOpen = funnel.windowEnd(from: data.events[relevant[outcome.latestStart]].time.millisecondsSinceEpoch) >= endOfData
                let entryDay = data.events[relevant[attempt.positions[0]]].day
                totals[f].add(stepTimes: times, windowOpen: windowOpen)
                daily[f][entryDay, default: FunnelTally(stepCount: funnel.steps.count)].add(stepTimes: times, windowOpen: windowOpen)
            }
        }

        var rows: [[SQLValue]] = []
        var dailyRows: [[SQLValue]] = []
        var timeRows: [[SQLValue]] = []
        let byName = funnels.indices.sorted { funnels[$0].name.utf8.lexicographicallyPrecedes(funnels[$1].name.utf8) }  // SQLite's text order
        for f in byName {
            let funnel = funnels[f]
            rows += totals[f].stepColumns(funnel).map { [.text(funnel.name)] + $0 }
            timeRows += totals[f].stepTimeColumns(funnel).map { [.text(funnel.name)] + $0 }
            for day in daily[f].keys.sorted() {
                dailyRows += daily[f][day]!.stepColumns(funnel).map { [.text(funnel.name), .text(day.description)] + $0 }
            }
        }
        return JobOutput(
            tables: [ReportTable(schema: Self.schema, rows: rows), ReportTable(schema: Self.dailySchema, rows: dailyRows),
                     ReportTable(schema: Self.stepTimesSchema, rows: timeRows)],
            headline: funnels.indices.map { Self.headline(funnels[$0], totals[$0]) }
        )
    }

    /// `funnel view_to_buy: 1234 → 210 → 35 persons (2.8%)`: persons per step and the overall conversion.
    static func headline(_ funnel: FunnelDefinition, _ tally: FunnelTally) -> String {
        let counts = tally.persons.map(String.init).joined(separator: " → ")
        let first = tally.persons[0], last = tally.persons[tally.persons.count - 1]
        let overall = first == 0 ? "n/a" : "\((Double(last) * 1000 / Double(first)).rounded() / 10)%"
        return "funnel \(funnel.name): \(counts) persons (\(overall))"
    }
}
