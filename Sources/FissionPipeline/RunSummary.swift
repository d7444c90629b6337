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
    /// Inputs that were not read whole: path, status (`truncated`, `corrupt`, `empty`, `unreadable`, `skipped`) and
    /// error. Any makes the run `succeeded_with_warnings` (exit code 4).
    public var damagedFiles: [(path: String, status: String, error: String)]
    /// The process exit code for this outcome: 0, or 4 when inputs were not read whole.
    public var exitCode: Int32 { damagedFiles.isEmpty && partitionWarnings.isEmpty ? 0 : PipelineError.warningsExitCode }
    public var elapsedSeconds: Double
    /// Wall time of each stage (ingest with de-duplication, clean, aggregate, publish), in order.
    public var stageSeconds: [(stage: String, seconds: Double)]
    /// `incremental` or `rebuild`.
    public var mode: String = "rebuild"
    /// Input files not read because an earlier run ingested them, or because they repeat an ingested file's content.
    public var filesAlreadyIngested = 0
    public var filesRedelivered = 0
    /// Things the on-call engineer should know (an interrupted earlier run, an automatic rebuild and why).
    public var notes: [String] = []
    /// Input completeness findings (`partitions` config): missing, empty or thin partitions.
    public var partitionWarnings: [String] = []
}
