import FissionModel

/// Keeps one copy of each `event_id`, chosen by content so that file names, file order and arrival night do not
/// matter: the copy with the smallest (timestamp, raw line bytes). Copies with identical bytes are interchangeable;
/// copies that differ are also counted as `conflicting` (an exporter reusing ids).
public enum Deduplicator {
    /// One file's accepted events, in line order, with the fingerprints of their raw lines (parallel).
    public struct FileEvents: Sendable {
        public var events: [Event]
        public var rawHashes: [UInt64]
        public init(events: [Event], rawHashes: [UInt64]) {
            self.events = events
            self.rawHashes = rawHashes
        }
    }

    /// Per file (parallel to the input): which events are kept, the duplicates dropped, and how many of those differ
    /// in content from the kept copy.
    public struct Outcome: Sendable, Equatable {
        public var kept: [[Bool]]
        public var duplicates: [Int]
        public var conflicting: [Int]
    }

    /// `files` in path order; among byte-identical copies the first in path order, then line order, is kept, which
    /// only decides which file's `input_files.accepted` counts it. When different copies of one id share the earliest
    /// timestamp (rare), `rawLines(file, indexes)` reads those lines' bytes again to compare them; lines it cannot
    /// read are ordered by fingerprint.
    public static func resolve(_ files: [FileEvents], rawLines: (Int, [Int]) -> [Int: [UInt8]]) -> Outcome {
        var winner: [String: Ref] = [:]
        var tied: Set<String> = []
        winner.reserveCapacity(files.reduce(0) { $0 + $1.events.count })
        for (f, file) in files.enumerated() {
            for (i, event) in file.events.enumerated() {
                let candidate = Ref(file: Int32(f), index: Int32(i))
                guard let current = winner[event.eventID] else {
                    winner[event.eventID] = candidate
                    continue
                }
                let kept = files[Int(current.file)].events[Int(current.index)]
                if event.time != kept.time {
                    if event.time < kept.time { winner[event.eventID] = candidate }
                } else if file.rawHashes[i] != files[Int(current.file)].rawHashes[Int(current.index)] {
                    tied.insert(event.eventID)
                }
            }
        }
        if !tied.isEmpty { breakTies(tied, files, &winner, rawLines) }
        var outcome = Outcome(kept: [], duplicates: [], conflicting: [])
        for (f, file) in files.enumerated() {
            var kept = [Bool](repeating: false, count: file.events.count)
            var duplicates = 0, conflicting = 0
            for (i, event) in file.events.enumerated() {
                let w = winner[event.eventID]!
                if Int(w.file) == f && Int(w.index) == i {
                    kept[i] = true
                } else {
                    duplicates += 1
                    if file.rawHashes[i] != files[Int(w.file)].rawHashes[Int(w.index)] { conflicting += 1 }
                }
            }
            outcome.kept.append(kept)
            outcome.duplicates.append(duplicates)
            outcome.conflicting.append(conflicting)
        }
        return outcome
    }

    struct Ref: Equatable { var file: Int32; var index: Int32 }

    /// For each id in `tied`, the copy with the earliest timestamp and then the smallest bytes (first in path order
    /// among identical ones).
    private static func breakTies(_ tied: Set<String>, _ files: [FileEvents], _ winner: inout [String: Ref],
                                  _ rawLines: (Int, [Int]) -> [Int: [UInt8]]) {
        var copies: [String: [Ref]] = [:]
        for (f, file) in files.enumerated() {
            for (i, event) in file.events.enumerated() where tied.contains(event.eventID) {
                copies[event.eventID, default: []].append(Ref(file: Int32(f), index: Int32(i)))
            }
        }
        var wanted: [Int: [Int]] = [:]
        for refs in copies.values { for r in refs { wanted[Int(r.file), default: []].append(Int(r.index)) } }
        var bytes: [Int: [Int: [UInt8]]] = [:]
        for (f, indexes) in wanted { bytes[f] = rawLines(f, indexes) }
        for (id, refs) in copies {
            let earliest = refs.map { files[Int($0.file)].events[Int($0.index)].time }.min()!
            winner[id] = refs.filter { files[Int($0.file)].events[Int($0.index)].time == earliest }.min { a, b in
                let (x, y) = (bytes[Int(a.file)]?[Int(a.index)], bytes[Int(b.file)]?[Int(b.index)])
                if let x, let y, x != y { return x.lexicographicallyPrecedes(y) }
                let (hx, hy) = (files[Int(a.file)].rawHashes[Int(a.index)], files[Int(b.file)].rawHashes[Int(b.index)])
                if x == nil || y == nil, hx != hy { return hx < hy }
                return (a.file, a.index) < (b.file, b.index)
            }!
        }
    }
}
