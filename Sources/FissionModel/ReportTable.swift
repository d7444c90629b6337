/// A value in a reporting table cell.
public enum SQLValue: Hashable, Sendable, CustomStringConvertible {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    public var description: String {
        switch self {
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let v): v
        case .null: "NULL"
        }
    }
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }
    /// A ratio, NULL when the denominator is zero.
    public static func ratio(_ numerator: Int, _ denominator: Int) -> SQLValue {
        denominator == 0 ? .null : .real(Double(numerator) / Double(denominator))
    }
}

/// A column of a reporting table: SQLite type affinity and its meaning.
public struct ColumnSpec: Sendable, Equatable {
    public enum SQLType: String, Sendable { case integer = "INTEGER", real = "REAL", text = "TEXT" }
    public var name: String
    public var type: SQLType
    public init(_ name: String, _ type: SQLType) {
        self.name = name
        self.type = type
    }
}

/// The shape of a reporting table: its name, columns and primary key (its grain).
public struct TableSchema: Sendable, Equatable {
    public var name: String
    public var columns: [ColumnSpec]
    public var primaryKey: [String]
    public init(name: String, columns: [ColumnSpec], primaryKey: [String]) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
    }
}

/// A fully computed reporting table, ready to publish. Rows are in primary-key order.
public struct ReportTable: Sendable, Equatable {
    public var schema: TableSchema
    public var rows: [[SQLValue]]
    public init(schema: TableSchema, rows: [[SQLValue]]) {
        self.schema = schema
        self.rows = rows
    }
}

extension ReportTable {
    /// Builds a table from rows in any order, sorting them by the primary key.
    public init(schema: TableSchema, unsortedRows rows: [[SQLValue]]) {
        let keyColumns = schema.primaryKey.compactMap { key in schema.columns.firstIndex { $0.name == key } }
        self.init(schema: schema, rows: rows.sorted { a, b in
            for i in keyColumns where a[i] != b[i] { return a[i].sortsBefore(b[i]) }
            return false
        })
    }
}

extension SQLValue {
    /// SQLite's ordering: NULL, then numbers by value, then text by bytes.
    public func sortsBefore(_ other: SQLValue) -> Bool {
        switch (self, other) {
        case (.null, .null): false
        case (.null, _): true
        case (_, .null): false
        case (.integer(let a), .integer(let b)): a < b
        case (.integer(let a), .real(let b)): Double(a) < b
        case (.real(let a), .integer(let b)): a < Double(b)
        case (.real(let a), .real(let b)): a < b
        case (.text(let a), .text(let b)): Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        case (.text, _): false
        case (_, .text): true
        }
    }
}
