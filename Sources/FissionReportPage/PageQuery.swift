import FissionModel
import FissionStore
import Foundation

/// Read access to the database for the page: a query that answers nothing (a table missing, an older schema) gives no
/// rows rather than failing the page, so a database without some report still renders.
struct PageQuery {
    let db: Database
    /// `report_metadata` as key → value.
    let metadata: [String: String]

    init(_ db: Database) {
        self.db = db
        let pairs = ((try? db.rows("SELECT key, coalesce(value, '') FROM report_metadata")) ?? []).map { ($0[0].description, $0[1].description) }
        metadata = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
    }

    func rows(_ sql: String, _ bindings: [SQLValue] = []) -> [[SQLValue]] { (try? db.rows(sql, bindings)) ?? [] }
    func doubles(_ sql: String, _ bindings: [SQLValue] = []) -> [Double?] { rows(sql, bindings).map { $0.first?.double } }
    func double(_ sql: String, _ bindings: [SQLValue] = []) -> Double? { rows(sql, bindings).first?.first?.double }
    func strings(_ sql: String, _ bindings: [SQLValue] = []) -> [String] { rows(sql, bindings).compactMap { $0.first?.text } }

    /// A titled line chart from a query whose first column labels the x axis and whose other columns are the series
    /// `names`, in order.
    func lineFigure(_ sql: String, _ names: [String], _ title: String, format: @escaping (Double) -> String = Format.integer) -> String {
        let rows = rows(sql)
        let series = names.enumerated().map { k, name in (name, rows.map { $0[k + 1].double }) }
        return HTML.figure(title, SVG.lines(series, labels: rows.map { $0[0].description }, format: format))
    }

    /// Minor units per whole unit of the reporting currency (`report_metadata.minor_unit_scale`, 100 when absent).
    var minorUnitScale: Double { metadata["minor_unit_scale"].flatMap(Double.init) ?? 100 }

    /// An amount in minor units as whole units with two decimals, e.g. `75.20`.
    func money(_ minor: Double) -> String { String(format: "%.2f", minor / minorUnitScale) }
}

/// How the page writes numbers.
enum Format {
    static func percent(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }
    static func percent(_ v: Double?) -> String { v.map(percent) ?? "–" }
    static func decimal(_ v: Double?, _ digits: Int = 2) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "–" }
    static func integer(_ v: Double?) -> String { v.map { String(Int64($0.rounded())) } ?? "–" }

    /// A duration in seconds as the largest sensible unit: `45 s`, `4.3 min`, `2.1 h`, `1.5 d`.
    static func duration(_ seconds: Double?) -> String {
        guard let s = seconds else { return "–" }
        switch s {
        case ..<60: return String(format: "%.0f s", s)
        case ..<3_600: return String(format: "%.1f min", s / 60)
        case ..<86_400: return String(format: "%.1f h", s / 3_600)
        default: return String(format: "%.1f d", s / 86_400)
        }
    }
}

extension SQLValue {
    var double: Double? {
        switch self {
        case .integer(let v): Double(v)
        case .real(let v): v
        default: nil
        }
    }

    var text: String? {
        switch self {
        case .null: nil
        default: description
        }
    }
}
