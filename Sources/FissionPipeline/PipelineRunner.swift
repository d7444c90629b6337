import FissionClean
import FissionIngest
import FissionJobs
import FissionModel
import FissionState
import FissionStore
import Foundation

/// Runs a pipeline: ingest → clean → aggregate → publish, over the stored state plus the input files not ingested
/// before (`incremental`, what `fission run` does), or over every input file into fresh state (`rebuild`).
///
/// Both give the same tables for the same files: the state keeps each file's accepted events as ingest produced
/// them, and de-duplication, identity, windows and every report are computed anew from all of them each run.
public struct PipelineRunner: Sendable {
    public enum Mode: String, Sendable { case incremental, rebuild }

    public var config: PipelineConfig
    /// The wall clock: events later than it plus `max_future_skew` are rejected.
    public var now: Date
    /// The `--as-of` instant: the run date for relative bounds, and events after it are not used. Nil: `now`, no cutoff.
    public var asOf: Date?
    public var mode: Mode
    /// Called after each file is ingested (from worker threads), for a progress line.
    public var progress: (@Sendable (IngestProgress) -> Void)?

    public init(config: PipelineConfig, now: Date = Date(), asOf: Date? = nil, mode: Mode = .incremental,
                progress: (@Sendable (IngestProgress) -> Void)? = nil) {
        self.config = config
        self.now = now
        self.asOf = asOf
        self.mode = mode
        self.progress = progress
    }

    /// Runs the pipeline. Throws `PipelineError.data` after recording a failed run, and other
    /// `PipelineError`s when nothing could be recorded.
    public func run() throws -> RunSummary {
        let started = Date()
        let inputs = try InputResolver.resolve(config)
        let scope = try scope()
        let (lock, db) = try lockAndOpen(started: started)
        defer { withExtendedLifetime(lock) {} }
        var run = newRunRecord(started: started, scope: scope)

        // The state, and which inputs are new to it.
        var notes: [String] = []
        var rebuild = mode == .rebuild
        var known: [IngestedFile]
        let runID: Int64
        do {
            if try Publisher.markInterrupted(db) > 0 { notes.append("an earlier run was interrupted; it published nothing") }
            known = try StateStore.files(db)
            if !rebuild, !known.isEmpty, try StateStore.fingerprint(db) != config.stateFingerprint {
                notes.append("the stored state was built for another config (decoding, time zone or kept properties changed): rebuilding from all inputs")
                rebuild = true
            }
            run.mode = rebuild ? Mode.rebuild.rawValue : Mode.incremental.rawValue
            runID = try Publisher.begin(run, in: db)
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.io("cannot use database \(config.database): \(error)")
        }
        if rebuild { known = [] }
        var plan = InputPlan(files: inputs.files, known: known, threads: config.threads)
        if !plan.changed.isEmpty {
            guard config.onChangedFile == .rebuild else {
                let message = "\(plan.changed.count) input file\(plan.changed.count == 1 ? " was" : "s were") ingested before and "
                    + "changed since: \(plan.changed.prefix(3).joined(separator: ", ")); reports left unchanged. "
                    + "Run `fission rebuild` to recompute from the inputs as they are now (or set on_changed_file: rebuild)"
                run.status = .failed
                run.message = message
                run.finishedAt = Self.timestamp(Date())
                _ = try? Publisher.publish(run: run, runID: runID, files: [], tables: nil, to: db)
                throw PipelineError.data("run \(runID) failed: \(message)")
            }
            notes.append("\(plan.changed.count) ingested file(s) changed (on_changed_file: rebuild): rebuilding from all inputs")
            rebuild = true
            run.mode = Mode.rebuild.rawValue
            known = []
            plan = InputPlan(files: inputs.files, known: [], threads: config.threads)
        }
        run.filesAlreadyIngested = plan.alreadyIngested

        var clock = StageClock()
        let stored: [String: EventBatch]
        do {
            stored = rebuild ? [:] : try StateStore.batches(db, threads: config.threads)
        } catch {
            throw PipelineError.io("cannot read the stored state of \(config.database): \(error)")
        }
        let ingested = ingest(plan, known: known.filter { stored[$0.path] != nil && !plan.regrown.contains($0.path) },
                              stored: stored, scope: scope)
        let redelivered = plan.redelivered.map {
            Self.redeliveredRecord(path: $0.path, sizeBytes: FileStat($0.path)?.size ?? 0, sameAs: $0.sameAs)
        }
        let skipped = inputs.skipped.map(Self.skippedRecord)
        clock.lap("ingest")
        return try aggregateAndPublish(ingested, unread: redelivered + skipped, known: known, identities: nil, db: db, run: run,
                                       runID: runID, scope: scope, rebuild: rebuild, notes: notes, clock: clock,
                                       started: started, filesAlreadyIngested: plan.alreadyIngested,
                                       filesRedelivered: plan.redelivered.count)
    }

    /// Identities decided before the run (the distributed `resolve` stage): the accounts of the events (parallel to
    /// `Ingested.used`, whose platforms are already capped) and what the platform cap folded.
    struct GivenIdentities {
        var identities: Identities
        var folded: PlatformCap.Folded
    }

    /// Clean, aggregate and publish: the part of a run after its events are known, shared by `run()` and the
    /// distributed `finalize` stage. `unread`: ledger rows of listed files that were not read (re-deliveries,
    /// skipped entries). The state is saved with the reports unless `identities` are given (a distributed run keeps no
    /// nightly state).
    func aggregateAndPublish(_ ingested: Ingested, unread: [FileRecord], known: [IngestedFile], identities given: GivenIdentities?,
                             db: Database, run: RunRecord, runID: Int64, scope: DataScope, rebuild: Bool, notes: [String],
                             clock: StageClock, started: Date, filesAlreadyIngested: Int, filesRedelivered: Int) throws -> RunSummary {
        var ingested = ingested
        var run = run
        var clock = clock
        let records = Self.capStoredRejections(ingested.records, at: config.maxRejectedRows) + unread
        let linesRead = records.reduce(0) { $0 + $1.lines }
        let rejected = records.reduce(0) { $0 + $1.rejected }
        let duplicates = records.reduce(0) { $0 + $1.duplicates }
        let accepted = records.reduce(0) { $0 + $1.accepted }
        var failure = failureReason(records, linesRead: linesRead, rejected: rejected, storedEvents: ingested.storedEvents)

        var outputs: [JobOutput]?
        var persons = 0
        var folded = PlatformCap.Folded()
        if failure == nil {
            let used = ingested.used
            ingested.used = EventBatch()  // the clean stage then holds the only reference
            var built = Cleaner.build(batch: consume used, calendar: scope.calendar, window: scope.window,
                                      identityOptions: config.identity, systemEvents: config.systemEvents,
                                      clock: Self.timestamp(asOf ?? now), platformCap: config.platformCap,
                                      identities: given?.identities)
            if let given { built.foldedPlatforms = given.folded }
            built.sceneChannelOverrides = config.sceneChannels
            let data = built
            persons = data.personCount
            folded = data.foldedPlatforms
            clock.lap("clean")
            let jobs: [any AggregateJob] = [IdentityTablesJob()] + config.jobs
            outputs = Self.parallelMap(jobs.indices.map { $0 }, threads: config.threads) { jobs[$0].run(data) }
            outputs?.append(JobOutput(tables: [ReportMetadata.table(config: config, data: data)]))
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

        let damaged = records.filter { $0.status != FileStatus.ok.rawValue && $0.status != FileStatus.redelivered.rawValue }
        let runDate = scope.calendar.day(of: Self.timestamp(asOf ?? now))
        let partitionWarnings = config.partitions.map {
            PartitionCheck(rule: $0, runDate: runDate).warnings(Self.partitionLines(known: known, records: records))
        } ?? []
        let warnings = damaged.map { (kind: "file_\($0.status)", subject: $0.path, detail: $0.error ?? "") }
            + partitionWarnings.map { (kind: $0.kind, subject: $0.partition, detail: $0.detail) }
        run.finishedAt = Self.timestamp(Date())
        run.status = failure != nil ? .failed : warnings.isEmpty ? .succeeded : .succeededWithWarnings
        run.message = failure ?? (warnings.isEmpty ? nil : Self.warning(damaged, partitions: partitionWarnings))
        run.files = records.count
        run.bytes = records.reduce(0) { $0 + $1.sizeBytes }
        (run.linesRead, run.eventsAccepted, run.duplicatesDropped, run.linesRejected) = (linesRead, accepted, duplicates, rejected)
        run.eventsOutsideWindow = records.reduce(0) { $0 + $1.outsideWindow }
        run.eventsIgnored = records.reduce(0) { $0 + $1.ignored }
        run.warnings = warnings.count
        let fingerprint = config.stateFingerprint
        // Encoded in parallel before the transaction, so the database's write lock is held for the writes only.
        let pending = ingested.toStore
        let toStore = failure == nil && given == nil
            ? Self.parallelMap(pending.indices.map { $0 }, threads: config.threads) { (file: pending[$0].file.withRun(runID), batch: BatchCodec.encode(pending[$0].batch)) }
            : []
        do {
            try Publisher.publish(run: run, runID: runID, files: records, tables: tables, metrics: metrics, warnings: warnings,
                                  to: db) { _ in
                guard failure == nil else { return }
                try ReportViews.recreate(in: db, tables: Set((tables ?? []).map(\.schema.name)))
                try SchemaDocs.write(in: db)
                guard given == nil else { return }
                try StateStore.save(toStore, replacing: rebuild, fingerprint: fingerprint, in: db)
                let stateBytes = try StateStore.bytes(db)
                try db.prepare("UPDATE pipeline_runs SET state_bytes = ? WHERE run_id = ?").run([.integer(stateBytes), .integer(runID)])
            }
        } catch {
            throw PipelineError.io("cannot write \(config.database): \(error)")
        }
        clock.lap("publish")
        if let failure { throw PipelineError.data("run \(runID) failed: \(failure); reports left unchanged") }
        return RunSummary(
            runID: runID, database: config.database, files: records.count,
            bytes: run.bytes, linesRead: linesRead, eventsAccepted: accepted, duplicatesDropped: duplicates,
            linesRejected: rejected, eventsOutsideWindow: run.eventsOutsideWindow, eventsIgnored: run.eventsIgnored,
            persons: persons, tables: (tables ?? []).map { ($0.schema.name, $0.rows.count) },
            headline: (outputs ?? []).flatMap(\.headline),
            damagedFiles: damaged.map { ($0.path, $0.status, $0.error ?? "") },
            elapsedSeconds: Date().timeIntervalSince(started), stageSeconds: clock.laps,
            mode: run.mode, filesAlreadyIngested: filesAlreadyIngested, filesRedelivered: filesRedelivered,
            notes: notes, partitionWarnings: partitionWarnings.map { "\($0.partition): \($0.detail)" }
        )
    }

    /// What ingest hands on: the events the reports use, and the accounting of every file read.
    struct Ingested {
        /// Accepted, de-duplicated events (of stored and new files) that are not `ignored`, in path then line order
        /// (order carries no meaning).
        var used: EventBatch
        /// The files read this run.
        var records: [FileRecord]
        var conflictingDuplicates: Int
        /// New files to fold into the state (read whole, not changing while read), with their batches.
        var toStore: [(file: IngestedFile, batch: EventBatch)]
        /// Accepted events in stored files (before de-duplication).
        var storedEvents: Int
        /// With `keepRows`: each file read now with its rows that are in `used` (in line order), in the order `used`
        /// holds them.
        var usedRows: [(path: String, rows: [Int])] = []
    }

    /// Ingest of the new files (parallel over files, rejecting bad and future timestamps per event), then
    /// de-duplication by content over stored and new files, and the placement of each kept event relative to the
    /// report window and history, counted per new file.
    func ingest(_ plan: InputPlan, known: [IngestedFile], stored: [String: EventBatch], scope: DataScope) -> Ingested {
        let newFiles = Dictionary(plan.new.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let results = read(plan.new.map(\.path) + plan.unhashable, listed: newFiles,
                           totalBytes: plan.new.reduce(0) { $0 + $1.sizeBytes })
        return combine(results, listed: newFiles, known: known, stored: stored, scope: scope)
    }

    /// The ingestor of this config: decoding with the field plan, the day-range and future-skew screens.
    var ingestor: FileIngestor {
        let skew = FutureSkewRule(latestTime: config.maxFutureSkewSeconds.map {
            Timestamp(millisecondsSinceEpoch: Self.timestamp(now).millisecondsSinceEpoch + $0 * 1000)
        })
        var options = config.decode
        options.keptProperties = config.propertyKeys  // the field plan: only what the configured jobs read
        let days = LocalDayRange(calendar: config.calendar)
        return FileIngestor(decoder: EventDecoder(options: options), maxStoredRejections: config.maxRejectedRowsPerFile,
                            screen: { days.reason(for: $0) ?? skew.reason(for: $0) })
    }

    /// Reads `paths` in parallel. A file whose size or modification time differs from its listing afterwards is
    /// recorded `in_progress`, with nothing of it kept.
    func read(_ paths: [String], listed: [String: InputPlan.NewFile], totalBytes: Int64) -> [FileIngestResult] {
        let ingestor = self.ingestor
        let counter = progress.map { ProgressCounter(files: paths.count, bytes: totalBytes, report: $0) }
        return Self.parallelMap(paths, threads: config.threads) { path -> FileIngestResult in
            var result = ingestor.ingest(path: path)
            counter?.add(bytes: result.sizeBytes, lines: result.linesRead)
            // A file whose size or modification time changed while it was read is still being written: nothing of it
            // is used or stored this run; the next run reads it again.
            if let file = listed[path], FileStat(path) != FileStat.Listed(file) {
                result = FileIngestResult(path: path)
                result.sizeBytes = file.sizeBytes
                result.status = .inProgress
                result.error = "changed while being read (still being written?): not ingested; read again by the next run"
            }
            return result
        }
    }

    /// De-duplication over the files read now (`results`, with their listings) and the stored ones, then each kept
    /// event's placement, counted per file read now. `keepRows`: also hand on which rows of each file read now are
    /// used (the distributed `resolve` stage passes them to `reduce`).
    func combine(_ results: [FileIngestResult], listed newFiles: [String: InputPlan.NewFile], known: [IngestedFile],
                 stored: [String: EventBatch], scope: DataScope, keepRows: Bool = false) -> Ingested {
        var results = results
        let ingestor = self.ingestor
        // Every file's events in path order: stored ones (not read again) and new ones.
        var sources: [(path: String, batch: EventBatch, isNew: Int?)] = known.map { ($0.path, stored[$0.path]!, nil) }
        sources += results.indices.map { (results[$0].path, results[$0].batch, $0) }
        sources.sort { $0.path < $1.path }
        let knownByPath = Dictionary(known.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let dedup = Deduplicator.resolve(sources.map { Deduplicator.FileEvents($0.batch) }) { f, indexes in
            // Different copies of one event_id at one instant: their bytes decide, read again from the file (a stored
            // file only if it is still there, unchanged). A line whose bytes no longer match is left out.
            let source = sources[f]
            if let k = knownByPath[source.path], FileStat(source.path) != FileStat.Listed(k) { return [:] }
            let batch = source.batch
            let byLine = ingestor.rawLines(path: source.path, numbers: Set(indexes.map { Int(batch.lines[$0]) }))
            return Dictionary(uniqueKeysWithValues: indexes.compactMap { i in
                byLine[Int(batch.lines[i])].flatMap { RawLineHash.of($0) == batch.rawHashes[i] ? (i, $0) : nil }
            })
        }
        // The kept events of every file, merged in path order into one batch with one symbol table.
        var used = EventBatch()
        used.reserveCapacity(dedup.kept.reduce(0) { $0 + $1.count { $0 } })
        var records: [FileRecord] = Array(repeating: FileRecord(path: "", sizeBytes: 0, lines: 0, accepted: 0, duplicates: 0,
                                                                rejections: [], status: "", error: nil), count: results.count)
        var toStore: [(file: IngestedFile, batch: EventBatch)] = []
        var usedRows: [(path: String, rows: [Int])] = []
        var storedEvents = 0
        for f in sources.indices {
            let source = sources[f]
            guard let r = source.isNew else {
                storedEvents += source.batch.count
                var rows: [Int] = []
                for i in source.batch.indices where dedup.kept[f][i] && scope.placement(of: source.batch.times[i]) != .ignored {
                    rows.append(i)
                }
                used.append(rows: rows, of: source.batch)
                continue
            }
            let result = results[r]
            results[r].batch = EventBatch()
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
            if keepRows { usedRows.append((result.path, rows)) }
            records[r] = record
            // Stored: everything read, as a rebuild would read it now; not unreadable files or files changing while
            // read (they are tried again). A file that ends inside a member is stored as `truncated` and replaced when
            // it grows.
            if let listed = newFiles[result.path], [.ok, .corrupt, .empty, .truncated].contains(result.status) {
                toStore.append((IngestedFile(path: listed.path, sizeBytes: listed.sizeBytes, mtimeNanoseconds: listed.mtimeNanoseconds,
                                             sha256: listed.sha256, runID: 0, lines: result.linesRead, events: result.batch.count,
                                             status: result.status.rawValue),
                                result.batch))
            }
        }
        records.sort { $0.path < $1.path }
        return Ingested(used: used, records: records, conflictingDuplicates: dedup.conflicting.reduce(0, +), toStore: toStore,
                        storedEvents: storedEvents, usedRows: usedRows)
    }

    /// Why the data is not fit to publish, or nil: no lines at all (read now or stored), or too many of this run's
    /// lines rejected (with the main reasons).
    func failureReason(_ records: [FileRecord], linesRead: Int, rejected: Int, storedEvents: Int = 0) -> String? {
        if linesRead == 0 && storedEvents > 0 { return nil }
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

    /// `pipeline_runs.message` of a run with warnings: how many files were not read whole, and the first few; then
    /// the input-completeness findings.
    static func warning(_ damaged: [FileRecord], partitions: [PartitionCheck.Warning] = []) -> String {
        var parts: [String] = []
        if !damaged.isEmpty {
            let listed = damaged.prefix(5).map { "\($0.path) (\($0.status))" }.joined(separator: ", ")
            parts.append("\(damaged.count) input file\(damaged.count == 1 ? "" : "s") not read whole: \(listed)\(damaged.count > 5 ? ", …" : "")")
        }
        if !partitions.isEmpty {
            let listed = partitions.prefix(5).map { "\($0.partition) \($0.kind)" }.joined(separator: ", ")
            parts.append("\(partitions.count) input partition warning\(partitions.count == 1 ? "" : "s"): \(listed)\(partitions.count > 5 ? ", …" : "")")
        }
        return parts.joined(separator: "; ")
    }

    /// Lines per input file, stored and read now, for the partition check.
    static func partitionLines(known: [IngestedFile], records: [FileRecord]) -> [(path: String, lines: Int)] {
        known.map { ($0.path, $0.lines) } + records.filter { $0.status != FileStatus.skipped.rawValue }.map { ($0.path, $0.lines) }
    }

    /// The ledger row of a file not read because its content is that of `sameAs`, ingested before or earlier in path
    /// order.
    static func redeliveredRecord(path: String, sizeBytes: Int64, sameAs: String) -> FileRecord {
        FileRecord(path: path, sizeBytes: sizeBytes, lines: 0, accepted: 0, duplicates: 0, rejections: [],
                   status: FileStatus.redelivered.rawValue, error: "same content as \(sameAs), already ingested")
    }

    /// The ledger row of a listed entry that is not read (not a regular file, a broken link, …).
    static func skippedRecord(_ entry: InputResolver.SkippedInput) -> FileRecord {
        FileRecord(path: entry.path, sizeBytes: 0, lines: 0, accepted: 0, duplicates: 0, rejections: [],
                   status: FileStatus.skipped.rawValue, error: entry.reason)
    }

    static func fileBytes(_ path: String) -> Int64 { FileStat(path)?.size ?? 0 }

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

    /// `dataScope()`, its config error naming the config file.
    func scope() throws -> DataScope {
        do {
            return try dataScope()
        } catch {
            throw PipelineError.config(file: config.path, error)
        }
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

    /// Creates the database's folder, takes the run lock and opens the database.
    func lockAndOpen(started: Date) throws -> (lock: RunLock, db: Database) {
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: config.database).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
        } catch {
            throw PipelineError.io("cannot create the folder of \(config.database): \(error.localizedDescription)")
        }
        let lock = try RunLock(database: config.database, started: started)
        return (lock, try openDatabase())
    }

    /// The ledger row of a run starting now (counts filled in when it ends).
    func newRunRecord(started: Date, scope: DataScope) -> RunRecord {
        var run = RunRecord(
            startedAt: Self.timestamp(started), finishedAt: Self.timestamp(started), configName: config.name,
            configPath: config.path, configSHA256: config.sha256, status: .succeeded, message: nil, files: 0, bytes: 0,
            linesRead: 0, eventsAccepted: 0, duplicatesDropped: 0, linesRejected: 0
        )
        run.settings = settings(scope)
        run.databaseBytes = Self.fileBytes(config.database) + Self.fileBytes(config.database + "-wal")
        return run
    }

    func openDatabase() throws -> Database {
        do {
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
