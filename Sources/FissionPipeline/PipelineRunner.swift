import FissionClean
import FissionIngest
import FissionJobs
import FissionModel
import FissionStore
import Foundation

/// Runs a pipeline: ingest → clean → aggregate → publish.
public struct PipelineRunner: Sendable {
    public var config: PipelineConfig
    /// The run's wall clock: the date range's run date and the future-skew limit are taken from it.
    public var now: Date

    public init(config: PipelineConfig, now: Date = Date()) {
        self.config = config
        self.now = now
    }

    /// Runs the pipeline. Throws `PipelineError.data` after recording a failed run, and other
    /// `PipelineError`s when nothing could be recorded.
    public func run() throws -> RunSummary {
        let started = Date()
        let files: [String]
        do {
            files = try InputResolver.resolve(config.inputs)
        } catch {
            if config.inputsFromCommandLine { throw PipelineError.usage("--input: \(error.message)") }
            throw PipelineError.config(file: config.path, error)
        }
        let calendar = config.calendar
        let rule = rangeRule(calendar: calendar)
        if let first = rule.firstDay, let last = rule.lastDay, first > last {
            throw PipelineError.config(file: config.path, ConfigError(
                key: "date_range", message: "starts on \(first), after its end \(last): no event could be in range"))
        }
        let db = try openDatabase()

        var clock = StageClock()
        let (accepted, records) = ingest(files, rule: rule)
        clock.lap("ingest")
        let linesRead = records.reduce(0) { $0 + $1.lines }
        let rejected = records.reduce(0) { $0 + $1.rejections.count }
        let duplicates = records.reduce(0) { $0 + $1.duplicates }
        let failure = failureReason(records, linesRead: linesRead, rejected: rejected)

        var outputs: [JobOutput]?
        var persons = 0
        if failure == nil {
            let data = Cleaner.build(events: accepted, calendar: calendar, identityOptions: config.identity,
                                     systemEvents: config.systemEvents)
            persons = data.personCount
            clock.lap("clean")
            let jobs: [any AggregateJob] = [IdentityTablesJob()] + config.jobs
            outputs = Self.parallelMap(jobs.indices.map { $0 }, threads: config.threads) { jobs[$0].run(data) }
            clock.lap("aggregate")
        }
        let tables = outputs?.flatMap(\.tables)
        let metrics = (outputs ?? []).flatMap(\.metrics).map { (job: $0.job, metric: $0.name, value: $0.value) }

        var run = RunRecord(
            startedAt: Self.timestamp(started), finishedAt: Self.timestamp(Date()), configName: config.name,
            configPath: config.path, configSHA256: config.sha256, status: failure == nil ? .succeeded : .failed,
            message: failure, files: files.count, bytes: records.reduce(0) { $0 + $1.sizeBytes },
            linesRead: linesRead, eventsAccepted: accepted.count, duplicatesDropped: duplicates, linesRejected: rejected
        )
        run.settings = settings(rule)
        let runID: Int64
        do {
            runID = try Publisher.publish(run: run, files: records, tables: tables, metrics: metrics, to: db)
        } catch {
            throw PipelineError.io("cannot write \(config.database): \(error)")
        }
        clock.lap("publish")
        if let failure { throw PipelineError.data("run \(runID) failed: \(failure); reports left unchanged") }
        return RunSummary(
            runID: runID, database: config.database, files: files.count,
            bytes: run.bytes, linesRead: linesRead, eventsAccepted: accepted.count, duplicatesDropped: duplicates,
            linesRejected: rejected, persons: persons, tables: (tables ?? []).map { ($0.schema.name, $0.rows.count) },
            headline: (outputs ?? []).flatMap(\.headline),
            damagedFiles: records.filter { $0.status != FileStatus.ok.rawValue }.map { ($0.path, $0.status, $0.error ?? "") },
            elapsedSeconds: Date().timeIntervalSince(started), stageSeconds: clock.laps
        )
    }

    /// Ingest (parallel over files, with the clean stage's range rule applied per event), then de-duplication in
    /// path order, so the kept copy does not depend on listing order or threads.
    func ingest(_ files: [String], rule: RangeRule) -> (accepted: [Event], records: [FileRecord]) {
        let ingestor = FileIngestor(decoder: EventDecoder(options: config.decode), screen: { rule.reason(for: $0) })
        let results = Self.parallelMap(files, threads: config.threads) { ingestor.ingest(path: $0) }
        var dedup = Deduplicator()
        var accepted: [Event] = []
        var records: [FileRecord] = []
        for result in results {
            let (kept, duplicates) = dedup.admit(result.events)
            accepted.append(contentsOf: kept)
            records.append(FileRecord(path: result.path, sizeBytes: result.sizeBytes, lines: result.linesRead,
                                      accepted: kept.count, duplicates: duplicates, rejections: result.rejections,
                                      status: result.status.rawValue, error: result.error))
        }
        return (accepted, records)
    }

    /// Why the data is not fit to publish, or nil: no lines at all, or too many rejected (with the main reasons).
    func failureReason(_ records: [FileRecord], linesRead: Int, rejected: Int) -> String? {
        if linesRead == 0 {
            let unreadable = records.count { $0.status == FileStatus.unreadable.rawValue }
            return "no input lines: \(records.count) files, \(unreadable) of them unreadable"
        }
        let ratio = Double(rejected) / Double(linesRead)
        guard ratio > config.maxRejectRatio else { return nil }
        var byReason: [String: Int] = [:]
        for r in records.lazy.flatMap(\.rejections) { byReason[r.reason.description, default: 0] += 1 }
        let top = byReason.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3).map { "\($0.key) \($0.value)" }
        return "rejected \(rejected) of \(linesRead) lines (\(Self.percent(ratio)): \(top.joined(separator: ", "))), "
            + "above max_reject_ratio \(Self.percent(config.maxRejectRatio))"
    }

    /// `timezone=…; date_range=…; clock=…; inputs=…`: what decided this run beyond the config file's bytes.
    func settings(_ rule: RangeRule) -> String {
        [
            "timezone=\(config.timeZone)",
            "date_range=\(rule.firstDay.map { "\($0)" } ?? "")..\(rule.lastDay.map { "\($0)" } ?? "")",
            "clock=\(Self.timestamp(now))",
            "inputs=\(config.inputsFromCommandLine ? "--input " : "")\(config.inputs.joined(separator: ","))",
        ].joined(separator: "; ")
    }

    func rangeRule(calendar: DayCalendar) -> RangeRule {
        let nowTime = Self.timestamp(now)
        let runDate = calendar.day(of: nowTime)
        return RangeRule(
            calendar: calendar,
            firstDay: config.dateRange?.start?.resolve(runDate: runDate),
            lastDay: config.dateRange?.end?.resolve(runDate: runDate),
            latestTime: config.maxFutureSkewSeconds.map { Timestamp(millisecondsSinceEpoch: nowTime.millisecondsSinceEpoch + $0 * 1000) }
        )
    }

    func openDatabase() throws -> Database {
        let folder = URL(fileURLWithPath: config.database).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return try Database(path: config.database)
        } catch {
            throw PipelineError.io("cannot open database \(config.database): \(error)")
        }
    }

    static func timestamp(_ date: Date) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    static func percent(_ ratio: Double) -> String {
        String(format: "%.2f%%", ratio * 100)
    }

    /// Maps `items` on up to `threads` threads; the result is in input order.
    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ transform: @Sendable (T) -> R) -> [R] {
        let slots = ResultSlots<R>(count: items.count)
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: min(max(threads, 1), max(items.count, 1))) { _ in
            while let i = next.take(below: items.count) {
                slots.set(i, transform(items[i]))
            }
        }
        return slots.values()
    }
}

/// Result storage written by worker threads, one slot each.
private final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private var storage: [R?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) { lock.withLock { storage[i] = value } }
    func values() -> [R] { lock.withLock { storage.map { $0! } } }
}

/// A shared work counter.
private final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}

/// Wall time per pipeline stage, for the run summary.
struct StageClock {
    private var last = Date()
    private(set) var laps: [(stage: String, seconds: Double)] = []

    mutating func lap(_ stage: String) {
        let now = Date()
        laps.append((stage, now.timeIntervalSince(last)))
        last = now
    }
}
