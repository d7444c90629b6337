import FissionModel
import FissionStore
import Foundation
import Testing

struct PublisherTests {
    let schema = TableSchema(name: "t", columns: [ColumnSpec("k", .text), ColumnSpec("v", .integer)], primaryKey: ["k"])

    func tempDatabase() throws -> (Database, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fission-store-\(UUID().uuidString).sqlite").path
        return (try Database(path: path), path)
    }

    func run(_ status: RunRecord.Status) -> RunRecord {
        RunRecord(startedAt: Timestamp(millisecondsSinceEpoch: 0), finishedAt: Timestamp(millisecondsSinceEpoch: 1000),
                  configName: "test", configPath: "test.json", configSHA256: "ab", status: status, message: nil,
                  files: 1, bytes: 10, linesRead: 3, eventsAccepted: 1, duplicatesDropped: 1, linesRejected: 1)
    }

    let file = FileRecord(path: "a.jsonl.gz", sizeBytes: 10, lines: 3, accepted: 1, duplicates: 1,
                          rejections: [Rejection(line: 2, reason: .badAmount, detail: "amount '-1'", raw: Array("{…}".utf8))],
                          status: "ok", error: nil)

    @Test func succeededRunReplacesReportTables() throws {
        let (db, _) = try tempDatabase()
        try Publisher.publish(run: run(.succeeded), files: [file], tables: [ReportTable(schema: schema, rows: [["a", 1], ["b", 2]])], to: db)
        let second = try Publisher.publish(run: run(.succeeded), files: [file], tables: [ReportTable(schema: schema, rows: [["c", 3]])], to: db)
        #expect(second == 2)
        #expect(try db.rows("SELECT k, v FROM t") == [["c", 3]])
        #expect(try db.rows("SELECT run_id, status FROM pipeline_runs ORDER BY run_id") == [[1, "succeeded"], [2, "succeeded"]])
        #expect(try db.rows("SELECT run_id, line, reason, detail FROM rejected_lines WHERE run_id = 2") == [[2, 2, "bad_amount", "amount '-1'"]])
        #expect(try db.rows("SELECT lines, accepted, duplicates, rejected, status FROM input_files WHERE run_id = 2") == [[3, 1, 1, 1, "ok"]])
    }

    @Test func tablesNoLongerProducedAreDropped() throws {
        let (db, _) = try tempDatabase()
        let other = TableSchema(name: "old_report", columns: [ColumnSpec("k", .text)], primaryKey: ["k"])
        try Publisher.publish(run: run(.succeeded), files: [], tables: [ReportTable(schema: schema, rows: [["a", 1]]),
                                                                         ReportTable(schema: other, rows: [["x"]])], to: db)
        #expect(try db.rows("SELECT table_name, run_id, row_count FROM report_tables ORDER BY 1") == [["old_report", 1, 1], ["t", 1, 1]])
        try Publisher.publish(run: run(.succeeded), files: [], tables: [ReportTable(schema: schema, rows: [["b", 2], ["c", 3]])], to: db)
        #expect(try db.rows("SELECT table_name, run_id, row_count FROM report_tables") == [["t", 2, 2]])
        #expect(try db.rows("SELECT count(*) FROM sqlite_master WHERE name = 'old_report'") == [[0]])
    }

    @Test func failedRunKeepsThePreviousReport() throws {
        let (db, _) = try tempDatabase()
        try Publisher.publish(run: run(.succeeded), files: [], tables: [ReportTable(schema: schema, rows: [["a", 1]])], to: db)
        try Publisher.publish(run: run(.failed), files: [file], tables: nil, to: db)
        #expect(try db.rows("SELECT k, v FROM t") == [["a", 1]])
        #expect(try db.rows("SELECT status FROM pipeline_runs ORDER BY run_id") == [["succeeded"], ["failed"]])
    }

    @Test func anErrorMidPublishRollsEverythingBack() throws {
        let (db, path) = try tempDatabase()
        try Publisher.publish(run: run(.succeeded), files: [], tables: [ReportTable(schema: schema, rows: [["a", 1]])], to: db)
        // A duplicate primary key makes the insert fail after the table was dropped and re-created.
        #expect(throws: SQLiteError.self) {
            try Publisher.publish(run: run(.succeeded), files: [file], tables: [ReportTable(schema: schema, rows: [["x", 1], ["x", 2]])], to: db)
        }
        let reader = try Database(path: path)
        #expect(try reader.rows("SELECT k, v FROM t") == [["a", 1]])
        #expect(try reader.rows("SELECT count(*) FROM pipeline_runs") == [[1]])
        #expect(try reader.rows("SELECT count(*) FROM input_files") == [[0]])
    }

    @Test func textWithNULCharactersIsStoredWhole() throws {
        let (db, _) = try tempDatabase()
        try Publisher.publish(run: run(.succeeded), files: [], tables: [ReportTable(schema: schema, rows: [["a\u{0}b", 1], ["a\u{0}c", 2]])], to: db)
        #expect(try db.rows("SELECT k, length(CAST(k AS BLOB)) FROM t ORDER BY v") == [["a\u{0}b", 3], ["a\u{0}c", 3]])
    }
}
