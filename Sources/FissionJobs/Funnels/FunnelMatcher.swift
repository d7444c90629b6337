import FissionModel

/// How far one attempt got: the events that completed steps 1…k.
struct FunnelAttempt: Equatable {
    /// Positions (into the person's active events) of the events completing steps 1…k, in the order completed.
    var positions: [Int]
    var reached: Int { positions.count }
}

/// Picks a person's winning attempt in one funnel: the furthest-reaching attempt that no exclusion removes,
/// and of those the one that started earliest.
struct FunnelMatcher: Sendable {
    let funnel: FunnelDefinition

    /// The winning attempt and the start position of the person's latest attempt that no exclusion removes
    /// (whose window decides whether the person may still go further).
    struct Outcome {
        var winner: FunnelAttempt
        var latestStart: Int
    }

    /// `events` are the person's funnel-relevant events in dataset order (time, then input order).
    func outcome<C: RandomAccessCollection>(in events: C) -> Outcome?
    where C.Element == Event, C.Index == Int {
        let m = FunnelMatches(events, funnel: funnel)
        let starts = (0..<m.count).lazy.filter { i in
            funnel.order == .unordered ? m.matchesAnyStep(i) : m.matches(i, step: 0)
        }
        let next = FunnelMatches.NextMatch(m)
        var best: FunnelAttempt?
        var latestStart = 0
        for start in starts.prefix(funnel.attempt == .firstEntry ? 1 : Int.max) {
            let attempt = switch funnel.order {
            case .ordered: ordered(from: start, m, next)
            case .strict: strict(from: start, m)
            case .unordered: m.hasEventsMatchingSeveralSteps ? unorderedScan(from: start, m) : unordered(from: start, m, next)
            }
            guard !isExcluded(attempt, m) else { continue }
            latestStart = start
            if attempt.reached > best?.reached ?? 0 { best = attempt }
        }
        return best.map { Outcome(winner: $0, latestStart: latestStart) }
    }

    private func ordered(from start: Int, _ m: FunnelMatches, _ next: FunnelMatches.NextMatch) -> FunnelAttempt {
        let end = funnel.windowEnd(from: m.times[start])
        var positions = [start]
        for j in 1..<m.stepCount {
            guard let p = next.first(step: j, from: positions.last! + 1), m.times[p] <= end else { break }
            positions.append(p)
        }
        return FunnelAttempt(positions: positions)
    }

    private func strict(from start: Int, _ m: FunnelMatches) -> FunnelAttempt {
        let end = funnel.windowEnd(from: m.times[start])
        var positions = [start]
        for j in 1..<m.stepCount {
            let p = positions.last! + 1
            guard p < m.count, m.times[p] <= end, m.matches(p, step: j) else { break }
            positions.append(p)
        }
        return FunnelAttempt(positions: positions)
    }

    /// With every event matching at most one step, each step is completed by its first match from `start` on.
    private func unordered(from start: Int, _ m: FunnelMatches, _ next: FunnelMatches.NextMatch) -> FunnelAttempt {
        let end = funnel.windowEnd(from: m.times[start])
        let firsts = (0..<m.stepCount).compactMap { next.first(step: $0, from: start) }
        return FunnelAttempt(positions: firsts.filter { m.times[$0] <= end }.sorted())
    }

    /// Each event completes at most one step: the first (in config order) it matches that is not yet completed.
    private func unorderedScan(from start: Int, _ m: FunnelMatches) -> FunnelAttempt {
        let end = funnel.windowEnd(from: m.times[start])
        var completed = Array(repeating: false, count: m.stepCount)
        var positions: [Int] = []
        var p = start
        while p < m.count, m.times[p] <= end, positions.count < m.stepCount {
            if let j = (0..<m.stepCount).first(where: { !completed[$0] && m.matches(p, step: $0) }) {
                completed[j] = true
                positions.append(p)
            }
            p += 1
        }
        return FunnelAttempt(positions: positions)
    }

    private func isExcluded(_ attempt: FunnelAttempt, _ m: FunnelMatches) -> Bool {
        funnel.exclusions.indices.contains { x in
            let e = funnel.exclusions[x]
            return attempt.reached >= e.toStep
                && m.excluded(x, between: attempt.positions[e.fromStep - 1], and: attempt.positions[e.toStep - 1])
        }
    }
}
