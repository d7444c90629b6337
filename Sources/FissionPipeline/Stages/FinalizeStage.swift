import FissionClean
import FissionIngest
import FissionModel
import FissionState
import FissionStore
import Foundation

/// `fission finalize`: merges the reduced partials of all shards, computes every report and publishes them in one
/// transaction with the run ledger (`pipeline_runs.mode = distributed`), exactly as `fission run` would over the same
/// files. Person indexes are the resolved ones, so shard order does not matter; each person's events come from one
/// shard and are put in content order by the clean stage. Entries of the config's inputs that are not files are listed
/// again here and recorded as `skipped`, as `fission run` records them.
///
/// A distributed run keeps no nightly state in the database: each run extracts the files it is given (extract
/// partials of unchanged files can be kept and reused by the engine).
public struct FinalizeStage: Sendable {
    public var run: StageRun

    public init(run: StageRun) {
        self.run = run
    }

    public func finalize(identity: String, reduced: [String]) throws -> RunSummary {
        let started = Date()
        let id = try PartialFile.open(identity, kind: .identity, key: run.runKey)
        // The run's clock is resolve's: the run date of relative bounds, and the end of the data, as resolve used them.
        var run = self.run
        run.runner.now = Date(timeIntervalSince1970: Double(try id.int("clock_ms")) / 1000)
        let scope = try run.runner.scope()
        let runner = run.runner
        let expected = try IdentityPartial.shardEvents(id)
        let shards = try id.int("shards")
        guard expected.count == shards else { throw PipelineError.io("partial \(identity) is damaged: \(expected.count) of \(shards) shards listed") }
        let identityID = try id.value("identity_id")
        var byShard: [Int: PartialFile.Reader] = [:]
        for path in reduced {
            let r = try PartialFile.open(path, kind: .reduced, key: run.runKey)
            guard try r.value("identity_id") == identityID, try r.int("shards") == shards else {
                throw PipelineError.usage("\(path) was reduced from another identity partial than \(identity)")
            }
            let shard = try r.int("shard")
            guard (0..<shards).contains(shard) else { throw PipelineError.usage("\(path) is shard \(shard), not one of 0..<\(shards)") }
            guard try r.int("events") == expected[shard] else {
                throw PipelineError.io("\(path) holds \(try r.int("events")) events of shard \(shard); \(identity) expects \(expected[shard])")
            }
            if let other = byShard[shard] { throw PipelineError.usage("shard \(shard)/\(shards) given twice: \(other.path) and \(path)") }
            byShard[shard] = r
        }
        let missing = (0..<shards).filter { byShard[$0] == nil }
        guard missing.isEmpty else {
            throw PipelineError.usage("reduced partials of shard\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")) of \(shards) missing")
        }

        let (accounts, accountPerson, personKeys, _) = try IdentityPartial.accounts(id)
        var used = EventBatch()
        var eventAccount: [Int32] = []
        for shard in 0..<shards {
            let reader = byShard[shard]!
            try reader.each("SELECT path, events, accounts FROM chunks ORDER BY path") { s in
                let chunk: EventBatch
                do {
                    chunk = try BatchCodec.decode(s.blob(column: 1))
                } catch {
                    throw PipelineError.io("partial \(reader.path), file \(s.text(column: 0)): \(error)")
                }
                let chunkAccounts = try IdentityPartial.decode(s.blob(column: 2), in: reader.path)
                guard chunkAccounts.count == chunk.count, chunkAccounts.allSatisfy({ $0 >= 0 && Int($0) < accounts.count }) else {
                    throw PipelineError.io("partial \(reader.path), file \(s.text(column: 0)): accounts do not match its events")
                }
                used.append(rows: Array(chunk.indices), of: chunk)
                eventAccount += chunkAccounts
            }
        }
        let identities = Identities(accounts: accounts, accountPerson: accountPerson, personKeys: personKeys,
                                    eventAccount: eventAccount, suspiciousKeys: try IdentityPartial.suspiciousKeys(id))
        let folded = PlatformCap.Folded(platforms: try id.int("platforms_folded"), events: try id.int("events_on_folded_platforms"))
        let (records, unread) = try IdentityPartial.records(id)
        let ingested = PipelineRunner.Ingested(used: used, records: records, conflictingDuplicates: try id.int("conflicting_duplicates"),
                                               toStore: [], storedEvents: 0)
        used = EventBatch()
        guard ingested.used.count == expected.reduce(0, +) else {
            throw PipelineError.io("the reduced partials hold \(ingested.used.count) events; \(identity) expects \(expected.reduce(0, +))")
        }

        let (lock, db) = try runner.lockAndOpen(started: started)
        defer { withExtendedLifetime(lock) {} }
        var record = runner.newRunRecord(started: started, scope: scope)
        record.mode = "distributed"
        var notes: [String] = []
        let runID: Int64
        do {
            if try Publisher.markInterrupted(db) > 0 { notes.append("an earlier run was interrupted; it published nothing") }
            runID = try Publisher.begin(record, in: db)
        } catch {
            throw PipelineError.io("cannot use database \(run.config.database): \(error)")
        }
        // Entries of the config's inputs that are not files (broken links, sockets, …) are recorded as `fission run`
        // records them; the stages never see them.
        var skipped: [FileRecord] = []
        if let listed = try? InputResolver.resolve(runner.config) {
            skipped = listed.skipped.map(PipelineRunner.skippedRecord)
        } else {
            notes.append("the config's inputs cannot be listed here: entries that are not files are not recorded in input_files")
        }
        var clock = StageClock()
        clock.lap("merge")
        return try runner.aggregateAndPublish(
            ingested, unread: unread + skipped, known: [], identities: .init(identities: identities, folded: folded), db: db, run: record,
            runID: runID, scope: scope, rebuild: false, notes: notes, clock: clock, started: started, filesAlreadyIngested: 0,
            filesRedelivered: unread.count { $0.status == FileStatus.redelivered.rawValue })
    }
}
