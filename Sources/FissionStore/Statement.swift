import CSQLite
import FissionModel

/// A prepared statement, finalized on deinit.
public final class Statement {
    private let handle: OpaquePointer
    private let database: Database
    let sql: String

    init(database: Database, sql: String) throws(SQLiteError) {
        var stmt: OpaquePointer?
        try database.check(sqlite3_prepare_v2(database.handle, sql, -1, &stmt, nil), sql: sql)
        guard let stmt else { throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement", sql: sql) }
        self.handle = stmt
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds values to parameters 1…n, after resetting the statement.
    public func bind(_ values: [SQLValue]) throws(SQLiteError) {
        sqlite3_reset(handle)
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let code: Int32 = switch value {
            case .integer(let v): sqlite3_bind_int64(handle, index, v)
            case .real(let v): sqlite3_bind_double(handle, index, v)
            // An explicit byte length keeps text with U+0000 whole (SQLite would stop at the first NUL).
            case .text(let v): sqlite3_bind_text(handle, index, v, Int32(v.utf8.count), CSQLite_TRANSIENT())
            case .null: sqlite3_bind_null(handle, index)
            }
            try database.check(code, sql: sql)
        }
    }

    /// Binds bytes to parameter `index` (1-based), after `bind` has bound the others.
    public func bindBlob(_ bytes: [UInt8], at index: Int32) throws(SQLiteError) {
        let code = bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob64(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), sqlite3_uint64(raw.count), CSQLite_TRANSIENT())
        }
        try database.check(code, sql: sql)
    }

    /// The bytes of column `i` of the current row (empty for NULL).
    public func blob(column i: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, i))
        guard count > 0, let base = sqlite3_column_blob(handle, i) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Advances; true while there is a row.
    public func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(handle)
        try database.check(code, sql: sql)
        return code == SQLITE_ROW
    }

    /// Binds and runs a statement that returns no rows.
    public func run(_ values: [SQLValue]) throws(SQLiteError) {
        try bind(values)
        while try step() {}
    }

    /// The text of column `i` of the current row.
    public func text(column i: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, i) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, i))), as: UTF8.self)
    }

    /// The value of column `i` of the current row (a blob is read as text: use `blob(column:)` for bytes).
    public func value(column i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: .real(sqlite3_column_double(handle, i))
        case SQLITE_NULL: .null
        default: .text(text(column: i))
        }
    }

    /// The current row's values.
    public func row() -> [SQLValue] {
        (0..<sqlite3_column_count(handle)).map(value(column:))
    }
}

@available(*, unavailable)
extension Statement: Sendable {}
