import FissionModel

/// What a finished run reports to its caller (the CLI prints it).
public struct RunSummary: Sendable {
    public var runID: Int64
    public var database: String
    public var files: Int
    public var bytes: Int64
    public var linesRead: Int
    public var eventsAccepted: Int
    public var duplicatesDropped: Int
    public var linesRejected: Int
    /// Of `eventsAccepted`: outside the report window, and not used at all (before `history`, after `--as-of`).
    public var eventsOutsideWindow: Int
    public var eventsIgnored: Int
    public var persons: Int
    /// Each published table and its row count, in publish order.
    public var tables: [(name: String, rows: Int)]
    /// Headline figures from the jobs, in job order.
    public var headline: [String]
    /// Files that were not read to the end: path, status (`truncated` / `unreadable`) and error.
    public var damagedFiles: [(path: String, status: String, error: String)]
    public var elapsedSeconds: Double
    /// Wall time of each stage (ingest with de-duplication, clean, aggregate, publish), in order.
    public var stageSeconds: [(stage: String, seconds: Double)]
}
