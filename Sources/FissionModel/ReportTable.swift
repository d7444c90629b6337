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
