import FissionClean
import FissionModel

/// An aggregate job: reads the cleaned dataset and produces reporting tables.
///
/// Jobs are pure (dataset in, output out); publishing is the pipeline's business.
public protocol AggregateJob: Sendable {
    /// The job's name in the config's `jobs` object.
    var name: String { get }
    /// The event property keys (`props.<key>`) the job reads; the clean stage keeps only the union of these.
    var propertyKeys: Set<String> { get }
    func run(_ data: CleanDataset) -> JobOutput
}

extension AggregateJob {
    public var propertyKeys: Set<String> { [] }
}

/// What a job hands back: its tables, counters for the run ledger, and headline figures for the console.
public struct JobOutput: Sendable {
    public var tables: [ReportTable]
    /// Counters recorded in `run_metrics` (e.g. refunds of unknown orders).
    public var metrics: [RunMetric]
    /// Short figures printed at the end of `fission run` (e.g. `D1 retention 13.1% (cohort 2025-06-13)`).
    public var headline: [String]

    public init(tables: [ReportTable], metrics: [RunMetric] = [], headline: [String] = []) {
        self.tables = tables
        self.metrics = metrics
        self.headline = headline
    }
}

/// A named counter produced by a job.
public struct RunMetric: Sendable, Equatable {
    public var job: String
    public var name: String
    public var value: Int64
    public init(job: String, name: String, value: Int64) {
        self.job = job
        self.name = name
        self.value = value
    }
}
