import FissionClean
import FissionModel

/// The retention cells of one report and one period length: cohort × segment → size and retained per offset.
struct RetentionCells {
    struct Key: Hashable {
        var cohort: Int
        var segment: String
    }

    struct Cohort {
        var size = 0
        var retained: [Int]
        /// Latest cohort-event time among members (decides completeness with rolling boundaries).
        var latestAnchor = Int64.min

        mutating func add(anchor: Timestamp, maxOffset: Int, retainedAt: (Int) -> Bool) {
            size += 1
            latestAnchor = max(latestAnchor, anchor.millisecondsSinceEpoch)
            for k in 0...maxOffset where retainedAt(k) { retained[k] += 1 }
        }
    }

    let definition: RetentionDefinition
    let calendar: PeriodCalendar
    let maxOffset: Int
    let lastCompleteDay: LocalDate?
    let endOfData: Timestamp?
    private(set) var cohorts: [Key: Cohort] = [:]

    static func compute(_ data: CleanDataset, profiles: [PersonProfile?], definition: RetentionDefinition, period: Period) -> RetentionCells {
        var cells = RetentionCells(
            definition: definition, calendar: PeriodCalendar(period, weekStart: definition.weekStart),
            maxOffset: definition.maxOffset[period] ?? period.defaultMaxOffset, lastCompleteDay: data.lastCompleteDay,
            endOfData: data.endOfData
        )
        let rollingLength = definition.boundary == .rolling24h ? period.rollingMilliseconds : nil
        let cohortFilter = definition.cohortEvent.map { CompiledFilter($0, in: data) }
        let returnFilter = definition.returnEvent.map { CompiledFilter($0, in: data) }
        for (person, profile) in profiles.enumerated() {
            guard let profile else { continue }
            let events = data.events(ofPerson: person)
            // Memberships come from all the data; only cohort periods that overlap the report window are reported.
            let memberships = cells.memberships(events) { e in cohortFilter?.matches(e, in: data) ?? e.isActive }.filter { m in
                data.window.overlaps(first: cells.calendar.firstDay(ofIndex: m.index), last: cells.calendar.lastDay(ofIndex: m.index))
            }
            guard !memberships.isEmpty else { continue }
            let returns = events.filter { e in returnFilter?.matches(e, in: data) ?? e.isActive }
            let segments = definition.segments.segments(of: profile)
            for m in memberships {
                // Offsets at which this member came back, and the latest one.
                var hit = [Bool](repeating: false, count: cells.maxOffset + 1)
                var latest = -1
                for r in returns {
                    let k: Int
                    if let rollingLength {
                        let delta = r.time.millisecondsSinceEpoch - m.anchor.millisecondsSinceEpoch
                        guard delta >= 0 else { continue }
                        k = Int(delta / rollingLength)
                    } else {
                        k = cells.calendar.index(of: r.day) - m.index
                        guard k >= 0 else { continue }
                    }
                    latest = max(latest, k)
                    if k <= cells.maxOffset { hit[k] = true }
                }
                for segment in segments {
                    cells.add(Key(cohort: m.index, segment: segment), anchor: m.anchor) { k in
                        definition.returnCriterion == .on ? hit[k] : latest >= k
                    }
                }
            }
        }
        return cells
    }

    /// The cohort periods a person enters, each with the time of the cohort event that put them there.
    private func memberships(_ events: ArraySlice<CleanEvent>, isCohortEvent: (CleanEvent) -> Bool)
        -> [(index: Int, anchor: Timestamp)] {
        var out: [(index: Int, anchor: Timestamp)] = []
        for e in events where isCohortEvent(e) {
            let index = calendar.index(of: e.day)
            if definition.cohortType == .firstTime { return [(index, e.time)] }
            if out.last?.index != index { out.append((index, e.time)) }
        }
        return out
    }

    /// Updates the cohort in place in the dictionary (a copy taken out and put back would copy `retained` each time).
    private mutating func add(_ key: Key, anchor: Timestamp, retainedAt: (Int) -> Bool) {
        let maxOffset = maxOffset
        cohorts[key, default: Cohort(retained: Array(repeating: 0, count: maxOffset + 1))].add(
            anchor: anchor, maxOffset: maxOffset, retainedAt: retainedAt)
    }

    func isComplete(_ key: Key, offset k: Int) -> Bool {
        guard let lastCompleteDay, let endOfData else { return false }
        if definition.boundary == .rolling24h, let length = calendar.period.rollingMilliseconds {
            return cohorts[key]!.latestAnchor + Int64(k + 1) * length <= endOfData.millisecondsSinceEpoch
        }
        return calendar.lastDay(ofIndex: key.cohort + k) <= lastCompleteDay
    }

    func rows(report: String, period: Period) -> [[SQLValue]] {
        cohorts.flatMap { key, cohort in
            (0...maxOffset).map { k -> [SQLValue] in
                // An unfinished cell's rate is NULL, never a misleading 0: its period has not ended (`retained` so far
                // is still reported).
                let complete = isComplete(key, offset: k)
                return [.text(report), .text(calendar.firstDay(ofIndex: key.cohort).description), .text(period.rawValue),
                        .text(key.segment), .int(k), .int(cohort.size), .int(cohort.retained[k]),
                        complete ? .ratio(cohort.retained[k], cohort.size) : .null, complete ? 1 : 0] + SegmentColumns.values(key.segment)
            }
        }
    }

    /// Pooled rates over complete cells: Σ retained / Σ cohort_size per segment and offset.
    func summaryRows(report: String, period: Period) -> [[SQLValue]] {
        let segments = Set(cohorts.keys.map(\.segment))
        return segments.flatMap { segment in
            (0...maxOffset).map { k -> [SQLValue] in
                var pooled = 0, size = 0, retained = 0
                for (key, cohort) in cohorts where key.segment == segment && isComplete(key, offset: k) {
                    pooled += 1
                    size += cohort.size
                    retained += cohort.retained[k]
                }
                return [.text(report), .text(period.rawValue), .text(segment), .int(k), .int(pooled), .int(size),
                        .int(retained), .ratio(retained, size)] + SegmentColumns.values(segment)
            }
        }
    }

    /// `retention default: D1 12.5% (cohort 2025-06-13), D7 …, D30 n/a`: the latest complete cohort for each.
    func headline(report: String) -> String {
        let figures = [1, 7, 30].map { k -> String in
            let latest = cohorts.filter { $0.key.segment == "all" && k <= maxOffset && isComplete($0.key, offset: k) && $0.value.size > 0 }
                .max { $0.key.cohort < $1.key.cohort }
            guard let (key, cohort) = latest else { return "D\(k) n/a" }
            let rate = Double(cohort.retained[k]) / Double(cohort.size) * 100
            return "D\(k) \(String(format: "%.1f", rate))% (cohort \(calendar.firstDay(ofIndex: key.cohort)))"
        }
        return "retention \(report): " + figures.joined(separator: ", ")
    }
}
