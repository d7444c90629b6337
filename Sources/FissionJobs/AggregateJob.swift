import FissionClean
import FissionModel

/// An aggregate job: reads the cleaned dataset and produces one or more reporting tables.
///
/// Jobs are pure (dataset in, tables out); publishing them is the pipeline's business.
public protocol AggregateJob: Sendable {
    /// The job's name in the config's `jobs` object.
    var name: String { get }
    /// Tables this job writes, so the store can create them even when they come out empty.
    var schemas: [TableSchema] { get }
    func run(_ data: CleanDataset) -> [ReportTable]
}

/// Builds configured jobs by name.
public struct JobRegistry: Sendable {
    /// Makes a job from its options object (call `finish()` on it to reject unknown keys).
    public typealias Factory = @Sendable (ConfigReader) throws(ConfigError) -> any AggregateJob

    public private(set) var factories: [String: Factory]

    public init(factories: [String: Factory]) {
        self.factories = factories
    }

    /// Every job Fission ships.
    public static let standard = JobRegistry(factories: [
        DailyActivityJob.name: { options throws(ConfigError) in try DailyActivityJob(options: options) },
    ])

    public var names: [String] { factories.keys.sorted() }

    public func makeJob(named name: String, options: ConfigReader) throws(ConfigError) -> any AggregateJob {
        guard let factory = factories[name] else {
            throw ConfigError(key: options.path, message: "unknown job; known jobs: \(names.joined(separator: ", "))")
        }
        let job = try factory(options)
        try options.finish()
        return job
    }
}
