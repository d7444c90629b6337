import FissionClean
import FissionModel
import FissionStore

/// `report_metadata`: what a downstream query needs to read the reports right, as key/value rows written with them:
/// the reporting currency and its minor-unit scale, the time zone of every day column, the data's first and last day,
/// the last complete day, the report window, the tool and schema versions and the config's hash.
enum ReportMetadata {
    static let schema = TableSchema(
        name: "report_metadata", columns: [ColumnSpec("key", .text), ColumnSpec("value", .text)], primaryKey: ["key"])

    /// The version of the report tables' shapes, raised whenever a report table gains, loses or changes a column
    /// (2: `segment_dimension` and `segment_value`, `table_docs` and `column_docs`).
    static let reportSchemaVersion = 2

    static func table(config: PipelineConfig, data: CleanDataset) -> ReportTable {
        let firstDay = data.events.lazy.map(\.day).min()
        let pairs: [(String, String?)] = [
            ("reporting_currency", config.decode.currency),
            ("minor_unit_scale", "100"),
            ("time_zone", config.timeZone),
            ("data_first_day", firstDay?.description),
            ("data_last_day", data.lastDataDay?.description),
            ("last_complete_day", data.lastCompleteDay?.description),
            ("report_window_start", data.window.firstDay?.description),
            ("report_window_end", data.window.lastDay?.description),
            ("tool_version", FissionVersion.string),
            ("schema_version", String(Migrations.schemaVersion)),
            ("report_schema_version", String(reportSchemaVersion)),
            ("config_sha256", config.sha256),
        ]
        return ReportTable(schema: schema, unsortedRows: pairs.map { [.text($0.0), $0.1.map(SQLValue.text) ?? .null] })
    }
}
