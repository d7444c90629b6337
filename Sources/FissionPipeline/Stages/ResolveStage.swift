import FissionClean
import FissionIngest
import FissionModel
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
        let scope = try run.scope()
        var files: [ExtractStage.File] = []
        var owner: [String: String] = [:]
        for path in partials {
            let reader = try PartialFile.open(path, kind: .extract, key: run.extractKey)
            for file in try ExtractStage.files(of: reader, batches: true, stripProperties: true) {
                if let other = owner[file.result.path] {
                    throw PipelineError.usage("input \(file.result.path) is in two extract partials: \(other) and \(path)")
                }
                owner[file.result.path] = path
                files.append(file)
            }
        }
        files.sort { $0.result.path < $1.result.path }

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

        let meta = ["run_key": run.runKey, "shards": String(shards), "identity_id": UUID().uuidString,
                    "conflicting_duplicates": String(ingested.conflictingDuplicates),
                    "platforms_folded": String(folded.platforms), "events_on_folded_platforms": String(folded.events)]
        try PartialFile.write(to: out, kind: .identity, meta: meta) { db in
            try IdentityPartial.createTables(db)
            try IdentityPartial.write(records: ingested.records, unread: unread, in: db)
            // `used` holds each file's used rows in path order, so its accounts are cut into files the same way.
            let rows = try db.prepare("INSERT INTO used_rows (path, rows, accounts) VALUES (?, ?, ?)")
            var offset = 0
            for (path, r) in ingested.usedRows.sorted(by: { $0.key < $1.key }) {
                try rows.bind([.text(path)])
                try rows.bindBlob(IdentityPartial.encode(r.map { Int32($0) }), at: 2)
                try rows.bindBlob(IdentityPartial.encode(Array(identities.eventAccount[offset..<offset + r.count])), at: 3)
                while try rows.step() {}
                offset += r.count
            }
            guard offset == identities.eventAccount.count else {
                throw PipelineError.io("resolve: \(offset) used rows listed for \(identities.eventAccount.count) events (a bug)")
            }
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
        var perShard = Array(repeating: 0, count: shards)
        for s in shardOf { perShard[s] += 1 }
        return Summary(files: ingested.records.count + unread.count, events: used.count, accounts: identities.accounts.count,
                       persons: identities.personKeys.count, shardPersons: perShard)
    }
}
