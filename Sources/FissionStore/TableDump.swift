import FissionModel
import Foundation

/// A deterministic tab-separated dump of a table: a header line, then rows ordered by the primary key
/// (all columns when there is none). Reals are printed with six decimals so goldens do not depend on float printing;
/// NULL is `\N` (as in PostgreSQL's COPY), so it cannot be mistaken for the text `NULL`.
public enum TableDump {
    public static func tsv(_ db: Database, table: String) throws(SQLiteError) -> String {
        let info = try db.rows("SELECT name, pk FROM pragma_table_info(?)", [.text(table)])
        guard !info.isEmpty else { throw SQLiteError(code: 1, message: "no such table: \(table)") }
        let columns = info.map { $0[0].description }
        let keyed = info.compactMap { row -> (Int64, String)? in
            if case .integer(let k) = row[1], k > 0 { return (k, row[0].description) }
            return nil
        }.sorted { $0.0 < $1.0 }.map(\.1)
        let order = (keyed.isEmpty ? columns : keyed).map { "\"\($0)\"" }.joined(separator: ", ")
        let rows = try db.rows("SELECT * FROM \"\(table)\" ORDER BY \(order)")
        var out = columns.joined(separator: "\t") + "\n"
        for row in rows {
            out += row.map(format).joined(separator: "\t") + "\n"
        }
        return out
    }

    static func format(_ value: SQLValue) -> String {
        switch value {
        case .real(let v): String(format: "%.6f", v)
        case .null: "\\N"
        default: value.description
        }
    }
}
