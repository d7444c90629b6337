import FissionModel
import FissionStore

/// Rejected-line accounting in a partial: counts by reason code, and the stored rejected lines, per file.
enum RejectionRows {
    static func createTables(in db: Database, prefix: String = "") throws {
        try db.execute("""
            CREATE TABLE \(prefix)rejection_counts (path TEXT NOT NULL, reason TEXT NOT NULL, lines INTEGER NOT NULL);
            CREATE TABLE \(prefix)rejections (path TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL,
                excerpt TEXT NOT NULL);
            """)
    }

    static func write(path: String, counts: [(reason: String, lines: Int)], rejections: [Rejection], in db: Database,
                      prefix: String = "") throws {
        let count = try db.prepare("INSERT INTO \(prefix)rejection_counts (path, reason, lines) VALUES (?, ?, ?)")
        for c in counts { try count.run([.text(path), .text(c.reason), .int(c.lines)]) }
        let rejection = try db.prepare("INSERT INTO \(prefix)rejections (path, line, reason, detail, excerpt) VALUES (?, ?, ?, ?, ?)")
        for x in rejections {
            try rejection.run([.text(path), .int(x.line), .text(x.reason.description), .text(x.detail), .text(x.excerpt)])
        }
    }

    /// Counts (sorted by reason) and rejections (in the order written), by path.
    static func read(_ reader: PartialFile.Reader, prefix: String = "")
        throws -> (counts: [String: [(reason: String, lines: Int)]], rejections: [String: [Rejection]]) {
        var counts: [String: [(reason: String, lines: Int)]] = [:]
        for row in try reader.rows("SELECT path, reason, lines FROM \(prefix)rejection_counts ORDER BY path, reason") {
            counts[row[0].description, default: []].append((row[1].description, Int(row[2].int64)))
        }
        var rejections: [String: [Rejection]] = [:]
        for row in try reader.rows("SELECT path, line, reason, detail, excerpt FROM \(prefix)rejections ORDER BY rowid") {
            guard let reason = RejectReason(code: row[2].description) else {
                throw PipelineError.io("partial \(reader.path): unknown reject reason \(row[2].description)")
            }
            rejections[row[0].description, default: []].append(
                Rejection(line: Int(row[1].int64), reason: reason, detail: row[3].description, excerpt: row[4].description))
        }
        return (counts, rejections)
    }
}
