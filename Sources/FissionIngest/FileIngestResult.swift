import FissionModel

/// How far a file could be read.
public enum FileStatus: String, Sendable, Equatable {
    /// Read to the end.
    case ok
    /// Damaged or cut short: lines before the damage were kept.
    case truncated
    /// Could not be opened, or is not gzip at all.
    case unreadable
}

/// Everything ingest learned from one file. `linesRead == batch.count + rejections.count`.
public struct FileIngestResult: Sendable, Equatable {
    public var path: String
    /// Size of the file on disk, in bytes (0 if it cannot be read).
    public var sizeBytes: Int64
    public var linesRead: Int
    /// Accepted events, in line order, in columns (with their line numbers and the fingerprints of their raw
    /// lines, which tell byte-identical copies of a duplicated `event_id` from different ones). Duplicates are not
    /// decided yet.
    public var batch: EventBatch
    public var rejections: [Rejection]
    public var status: FileStatus
    /// What went wrong with the file as a whole, for `input_files.error`.
    public var error: String?

    public init(path: String) {
        self.path = path
        sizeBytes = 0
        linesRead = 0
        batch = EventBatch()
        rejections = []
        status = .ok
        error = nil
    }
}
