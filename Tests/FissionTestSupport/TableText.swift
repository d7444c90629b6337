import Foundation
import FissionModel

/// Compact text forms of table rows, so expected rows in tests read like the table.
public enum TableText {
    /// Each row as its cells joined by spaces; reals with up to four decimals, NULL as `-`.
    public static func lines(_ table: ReportTable, where include: ([SQLValue]) -> Bool = { _ in true }) -> [String] {
        table.rows.filter(include).map { row in
            row.map { value in
                switch value {
                case .real(let v): String(format: "%.4f", v).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
                case .null: "-"
                default: value.description
                }
            }.joined(separator: " ")
        }
    }
}
