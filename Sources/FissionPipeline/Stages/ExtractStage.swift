import FissionIngest
import FissionModel
import FissionState
import FissionStore
import Foundation

/// `fission extract`: reads a group of input files into one partial, in parallel over the files.
///
/// The partial holds, per file, what ingest learned: its listing (size, modification time, content hash), line and
/// rejection accounting, the stored rejected lines, and the accepted events as an `FSB1` batch (`BatchCodec`), in
/// line order. Duplicates, identity and the report window are decided later (`resolve`), over all files.
public struct ExtractStage: Sendable {
    public var run: StageRun

    public init(run: StageRun) {
        self.run = run
    }

    /// What was extracted, for the command's summary line.
    public struct Summary: Sendable {
        public var files: Int
        public var lines: Int
        public var events: Int
        public var rejected: Int
        public var bytes: Int64
    }

    public func extract(files: [String], to out: String) throws -> Summary {
        let paths = Array(Set(files)).sorted()
        // Listed before reading (in parallel): a file that changes while it is read is recorded `in_progress`.
        let listings = PipelineRunner.parallelMap(paths, threads: run.config.threads) { path -> InputPlan.NewFile? in
            guard let stat = FileStat(path), let sha = SHA256.hex(ofFile: path) else { return nil }
            return InputPlan.NewFile(path: path, sizeBytes: stat.size, mtimeNanoseconds: stat.mtimeNanoseconds, sha256: sha)
        }
        let listed = Dictionary(listings.compactMap { $0.map { ($0.path, $0) } }, uniquingKeysWith: { a, _ in a })
        let results = run.runner.read(paths, listed: listed, totalBytes: listed.values.reduce(0) { $0 + $1.sizeBytes })
        let batches = PipelineRunner.parallelMap(results.indices.map { $0 }, threads: run.config.threads) { BatchCodec.encode(results[$0].batch) }
        try PartialFile.write(to: out, kind: .extract, meta: ["run_key": run.extractKey]) { db in
            try db.execute("""
                CREATE TABLE files (path TEXT PRIMARY KEY, size_bytes INTEGER NOT NULL, mtime_ns INTEGER, sha256 TEXT,
                    lines INTEGER NOT NULL, events INTEGER NOT NULL, rejected INTEGER NOT NULL, status TEXT NOT NULL,
                    error TEXT, batch BLOB NOT NULL);
                CREATE TABLE rejection_counts (path TEXT NOT NULL, reason TEXT NOT NULL, lines INTEGER NOT NULL,
                    PRIMARY KEY (path, reason));
                CREATE TABLE rejections (path TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL,
                    excerpt TEXT NOT NULL);
                """)
            let file = try db.prepare("""
                INSERT INTO files (path, size_bytes, mtime_ns, sha256, lines, events, rejected, status, error, batch)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let count = try db.prepare("INSERT INTO rejection_counts (path, reason, lines) VALUES (?, ?, ?)")
            let rejection = try db.prepare("INSERT INTO rejections (path, line, reason, detail, excerpt) VALUES (?, ?, ?, ?, ?)")
            for (r, batch) in zip(results, batches) {
                let listing = listed[r.path]
                try file.bind([.text(r.path), .integer(r.sizeBytes), listing.map { .integer($0.mtimeNanoseconds) } ?? .null,
                               listing.map { .text($0.sha256) } ?? .null, .int(r.linesRead), .int(r.batch.count), .int(r.rejected),
                               .text(r.status.rawValue), r.error.map(SQLValue.text) ?? .null])
                try file.bindBlob(batch, at: 10)
                while try file.step() {}
                for (reason, lines) in r.rejectionCounts { try count.run([.text(r.path), .text(reason.description), .int(lines)]) }
                for x in r.rejections {
                    try rejection.run([.text(r.path), .int(x.line), .text(x.reason.description), .text(x.detail), .text(x.excerpt)])
                }
            }
        }
        return Summary(files: results.count, lines: results.reduce(0) { $0 + $1.linesRead },
                       events: results.reduce(0) { $0 + $1.batch.count }, rejected: results.reduce(0) { $0 + $1.rejected },
                       bytes: results.reduce(0) { $0 + $1.sizeBytes })
    }
}

extension ExtractStage {
    /// A file of an extract partial, as `resolve` and `reduce` read it back.
    struct File {
        var result: FileIngestResult
        var listing: InputPlan.NewFile?
        var partial: String
        /// Accepted events, as the ledger row says (the batch must agree).
        var events: Int
    }

    /// The files of the extract partial `reader`; with `batches: false` their batches are left empty.
    static func files(of reader: PartialFile.Reader, batches: Bool, stripProperties: Bool = false) throws -> [File] {
        var counts: [String: [RejectReason: Int]] = [:]
        for row in try reader.rows("SELECT path, reason, lines FROM rejection_counts") {
            guard let reason = RejectReason(code: row[1].description) else {
                throw PipelineError.io("partial \(reader.path): unknown reject reason \(row[1].description)")
            }
            counts[row[0].description, default: [:]][reason] = Int(row[2].int64)
        }
        var rejections: [String: [Rejection]] = [:]
        for row in try reader.rows("SELECT path, line, reason, detail, excerpt FROM rejections ORDER BY rowid") {
            guard let reason = RejectReason(code: row[2].description) else {
                throw PipelineError.io("partial \(reader.path): unknown reject reason \(row[2].description)")
            }
            rejections[row[0].description, default: []].append(
                Rejection(line: Int(row[1].int64), reason: reason, detail: row[3].description, excerpt: row[4].description))
        }
        var out: [File] = []
        for row in try reader.rows("SELECT path, size_bytes, mtime_ns, sha256, lines, events, rejected, status, error FROM files ORDER BY path") {
            let path = row[0].description
            var result = FileIngestResult(path: path)
            result.sizeBytes = row[1].int64
            result.linesRead = Int(row[4].int64)
            result.rejected = Int(row[6].int64)
            guard let status = FileStatus(rawValue: row[7].description) else {
                throw PipelineError.io("partial \(reader.path): unknown file status \(row[7].description)")
            }
            result.status = status
            if case .text(let error) = row[8] { result.error = error }
            result.rejectionCounts = counts[path] ?? [:]
            result.rejections = rejections[path] ?? []
            var listing: InputPlan.NewFile?
            if case .text(let sha) = row[3] {
                listing = InputPlan.NewFile(path: path, sizeBytes: row[1].int64, mtimeNanoseconds: row[2].int64, sha256: sha)
            }
            out.append(File(result: result, listing: listing, partial: reader.path, events: Int(row[5].int64)))
        }
        guard batches else { return out }
        var i = 0
        try reader.each("SELECT path, batch FROM files ORDER BY path") { s in
            guard i < out.count, out[i].result.path == s.text(column: 0) else { throw PipelineError.io("partial \(reader.path) changed while read") }
            var batch: EventBatch
            do {
                batch = try BatchCodec.decode(s.blob(column: 1))
            } catch {
                throw PipelineError.io("partial \(reader.path), file \(out[i].result.path): \(error)")
            }
            guard batch.count == out[i].events else {
                throw PipelineError.io("partial \(reader.path), file \(out[i].result.path): \(batch.count) events, the ledger says \(out[i].events)")
            }
            if stripProperties {
                batch.properties = []
                batch.propertyStarts = Array(repeating: 0, count: batch.count + 1)
            }
            out[i].result.batch = batch
            i += 1
        }
        return out
    }
}
