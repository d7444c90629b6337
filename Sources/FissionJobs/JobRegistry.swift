import FissionModel

/// Builds configured jobs by name.
///
/// A job's config value is an options object or, for jobs that allow several definitions side by side
/// (`retention`, `funnels`), an array of them; either way the factory gets one reader per definition.
public struct JobRegistry: Sendable {
    /// Makes a job from its definitions. Unknown keys are rejected after the factory returns.
    public typealias Factory = @Sendable ([ConfigReader]) throws(ConfigError) -> any AggregateJob

    public private(set) var factories: [String: Factory]

    public init(factories: [String: Factory]) {
        self.factories = factories
    }

    /// Every job Fission ships.
    public static let standard = JobRegistry(factories: [
        DailyActivityJob.name: { d throws(ConfigError) in try DailyActivityJob(options: single(d)) },
        RetentionJob.name: { d throws(ConfigError) in try RetentionJob(definitions: d) },
        ShareFunnelJob.name: { d throws(ConfigError) in try ShareFunnelJob(options: single(d)) },
        FunnelJob.name: { d throws(ConfigError) in try FunnelJob(definitions: d) },
        LifetimeValueJob.name: { d throws(ConfigError) in try LifetimeValueJob(options: single(d)) },
        PlatformOverlapJob.name: { d throws(ConfigError) in try PlatformOverlapJob(options: single(d)) },
    ])

    public var names: [String] { factories.keys.sorted() }

    /// Makes the job `name` from its config value at `path` (e.g. `jobs.retention`).
    public func makeJob(named name: String, value: ConfigValue, path: String) throws(ConfigError) -> any AggregateJob {
        guard let factory = factories[name] else {
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
