/// Turns resolved events into `day=…/part-NNNN.jsonl.gz` files: renders lines, moves a few events near
/// midnight into the neighbour day's file, sprinkles bad lines and duplicates, and splits one file into
/// two gzip members.
struct FileLayout {
    /// Parts hold at most this many good lines; a day's lines are spread evenly over its parts.
    static let maxLinesPerPart = 350

    /// One output file being assembled.
    struct Draft {
        let day: Int
        let part: Int
        var lines: [[UInt8]]
        /// Indices of the events written in it.
        var eventIndices: [Int]
    }

    var drafts: [Draft] = []
    var badLineCounts: [BadLineKind: Int] = [:]
    var goodLines = 0
    /// Events written in another day's file than the local date of their `ts`.
    var neighbourDayEvents = 0

    init(events: [SimEvent], accounts: [Account], clock: SimClock, spec: SampleDataSpec, orderIDs: inout IDMint) {
        var rng = SplitMix64(seed: spec.seed, stream: 4)
        var fields: [LineFields] = []
        fields.reserveCapacity(events.count)
        var byDay = [[Int]](repeating: [], count: clock.days)
        for (index, event) in events.enumerated() {
            let platform = accounts[event.account].platform
            var day = event.fileDay
            let ownDay = clock.dayIndex(of: event.utcMs)
            if day == ownDay, day + 1 < clock.days, clock.localMillisOfDay(event.utcMs) >= 86_340_000, rng.chance(0.25) {
                day += 1  // uploaded after midnight
            }
            if day != ownDay { neighbourDayEvents += 1 }
            byDay[day].append(index)
            // A buggy SDK build sends a placeholder union_id; linking on it would merge unrelated people.
            let placeholderUnion = rng.chance(0.002) && spec.includeBadLines && event.userID != nil && event.unionID == nil
            fields.append(LineFields(
                eventID: "e-" + pad(index + 1, 6), event: event.name,
                ts: FileLayout.timestampStyle(for: platform, rng: &rng).render(event.utcMs),
                platform: rng.chance(0.005) ? platform.oddSpelling : platform.name,
                userID: event.userID, anonymousID: event.anonymousID,
                unionID: placeholderUnion ? "undefined" : event.unionID, props: event.props
            ))
        }
        goodLines = events.count

        for day in 0..<clock.days {
            let indices = byDay[day]
            let parts = max(1, (indices.count + FileLayout.maxLinesPerPart - 1) / FileLayout.maxLinesPerPart)
            for part in 0..<parts {
                let slice = Array(indices[(indices.count * part / parts)..<(indices.count * (part + 1) / parts)])
                drafts.append(Draft(day: day, part: part, lines: slice.map { JSONLineWriter.line(fields[$0]) }, eventIndices: slice))
            }
        }
        if spec.includeBadLines, !fields.isEmpty {
            sprinkleBadLines(fields: fields, clock: clock, rng: &rng, orderIDs: &orderIDs)
        }
    }

    /// Mostly `+08:00` with milliseconds; some `Z` (web clients more often), a few epoch-ms integers (apps).
    static func timestampStyle(for platform: Platform, rng: inout SplitMix64) -> TimestampStyle {
        let r = rng.below(1000)
        let millis = rng.chance(0.8)
        let (epochBelow, utcBelow) = switch platform {
        case .app: (40, 100)
        case .web: (10, 260)
        default: (5, 60)
        }
        if r < epochBelow { return .epochMillis }
        return r < utcBelow ? .utc(millis: millis) : .shanghai(millis: millis)
    }

    /// Duplicates (~0.3% of good lines) and every other bad kind (once per 15,000 good lines, at least
    /// once; the oversized line exactly once), at random places in random files.
    private mutating func sprinkleBadLines(fields: [LineFields], clock: SimClock, rng: inout SplitMix64, orderIDs: inout IDMint) {
        var inserts = [[(position: Int, line: [UInt8])]](repeating: [], count: drafts.count)
        let nonEmpty = drafts.indices.filter { !drafts[$0].lines.isEmpty }
        for _ in 0..<max(1, goodLines * 3 / 1000) {
            let source = rng.element(of: nonEmpty)
            let line = rng.below(drafts[source].lines.count)
            let nextDay = drafts.firstIndex { $0.day == drafts[source].day + 1 && $0.part == 0 }
            if let nextDay, rng.chance(0.4) {
                inserts[nextDay].append((rng.int(in: 0...drafts[nextDay].lines.count), drafts[source].lines[line]))
            } else {
                inserts[source].append((rng.int(in: (line + 1)...drafts[source].lines.count), drafts[source].lines[line]))
            }
            badLineCounts[.duplicate, default: 0] += 1
        }
        var nextEventNumber = goodLines + 1
        for kind in BadLineKind.allCases where kind != .duplicate {
            for _ in 0..<(kind == .oversizedLine ? 1 : max(1, goodLines / 15_000)) {
                let target = rng.below(drafts.count)
                let local = drafts[target].eventIndices
                let template = fields[local.isEmpty ? rng.below(fields.count) : rng.element(of: local)]
                let line = BadLines.make(
                    kind, from: template, eventID: "e-" + pad(nextEventNumber, 6), orderID: orderIDs.next(),
                    epochDay: clock.epochDay(ofDay: drafts[target].day), rng: &rng
                )
                nextEventNumber += 1
                inserts[target].append((rng.int(in: 0...drafts[target].lines.count), line))
                badLineCounts[kind, default: 0] += 1
            }
        }
        for index in drafts.indices {
            // Positions refer to the original lines; inserting from the back keeps them valid, and among
            // equal positions the earlier insert ends up first.
            for insert in inserts[index].enumerated().sorted(by: { ($0.element.position, $0.offset) > ($1.element.position, $1.offset) }) {
                drafts[index].lines.insert(insert.element.line, at: insert.element.position)
            }
        }
    }

    /// The finished files. One file is written as two gzip members: the first file from the second day
    /// on (or of the only day) with at least two lines. A day without events gets one empty file.
    func files(clock: SimClock) -> [SampleFile] {
        let fromDay = min(1, clock.days - 1)
        let split = drafts.firstIndex { $0.day >= fromDay && $0.lines.count >= 2 }
            ?? drafts.firstIndex { $0.lines.count >= 2 }
        return drafts.indices.map { index in
            let draft = drafts[index]
            let path = "day=\(clock.dateString(day: draft.day))/part-\(pad(draft.part, 4)).jsonl.gz"
            if index == split {
                let middle = draft.lines.count / 2
                return SampleFile(relativePath: path, members: [
                    FileLayout.concatenate(draft.lines[..<middle]), FileLayout.concatenate(draft.lines[middle...]),
                ])
            }
            return SampleFile(relativePath: path, members: [FileLayout.concatenate(draft.lines[...])])
        }
    }

    /// Lines back to back (a plain loop: `joined()` is very slow in debug builds).
    static func concatenate(_ lines: ArraySlice<[UInt8]>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.count })
        for line in lines { bytes.append(contentsOf: line) }
        return bytes
    }
}
