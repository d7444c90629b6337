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
        var used: [String: UsedRows] = [:]
        try id.each("SELECT path, sha256, events, rows, accounts FROM used_rows") { s in
            let rows = try IdentityPartial.decode(s.blob(column: 3), in: identity)
            let rowAccounts = try IdentityPartial.decode(s.blob(column: 4), in: identity)
            guard rows.count == rowAccounts.count, rowAccounts.allSatisfy({ $0 >= 0 && Int($0) < accounts.count }) else {
                throw PipelineError.io("partial \(identity) is damaged: the used rows of \(s.text(column: 0)) do not match their accounts")
            }
            let sha = s.value(column: 1)
            used[s.text(column: 0)] = UsedRows(sha256: sha == .null ? nil : sha.description, events: Int(s.value(column: 2).int64),
                                               rows: rows, accounts: rowAccounts)
        }
        let expected = try IdentityPartial.shardEvents(id)
        guard expected.count == shards else { throw PipelineError.io("partial \(identity) is damaged: \(expected.count) shards listed") }

        var chunks: [(path: String, batch: [UInt8], accounts: [UInt8])] = []
        var events = 0
        var persons = Set<Int32>()
        var seen: [String: String] = [:]  // input file → the extract partial it came from
        for path in Array(Set(partials)).sorted() {
            let reader = try PartialFile.open(path, kind: .extract, key: run.extractKey)
            for file in try ExtractStage.files(of: reader) {
                if let other = seen[file.result.path] {
                    throw PipelineError.usage("input \(file.result.path) is in two extract partials: \(other) and \(path)")
                }
                seen[file.result.path] = path
                guard let entry = used[file.result.path] else { continue }
                // The file as resolve saw it: a partial extracted again from a changed file would pick other events.
                guard entry.sha256 == file.listing?.sha256, entry.events == file.events else {
                    throw PipelineError.usage("\(path) holds \(file.result.path) as it is not in \(identity) (extracted again since?): rerun resolve")
                }
                let (rows, rowAccounts) = (entry.rows, entry.accounts)
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
                chunks.append((file.result.path, BatchCodec.encode(chunk), BatchCodec.encode(int32s: keptAccounts)))
            }
        }
        let missing = used.keys.filter { seen[$0] == nil }.sorted()
        guard missing.isEmpty else {
            throw PipelineError.usage("reduce needs every extract partial of the run: \(missing.count) input file(s) of \(identity) are in none given (first: \(missing[0]))")
        }
        guard events == expected[shard] else {
            throw PipelineError.io("shard \(shard)/\(shards): \(events) events found, \(identity) expects \(expected[shard])")
        }
        chunks.sort { $0.path < $1.path }
        let meta = ["run_key": run.runKey, "shards": String(shards), "shard": String(shard), "events": String(events),
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

    /// A file's used rows and their accounts, with the content hash and event count of the file resolve read.
    struct UsedRows {
        var sha256: String?
        var events: Int
        var rows: [Int32]
        var accounts: [Int32]
    }
}
