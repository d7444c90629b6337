import FissionModel

/// Keeps one copy of each `event_id`, chosen by content so that file names, file order and arrival night do not
/// matter: the copy with the smallest (timestamp, raw line bytes). Copies with identical bytes are interchangeable;
/// copies that differ are also counted as `conflicting` (an exporter reusing ids).
public enum Deduplicator {
    /// One file's accepted events, in line order, with their raw lines (parallel).
    public struct FileEvents: Sendable {
        public var events: [Event]
        public var raw: RawLines
        public init(events: [Event], raw: RawLines) {
            self.events = events
            self.raw = raw
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
    /// only decides which file's `input_files.accepted` counts it.
    public static func resolve(_ files: [FileEvents]) -> Outcome {
        struct Ref { var file: Int32; var index: Int32 }
        var winner: [String: Ref] = [:]
        winner.reserveCapacity(files.reduce(0) { $0 + $1.events.count })
        for (f, file) in files.enumerated() {
            for (i, event) in file.events.enumerated() {
                let candidate = Ref(file: Int32(f), index: Int32(i))
                guard let current = winner[event.eventID] else {
                    winner[event.eventID] = candidate
                    continue
                }
                let kept = files[Int(current.file)].events[Int(current.index)]
                let replaces = event.time != kept.time
                    ? event.time < kept.time
                    : file.raw[i].lexicographicallyPrecedes(files[Int(current.file)].raw[Int(current.index)])
                if replaces { winner[event.eventID] = candidate }
            }
        }
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
                    if !file.raw[i].elementsEqual(files[Int(w.file)].raw[Int(w.index)]) { conflicting += 1 }
                }
            }
            outcome.kept.append(kept)
            outcome.duplicates.append(duplicates)
            outcome.conflicting.append(conflicting)
        }
        return outcome
    }
}
