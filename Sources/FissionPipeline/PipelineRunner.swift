import FissionClean
import FissionIngest
import FissionJobs
import FissionModel
import FissionStore
import Foundation

/// Runs a pipeline: ingest → clean → aggregate → publish.
public struct PipelineRunner: Sendable {
    public var config: PipelineConfig
    /// The wall clock: events later than it plus `max_future_skew` are rejected.
    public var now: Date
    /// The `--as-of` instant: the run date for relative bounds, and events after it are not used. Nil: `now`, no cutoff.
    public var asOf: Date?

    public init(config: PipelineConfig, now: Date = Date(), asOf: Date? = nil) {
        self.config = config
        self.now = now
        self.asOf = asOf
    }

    /// Runs the pipeline. Throws `PipelineError.data` after recording a failed run, and other
    /// `PipelineError`s when nothing could be recorded.
    public func run() throws -> RunSummary {
        let started = Date()
        let inputs: InputResolver.Resolved
        do {
            inputs = try InputResolver.resolve(config.inputs)
        } catch {
            if config.inputsFromCommandLine { throw PipelineError.usage("--input: \(error.message)") }
            throw PipelineError.config(file: config.path, error)
        }
        let scope: DataScope
        do {
            scope = try dataScope()
        } catch {
            throw PipelineError.config(file: config.path, error)
        }
        let db = try openDatabase()

        var clock = StageClock()
        let files = inputs.files
        var ingested = ingest(files, scope: scope)
        let records = Self.capStoredRejections(ingested.records, at: config.maxRejectedRows) + inputs.skipped.map {
            FileRecord(path: $0.path, sizeBytes: 0, lines: 0, accepted: 0, duplicates: 0, rejections: [],
                       status: FileStatus.skipped.rawValue, error: $0.reason)
        }
        clock.lap("ingest")
        let linesRead = records.reduce(0) { $0 + $1.lines }
        let rejected = records.reduce(0) { $0 + $1.rejected }
        let duplicates = records.reduce(0) { $0 + $1.duplicates }
        let accepted = records.reduce(0) { $0 + $1.accepted }
        var failure = failureReason(records, linesRead: linesRead, rejected: rejected)

        var outputs: [JobOutput]?
        var persons = 0
        var folded = PlatformCap.Folded()
        if failure == nil {
            let used = ingested.used
            ingested.used = EventBatch()  // the clean stage then holds the only reference
            let data = Cleaner.build(batch: consume used, calendar: scope.calendar, window: scope.window,
                                     identityOptions: config.identity, systemEvents: config.systemEvents,
                                     clock: Self.timestamp(asOf ?? now), platformCap: config.platformCap)
            persons = data.personCount
            folded = data.foldedPlatforms
            clock.lap("clean")
            let jobs: [any AggregateJob] = [IdentityTablesJob()] + config.jobs
            outputs = Self.parallelMap(jobs.indices.map { $0 }, threads: config.threads) { jobs[$0].run(data) }
            clock.lap("aggregate")
            if let overflow = outputs?.lazy.flatMap(\.tables).compactMap(\.integerOverflow).first {
                failure = "a sum is beyond the 64-bit integers SQLite stores: \(overflow) minor units"
                outputs = nil
            }
        }
        let tables = outputs?.flatMap(\.tables)
        let metrics = [(job: "clean", metric: "conflicting_duplicates", value: Int64(ingested.conflictingDuplicates)),
                       (job: "clean", metric: "platforms_folded", value: Int64(folded.platforms)),
                       (job: "clean", metric: "events_on_folded_platforms", value: Int64(folded.events))]
            + (outputs ?? []).flatMap(\.metrics).map { (job: $0.job, metric: $0.name, value: $0.value) }

        let damaged = records.filter { $0.status != FileStatus.ok.rawValue }
        let warning = damaged.isEmpty ? nil : Self.warning(damaged)
        var run = RunRecord(
            startedAt: Self.timestamp(started), finishedAt: Self.timestamp(Date()), configName: config.name,
            configPath: config.path, configSHA256: config.sha256,
            status: failure != nil ? .failed : damaged.isEmpty ? .succeeded : .succeededWithWarnings,
            message: failure ?? warning, files: files.count, bytes: records.reduce(0) { $0 + $1.sizeBytes },
            linesRead: linesRead, eventsAccepted: accepted, duplicatesDropped: duplicates, linesRejected: rejected
        )
        run.eventsOutsideWindow = records.reduce(0) { $0 + $1.outsideWindow }
        run.eventsIgnored = records.reduce(0) { $0 + $1.ignored }
        run.settings = settings(scope)
        run.warnings = damaged.count
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
            bytes: run.bytes, linesRead: linesRead, eventsAccepted: accepted, duplicatesDropped: duplicates,
            linesRejected: rejected, eventsOutsideWindow: run.eventsOutsideWindow, eventsIgnored: run.eventsIgnored,
            persons: persons, tables: (tables ?? []).map { ($0.schema.name, $0.rows.count) },
            headline: (outputs ?? []).flatMap(\.headline),
            damagedFiles: damaged.map { ($0.path, $0.status, $0.error ?? "") },
            elapsedSeconds: Date().timeIntervalSince(started), stageSeconds: clock.laps
        )
    }

    /// What ingest hands on: the events the reports use, and the accounting of every file.
    struct Ingested {
        /// Accepted, de-duplicated events that are not `ignored`, in path then line order (order carries no meaning).
        var used: EventBatch
        var records: [FileRecord]
        var conflictingDuplicates: Int
    }

    /// Ingest (parallel over files, rejecting future timestamps per event), then de-duplication by content and the
    /// placement of each kept event relative to the report window and history, counted per file.
    func ingest(_ files: [String], scope: DataScope) -> Ingested {
        let skew = FutureSkewRule(latestTime: config.maxFutureSkewSeconds.map {
            Timestamp(millisecondsSinceEpoch: Self.timestamp(now).millisecondsSinceEpoch + $0 * 1000)
        })
        var options = config.decode
        options.keptProperties = config.propertyKeys  // the field plan: only what the configured jobs read
        let days = LocalDayRange(calendar: scope.calendar)
        let ingestor = FileIngestor(decoder: EventDecoder(options: options), maxStoredRejections: config.maxRejectedRowsPerFile,
                                    screen: { days.reason(for: $0) ?? skew.reason(for: $0) })
        var results = Self.parallelMap(files, threads: config.threads) { ingestor.ingest(path: $0) }
        let dedup = Deduplicator.resolve(results.map { Deduplicator.FileEvents($0.batch) }) { f, indexes in
            // Different copies of one event_id at one instant: their bytes decide, read again from the file. A line
            // whose bytes no longer match what was ingested (the file changed) is left out.
            let batch = results[f].batch
            let byLine = ingestor.rawLines(path: results[f].path, numbers: Set(indexes.map { Int(batch.lines[$0]) }))
            return Dictionary(uniqueKeysWithValues: indexes.compactMap { i in
                byLine[Int(batch.lines[i])].flatMap { RawLineHash.of($0) == batch.rawHashes[i] ? (i, $0) : nil }
            })
        }
        // The kept events of every file, merged in path order into one batch with one symbol table; each file's
        // batch is released once merged.
        var used = EventBatch()
        used.reserveCapacity(dedup.kept.reduce(0) { $0 + $1.count { $0 } })
        var records: [FileRecord] = []
        for f in results.indices {
            let result = results[f]
            results[f].batch = EventBatch()
            var record = FileRecord(path: result.path, sizeBytes: result.sizeBytes, lines: result.linesRead,
                                    accepted: 0, duplicates: dedup.duplicates[f], rejections: result.rejections,
                                    status: result.status.rawValue, error: result.error)
            record.rejected = result.rejected
            record.rejectionCounts = result.rejectionCounts.map { (reason: $0.key.description, lines: $0.value) }
                .sorted { $0.reason < $1.reason }
            var rows: [Int] = []
            for i in result.batch.indices where dedup.kept[f][i] {
                record.accepted += 1
                switch scope.placement(of: result.batch.times[i]) {
                case .inWindow: rows.append(i)
                case .outsideWindow: record.outsideWindow += 1; rows.append(i)
                case .ignored: record.ignored += 1
                }
            }
            used.append(rows: rows, of: result.batch)
            records.append(record)
        }
        return Ingested(used: used, records: records, conflictingDuplicates: dedup.conflicting.reduce(0, +))
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
        for c in records.lazy.flatMap(\.rejectionCounts) { byReason[c.reason, default: 0] += c.lines }
        let top = byReason.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3).map { "\($0.key) \($0.value)" }
        return "rejected \(rejected) of \(linesRead) lines (\(Self.percent(ratio)): \(top.joined(separator: ", "))), "
            + "above max_reject_ratio \(Self.percent(config.maxRejectRatio))"
    }

    /// Keeps the first `limit` stored rejected lines of the run, files in path order (counts are untouched).
    static func capStoredRejections(_ records: [FileRecord], at limit: Int) -> [FileRecord] {
        var budget = limit
        return records.map { record in
            var record = record
            let keep = min(budget, record.rejections.count)
            record.rejections.removeLast(record.rejections.count - keep)
            budget -= keep
            return record
        }
    }

    /// `pipeline_runs.message` of a run with warnings: how many files were not read whole, and the first few.
    static func warning(_ damaged: [FileRecord]) -> String {
        let listed = damaged.prefix(5).map { "\($0.path) (\($0.status))" }.joined(separator: ", ")
        return "\(damaged.count) input file\(damaged.count == 1 ? "" : "s") not read whole: \(listed)\(damaged.count > 5 ? ", …" : "")"
    }

    /// `timezone=…; date_range=…; history=…; clock=…; as_of=…; inputs=…`: what decided this run beyond the config
    /// file's bytes.
    func settings(_ scope: DataScope) -> String {
        [
            "timezone=\(config.timeZone)",
            "date_range=\(scope.window.firstDay.map { "\($0)" } ?? "")..\(scope.window.lastDay.map { "\($0)" } ?? "")",
            "history=\(scope.historyStart.map { "\($0)" } ?? "all")",
            "clock=\(Self.timestamp(now))",
            "as_of=\(asOf.map { "\(Self.timestamp($0))" } ?? "")",
            "inputs=\(config.inputsFromCommandLine ? "--input " : "")\(config.inputs.joined(separator: ","))",
        ].joined(separator: "; ")
    }

    /// The report window and history bounds resolved against the run date (the local day of `--as-of`, else of the
    /// wall clock). A window that ends before it starts, or history that starts inside the window, is a config error.
    func dataScope() throws(ConfigError) -> DataScope {
        let calendar = config.calendar
        let runDate = calendar.day(of: Self.timestamp(asOf ?? now))
        let window = ReportWindow(firstDay: config.dateRange?.start?.resolve(runDate: runDate),
                                  lastDay: config.dateRange?.end?.resolve(runDate: runDate))
        if let first = window.firstDay, let last = window.lastDay, first > last {
            throw ConfigError(key: "date_range", message: "starts on \(first), after its end \(last): no day could be reported")
        }
        let history = config.history?.resolve(runDate: runDate)
        if let history, let first = window.firstDay, history > first {
            throw ConfigError(key: "history", message: "starts on \(history), after date_range starts (\(first)): first facts of reported periods need the data before them")
        }
        return DataScope(calendar: calendar, window: window, historyStart: history, cutoff: asOf.map(Self.timestamp))
    }

    func openDatabase() throws -> Database {
        let folder = URL(fileURLWithPath: config.database).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let db = try Database(path: config.database)
            try Publisher.prepare(db)
            return db
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
