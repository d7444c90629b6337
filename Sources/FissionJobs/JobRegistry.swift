import FissionModel

/// Builds configured jobs by name.
///
/// A job's config value is an options object or, for jobs that allow several definitions side by side
/// (`retention`, `funnels`), an array of them; either way the factory gets one reader per definition.
public struct JobRegistry: Sendable {
    /// Makes a job from its definitions. Unknown keys are rejected after the factory returns.
    public typealias Factory = @Sendable ([ConfigReader]) throws(ConfigError) -> any AggregateJob

    /// A job name and how to make the job.
    public struct Entry: Sendable {
        public var name: String
        public var make: Factory
        public init(_ name: String, _ make: @escaping Factory) {
            self.name = name
            self.make = make
        }
    }

    /// In run order, which is also the order of their tables and headline lines.
    public let entries: [Entry]

    public init(_ entries: [Entry]) {
        self.entries = entries
    }

    public var names: [String] { entries.map(\.name) }

    /// Every job Fission ships.
    public static let standard = JobRegistry([
        Entry(RetentionJob.name) { d throws(ConfigError) in try RetentionJob(definitions: d) },
        Entry(ShareFunnelJob.name) { d throws(ConfigError) in try ShareFunnelJob(options: single(d)) },
        Entry(ShareCascadeJob.name) { d throws(ConfigError) in try ShareCascadeJob(options: single(d)) },
        Entry(GroupBuyJob.name) { d throws(ConfigError) in try GroupBuyJob(options: single(d)) },
        Entry(BargainJob.name) { d throws(ConfigError) in try BargainJob(options: single(d)) },
        Entry(DistributionJob.name) { d throws(ConfigError) in try DistributionJob(options: single(d)) },
        Entry(CommerceJob.name) { d throws(ConfigError) in try CommerceJob(options: single(d)) },
        Entry(RepurchaseJob.name) { d throws(ConfigError) in try RepurchaseJob(options: single(d)) },
        Entry(LifecycleJob.name) { d throws(ConfigError) in try LifecycleJob(options: single(d)) },
        Entry(PushFatigueJob.name) { d throws(ConfigError) in try PushFatigueJob(options: single(d)) },
        Entry(FunnelJob.name) { d throws(ConfigError) in try FunnelJob(definitions: d) },
        Entry(LifetimeValueJob.name) { d throws(ConfigError) in try LifetimeValueJob(options: single(d)) },
        Entry(ClvJob.name) { d throws(ConfigError) in try ClvJob(options: single(d)) },
        Entry(PlatformOverlapJob.name) { d throws(ConfigError) in try PlatformOverlapJob(options: single(d)) },
        Entry(DailyActivityJob.name) { d throws(ConfigError) in try DailyActivityJob(options: single(d)) },
    ])

    /// Makes the job `name` from its config value at `path` (e.g. `jobs.retention`).
    public func makeJob(named name: String, value: ConfigValue, path: String) throws(ConfigError) -> any AggregateJob {
        guard let factory = entries.first(where: { $0.name == name })?.make else {
            throw ConfigError(key: path, message: "unknown job; known jobs: \(names.joined(separator: ", "))")
        }
        let definitions: [ConfigReader]
        switch value {
        case .object(let o):
            definitions = [ConfigReader(o, path: path)]
        case .array(let items):
            definitions = try items.enumerated().map { (i, item) throws(ConfigError) in
                guard case .object(let o) = item else {
                    throw ConfigError(key: "\(path)[\(i)]", message: "expected an object, got \(item.typeName)")
                }
                return ConfigReader(o, path: "\(path)[\(i)]")
            }
        default:
            throw ConfigError(key: path, message: "expected an options object or an array of them, got \(value.typeName)")
        }
        let job = try factory(definitions)
        for d in definitions { try d.finish() }
        return job
    }

    /// The one definition of a job that takes a single options object.
    static func single(_ definitions: [ConfigReader]) throws(ConfigError) -> ConfigReader {
        guard definitions.count == 1 else {
            throw ConfigError(key: definitions.first.map { String($0.path.prefix { $0 != "[" }) } ?? "jobs",
                              message: "this job takes one options object, not an array")
        }
        return definitions[0]
    }
}
