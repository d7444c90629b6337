import FissionModel

/// Keeps one copy of each `event_id`, chosen by content so that file names, file order and arrival night do not
/// matter: the copy with the smallest (timestamp, raw line bytes). Copies with identical bytes are interchangeable;
/// copies that differ are also counted as `conflicting` (an exporter reusing ids).
///
/// Ids are grouped by their hash (sorted, so no hash table of strings) and compared in full within a group. Ids are
/// compared as Unicode text, as everywhere else (`"caf\u{E9}"` and `"cafe\u{301}"` are one id); the per-process
/// hash seed only changes how groups are visited, never which copy is kept.
public enum Deduplicator {
    /// One file's accepted events, in line order: ids, times and the fingerprints of their raw lines (parallel).
    public struct FileEvents: Sendable {
        public var eventIDs: [String]
        public var times: [Timestamp]
        public var rawHashes: [UInt64]
        public init(eventIDs: [String], times: [Timestamp], rawHashes: [UInt64]) {
            self.eventIDs = eventIDs
            self.times = times
            self.rawHashes = rawHashes
        }

        public init(_ batch: EventBatch) {
            self.init(eventIDs: batch.eventIDs, times: batch.times, rawHashes: batch.rawHashes)
        }
    }

    /// Per file (parallel to the input): which events are kept, the duplicates dropped, and how many of those differ
    /// in content from the kept copy.
    public struct Outcome: Sendable, Equatable {
        public var kept: [[Bool]]
        public var duplicates: [Int]
        public var conflicting: [Int]
    }

    /// One copy: a file and an event in it.
    struct Ref: Equatable {
        var file: Int32
        var index: Int32
        func id(_ files: [FileEvents]) -> String { files[Int(file)].eventIDs[Int(index)] }
        func time(_ files: [FileEvents]) -> Timestamp { files[Int(file)].times[Int(index)] }
        func rawHash(_ files: [FileEvents]) -> UInt64 { files[Int(file)].rawHashes[Int(index)] }
    }

    /// `files` in path order; among byte-identical copies the first in path order, then line order, is kept, which
    /// only decides which file's `input_files.accepted` counts it. When different copies of one id share the earliest
    /// timestamp (rare), `rawLines(file, indexes)` reads those lines' bytes again to compare them; lines it cannot
    /// read are ordered by fingerprint.
    public static func resolve(_ files: [FileEvents], rawLines: (Int, [Int]) -> [Int: [UInt8]]) -> Outcome {
        var entries: [(hash: UInt64, ref: Ref)] = []
        entries.reserveCapacity(files.reduce(0) { $0 + $1.eventIDs.count })
        for (f, file) in files.enumerated() {
            for (i, id) in file.eventIDs.enumerated() {
                entries.append((UInt64(bitPattern: Int64(id.hashValue)), Ref(file: Int32(f), index: Int32(i))))
            }
        }
        entries.sort { $0.hash < $1.hash }

        var outcome = Outcome(kept: files.map { Array(repeating: true, count: $0.eventIDs.count) },
                              duplicates: Array(repeating: 0, count: files.count),
                              conflicting: Array(repeating: 0, count: files.count))
        var tied: [[Ref]] = []
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].hash == entries[start].hash { end += 1 }
            if end - start > 1 {
                // Copies of one id, in path order (a fingerprint may, rarely, hold several ids).
                var byID: [String: [Ref]] = [:]
                for e in entries[start..<end] { byID[e.ref.id(files), default: []].append(e.ref) }
                for group in byID.values where group.count > 1 {
                    let copies = group.sorted { ($0.file, $0.index) < ($1.file, $1.index) }
                    let first = earliestCopies(copies, files)
                    if Set(first.map { $0.rawHash(files) }).count > 1 {
                        tied.append(copies)
                    } else {
                        drop(copies, keeping: first[0], files, &outcome)
                    }
                }
            }
            start = end
        }
        if !tied.isEmpty { breakTies(tied, files, &outcome, rawLines) }
        return outcome
    }

    /// The copies with the earliest timestamp, in the order given.
    private static func earliestCopies(_ copies: [Ref], _ files: [FileEvents]) -> [Ref] {
        let earliest = copies.map { $0.time(files) }.min()!
        return copies.filter { $0.time(files) == earliest }
    }

    /// Marks every copy but `winner` as a duplicate, and counts those whose bytes differ from it.
    private static func drop(_ copies: [Ref], keeping winner: Ref, _ files: [FileEvents], _ outcome: inout Outcome) {
        for r in copies where r != winner {
            outcome.kept[Int(r.file)][Int(r.index)] = false
            outcome.duplicates[Int(r.file)] += 1
            if r.rawHash(files) != winner.rawHash(files) { outcome.conflicting[Int(r.file)] += 1 }
        }
    }

    /// Ids whose earliest copies differ in bytes: the smallest bytes win (first in path order among identical ones).
    private static func breakTies(_ tied: [[Ref]], _ files: [FileEvents], _ outcome: inout Outcome,
                                  _ rawLines: (Int, [Int]) -> [Int: [UInt8]]) {
        var wanted: [Int: [Int]] = [:]
        for refs in tied { for r in refs { wanted[Int(r.file), default: []].append(Int(r.index)) } }
        var bytes: [Int: [Int: [UInt8]]] = [:]
        for (f, indexes) in wanted { bytes[f] = rawLines(f, indexes) }
        for copies in tied {
            // Lines read again are ordered by their bytes, before any that could not be read (by fingerprint); equal
            // ones by path order. A total order, so the minimum does not depend on the order of `copies`.
            let winner = earliestCopies(copies, files).min { a, b in
                let (x, y) = (bytes[Int(a.file)]?[Int(a.index)], bytes[Int(b.file)]?[Int(b.index)])
                if (x == nil) != (y == nil) { return x != nil }
                if let x, let y, x != y { return x.lexicographicallyPrecedes(y) }
                if x == nil, a.rawHash(files) != b.rawHash(files) { return a.rawHash(files) < b.rawHash(files) }
                return (a.file, a.index) < (b.file, b.index)
            }!
            drop(copies, keeping: winner, files, &outcome)
        }
    }
}
