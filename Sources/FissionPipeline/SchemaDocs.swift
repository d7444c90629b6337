import FissionModel
import FissionStore
import Foundation

/// `table_docs` and `column_docs`: the descriptions of docs/reporting-schema.md (`SchemaDocsCatalog`, generated from
/// it), rewritten with the reports on every successful run for the tables and views the database holds, and their
/// export as Datasette `metadata.json`.
public enum SchemaDocs {
    /// Inside the publishing transaction, after the report tables and views are written.
    static func write(in db: Database) throws(SQLiteError) {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS table_docs (table_name TEXT PRIMARY KEY, description TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS column_docs (table_name TEXT NOT NULL, column_name TEXT NOT NULL, type TEXT,
                description TEXT NOT NULL, PRIMARY KEY (table_name, column_name));
            DELETE FROM table_docs; DELETE FROM column_docs;
            """)
        let present = Set(try db.rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").map(\.first!.description))
        let table = try db.prepare("INSERT INTO table_docs VALUES (?, ?)")
        for t in SchemaDocsCatalog.tables where present.contains(t.name) { try table.run([.text(t.name), .text(t.description)]) }
        let column = try db.prepare("INSERT INTO column_docs VALUES (?, ?, ?, ?)")
        for c in SchemaDocsCatalog.columns where present.contains(c.table) {
            try column.run([.text(c.table), .text(c.column), c.type.isEmpty ? .null : .text(c.type), .text(c.description)])
        }
    }

    /// Datasette's `metadata.json` for the database at `path`, from its `table_docs` and `column_docs`: a title, and
    /// per table its description and column descriptions. Keys are sorted, so the output is byte-for-byte stable.
    public static func datasetteMetadata(_ db: Database, databaseName: String) throws -> Data {
        var tables: [String: [String: Any]] = [:]
        for row in try db.rows("SELECT table_name, description FROM table_docs") {
            tables[row[0].description, default: [:]]["description"] = row[1].description
        }
        for row in try db.rows("SELECT table_name, column_name, description FROM column_docs") {
            var entry = tables[row[0].description, default: [:]]
            var columns = entry["columns"] as? [String: String] ?? [:]
            columns[row[1].description] = row[2].description
            entry["columns"] = columns
            tables[row[0].description] = entry
        }
        let metadata: [String: Any] = [
            "title": "Fission reports",
            "description": "Social-commerce behaviour reports computed by Fission. Column meanings: docs/reporting-schema.md.",
            "databases": [databaseName: ["tables": tables]],
        ]
        return try JSONSerialization.data(withJSONObject: metadata, options: [.prettyPrinted, .sortedKeys])
    }
}
