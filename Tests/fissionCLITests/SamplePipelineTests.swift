import FissionStore
import FissionTestSupport
import Foundation
import Testing

/// Runs `Pipelines/sample.json` through the built binary and checks it against the goldens in SampleData/expected.
@Suite(.serialized)
struct SamplePipelineTests {
    /// The tables with goldens, as listed in SampleData/expected/TABLES (also read by scripts/update-golden.sh).
    static let goldenTables: [String] = {
        let list = try! String(contentsOf: FissionBinary.packageRoot.appendingPathComponent("SampleData/expected/TABLES"), encoding: .utf8)
        return list.split(whereSeparator: \.isWhitespace).map(String.init)
    }()

    @Test func sampleRunMatchesGoldenTablesAndAccountsForEveryLine() throws {
        #expect(!Self.goldenTables.isEmpty)
        let dir = TemporaryDirectory()
        let dbPath = dir.path("sample.sqlite")
        let result = try FissionBinary.run(["run", "Pipelines/sample.json", "--output", dbPath])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        // The first line names the database; the rest (rows per table, headline) is golden.
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "database: \(dbPath)")
        let output = try String(contentsOf: FissionBinary.packageRoot.appendingPathComponent("SampleData/expected/run-output.txt"), encoding: .utf8)
        #expect(lines.dropFirst().joined(separator: "\n") == output)
        for table in Self.goldenTables {
            #expect(output.contains("\n\(table): ") || output.hasPrefix("\(table): "))
        }

        let db = try Database(path: dbPath, readOnly: true)
        let run = try db.rows("SELECT lines_read, events_accepted, duplicates_dropped, lines_rejected, status, files FROM pipeline_runs")
        #expect(run.count == 1)
        guard case .integer(let read) = run[0][0], case .integer(let accepted) = run[0][1],
              case .integer(let duplicates) = run[0][2], case .integer(let rejected) = run[0][3] else {
            Issue.record("bad pipeline_runs row \(run)"); return
        }
        #expect(read == accepted + duplicates + rejected)
        #expect(duplicates > 0 && rejected > 0)
        #expect(run[0][4] == "succeeded")
        #expect(try db.rows("SELECT count(*) FROM input_files WHERE lines != accepted + duplicates + rejected") == [[0]])
        let reasons = try db.rows("SELECT DISTINCT reason FROM rejected_lines ORDER BY reason").map { $0[0].description }
        for expected in ["bad_amount", "bad_timestamp", "invalid_utf8", "line_too_long", "malformed_json"] {
            #expect(reasons.contains(expected), "sample data should exercise \(expected)")
        }

        // The database says how to read it: currency and scale, time zone, data range, versions.
        let metadata = Dictionary(uniqueKeysWithValues: try db.rows("SELECT key, value FROM report_metadata").map { ($0[0].description, $0[1].description) })
        #expect(metadata["reporting_currency"] == "CNY" && metadata["minor_unit_scale"] == "100")
        #expect(metadata["time_zone"] == "Asia/Shanghai")
        #expect(metadata["data_first_day"] == "2025-06-01" && metadata["report_window_end"] == "2025-07-15")
        #expect(metadata["schema_version"] == (try db.userVersion).description)
        #expect(try db.rows("SELECT tool_version FROM pipeline_runs") == [[.text(metadata["tool_version"] ?? "?")]])

        // Every example query of docs/reporting-schema.md runs and answers something.
        let doc = try String(contentsOf: FissionBinary.packageRoot.appendingPathComponent("docs/reporting-schema.md"), encoding: .utf8)
        let examples = doc.components(separatedBy: "## Example queries").last!.components(separatedBy: "```sql\n").dropFirst()
            .map { $0.components(separatedBy: "```")[0] }
        #expect(examples.count == 6)
        for query in examples {
            #expect(!(try db.rows(query)).isEmpty, "no rows from: \(query)")
        }
        #expect(try db.rows("SELECT count(*) FROM sqlite_master WHERE type = 'view'") == [[4]])
        #expect(try db.rows("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'identity_map_by_person_key'") == [[1]])

        // Every column of every table and view is described in column_docs (from docs/reporting-schema.md).
        let undocumented = try db.rows("""
            SELECT m.name || '.' || c.name FROM sqlite_master m, pragma_table_info(m.name) c
            WHERE m.type = 'table' AND NOT EXISTS (SELECT 1 FROM column_docs d WHERE d.table_name = m.name AND d.column_name = c.name)
            """)
        #expect(undocumented.isEmpty, "columns without a description in docs/reporting-schema.md: \(undocumented)")
        #expect(try db.rows("SELECT description FROM column_docs WHERE table_name = 'retention' AND column_name = 'segment_value'")
            .first?.first?.description.contains("after the first colon") == true)
        #expect(try db.rows("SELECT count(*) FROM table_docs WHERE table_name IN ('retention', 'retention_matrix')") == [[2]])
        let metadataRun = try FissionBinary.run(["metadata", dbPath])
        #expect(metadataRun.exitCode == 0, "\(metadataRun.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(metadataRun.stdout.utf8)) as? [String: Any]
        let tables = ((json?["databases"] as? [String: Any])?["sample"] as? [String: Any])?["tables"] as? [String: Any]
        let retention = tables?["retention"] as? [String: Any]
        #expect((retention?["description"] as? String)?.hasPrefix("one row per report") == true)
        #expect((retention?["columns"] as? [String: String])?["rate"]?.contains("NULL") == true)

        for table in Self.goldenTables {
            let golden = try String(contentsOf: FissionBinary.packageRoot.appendingPathComponent("SampleData/expected/\(table).tsv"), encoding: .utf8)
            #expect(try TableDump.tsv(db, table: table) == golden, "\(table) differs from its golden; see scripts/update-golden.sh")
        }
    }
}
