import FissionClean
import FissionModel

/// `retention` and `retention_summary`: cohort retention, one or more configured reports side by side.
///
/// - Cohort: with `cohort_type: first_time`, the period of the person's first cohort event (default: first active
///   event); with `recurring`, every period in which the person did the cohort event.
/// - `retained` at offset k: cohort members who did a return event in period cohort+k (`return: on`), or in that
///   period or any later one (`on_or_after`). With `boundary: rolling_24h`, period k is [k·24h, (k+1)·24h) (weeks:
///   k·168h) after the member's cohort event instead of a calendar period.
/// - `is_complete`: the cell's period has ended within the data (for every member, with rolling boundaries).
///   Incomplete cells are reported with the members retained so far and `rate` NULL, and never pooled into
///   `retention_summary`.
public struct RetentionJob: AggregateJob {
    public static let name = "retention"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> {
        Set(definitions.flatMap { [$0.cohortEvent, $0.returnEvent].compactMap { $0?.propertyKeys }.joined() })
            .union(definitions.flatMap(\.segments.propertyKeys))
    }
    public var definitions: [RetentionDefinition]

    public static let schema = TableSchema(
        name: "retention",
        columns: [
            ColumnSpec("report", .text), ColumnSpec("cohort_date", .text), ColumnSpec("period", .text),
            ColumnSpec("segment", .text), ColumnSpec("offset", .integer), ColumnSpec("cohort_size", .integer),
            ColumnSpec("retained", .integer), ColumnSpec("rate", .real), ColumnSpec("is_complete", .integer),
        ] + SegmentColumns.specs,
        primaryKey: ["report", "period", "segment", "cohort_date", "offset"]
    )
    public static let summarySchema = TableSchema(
        name: "retention_summary",
        columns: [
            ColumnSpec("report", .text), ColumnSpec("period", .text), ColumnSpec("segment", .text),
            ColumnSpec("offset", .integer), ColumnSpec("cohorts", .integer), ColumnSpec("cohort_size", .integer),
            ColumnSpec("retained", .integer), ColumnSpec("rate", .real),
        ] + SegmentColumns.specs,
        primaryKey: ["report", "period", "segment", "offset"]
    )

    public init(definitions: [RetentionDefinition]) {
        self.definitions = definitions
    }

    public init(definitions readers: [ConfigReader]) throws(ConfigError) {
        var defs: [RetentionDefinition] = []
        for r in readers {
            let d = try RetentionDefinition(r)
            guard !defs.contains(where: { $0.name == d.name }) else {
                throw ConfigError(key: r.keyPath("name"), message: "another retention report is already named \"\(d.name)\"")
            }
            defs.append(d)
        }
        definitions = defs
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        let profiles = PersonProfile.profiles(data)
        var rows: [[SQLValue]] = []
        var summary: [[SQLValue]] = []
        var headline: [String] = []
        for definition in definitions {
            for period in definition.periods {
                let cells = RetentionCells.compute(data, profiles: profiles, definition: definition, period: period)
                rows += cells.rows(report: definition.name, period: period)
                summary += cells.summaryRows(report: definition.name, period: period)
                if period == .day, definition.name == definitions[0].name {
                    headline.append(cells.headline(report: definition.name))
                }
            }
        }
        return JobOutput(tables: [ReportTable(schema: Self.schema, unsortedRows: rows),
                                  ReportTable(schema: Self.summarySchema, unsortedRows: summary)],
                         headline: headline)
    }
}
