import FissionClean
import FissionModel
import FissionState
import FissionStore
import Foundation

/// `fission reduce --shard i/n`: the events of the persons of shard `i`, with their accounts.
///
/// It reads every extract partial, keeps each file's used rows (decided by `resolve`) that belong to a person of
/// the shard, folds capped platforms into `OTHER`, and assigns each event its account as the single-machine run
/// does (user id, else the device's owner, else the anonymous id). The reduced partial holds, per input file, an
/// `FSB1` batch of those events (with their properties) and their account indexes.
public struct ReduceStage: Sendable {
    public var run: StageRun

    public init(run: StageRun) {
        self.run = run
    }

    public struct Summary: Sendable {
        public var events: Int
        public var persons: Int
    }

    public func reduce(identity: String, shard: Int, of shards: Int, partials: [String], to out: String) throws -> Summary {
        let id = try PartialFile.open(identity, kind: .identity, key: run.runKey)
        guard try id.int("shards") == shards else {
            throw PipelineError.usage("--shard \(shard)/\(shards): \(identity) was resolved for \(try id.value("shards")) shards")
        }
        guard (0..<shards).contains(shard) else { throw PipelineError.usage("--shard \(shard)/\(shards): the shard must be below \(shards)") }
        let (accounts, accountPerson, _, personShard) = try IdentityPartial.accounts(id)
        let accountIndex = Dictionary(uniqueKeysWithValues: accounts.enumerated().map { ($1, Int32($0)) })
        var owners: [DeviceKey: String] = [:]
        for row in try id.rows("SELECT platform, anonymous_id, user_id FROM device_owners") {
            owners[DeviceKey(platform: row[0].description, anonymousID: row[1].description)] = row[2].description
        }
        let folded = Set(try id.rows("SELECT name FROM folded_platforms").map { $0[0].description })
        var usedRows: [String: [UInt8]] = [:]
        try id.each("SELECT path, rows FROM used_rows") { usedRows[$0.text(column: 0)] = $0.blob(column: 1) }

        var chunks: [(path: String, batch: [UInt8], accounts: [UInt8])] = []
        var events = 0
        var persons = Set<Int32>()
        for path in partials {
            let reader = try PartialFile.open(path, kind: .extract, key: run.extractKey)
            for file in try ExtractStage.files(of: reader, batches: true) {
                guard let blob = usedRows[file.result.path] else { continue }
                let rows = try IdentityPartial.decode(blob, in: identity)
                let b = file.result.batch
                guard rows.allSatisfy({ $0 >= 0 && Int($0) < b.count }) else {
                    throw PipelineError.io("partial \(identity): used rows of \(file.result.path) do not fit \(path)")
                }
                var kept: [Int] = []
                var keptAccounts: [Int32] = []
                var cache: [UInt64: Int32] = [:]  // (platform symbol, user or anonymous symbol) → account
                for r in rows.map(Int.init) {
                    let platform = b.platforms[r].index
                    let user = b.users[r] != EventBatch.none ? b.users[r] : -2 - b.anonymousIDs[r]
                    let pairKey = UInt64(UInt32(bitPattern: platform)) << 32 | UInt64(UInt32(bitPattern: user))
                    let account: Int32
                    if let known = cache[pairKey] {
                        account = known
                    } else {
                        let key = Self.account(of: r, in: b, folded: folded, owners: owners)
                        guard let a = accountIndex[key] else {
                            throw PipelineError.io("partial \(identity) has no account \(key) for \(file.result.path), line \(b.lines[r]): resolve and extract disagree")
                        }
                        account = a
                        cache[pairKey] = a
                    }
                    let person = accountPerson[Int(account)]
                    guard personShard[Int(person)] == shard else { continue }
                    kept.append(r)
                    keptAccounts.append(account)
                    persons.insert(person)
                }
                guard !kept.isEmpty else { continue }
                var chunk = EventBatch()
                chunk.append(rows: kept, of: b)
                chunk.lines = kept.map { b.lines[$0] }
                chunk.rawHashes = kept.map { b.rawHashes[$0] }
                if !folded.isEmpty {
                    let other = chunk.symbols.intern(PlatformCap.otherLabel)
                    chunk.platforms = chunk.platforms.map { folded.contains(chunk.symbols[$0]) ? other : $0 }
                }
                events += kept.count
                chunks.append((file.result.path, BatchCodec.encode(chunk), IdentityPartial.encode(keptAccounts)))
            }
        }
        chunks.sort { $0.path < $1.path }
        let meta = ["run_key": run.runKey, "shards": String(shards), "shard": String(shard),
                    "identity_id": try id.value("identity_id")]
        try PartialFile.write(to: out, kind: .reduced, meta: meta) { db in
            try db.execute("CREATE TABLE chunks (path TEXT PRIMARY KEY, events BLOB NOT NULL, accounts BLOB NOT NULL)")
            let insert = try db.prepare("INSERT INTO chunks (path, events, accounts) VALUES (?, ?, ?)")
            for c in chunks {
                try insert.bind([.text(c.path)])
                try insert.bindBlob(c.batch, at: 2)
                try insert.bindBlob(c.accounts, at: 3)
                while try insert.step() {}
            }
        }
        return Summary(events: events, persons: persons.count)
    }

    /// The account of event `r`, as `IdentityResolver` assigns it (on the capped platform).
    static func account(of r: Int, in b: EventBatch, folded: Set<String>, owners: [DeviceKey: String]) -> AccountKey {
        let name = b.symbols[b.platforms[r]]
        let platform = folded.contains(name) ? PlatformCap.otherLabel : name
        if let user = b.text(b.users[r]) { return AccountKey(platform: platform, kind: .user, id: user) }
        let anonymous = b.text(b.anonymousIDs[r]) ?? ""
        if let owner = owners[DeviceKey(platform: platform, anonymousID: anonymous)], b.anonymousIDs[r] != EventBatch.none {
            return AccountKey(platform: platform, kind: .user, id: owner)
        }
        return AccountKey(platform: platform, kind: .anonymous, id: anonymous)
    }

    struct DeviceKey: Hashable {
        var platform: String
        var anonymousID: String
    }
}
