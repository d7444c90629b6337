import FissionModel
import Foundation

/// A table or view written for spreadsheets and BI tools (`fission export`): CSV (RFC 4180: quoted when needed, NULL
/// as an empty field), JSON Lines (one object per row, NULL as null, numbers as numbers) or TSV (as `TableDump`).
/// Rows stream to `write` one at a time, so a large table is not held in memory.
public enum TableExport {
    public enum Format: String, Sendable, CaseIterable { case csv, jsonl, tsv }

    /// Exports `table` (a table or a view), filtered by `filter` (an SQL expression, e.g. `day >= '2025-06-01'`),
    /// ordered by its columns.
    public static func export(_ db: Database, table: String, format: Format, filter: String?,
                              write: (String) -> Void) throws(SQLiteError) {
        let columns = try db.rows("SELECT name FROM pragma_table_info(?)", [.text(table)]).map { $0[0].description }
        guard !columns.isEmpty else { throw SQLiteError(code: 1, message: "no such table or view: \(table)") }
        let order = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let statement = try db.prepare("SELECT * FROM \"\(table)\"\(filter.map { " WHERE \($0)" } ?? "") ORDER BY \(order)")
        try statement.bind([])
        switch format {
        case .csv: write(columns.map(csvField).joined(separator: ",") + "\r\n")
        case .tsv: write(columns.joined(separator: "\t") + "\n")
        case .jsonl: break
        }
        while try statement.step() {
            let row = statement.row()
            switch format {
            case .csv:
                write(row.map { value in
                    if case .null = value { return "" }
                    return csvField(TableDump.format(value))
                }.joined(separator: ",") + "\r\n")
            case .tsv:
                write(row.map(TableDump.format).joined(separator: "\t") + "\n")
            case .jsonl:
                var object: [String: Any] = [:]
                for (name, value) in zip(columns, row) {
                    switch value {
                    case .integer(let v): object[name] = v
                    case .real(let v): object[name] = v
                    case .text(let v): object[name] = v
                    case .null: object[name] = NSNull()
                    }
                }
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
                write(String(decoding: data, as: UTF8.self) + "\n")
            }
        }
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
