import FissionClean
import FissionIngest
import FissionModel

/// `fission validate`: the config checked (by loading it) and the inputs sampled, writing nothing. For each input
/// partition (the `day=…` folder, or the file's folder) the files found and, over the first `lines` lines of each,
/// the lines accepted and rejected by reason, with the pipeline's own decoder and checks.
public struct InputValidator: Sendable {
    public var config: PipelineConfig
    public var linesPerFile: Int

    public init(config: PipelineConfig, linesPerFile: Int = 100) {
        self.config = config
        self.linesPerFile = linesPerFile
    }

    public struct Partition: Sendable, Equatable {
        public var name: String
        public var files: Int
        public var lines: Int
        public var accepted: Int
        public var rejected: [String: Int]
    }

    public struct Report: Sendable {
        public var partitions: [Partition]
        public var skipped: [(path: String, reason: String)]
        public var unreadable: [(path: String, error: String)]
        public var lines: Int { partitions.reduce(0) { $0 + $1.lines } }
        public var rejected: Int { partitions.reduce(0) { $0 + $1.rejected.values.reduce(0, +) } }
    }

    public func run() throws(PipelineError) -> Report {
        let inputs = try InputResolver.resolve(config)
        var options = config.decode
        options.keptProperties = config.propertyKeys
        let days = LocalDayRange(calendar: config.calendar)
        let ingestor = FileIngestor(decoder: EventDecoder(options: options), screen: { days.reason(for: $0) })
        let n = linesPerFile
        let results = PipelineRunner.parallelMap(inputs.files, threads: config.threads) { ingestor.sample(path: $0, lines: n) }
        var partitions: [String: Partition] = [:]
        var unreadable: [(String, String)] = []
        for r in results {
            if r.status == .unreadable || r.status == .empty { unreadable.append((r.path, r.error ?? r.status.rawValue)) }
            let folders = r.path.split(separator: "/").dropLast()
            let name = String(folders.last { $0.contains("=") } ?? folders.last ?? "")
            var p = partitions[name] ?? Partition(name: name, files: 0, lines: 0, accepted: 0, rejected: [:])
            p.files += 1
            p.lines += r.linesRead
            p.accepted += r.batch.count
            for (reason, count) in r.rejectionCounts { p.rejected[reason.description, default: 0] += count }
            partitions[name] = p
        }
        return Report(partitions: partitions.values.sorted { $0.name < $1.name },
                      skipped: inputs.skipped.map { ($0.path, $0.reason) }, unreadable: unreadable)
    }
}
