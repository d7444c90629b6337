import FissionModel

/// How far a file could be read.
public enum FileStatus: String, Sendable, Equatable {
    /// Read to the end, every gzip member verified.
    case ok
    /// The file ends inside a gzip member (cut short, or still being written): that member's lines are rejected as
    /// `truncated_gzip`.
    case truncated
    /// A gzip member failed verification (corrupt data, CRC or length): its lines are rejected as `corrupt_gzip`,
    /// and reading resumed at the next member header, if any.
    case corrupt
    /// Zero bytes: not even an empty gzip stream (`gzip -t` calls it an error).
    case empty
    /// Could not be opened or read, vanished, or is not gzip at all.
    case unreadable
    /// Found inside an input folder but not read: not a regular file, a broken link, a link loop, or a folder
    /// reached twice. `input_files.error` says which.
    case skipped
    /// Not read: the same content as a file already ingested (the nightly ledger), delivered again under this path.
    case redelivered
    /// Changed while being read (still being written): nothing of it is used; the next run reads it again.
    case inProgress = "in_progress"
}

/// Everything ingest learned from one file. `linesRead == batch.count + rejected`.
public struct FileIngestResult: Sendable, Equatable {
    public var path: String
    /// Size of the file on disk, in bytes (0 if it cannot be read).
    public var sizeBytes: Int64
    public var linesRead: Int
    /// Accepted events, in line order, in columns (with their line numbers and the fingerprints of their raw
    /// lines, which tell byte-identical copies of a duplicated `event_id` from different ones). Duplicates are not
    /// decided yet.
    public var batch: EventBatch
    /// Rejected lines: all of them counted, by reason; the first `FileIngestor.maxStoredRejections` kept as rows.
    public var rejected: Int
    public var rejectionCounts: [RejectReason: Int]
    public var rejections: [Rejection]
    public var status: FileStatus
    /// What went wrong with the file as a whole, for `input_files.error`.
    public var error: String?

    public init(path: String) {
        self.path = path
        sizeBytes = 0
        linesRead = 0
        batch = EventBatch()
        rejected = 0
        rejectionCounts = [:]
        rejections = []
        status = .ok
        error = nil
    }
}
