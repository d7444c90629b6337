import FissionIngest
import FissionModel
import FissionState
import FissionStore
import Foundation

/// `fission extract`: reads a group of input files into one partial, in parallel over the files.
///
/// The partial holds, per file, what ingest learned: its listing (size, modification time, content hash), line and
/// rejection accounting, the stored rejected lines, and the accepted events as an `FSB1` batch (`BatchCodec`), in
/// line order. Duplicates, identity and the report window are decided later (`resolve`), over all files. Future
/// timestamps are screened against the run's clock (`--now`, else this machine's), recorded in the partial.
public struct ExtractStage: Sendable {
    public var run: StageRun

    public init(run: StageRun) {
        self.run = run
    }

    /// An input file: where this task reads it, and the path the ledger records (its name in the input listing,
    /// e.g. an `hdfs://` URI fetched to local scratch).
    public struct Input: Sendable, Hashable {
        public var local: String
        public var recorded: String
        public init(local: String, recorded: String? = nil) {
            self.local = URL(fileURLWithPath: local).standardizedFileURL.path
            self.recorded = recorded ?? self.local
        }
    }

    /// What was extracted, for the command's summary line.
    public struct Summary: Sendable {
        public var files: Int
        public var lines: Int
        public var events: Int
        public var rejected: Int
        public var bytes: Int64
    }

    public func extract(_ inputs: [Input], to out: String) throws -> Summary {
        let inputs = Array(Set(inputs)).sorted { $0.recorded < $1.recorded }
        if let twice = Dictionary(grouping: inputs, by: \.recorded).first(where: { $0.value.count > 1 }) {
            throw PipelineError.usage("\(twice.key) is given twice, from \(twice.value.map(\.local).joined(separator: " and "))")
        }
        for input in inputs {
            var st = stat()
            // Not regular files (FIFOs, devices, folders) are never inputs: `fission inputs` lists them as skipped.
            if stat(input.local, &st) == 0, st.st_mode & S_IFMT != S_IFREG {
                throw PipelineError.usage("\(input.local) is not a regular file")
            }
        }
        let paths = inputs.map(\.local)
        // Listed before reading (in parallel): a file that changes while it is read is recorded `in_progress`.
        let listings = PipelineRunner.parallelMap(paths, threads: run.config.threads) { path -> InputPlan.NewFile? in
            guard let stat = FileStat(path), let sha = SHA256.hex(ofFile: path) else { return nil }
            return InputPlan.NewFile(path: path, sizeBytes: stat.size, mtimeNanoseconds: stat.mtimeNanoseconds, sha256: sha)
        }
        let listed = Dictionary(listings.compactMap { $0.map { ($0.path, $0) } }, uniquingKeysWith: { a, _ in a })
        var read = run.runner.read(paths, listed: listed, totalBytes: listed.values.reduce(0) { $0 + $1.sizeBytes })
        for i in read.indices { read[i].path = inputs[i].recorded }
        let results = read
        let batches = PipelineRunner.parallelMap(results.indices.map { $0 }, threads: run.config.threads) { BatchCodec.encode(results[$0].batch) }
        let meta = ["run_key": run.extractKey, "clock_ms": String(PipelineRunner.timestamp(run.runner.now).millisecondsSinceEpoch)]
        try PartialFile.write(to: out, kind: .extract, meta: meta) { db in
            try db.execute("""
                CREATE TABLE files (path TEXT PRIMARY KEY, size_bytes INTEGER NOT NULL, mtime_ns INTEGER, sha256 TEXT,
                    lines INTEGER NOT NULL, events INTEGER NOT NULL, rejected INTEGER NOT NULL, status TEXT NOT NULL,
                    error TEXT, batch BLOB NOT NULL);
                """)
            try RejectionRows.createTables(in: db)
            let file = try db.prepare("""
                INSERT INTO files (path, size_bytes, mtime_ns, sha256, lines, events, rejected, status, error, batch)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (r, (input, batch)) in zip(results, zip(inputs, batches)) {
                let listing = listed[input.local]
                try file.bind([.text(r.path), .integer(r.sizeBytes), listing.map { .integer($0.mtimeNanoseconds) } ?? .null,
                               listing.map { .text($0.sha256) } ?? .null, .int(r.linesRead), .int(r.batch.count), .int(r.rejected),
                               .text(r.status.rawValue), r.error.map(SQLValue.text) ?? .null])
                try file.bindBlob(batch, at: 10)
                while try file.step() {}
                try RejectionRows.write(path: r.path, counts: r.rejectionCounts.map { ($0.key.description, $0.value) },
                                        rejections: r.rejections, in: db)
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
        /// As listed when read (under its recorded path); nil when it could not be hashed.
        var listing: InputPlan.NewFile?
        /// Accepted events, as the ledger row says (the batch agrees).
        var events: Int
    }

    /// The files of the extract partial `reader`, in path order, with their batches (`stripProperties`: without the
    /// events' properties, for `resolve`).
    static func files(of reader: PartialFile.Reader, stripProperties: Bool = false) throws -> [File] {
        let (counts, rejections) = try RejectionRows.read(reader)
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
            for c in counts[path] ?? [] {
                guard let reason = RejectReason(code: c.reason) else { throw PipelineError.io("partial \(reader.path): unknown reject reason \(c.reason)") }
                result.rejectionCounts[reason] = c.lines
            }
            result.rejections = rejections[path] ?? []
            var listing: InputPlan.NewFile?
            if case .text(let sha) = row[3] {
                listing = InputPlan.NewFile(path: path, sizeBytes: row[1].int64, mtimeNanoseconds: row[2].int64, sha256: sha)
            }
            out.append(File(result: result, listing: listing, events: Int(row[5].int64)))
        }
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
