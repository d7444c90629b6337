import FissionClean
import FissionModel
import FissionState
import FissionStore
import Foundation

/// The tables of the identity partial (`resolve`'s output), and reading them back for `reduce` and `finalize`.
enum IdentityPartial {
    static func createTables(_ db: Database) throws {
        try db.execute("""
            CREATE TABLE records (path TEXT PRIMARY KEY, unread INTEGER NOT NULL, size_bytes INTEGER NOT NULL, lines INTEGER NOT NULL,
                accepted INTEGER NOT NULL, duplicates INTEGER NOT NULL, outside_window INTEGER NOT NULL, ignored INTEGER NOT NULL,
                rejected INTEGER NOT NULL, status TEXT NOT NULL, error TEXT);
            CREATE TABLE used_rows (path TEXT PRIMARY KEY, sha256 TEXT, events INTEGER NOT NULL, rows BLOB NOT NULL,
                accounts BLOB NOT NULL);
            CREATE TABLE shards (shard INTEGER PRIMARY KEY, persons INTEGER NOT NULL, events INTEGER NOT NULL);
            CREATE TABLE accounts (idx INTEGER PRIMARY KEY, platform TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
                person INTEGER NOT NULL);
            CREATE TABLE persons (idx INTEGER PRIMARY KEY, key TEXT NOT NULL, shard INTEGER NOT NULL);
            CREATE TABLE folded_platforms (name TEXT PRIMARY KEY);
            CREATE TABLE suspicious_keys (ord INTEGER PRIMARY KEY, key_type TEXT NOT NULL, platform TEXT NOT NULL, key TEXT NOT NULL,
                reason TEXT NOT NULL, accounts INTEGER NOT NULL, events INTEGER NOT NULL);
            """)
        try RejectionRows.createTables(in: db, prefix: "record_")
    }

    /// The ledger rows of the files read (with their rejections) and of those not read (`unread`).
    static func write(records: [FileRecord], unread: [FileRecord], in db: Database) throws {
        let record = try db.prepare("""
            INSERT INTO records (path, unread, size_bytes, lines, accepted, duplicates, outside_window, ignored, rejected, status, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (isUnread, list) in [(false, records), (true, unread)] {
            for r in list {
                try record.run([.text(r.path), .int(isUnread ? 1 : 0), .integer(r.sizeBytes), .int(r.lines), .int(r.accepted),
                                .int(r.duplicates), .int(r.outsideWindow), .int(r.ignored), .int(r.rejected), .text(r.status),
                                r.error.map(SQLValue.text) ?? .null])
                try RejectionRows.write(path: r.path, counts: r.rejectionCounts, rejections: r.rejections, in: db, prefix: "record_")
            }
        }
    }

    /// The ledger rows: files read (in path order) and files not read.
    static func records(_ reader: PartialFile.Reader) throws -> (read: [FileRecord], unread: [FileRecord]) {
        let (counts, rejections) = try RejectionRows.read(reader, prefix: "record_")
        var read: [FileRecord] = []
        var unread: [FileRecord] = []
        for row in try reader.rows("""
            SELECT path, unread, size_bytes, lines, accepted, duplicates, outside_window, ignored, rejected, status, error
            FROM records ORDER BY path
            """) {
            let path = row[0].description
            var r = FileRecord(path: path, sizeBytes: row[2].int64, lines: Int(row[3].int64), accepted: Int(row[4].int64),
                               duplicates: Int(row[5].int64), rejections: rejections[path] ?? [], status: row[9].description,
                               error: { if case .text(let e) = row[10] { return e } else { return nil } }())
            r.outsideWindow = Int(row[6].int64)
            r.ignored = Int(row[7].int64)
            r.rejected = Int(row[8].int64)
            r.rejectionCounts = counts[path] ?? []
            if row[1].int64 == 1 { unread.append(r) } else { read.append(r) }
        }
        return (read, unread)
    }

    /// Accounts (sorted, as `Identities.accounts`) with their persons, and persons with their keys and shards.
    static func accounts(_ reader: PartialFile.Reader) throws
        -> (accounts: [AccountKey], accountPerson: [Int32], personKeys: [String], personShard: [Int]) {
        var accounts: [AccountKey] = []
        var accountPerson: [Int32] = []
        for row in try reader.rows("SELECT platform, kind, id, person FROM accounts ORDER BY idx") {
            guard let kind = AccountKey.Kind(rawValue: row[1].description) else {
                throw PipelineError.io("partial \(reader.path): unknown account kind \(row[1].description)")
            }
            accounts.append(AccountKey(platform: row[0].description, kind: kind, id: row[2].description))
            guard let person = Int32(exactly: row[3].int64) else { throw PipelineError.io("partial \(reader.path): person index out of range") }
            accountPerson.append(person)
        }
        var keys: [String] = []
        var shards: [Int] = []
        for row in try reader.rows("SELECT key, shard FROM persons ORDER BY idx") {
            keys.append(row[0].description)
            shards.append(Int(row[1].int64))
        }
        let n = try reader.int("shards")
        guard shards.allSatisfy({ (0..<n).contains($0) }) else { throw PipelineError.io("partial \(reader.path): a person's shard is out of range") }
        guard accountPerson.allSatisfy({ $0 >= 0 && Int($0) < keys.count }) else {
            throw PipelineError.io("partial \(reader.path): an account names a person that is not there")
        }
        return (accounts, accountPerson, keys, shards)
    }

    /// The events each shard must hold, by shard.
    static func shardEvents(_ reader: PartialFile.Reader) throws -> [Int] {
        try reader.rows("SELECT events FROM shards ORDER BY shard").map { Int($0[0].int64) }
    }

    static func suspiciousKeys(_ reader: PartialFile.Reader) throws -> [SuspiciousIdentityKey] {
        try reader.rows("SELECT key_type, platform, key, reason, accounts, events FROM suspicious_keys ORDER BY ord").map { row in
            guard let type = SuspiciousIdentityKey.KeyType(rawValue: row[0].description),
                  let reason = SuspiciousIdentityKey.Reason(rawValue: row[3].description) else {
                throw PipelineError.io("partial \(reader.path): unknown suspicious key type or reason")
            }
            return SuspiciousIdentityKey(keyType: type, platform: row[1].description, key: row[2].description, reason: reason,
                                         accounts: Int(row[4].int64), events: Int(row[5].int64))
        }
    }

    /// A column of `BatchCodec.encode(int32s:)` from the partial at `path`.
    static func decode(_ bytes: [UInt8], in path: String) throws -> [Int32] {
        do {
            return try BatchCodec.decode(int32s: bytes)
        } catch {
            throw PipelineError.io("partial \(path): \(error)")
        }
    }
}
