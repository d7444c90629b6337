import FissionModel
import FissionStore
import Foundation

/// The nightly state in the reporting database (tables `state_meta` and `state_files`): every ingested file's ledger
/// row and accepted events, so a run reads only new files and still computes every report from all the data. It is
/// written in the same transaction as the reports it produced, so the two never disagree.
public enum StateStore {
    /// The config fingerprint the state was built for (see `PipelineConfig.stateFingerprint`); nil when empty.
    public static func fingerprint(_ db: Database) throws(SQLiteError) -> String? {
        try db.rows("SELECT value FROM state_meta WHERE key = 'fingerprint'").first.map { $0[0].description }
    }

    /// The ingested files, by path.
    public static func files(_ db: Database) throws(SQLiteError) -> [IngestedFile] {
        try db.rows("SELECT path, size_bytes, mtime_ns, sha256, run_id, lines, events, status FROM state_files ORDER BY path").map { r in
            IngestedFile(path: r[0].description, sizeBytes: r[1].int64, mtimeNanoseconds: r[2].int64, sha256: r[3].description,
                         runID: r[4].int64, lines: Int(r[5].int64), events: Int(r[6].int64), status: r[7].description)
        }
    }

    /// The stored batches, by path: read in groups, each group decoded on `threads` threads.
    public static func batches(_ db: Database, threads: Int = 2) throws -> [String: EventBatch] {
        let statement = try db.prepare("SELECT path, batch FROM state_files")
        try statement.bind([])
        var out: [String: EventBatch] = [:]
        var group: [(path: String, bytes: [UInt8])] = []
        func decodeGroup() throws {
            let decoded = Decoded(count: group.count)
            let items = group
            DispatchQueue.concurrentPerform(iterations: items.count) { i in
                decoded.set(i, Result { try BatchCodec.decode(items[i].bytes) })
            }
            for (i, item) in items.enumerated() {
                switch decoded.get(i) {
                case .success(let batch): out[item.path] = batch
                case .failure(let error): throw SQLiteError(code: 11, message: "state of \(item.path): \(error); run `fission rebuild`")
                }
            }
            group.removeAll(keepingCapacity: true)
        }
        while try statement.step() {
            group.append((statement.text(column: 0), statement.blob(column: 1)))
            if group.count == 64 * max(threads, 1) { try decodeGroup() }
        }
        try decodeGroup()
        return out
    }

    /// Decoded batches written by worker threads, one slot each.
    private final class Decoded: @unchecked Sendable {
        private var slots: [Result<EventBatch, any Error>?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: Result<EventBatch, any Error>) { lock.withLock { slots[i] = value } }
        func get(_ i: Int) -> Result<EventBatch, any Error> { lock.withLock { slots[i]! } }
    }

    /// Bytes of stored batches.
    public static func bytes(_ db: Database) throws(SQLiteError) -> Int64 {
        try db.rows("SELECT coalesce(sum(length(batch)), 0) FROM state_files").first?.first?.int64 ?? 0
    }

    /// Inside the caller's transaction: forgets every stored file when `replacing` (a rebuild), then stores `files`
    /// (each with its batch encoded by `BatchCodec.encode`) and the fingerprint.
    public static func save(_ files: [(file: IngestedFile, batch: [UInt8])], replacing: Bool, fingerprint: String,
                            in db: Database) throws(SQLiteError) {
        if replacing { try db.execute("DELETE FROM state_files") }
        let insert = try db.prepare("""
            INSERT INTO state_files (path, size_bytes, mtime_ns, sha256, run_id, lines, events, status, batch)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET size_bytes = excluded.size_bytes, mtime_ns = excluded.mtime_ns,
                sha256 = excluded.sha256, run_id = excluded.run_id, lines = excluded.lines, events = excluded.events,
                status = excluded.status, batch = excluded.batch
            """)
        for (f, batch) in files {
            try insert.bind([.text(f.path), .integer(f.sizeBytes), .integer(f.mtimeNanoseconds), .text(f.sha256),
                             .integer(f.runID), .int(f.lines), .int(f.events), .text(f.status)])
            try insert.bindBlob(batch, at: 9)
            while try insert.step() {}
        }
        try db.prepare("""
            INSERT INTO state_meta (key, value) VALUES ('fingerprint', ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """).run([.text(fingerprint)])
    }
}

extension SQLValue {
    /// The integer value (0 for anything else).
    public var int64: Int64 {
        if case .integer(let v) = self { return v }
        return 0
    }
}
