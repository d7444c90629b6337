import FissionModel
import FissionStore
import Testing

struct HousekeepingTests {
    let publisher = PublisherTests()

    /// Run 1 (2020) is old and no table is from it: deleted with its rows. Run 2 (2020) wrote the current report
    /// table: kept, but its rejected-line copies are emptied. Run 3 is recent: untouched.
    @Test func prunesOldRunsButNotTheOnesBehindCurrentTables() throws {
        let (db, _) = try publisher.tempDatabase()
        let schema = TableSchema(name: "t", columns: [ColumnSpec("k", .text)], primaryKey: ["k"])
        try Publisher.publish(run: publisher.run(.succeeded), files: [publisher.file], tables: [ReportTable(schema: schema, rows: [["a"]])], to: db)
        try Publisher.publish(run: publisher.run(.succeeded), files: [publisher.file], tables: [ReportTable(schema: schema, rows: [["b"]])], to: db)
        try Publisher.publish(run: publisher.run(.failed), files: [publisher.file], tables: nil, to: db)
        try db.execute("UPDATE pipeline_runs SET started_at = '2020-01-01T00:00:00.000Z' WHERE run_id IN (1, 2)")
        try db.execute("UPDATE pipeline_runs SET started_at = '2030-01-01T00:00:00.000Z' WHERE run_id = 3")
        let pruned = try Housekeeping.prune(db, runsBefore: Timestamp(rfc3339: "2024-01-01T00:00:00Z")!,
                                            excerptsBefore: Timestamp(rfc3339: "2024-01-01T00:00:00Z")!)
        #expect(pruned == Housekeeping.Pruned(runs: 1, excerpts: 2))  // runs 1 and 2 had a copy each
        #expect(try db.rows("SELECT run_id FROM pipeline_runs ORDER BY run_id") == [[2], [3]])
        #expect(try db.rows("SELECT run_id, raw_excerpt FROM rejected_lines ORDER BY run_id") == [[2, ""], [3, "{…}"]])
        #expect(try db.rows("SELECT DISTINCT run_id FROM input_files ORDER BY run_id") == [[2], [3]])
    }
}
