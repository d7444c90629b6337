import FissionModel

/// One person's active events as one funnel sees them: their times, which steps each matches, and where the
/// exclusion events are. Positions are indices into the person's active events in dataset order.
struct FunnelMatches {
    let count: Int
    let stepCount: Int
    /// Milliseconds since the epoch, non-decreasing.
    let times: [Int64]
    /// `stepMatch[i * stepCount + j]`: event i matches step j (0-based).
    private let stepMatch: [Bool]
    /// `exclusionPrefix[x][i]`: events before position i that match exclusion x.
    private let exclusionPrefix: [[Int32]]
    /// Whether some event matches more than one step.
    let hasEventsMatchingSeveralSteps: Bool

    init<C: RandomAccessCollection>(_ events: C, funnel: FunnelDefinition) where C.Element == Event, C.Index == Int {
        count = events.count
        stepCount = funnel.steps.count
        var times: [Int64] = []
        var stepMatch: [Bool] = []
        var exclusionPrefix = Array(repeating: [Int32(0)], count: funnel.exclusions.count)
        var several = false
        times.reserveCapacity(count)
        stepMatch.reserveCapacity(count * stepCount)
        for e in events {
            times.append(e.time.millisecondsSinceEpoch)
            var matched = 0
            for step in funnel.steps {
                let match = step.matches(e)
                stepMatch.append(match)
                if match { matched += 1 }
            }
            several = several || matched > 1
            for (x, exclusion) in funnel.exclusions.enumerated() {
                exclusionPrefix[x].append(exclusionPrefix[x].last! + (exclusion.event.matches(e) ? 1 : 0))
            }
        }
        self.times = times
        self.stepMatch = stepMatch
        self.exclusionPrefix = exclusionPrefix
        hasEventsMatchingSeveralSteps = several
    }

    func matches(_ position: Int, step: Int) -> Bool { stepMatch[position * stepCount + step] }

    func matchesAnyStep(_ position: Int) -> Bool {
        stepMatch[position * stepCount ..< (position + 1) * stepCount].contains(true)
    }

    /// Whether an event matching exclusion `x` lies strictly between positions `a` and `b`.
    func excluded(_ x: Int, between a: Int, and b: Int) -> Bool {
        b > a + 1 && exclusionPrefix[x][b] > exclusionPrefix[x][a + 1]
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

        /// The first position ≥ `position` whose event matches `step`; nil if none.
        func first(step: Int, from position: Int) -> Int? {
            let p = table[step * (count + 1) + position]
            return p < count ? p : nil
        }
    }
}
