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

/// Everything ingest learned from one file. `linesRead == events.count + rejections.count`.
public struct FileIngestResult: Sendable, Equatable {
    public var path: String
    /// Size of the file on disk, in bytes (0 if it cannot be read).
    public var sizeBytes: Int64
    public var linesRead: Int
    /// Accepted events, in line order. Duplicates are not decided yet.
    public var events: [Event]
    /// Line numbers of `events`, parallel to it.
    public var eventLines: [Int32]
    /// A 64-bit fingerprint of each of `events`' raw lines, parallel to it: tells copies of a duplicated `event_id`
    /// with identical bytes from those that differ (whose bytes are then re-read to compare them).
    public var eventRawHash: [UInt64]
    public var rejections: [Rejection]
    public var status: FileStatus
    /// What went wrong with the file as a whole, for `input_files.error`.
    public var error: String?

    public init(path: String) {
        self.path = path
        sizeBytes = 0
        linesRead = 0
        events = []
        eventLines = []
        eventRawHash = []
        rejections = []
        status = .ok
        error = nil
    }
}
