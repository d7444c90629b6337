import FissionModel

/// One `pipeline_runs` row.
public struct RunRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        case succeeded
        /// Reports were published, but some input could not be read whole (`warnings` files: damaged, empty,
        /// unreadable or skipped; see `input_files.status`). Exit code 4, so a scheduler can alert.
        case succeededWithWarnings = "succeeded_with_warnings"
        case failed
    }
    public var startedAt: Timestamp
    public var finishedAt: Timestamp
    public var configName: String
    public var configPath: String
    public var configSHA256: String
    public var status: Status
    /// Why a failed run failed; nil when it succeeded.
    public var message: String?
    public var files: Int
    public var bytes: Int64
    public var linesRead: Int
    public var eventsAccepted: Int
    public var duplicatesDropped: Int
    public var linesRejected: Int
    /// Accepted events on local days outside the report window (used for first facts and outcomes, not reported).
    public var eventsOutsideWindow: Int = 0
    /// Accepted events before `history` or after `--as-of`: not used by any report.
    public var eventsIgnored: Int = 0
    /// The effective settings beyond the config file: time zone, resolved date range, run clock, inputs.
    public var settings: String = ""
    /// Warnings: input files whose status is not `ok`, and input-completeness findings (`run_warnings`).
    public var warnings: Int = 0
    /// `incremental` (new files folded into the stored state) or `rebuild` (everything from the inputs).
    public var mode: String = "rebuild"
    /// Input files found already ingested by an earlier run, not read again.
    public var filesAlreadyIngested: Int = 0
    /// Size of the database file before this run's write, and of the stored state after it.
    public var databaseBytes: Int64 = 0
    public var stateBytes: Int64 = 0

    public init(startedAt: Timestamp, finishedAt: Timestamp, configName: String, configPath: String, configSHA256: String,
                status: Status, message: String?, files: Int, bytes: Int64, linesRead: Int, eventsAccepted: Int,
                duplicatesDropped: Int, linesRejected: Int) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.configName = configName
        self.configPath = configPath
        self.configSHA256 = configSHA256
        self.status = status
        self.message = message
        self.files = files
        self.bytes = bytes
        self.linesRead = linesRead
        self.eventsAccepted = eventsAccepted
        self.duplicatesDropped = duplicatesDropped
        self.linesRejected = linesRejected
    }
}

/// One `input_files` row, with its rejected lines: all counted by reason, the first ones stored as rows.
public struct FileRecord: Sendable {
    public var path: String
    public var sizeBytes: Int64
    public var lines: Int
    public var accepted: Int
    public var duplicates: Int
    /// Of `accepted`: events outside the report window, and events not used at all (see `RunRecord`).
    public var outsideWindow: Int = 0
    public var ignored: Int = 0
    /// Every rejected line of the file.
    public var rejected: Int
    /// `rejected` by reason code, sorted by reason.
    public var rejectionCounts: [(reason: String, lines: Int)] = []
    /// The rejected lines stored in `rejected_lines` (capped per file and per run).
    public var rejections: [Rejection]
    public var status: String
    public var error: String?

    public init(path: String, sizeBytes: Int64, lines: Int, accepted: Int, duplicates: Int, rejections: [Rejection], status: String, error: String?) {
        self.path = path
        self.sizeBytes = sizeBytes
        self.lines = lines
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejections = rejections
        self.rejected = rejections.count
        self.rejectionCounts = Dictionary(rejections.map { ($0.reason.description, 1) }, uniquingKeysWith: +)
            .sorted { $0.key < $1.key }.map { (reason: $0.key, lines: $0.value) }
        self.status = status
        self.error = error
    }
}
