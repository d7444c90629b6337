import FissionClean
import FissionIngest
import FissionJobs
import FissionModel
import FissionState
import Foundation

/// A validated pipeline config: what to read, how to clean it, which jobs to run and where to publish.
/// Every key is documented in docs/pipeline-config.md.
public struct PipelineConfig: Sendable {
    public var name: String
    /// The config file as given, and the SHA-256 of its bytes.
    public var path: String
    public var sha256: String
    /// Input paths or glob patterns, already made absolute or relative to the working directory.
    public var inputs: [String]
    /// Whether `inputs` came from `--input` rather than the config file (for error messages).
    public var inputsFromCommandLine: Bool
    public var database: String
    /// Where `fission run` writes the report page after each successful run (config `report_page`); nil: not written.
    public var reportPage: String?
    /// The reporting time zone's calendar (config `timezone`).
    public var calendar: DayCalendar
    public var timeZone: String { calendar.identifier }
    /// The report window (config `date_range`): which periods are reported. Not a data filter.
    public var dateRange: DateRange?
    /// How far back first facts are searched (config `history`); nil: all data read.
    public var history: DateRange.Bound?
    /// Events later than the run's wall clock plus this many seconds are rejected as `future_timestamp`.
    public var maxFutureSkewSeconds: Int64?
    public var maxRejectRatio: Double
    /// Rejected lines stored as `rejected_lines` rows, per file and per run (files in path order); every rejected line
    /// is still counted by reason in `rejection_counts` and `input_files.rejected`.
    public var maxRejectedRowsPerFile = FileIngestor.defaultMaxStoredRejections
    public var maxRejectedRows = 100_000
    /// Distinct platforms reported by name (config `max_platforms`); the rest are folded into `OTHER`.
    public var platformCap = PlatformCap()
    public var decode: DecodeOptions
    public var identity: IdentityOptions
    public var systemEvents: Set<String>
    /// Worker threads for ingest; results never depend on it.
    public var threads: Int
    public var jobs: [any AggregateJob]

    /// The event properties the configured jobs read: the only ones the clean stage keeps.
    public var propertyKeys: Set<String> { jobs.reduce(into: []) { $0.formUnion($1.propertyKeys) } }

    /// A change of a file that was already ingested: stop with an error (default) or rebuild from all inputs.
    public enum ChangedFilePolicy: String, Sendable { case fail, rebuild }
    /// Config `on_changed_file`.
    public var onChangedFile = ChangedFilePolicy.fail
    /// Config `scene_channels`: WeChat scene value → acquisition channel, over the standard table.
    public var sceneChannels: [String: String] = [:]
    /// Config `partitions`: the input completeness check; nil when not configured.
    public var partitions: PartitionRule?

    /// Config `retention_days`: how long `fission prune` keeps run history and rejected-line copies.
    public struct Retention: Sendable, Equatable {
        public var runDays = 365
        public var rejectedLineDays = 30
    }
    public var retention = Retention()

    /// What the stored state depends on: how lines were decoded and screened (line limit, currencies and rates, time
    /// zone, skew rule) and which properties were kept (the field plan, from the jobs). Reports, windows, identity and
    /// caps are recomputed from the state every run, so they are not part of it. A run whose fingerprint differs from
    /// the state's rebuilds from all inputs.
    public var stateFingerprint: String {
        let rates = decode.currencyRates.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.micros)" }.joined(separator: ",")
        // v2: the bargain events became known kinds with a required `bargain_id`.
        let text = ["state-v2", "max_line_bytes=\(decode.maxLineBytes)", "currency=\(decode.currency)", "rates=\(rates)",
                    "timezone=\(timeZone)", "max_future_skew=\(maxFutureSkewSeconds.map(String.init) ?? "")",
                    "properties=\(propertyKeys.sorted().joined(separator: ","))"].joined(separator: "\n")
        return SHA256.hex(Array(text.utf8))
    }
}

/// Inclusive local-day bounds of the report window; each side absolute (`2025-06-01`) or relative to the run date
/// (`-30d`, `today`).
public struct DateRange: Sendable, Equatable {
    public enum Bound: Sendable, Equatable {
        case day(LocalDate)
        case daysFromRunDate(Int)

        public func resolve(runDate: LocalDate) -> LocalDate {
            switch self {
            case .day(let d): d
            case .daysFromRunDate(let n): runDate.adding(days: n)
            }
        }

        static func parse(_ text: String) -> Bound? {
            if text == "today" { return .daysFromRunDate(0) }
            if let day = LocalDate(iso: text) { return .day(day) }
            if text.hasSuffix("d"), let n = Int(text.dropLast()), text.first == "-" || text.first == "+", abs(n) <= 36_500 {
                return .daysFromRunDate(n)
            }
            return nil
        }
    }

    public var start: Bound?
    public var end: Bound?
}

/// Command-line values that replace config values.
public struct ConfigOverrides: Sendable, Equatable {
    public var inputs: [String] = []
    public var database: String?
    public var timeZone: String?
    public init(inputs: [String] = [], database: String? = nil, timeZone: String? = nil) {
        self.inputs = inputs
        self.database = database
        self.timeZone = timeZone
    }
}

extension PipelineConfig {
    /// Reads and validates a config file. Relative paths inside it are relative to the file's folder.
    public static func load(path: String, overrides: ConfigOverrides = ConfigOverrides(),
                            registry: JobRegistry = .standard) throws -> PipelineConfig {
        if let zone = overrides.timeZone, TimeZone(identifier: zone) == nil {
            throw PipelineError.usage("--timezone: unknown time zone '\(zone)'")
        }
        if overrides.database?.isEmpty == true { throw PipelineError.usage("--output needs a database path") }
        if overrides.inputs.contains("") { throw PipelineError.usage("--input needs a path or glob") }
        if let info = FileInfo(path), case .other(let kind) = info.kind {
            throw PipelineError.config(file: path, ConfigError(key: "", message: "is a \(kind), not a regular file"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError.config(file: path, ConfigError(key: "", message: "cannot read the file"))
        }
        let values: [String: ConfigValue]
        do {
            values = try ConfigValue.parseObject(data)
        } catch {
            throw PipelineError.config(file: path, ConfigError(key: "", message: "not a JSON object: \(Self.describe(error))"))
        }
        if let duplicate = DuplicateConfigKeys.first(in: Array(data)) {
            throw PipelineError.config(file: path, ConfigError(
                key: duplicate.keyPath,
                message: "written twice, on lines \(duplicate.firstLine) and \(duplicate.secondLine): keep one"))
        }
        do {
            var config: PipelineConfig?
            try parse(ConfigReader(values), path: path, sha256: SHA256.hex(Array(data)), overrides: overrides,
                      registry: registry, into: &config)
            return config!
        } catch {
            throw PipelineError.config(file: path, error)
        }
    }

    /// Writes the config into `result` rather than returning it: Swift 6.3 miscompiles typed-throwing functions that
    /// return a large struct (a release of uninitialised or already-destroyed storage crashes the process later).
    static func parse(_ r: ConfigReader, path: String, sha256: String, overrides: ConfigOverrides,
                      registry: JobRegistry, into result: inout PipelineConfig?) throws(ConfigError) {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func relative(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).path }

        let name = try r.string("name") ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard let configInputs = try r.strings("inputs"), !configInputs.isEmpty else {
            throw ConfigError(key: "inputs", message: "required: a list of input paths or globs")
        }
        guard let database = try r.string("database") else {
            throw ConfigError(key: "database", message: "required: path of the reporting SQLite database")
        }
        guard !database.isEmpty else { throw ConfigError(key: "database", message: "must be a path, not empty") }
        let configTimeZone = try r.string("timezone")
        let timeZone = overrides.timeZone ?? configTimeZone ?? "Asia/Shanghai"
        guard let calendar = DayCalendar(timeZone: timeZone) else {
            throw ConfigError(key: "timezone", message: "unknown time zone '\(timeZone)'")
        }

        func bound(_ reader: ConfigReader, _ key: String) throws(ConfigError) -> DateRange.Bound? {
            guard let text = try reader.string(key) else { return nil }
            guard let b = DateRange.Bound.parse(text) else {
                throw ConfigError(key: reader.keyPath(key), message: "expected YYYY-MM-DD, \"today\" or a relative day like \"-30d\" (at most 36500 days), got \"\(text)\"")
            }
            return b
        }
        var dateRange: DateRange?
        if let range = try r.object("date_range") {
            dateRange = DateRange(start: try bound(range, "start"), end: try bound(range, "end"))
            try range.finish()
        }
        let history = try bound(r, "history")

        let maxRejectRatio = try r.double("max_reject_ratio") ?? 0.01
        guard (0...1).contains(maxRejectRatio) else {
            throw ConfigError(key: "max_reject_ratio", message: "must be between 0 and 1")
        }
        let maxLineBytes = try r.int("max_line_bytes") ?? (1 << 20)
        guard (1...(1 << 30)).contains(maxLineBytes) else {
            throw ConfigError(key: "max_line_bytes", message: "must be between 1 and 1073741824")
        }

        let currency = (try r.string("currency") ?? "CNY").uppercased()
        guard Self.isCurrencyCode(currency) else {
            throw ConfigError(key: "currency", message: "expected a three-letter currency code such as \"CNY\", got \"\(currency)\"")
        }
        var rates: [String: ExchangeRate] = [:]
        if let rateReader = try r.object("currency_rates") {
            for code in rateReader.keys() {
                guard Self.isCurrencyCode(code.uppercased()) else {
                    throw ConfigError(key: rateReader.keyPath(code), message: "expected a three-letter currency code as the key")
                }
                guard case .string(let text)? = rateReader.raw(code), let rate = ExchangeRate(decimal: text) else {
                    throw ConfigError(key: rateReader.keyPath(code), message: "expected a positive decimal string such as \"7.10\", at most \(ExchangeRate.maximumWholeUnits) with at most 6 fraction digits")
                }
                rates[code.uppercased()] = rate
            }
        }

        var identity = IdentityOptions()
        if let id = try r.object("identity") {
            if let placeholders = try id.strings("placeholder_union_ids") {
                identity.placeholderUnionIDs = Set(placeholders.map { $0.lowercased() })
            }
            if let max = try id.int("max_accounts_per_union_id") {
                guard max >= 2 else { throw ConfigError(key: id.keyPath("max_accounts_per_union_id"), message: "must be at least 2") }
                identity.maxAccountsPerUnionID = max
            }
            if let max = try id.int("max_accounts_per_device") {
                guard max >= 1 else { throw ConfigError(key: id.keyPath("max_accounts_per_device"), message: "must be at least 1") }
                identity.maxAccountsPerDevice = max
            }
            if let max = try id.int("max_accounts_per_person") {
                guard max >= 2 else { throw ConfigError(key: id.keyPath("max_accounts_per_person"), message: "must be at least 2") }
                identity.maxAccountsPerPerson = max
            }
            try id.finish()
        }

        let threads = try r.int("threads") ?? ProcessInfo.processInfo.activeProcessorCount
        guard (1...256).contains(threads) else { throw ConfigError(key: "threads", message: "must be between 1 and 256") }

        guard let jobsReader = try r.object("jobs") else {
            throw ConfigError(key: "jobs", message: "required: an object naming the jobs to run")
        }
        var jobs: [any AggregateJob] = []
        let configured = Set(jobsReader.keys())
        guard !configured.isEmpty else {
            throw ConfigError(key: "jobs", message: "names no job: a run would publish no report; known jobs: \(registry.names.joined(separator: ", "))")
        }
        if let unknown = configured.subtracting(registry.names).sorted().first {
            throw ConfigError(key: jobsReader.keyPath(unknown), message: "unknown job; known jobs: \(registry.names.joined(separator: ", "))")
        }
        for jobName in registry.names where configured.contains(jobName) {
            let value = jobsReader.raw(jobName) ?? .object([:])
            jobs.append(try registry.makeJob(named: jobName, value: value, path: jobsReader.keyPath(jobName)))
        }
        var config = PipelineConfig(
            name: name, path: path, sha256: sha256,
            inputs: overrides.inputs.isEmpty ? configInputs.map(relative) : overrides.inputs,
            inputsFromCommandLine: !overrides.inputs.isEmpty,
            database: overrides.database ?? relative(database),
            calendar: calendar, dateRange: dateRange, history: history,
            maxFutureSkewSeconds: try r.duration("max_future_skew"),
            maxRejectRatio: maxRejectRatio,
            decode: DecodeOptions(maxLineBytes: maxLineBytes, currency: currency, currencyRates: rates),
            identity: identity,
            systemEvents: Set(try r.strings("system_events") ?? Array(Cleaner.defaultSystemEvents)),
            threads: threads, jobs: jobs
        )
        if let page = try r.string("report_page") {
            guard !page.isEmpty else { throw ConfigError(key: "report_page", message: "must be a path to an .html file, not empty") }
            config.reportPage = relative(page)
        }
        config.maxRejectedRowsPerFile = try r.int("max_rejected_rows_per_file") ?? config.maxRejectedRowsPerFile
        config.maxRejectedRows = try r.int("max_rejected_rows") ?? config.maxRejectedRows
        for (key, value) in [("max_rejected_rows_per_file", config.maxRejectedRowsPerFile), ("max_rejected_rows", config.maxRejectedRows)]
        where !(0...10_000_000).contains(value) {
            throw ConfigError(key: key, message: "must be between 0 and 10000000")
        }
        if let scenes = try r.object("scene_channels") {
            for scene in scenes.keys() {
                guard case .string(let channel)? = scenes.raw(scene), !channel.isEmpty else {
                    throw ConfigError(key: scenes.keyPath(scene), message: "expected a channel name such as \"share\"")
                }
                config.sceneChannels[scene] = channel
            }
        }
        if let p = try r.object("partitions") {
            var rule = PartitionRule()
            if let pattern = try p.string("pattern") {
                guard pattern.hasSuffix("YYYY-MM-DD"), !pattern.contains("/") else {
                    throw ConfigError(key: p.keyPath("pattern"), message: "expected a folder name ending in YYYY-MM-DD, such as \"day=YYYY-MM-DD\"")
                }
                rule.prefix = String(pattern.dropLast("YYYY-MM-DD".count))
            }
            if let ratio = try p.double("min_ratio") {
                guard (0...1).contains(ratio) else { throw ConfigError(key: p.keyPath("min_ratio"), message: "must be between 0 and 1") }
                rule.minRatio = ratio
            }
            rule.from = try bound(p, "from")
            rule.until = try bound(p, "until") ?? rule.until
            try p.finish()
            config.partitions = rule
        }
        if let keep = try r.object("retention_days") {
            for (key, path) in [("runs", \Retention.runDays), ("rejected_lines", \Retention.rejectedLineDays)] {
                guard let days = try keep.int(key) else { continue }
                guard (1...36_500).contains(days) else { throw ConfigError(key: keep.keyPath(key), message: "must be between 1 and 36500") }
                config.retention[keyPath: path] = days
            }
            try keep.finish()
        }
        if let policy = try r.string("on_changed_file") {
            guard let parsed = ChangedFilePolicy(rawValue: policy) else {
                throw ConfigError(key: "on_changed_file", message: "expected \"fail\" or \"rebuild\", got \"\(policy)\"")
            }
            config.onChangedFile = parsed
        }
        if let n = try r.int("max_platforms") {
            guard (1...10_000).contains(n) else { throw ConfigError(key: "max_platforms", message: "must be between 1 and 10000") }
            config.platformCap = PlatformCap(maxPlatforms: n)
        }
        try r.finish()
        result = config
    }

    /// Three ASCII letters (ISO 4217 style), upper-cased by the caller.
    static func isCurrencyCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    /// Foundation's decoding errors, reduced to one line.
    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}
