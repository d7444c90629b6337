import FissionModel
import FissionStore
import Foundation
import Testing

struct MigrationTests {
    let publisher = PublisherTests()

    /// A database written by a newer Fission is refused, naming both schema versions, and left untouched.
    @Test func newerSchemaIsRefused() throws {
        let (db, _) = try publisher.tempDatabase()
        try db.execute("PRAGMA user_version = 99")
        do {
            try Publisher.prepare(db)
            Issue.record("a newer schema was accepted")
        } catch {
            #expect(error.message.hasPrefix("the database's schema version is 99, newer than this fission's ("))
        }
        #expect(try db.rows("SELECT count(*) FROM sqlite_master") == [[0]])
    }

    /// A ledger written before the hardening migration (version 5) keeps its rows; its rejected lines become counts.
    @Test func version5LedgerIsCarriedOver() throws {
        let (db, _) = try publisher.tempDatabase()
        try Publisher.prepare(db)
        try Publisher.publish(run: publisher.run(.succeeded), files: [publisher.file], tables: [], to: db)
        // Back to the shape of version 5: the two ledger tables without the new columns and checks.
        try db.execute("""
            DROP TABLE rejection_counts; DROP TABLE state_meta; DROP TABLE state_files; DROP TABLE run_warnings;
            CREATE TABLE r5 AS SELECT run_id, started_at, finished_at, config_name, config_path, config_sha256, status,
                message, files, bytes, lines_read, events_accepted, duplicates_dropped, lines_rejected, settings,
                events_outside_window, events_ignored FROM pipeline_runs;
            DROP TABLE pipeline_runs; ALTER TABLE r5 RENAME TO pipeline_runs;
            CREATE TABLE f5 AS SELECT run_id, path, size_bytes, lines, accepted, duplicates, rejected, status, error,
                outside_window, ignored FROM input_files;
            DROP TABLE input_files; ALTER TABLE f5 RENAME TO input_files;
            PRAGMA user_version = 5;
            """)
        try Publisher.prepare(db)
        #expect(try db.rows("SELECT run_id, status, warnings FROM pipeline_runs") == [[1, "succeeded", 0]])
        #expect(try db.rows("SELECT path, rejected, rejected_stored FROM input_files") == [["a.jsonl.gz", 1, 1]])
        #expect(try db.rows("SELECT file, reason, lines FROM rejection_counts") == [["a.jsonl.gz", "bad_amount", 1]])
        try Publisher.publish(run: publisher.run(.succeededWithWarnings), files: [], tables: [], to: db)
        #expect(try db.rows("SELECT status FROM pipeline_runs ORDER BY run_id") == [["succeeded"], ["succeeded_with_warnings"]])
    }
}
