import FissionModel
import FissionStore
import Foundation

/// The files the distributed stages hand each other (`docs/scaling.md`): SQLite databases with a `partial_meta`
/// key/value table that names the format, its version, the stage that wrote it and the run it belongs to.
///
/// A partial is written under a temporary name in one transaction and renamed into place, so a reader sees a whole
/// file or none, and a retried or speculative task that writes the same partial again is harmless. Every reader
/// checks the format, version, kind and run key, and runs SQLite's `quick_check`, so a truncated or damaged file,
/// a partial of another version, stage or config is a clear error naming the file.
enum PartialFile {
    static let format = "fission-partial"
    /// Raised whenever a partial's tables or blobs change meaning (2: `used_rows` with accounts, content hashes and
    /// event counts; `shards`; extract `clock_ms`).
    static let version = 2

    /// Which stage wrote a partial.
    enum Kind: String {
        case extract, identity, reduced
    }

    /// Writes a partial of `kind` at `path`: `body` creates and fills its tables inside one transaction.
    static func write(to path: String, kind: Kind, meta: [String: String], _ body: (Database) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw PipelineError.io("cannot create the folder of \(path): \(error.localizedDescription)")
        }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        do {
            let db = try Database(path: temporary)
            try db.execute("PRAGMA journal_mode = DELETE")
            try db.execute("PRAGMA synchronous = FULL")  // on disk before the rename makes it visible
            try db.execute("CREATE TABLE partial_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            _ = try db.transaction { () throws -> Void in
                let insert = try db.prepare("INSERT INTO partial_meta (key, value) VALUES (?, ?)")
                let all = meta.merging(["format": format, "version": String(version), "kind": kind.rawValue,
                                        "tool_version": FissionVersion.string]) { a, _ in a }
                for (key, value) in all.sorted(by: { $0.key < $1.key }) { try insert.run([.text(key), .text(value)]) }
                try body(db)
            }
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.io("cannot write partial \(path): \(error)")
        }
        guard rename(temporary, path) == 0 else {
            throw PipelineError.io("cannot move partial into place at \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// An opened, validated partial.
    struct Reader {
        let path: String
        let db: Database
        let meta: [String: String]

        /// The meta value `key`, which must be there.
        func value(_ key: String) throws -> String {
            guard let v = meta[key] else { throw PipelineError.io("partial \(path): partial_meta has no \(key)") }
            return v
        }

        func int(_ key: String) throws -> Int {
            guard let n = Int(try value(key)) else { throw PipelineError.io("partial \(path): \(key) is not an integer") }
            return n
        }

        /// Runs `sql`, naming the partial in any error.
        func rows(_ sql: String, _ bindings: [SQLValue] = []) throws -> [[SQLValue]] {
            do {
                return try db.rows(sql, bindings)
            } catch {
                throw PipelineError.io("partial \(path) is damaged: \(error)")
            }
        }

        /// Steps through `sql`'s rows one at a time (for blobs too large to hold all at once).
        func each(_ sql: String, _ row: (Statement) throws -> Void) throws {
            do {
                let statement = try db.prepare(sql)
                try statement.bind([])
                while try statement.step() { try row(statement) }
            } catch let error as PipelineError {
                throw error
            } catch {
                throw PipelineError.io("partial \(path) is damaged: \(error)")
            }
        }
    }

    /// Opens the partial at `path` and checks that it is whole, of this format version, of `kind`, and written for
    /// run key `key` (`StageRun.extractKey` or `StageRun.runKey`), by this version of fission.
    static func open(_ path: String, kind: Kind, key: String) throws -> Reader {
        guard FileManager.default.fileExists(atPath: path) else { throw PipelineError.io("partial \(path) does not exist") }
        let db: Database
        var meta: [String: String] = [:]
        do {
            db = try Database(path: path, readOnly: true)
            let check = try db.rows("PRAGMA quick_check").map { $0[0].description }
            guard check == ["ok"] else {
                throw PipelineError.io("partial \(path) is damaged (truncated or overwritten?): \(check.prefix(3).joined(separator: "; "))")
            }
            for row in try db.rows("SELECT key, value FROM partial_meta") { meta[row[0].description] = row[1].description }
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.io("\(path) is not a readable Fission partial (truncated, or not a partial at all): \(error)")
        }
        guard meta["format"] == format else { throw PipelineError.io("\(path) is not a Fission partial (format \(meta["format"] ?? "missing"))") }
        guard meta["version"] == String(version) else {
            throw PipelineError.io("partial \(path) has format version \(meta["version"] ?? "?"); this fission (\(FissionVersion.string)) reads version \(version): rerun the stages that wrote it")
        }
        guard meta["tool_version"] == FissionVersion.string else {
            throw PipelineError.io("partial \(path) was written by fission \(meta["tool_version"] ?? "?"), this is \(FissionVersion.string): run every stage of a run with one build")
        }
        guard meta["kind"] == kind.rawValue else {
            throw PipelineError.io("partial \(path) was written by `\(meta["kind"] ?? "?")`, expected a partial of `\(kind.rawValue)`")
        }
        guard meta["run_key"] == key else {
            throw PipelineError.io("partial \(path) belongs to another run (config, time zone or --as-of differ): its key is \(meta["run_key"] ?? "?"), this run's is \(key)")
        }
        return Reader(path: path, db: db, meta: meta)
    }
}
