import FissionClean
import FissionModel

/// One person's funnel-relevant events as one funnel sees them: their times, which steps each matches, and when the
/// exclusion events happened. Positions index `positions`, the person's funnel-relevant events (indexes into the
/// dataset) in content order (timestamp, then `event_id`).
struct FunnelMatches {
    let count: Int
    let stepCount: Int
    /// Milliseconds since the epoch, non-decreasing.
    let times: [Int64]
    /// `stepMatch[i * stepCount + j]`: event i matches step j (0-based).
    private let stepMatch: [Bool]
    /// `exclusionTimes[x]`: times of the events matching exclusion x, non-decreasing.
    private let exclusionTimes: [[Int64]]
    /// Whether some event matches more than one step.
    let hasEventsMatchingSeveralSteps: Bool

    init(_ positions: [Int], in data: CleanDataset, steps: [CompiledFilter], exclusions: [CompiledFilter]) {
        count = positions.count
        stepCount = steps.count
        var times: [Int64] = []
        var stepMatch: [Bool] = []
        var exclusionTimes = Array(repeating: [Int64](), count: exclusions.count)
        var several = false
        times.reserveCapacity(count)
        stepMatch.reserveCapacity(count * stepCount)
        for p in positions {
            let e = data.events[p]
            let time = e.time.millisecondsSinceEpoch
            times.append(time)
            var matched = 0
            for step in steps {
                let match = step.matches(e, in: data)
                stepMatch.append(match)
                if match { matched += 1 }
            }
            several = several || matched > 1
            for (x, exclusion) in exclusions.enumerated() where exclusion.matches(e, in: data) {
                exclusionTimes[x].append(time)
            }
        }
        self.times = times
        self.stepMatch = stepMatch
        self.exclusionTimes = exclusionTimes
        hasEventsMatchingSeveralSteps = several
    }

    func matches(_ position: Int, step: Int) -> Bool { stepMatch[position * stepCount + step] }

    func matchesAnyStep(_ position: Int) -> Bool {
        stepMatch[position * stepCount ..< (position + 1) * stepCount].contains(true)
    }

    /// The first position whose time is at least `time` (`strictly`: greater than `time`); `count` if none.
    func firstPosition(after time: Int64, strictly: Bool) -> Int {
        Self.partition(times) { strictly ? $0 > time : $0 >= time }
    }

    /// Whether an event matching exclusion `x` happened strictly after `start` and strictly before `end`
    /// (`endInclusive`: at or before `end`).
    func excluded(_ x: Int, after start: Int64, before end: Int64, endInclusive: Bool = false) -> Bool {
        let i = Self.partition(exclusionTimes[x]) { $0 > start }
        guard i < exclusionTimes[x].count else { return false }
        return endInclusive ? exclusionTimes[x][i] <= end : exclusionTimes[x][i] < end
    }

    /// The first index of the sorted `values` whose element satisfies `isAbove` (false then true along the array).
    private static func partition(_ values: [Int64], _ isAbove: (Int64) -> Bool) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if isAbove(values[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// For each step and position, the first position at or after it whose event matches the step.
    struct NextMatch {
        private let count: Int
        private let table: [Int]

        init(_ m: FunnelMatches) {
            count = m.count
            var table = Array(repeating: m.count, count: m.stepCount * (m.count + 1))
            for i in stride(from: m.count - 1, through: 0, by: -1) {
                for j in 0..<m.stepCount {
                    table[j * (m.count + 1) + i] = m.matches(i, step: j) ? i : table[j * (m.count + 1) + i + 1]
                }
            }
            self.table = table
        }

        /// The first position in `range` whose event matches `step` and is not in `used` (the positions an attempt
        /// has taken: at most one per step, so few are skipped); nil if none.
        func first(step: Int, in range: Range<Int>, skipping used: [Int]) -> Int? {
            var from = range.lowerBound
            while let p = first(step: step, from: from), p < range.upperBound {
                if !used.contains(p) { return p }
                from = p + 1
            }
            return nil
        }

        /// The first position ≥ `position` whose event matches `step`; nil if none.
        func first(step: Int, from position: Int) -> Int? {
            guard position < count else { return nil }
            let p = table[step * (count + 1) + position]
            return p < count ? p : nil
        }
    }
}
