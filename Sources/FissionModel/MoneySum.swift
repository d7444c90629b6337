/// A sum of amounts in minor units, in 128 bits: no count of accepted amounts can overflow it (each is at most
/// `MinorUnits.maximum`, 10¹³, so it would take 1.7 × 10²⁵ of them).
///
/// Reports store sums in SQLite's 64-bit integers. A sum beyond that range (922,338 orders at the maximum amount
/// already exceed it) is written as its exact decimal text, and the run checks its tables before publishing and
/// fails with a data error that names the table, column and row (see `ReportTable.integerOverflows`).
public struct MoneySum: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: Int128

    public init(_ value: Int128 = 0) {
        self.value = value
    }

    public init(_ amount: MinorUnits) {
        value = Int128(amount.value)
    }

    public static let zero = MoneySum()

    public static func += (sum: inout MoneySum, amount: MinorUnits) { sum.value += Int128(amount.value) }
    public static func -= (sum: inout MoneySum, amount: MinorUnits) { sum.value -= Int128(amount.value) }
    public static func += (sum: inout MoneySum, other: MoneySum) { sum.value += other.value }
    public static func < (lhs: MoneySum, rhs: MoneySum) -> Bool { lhs.value < rhs.value }

    /// The sum divided by `count`, for averages (NULL-free callers check `count > 0`).
    public func average(over count: Int) -> Double { Double(value) / Double(count) }

    /// The sum in minor units, as `description` of `MinorUnits` would print it when it fits.
    public var description: String {
        Int64(exactly: value).map { MinorUnits($0).description } ?? "\(value) minor units"
    }
}

extension SQLValue {
    /// An INTEGER cell holding a sum of money; beyond 64 bits, its exact digits as text, which the run refuses to
    /// publish (see `MoneySum`).
    public static func money(_ sum: MoneySum) -> SQLValue {
        Int64(exactly: sum.value).map(SQLValue.integer) ?? .text(String(sum.value))
    }
}

extension ReportTable {
    /// The first cell of an INTEGER column that holds something else than an integer or NULL (a sum too large for
    /// SQLite), as "table.column = value at (key columns)", or nil.
    public var integerOverflow: String? {
        let integerColumns = schema.columns.indices.filter { schema.columns[$0].type == .integer }
        let keyColumns = schema.primaryKey.compactMap { key in schema.columns.firstIndex { $0.name == key } }
        for row in rows {
            for c in integerColumns {
                guard case .text(let text) = row[c] else { continue }
                let key = keyColumns.map { "\(schema.columns[$0].name) \(row[$0])" }.joined(separator: ", ")
                return "\(schema.name).\(schema.columns[c].name) = \(text) at (\(key))"
            }
        }
        return nil
    }
}
