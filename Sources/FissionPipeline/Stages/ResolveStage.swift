import FissionClean
import FissionIngest
import FissionModel
import FissionState
import FissionStore
import Foundation

/// `fission resolve`: the global pass over all extract partials, on one machine.
///
/// It decides, exactly as a single-machine run does: which input files are re-deliveries of another's content;
/// which copy of each duplicated `event_id` is kept (by content, `Deduplicator`); which kept events the run uses
/// (history, `--as-of`) and which lie outside the report window; the platform cap; and identity (device logins,
/// `union_id` links with their caps and placeholder guard) → account → person. Each person gets its shard (see
/// `PersonShard`). It reads the events' ids, times and identity columns only, never their properties.
///
/// The identity partial it writes holds the ledger rows of every file, the used rows of each file with their accounts,
/// the accounts with their persons, persons with their shards, the folded platforms and the suspicious keys.
public struct ResolveStage: Sendable {
    public var run: StageRun

    public init(run: StageRun) {
        self.run = run
    }

    public struct Summary: Sendable {
        public var files: Int
        public var events: Int
        public var accounts: Int
        public var persons: Int
        /// Persons per shard.
        public var shardPersons: [Int]
    }

    public func resolve(partials: [String], shards: Int, to out: String) throws -> Summary {
        guard shards >= 1 else { throw PipelineError.usage("--shards must be at least 1") }
        let scope = try run.runner.scope()
        var files: [ExtractStage.File] = []
        var owner: [String: String] = [:]
        var clocks: [String: String] = [:]  // extract clock → a partial screened against it
        for path in Array(Set(partials)).sorted() {
            let reader = try PartialFile.open(path, kind: .extract, key: run.extractKey)
            clocks[try reader.value("clock_ms")] = path
            for file in try ExtractStage.files(of: reader, stripProperties: true) {
                if let other = owner[file.result.path] {
                    throw PipelineError.usage("input \(file.result.path) is in two extract partials: \(other) and \(path)")
                }
                owner[file.result.path] = path
                files.append(file)
            }
        }
        // Future timestamps are screened against the extract task's clock: with max_future_skew, one run needs one.
        if run.config.maxFutureSkewSeconds != nil, clocks.count > 1 {
            let listed = clocks.sorted { $0.key < $1.key }.prefix(2).map { "\($0.value) (\($0.key) ms)" }
            throw PipelineError.usage("extract partials were screened for future timestamps against different clocks: "
                + "\(listed.joined(separator: ", ")); pass the same --now to every extract of a run")
        }
        files.sort { $0.result.path < $1.result.path }
        let fingerprints = files.map { ($0.result.path, $0.listing?.sha256, $0.events) }

        // Re-deliveries: a file with the content of an earlier one in path order is not used (as `InputPlan`).
        var firstWithContent: [String: String] = [:]
        var read: [FileIngestResult] = []
        var listed: [String: InputPlan.NewFile] = [:]
        var unread: [FileRecord] = []
        for file in files {
            if let listing = file.listing {
                if let earlier = firstWithContent[listing.sha256] {
                    unread.append(PipelineRunner.redeliveredRecord(path: listing.path, sizeBytes: listing.sizeBytes, sameAs: earlier))
                    continue
                }
                firstWithContent[listing.sha256] = listing.path
                listed[listing.path] = listing
            }
            read.append(file.result)
        }
        files = []
        let ingested = run.runner.combine(read, listed: listed, known: [], stored: [:], scope: scope, keepRows: true)
        read = []

        var used = ingested.used
        let platformsBefore = Set(used.platforms.map { used.symbols[$0] })
        let folded = run.config.platformCap.apply(to: &used)
        let foldedNames = platformsBefore.subtracting(used.platforms.map { used.symbols[$0] }).sorted()
        let identities = IdentityResolver.resolve(used, options: run.config.identity)
        let shardOf = identities.personKeys.map { PersonShard.of(personKey: $0, shards: shards) }
        var shardPersons = Array(repeating: 0, count: shards)
        var shardEvents = Array(repeating: 0, count: shards)
        for s in shardOf { shardPersons[s] += 1 }
        for a in identities.eventAccount { shardEvents[shardOf[Int(identities.accountPerson[Int(a)])]] += 1 }

        // The same inputs give the same identity partial, id included: a retried resolve does not orphan the reduced
        // partials written from an earlier attempt.
        let clock = String(PipelineRunner.timestamp(run.runner.now).millisecondsSinceEpoch)
        let identityID = SHA256.hex(Array(([run.runKey, String(shards), clock]
            + fingerprints.map { "\($0.0)\u{0}\($0.1 ?? "-")\u{0}\($0.2)" }).joined(separator: "\n").utf8))
        let meta = ["run_key": run.runKey, "shards": String(shards), "identity_id": identityID, "clock_ms": clock,
                    "conflicting_duplicates": String(ingested.conflictingDuplicates),
                    "platforms_folded": String(folded.platforms), "events_on_folded_platforms": String(folded.events)]
        try PartialFile.write(to: out, kind: .identity, meta: meta) { db in
            try IdentityPartial.createTables(db)
            try IdentityPartial.write(records: ingested.records, unread: unread, in: db)
            // `used` holds each file's used rows in this order, so its accounts are cut into files the same way.
            // Each file's content hash and event count let `reduce` check that it reads what was resolved.
            let listing = Dictionary(fingerprints.map { ($0.0, (sha: $0.1, events: $0.2)) }, uniquingKeysWith: { a, _ in a })
            let rows = try db.prepare("INSERT INTO used_rows (path, sha256, events, rows, accounts) VALUES (?, ?, ?, ?, ?)")
            var offset = 0
            for (path, r) in ingested.usedRows {
                try rows.bind([.text(path), listing[path]?.sha.map(SQLValue.text) ?? .null, .int(listing[path]?.events ?? 0)])
                try rows.bindBlob(BatchCodec.encode(int32s: r.map { Int32($0) }), at: 4)
                try rows.bindBlob(BatchCodec.encode(int32s: Array(identities.eventAccount[offset..<offset + r.count])), at: 5)
                while try rows.step() {}
                offset += r.count
            }
            let shard = try db.prepare("INSERT INTO shards (shard, persons, events) VALUES (?, ?, ?)")
            for i in 0..<shards { try shard.run([.int(i), .int(shardPersons[i]), .int(shardEvents[i])]) }
            let account = try db.prepare("INSERT INTO accounts (idx, platform, kind, id, person) VALUES (?, ?, ?, ?, ?)")
            for (i, a) in identities.accounts.enumerated() {
                try account.run([.int(i), .text(a.platform), .text(a.kind.rawValue), .text(a.id), .integer(Int64(identities.accountPerson[i]))])
            }
            let person = try db.prepare("INSERT INTO persons (idx, key, shard) VALUES (?, ?, ?)")
            for (i, key) in identities.personKeys.enumerated() { try person.run([.int(i), .text(key), .int(shardOf[i])]) }
            let platform = try db.prepare("INSERT INTO folded_platforms (name) VALUES (?)")
            for name in foldedNames { try platform.run([.text(name)]) }
            let suspicious = try db.prepare("""
                INSERT INTO suspicious_keys (ord, key_type, platform, key, reason, accounts, events) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for (i, k) in identities.suspiciousKeys.enumerated() {
                try suspicious.run([.int(i), .text(k.keyType.rawValue), .text(k.platform), .text(k.key), .text(k.reason.rawValue),
                                    .int(k.accounts), .int(k.events)])
            }
        }
        return Summary(files: ingested.records.count + unread.count, events: used.count, accounts: identities.accounts.count,
                       persons: identities.personKeys.count, shardPersons: shardPersons)
    }
}
