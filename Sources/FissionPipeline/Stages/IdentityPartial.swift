import FissionClean
import FissionModel
import FissionStore
import Foundation

/// The tables of the identity partial (`resolve`'s output), and reading them back for `reduce` and `finalize`.
enum IdentityPartial {
    static func createTables(_ db: Database) throws {
        try db.execute("""
            CREATE TABLE records (path TEXT PRIMARY KEY, unread INTEGER NOT NULL, size_bytes INTEGER NOT NULL, lines INTEGER NOT NULL,
                accepted INTEGER NOT NULL, duplicates INTEGER NOT NULL, outside_window INTEGER NOT NULL, ignored INTEGER NOT NULL,
                rejected INTEGER NOT NULL, status TEXT NOT NULL, error TEXT);
            CREATE TABLE record_rejection_counts (path TEXT NOT NULL, reason TEXT NOT NULL, lines INTEGER NOT NULL);
            CREATE TABLE record_rejections (path TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL,
                excerpt TEXT NOT NULL);
            CREATE TABLE used_rows (path TEXT PRIMARY KEY, rows BLOB NOT NULL, accounts BLOB NOT NULL);
            CREATE TABLE accounts (idx INTEGER PRIMARY KEY, platform TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
                person INTEGER NOT NULL);
            CREATE TABLE persons (idx INTEGER PRIMARY KEY, key TEXT NOT NULL, shard INTEGER NOT NULL);
            CREATE TABLE folded_platforms (name TEXT PRIMARY KEY);
            CREATE TABLE suspicious_keys (ord INTEGER PRIMARY KEY, key_type TEXT NOT NULL, platform TEXT NOT NULL, key TEXT NOT NULL,
                reason TEXT NOT NULL, accounts INTEGER NOT NULL, events INTEGER NOT NULL);
            """)
    }

    /// The ledger rows of the files read (with their rejections) and of those not read (`unread`).
    static func write(records: [FileRecord], unread: [FileRecord], in db: Database) throws {
        let record = try db.prepare("""
            INSERT INTO records (path, unread, size_bytes, lines, accepted, duplicates, outside_window, ignored, rejected, status, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let count = try db.prepare("INSERT INTO record_rejection_counts (path, reason, lines) VALUES (?, ?, ?)")
        let rejection = try db.prepare("INSERT INTO record_rejections (path, line, reason, detail, excerpt) VALUES (?, ?, ?, ?, ?)")
        for (isUnread, list) in [(false, records), (true, unread)] {
            for r in list {
                try record.run([.text(r.path), .int(isUnread ? 1 : 0), .integer(r.sizeBytes), .int(r.lines), .int(r.accepted),
                                .int(r.duplicates), .int(r.outsideWindow), .int(r.ignored), .int(r.rejected), .text(r.status),
                                r.error.map(SQLValue.text) ?? .null])
                for c in r.rejectionCounts { try count.run([.text(r.path), .text(c.reason), .int(c.lines)]) }
                for x in r.rejections {
                    try rejection.run([.text(r.path), .int(x.line), .text(x.reason.description), .text(x.detail), .text(x.excerpt)])
                }
            }
        }
    }

    /// The ledger rows: files read (in path order) and files not read.
    static func records(_ reader: PartialFile.Reader) throws -> (read: [FileRecord], unread: [FileRecord]) {
        var counts: [String: [(reason: String, lines: Int)]] = [:]
        for row in try reader.rows("SELECT path, reason, lines FROM record_rejection_counts ORDER BY path, reason") {
            counts[row[0].description, default: []].append((row[1].description, Int(row[2].int64)))
        }
        var rejections: [String: [Rejection]] = [:]
        for row in try reader.rows("SELECT path, line, reason, detail, excerpt FROM record_rejections ORDER BY rowid") {
            guard let reason = RejectReason(code: row[2].description) else {
                throw PipelineError.io("partial \(reader.path): unknown reject reason \(row[2].description)")
            }
            rejections[row[0].description, default: []].append(
                Rejection(line: Int(row[1].int64), reason: reason, detail: row[3].description, excerpt: row[4].description))
        }
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
            accountPerson.append(Int32(row[3].int64))
        }
        var keys: [String] = []
        var shards: [Int] = []
        for row in try reader.rows("SELECT key, shard FROM persons ORDER BY idx") {
            keys.append(row[0].description)
            shards.append(Int(row[1].int64))
        }
        guard accountPerson.allSatisfy({ $0 >= 0 && Int($0) < keys.count }) else {
            throw PipelineError.io("partial \(reader.path): an account names a person that is not there")
        }
        return (accounts, accountPerson, keys, shards)
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

    /// Little-endian 32-bit integers.
    static func encode(_ values: [Int32]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 4)
        for v in values { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        return out
    }

    static func decode(_ bytes: [UInt8], in path: String) throws -> [Int32] {
        guard bytes.count % 4 == 0 else { throw PipelineError.io("partial \(path): an integer column is cut short") }
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            Int32(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: i, as: Int32.self) })
        }
    }
}
