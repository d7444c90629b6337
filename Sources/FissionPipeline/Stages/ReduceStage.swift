import FissionClean
import FissionModel
import FissionState
import FissionStore
import Foundation

/// `fission reduce --shard i/n`: the events of the persons of shard `i`, with their accounts.
///
/// It reads every extract partial and keeps each file's used rows whose account (both decided by `resolve`) belongs to
/// a person of the shard, with capped platforms folded into `OTHER`. The reduced partial holds, per input file, an
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
        let folded = Set(try id.rows("SELECT name FROM folded_platforms").map { $0[0].description })
        var used: [String: (rows: [Int32], accounts: [Int32])] = [:]
        try id.each("SELECT path, rows, accounts FROM used_rows") { s in
            let rows = try IdentityPartial.decode(s.blob(column: 1), in: identity)
            let rowAccounts = try IdentityPartial.decode(s.blob(column: 2), in: identity)
            guard rows.count == rowAccounts.count, rowAccounts.allSatisfy({ $0 >= 0 && Int($0) < accounts.count }) else {
                throw PipelineError.io("partial \(identity) is damaged: the used rows of \(s.text(column: 0)) do not match their accounts")
            }
            used[s.text(column: 0)] = (rows, rowAccounts)
        }

        var chunks: [(path: String, batch: [UInt8], accounts: [UInt8])] = []
        var events = 0
        var persons = Set<Int32>()
        for path in partials {
            let reader = try PartialFile.open(path, kind: .extract, key: run.extractKey)
            for file in try ExtractStage.files(of: reader, batches: true) {
                guard let (rows, rowAccounts) = used[file.result.path].map({ ($0.rows, $0.accounts) }) else { continue }
                let b = file.result.batch
                guard rows.allSatisfy({ $0 >= 0 && Int($0) < b.count }) else {
                    throw PipelineError.io("partial \(identity): used rows of \(file.result.path) do not fit \(path)")
                }
                var kept: [Int] = []
                var keptAccounts: [Int32] = []
                for (r, account) in zip(rows, rowAccounts) {
                    let person = accountPerson[Int(account)]
                    guard personShard[Int(person)] == shard else { continue }
                    kept.append(Int(r))
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
}
