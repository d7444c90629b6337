import FissionClean
import FissionModel

/// How far one attempt got: the events that completed steps 1…k.
struct FunnelAttempt: Equatable {
    /// Positions (into the person's funnel-relevant events) of the events completing steps 1…k, in the order completed.
    var positions: [Int]
    var reached: Int { positions.count }
}

/// Picks a person's winning attempt in one funnel over one dataset: the furthest-reaching attempt that no exclusion
/// removes, and of those the one that started earliest.
///
/// Steps compare timestamps: step j may happen at the same instant as step j−1, except when it names the same event
/// (or either is `"*"`): then it must be a different event strictly later in time.
struct FunnelMatcher: Sendable {
    let funnel: FunnelDefinition
    private let steps: [CompiledFilter]
    private let exclusions: [CompiledFilter]
    /// `repeatsPrevious[j]`: step j could match the same event as step j−1.
    private let repeatsPrevious: [Bool]

    init(_ funnel: FunnelDefinition, in data: CleanDataset) {
        self.funnel = funnel
        steps = funnel.steps.map { CompiledFilter($0, in: data) }
        exclusions = funnel.exclusions.map { CompiledFilter($0.event, in: data) }
        repeatsPrevious = funnel.steps.indices.map { j in j > 0 && funnel.steps[j].sharesEvent(with: funnel.steps[j - 1]) }
    }

    /// The winning attempt and the start position of the person's latest attempt that no exclusion removes
    /// (whose window decides whether the person may still go further).
    struct Outcome {
        var winner: FunnelAttempt
        var latestStart: Int
    }

    /// `positions` are the person's funnel-relevant events (indexes into `data.events`) in content order. Only
    /// attempts whose start passes `mayStart` (entry day in the report window) count; with `first_entry`, the
    /// person's first entry ever must.
    func outcome(_ positions: [Int], in data: CleanDataset, mayStart: (Int) -> Bool) -> Outcome? {
        let m = FunnelMatches(positions, in: data, steps: steps, exclusions: exclusions)
        let starts = (0..<m.count).lazy.filter { i in
            funnel.order == .unordered ? m.matchesAnyStep(i) : m.matches(i, step: 0)
        }
        let next = FunnelMatches.NextMatch(m)
        var best: FunnelAttempt?
        var latestStart = 0
        for start in starts.prefix(funnel.attempt == .firstEntry ? 1 : Int.max) where mayStart(start) {
            let attempt = switch funnel.order {
            case .ordered: ordered(from: start, m, next)
            case .strict: strict(from: start, m, next)
            case .unordered: m.hasEventsMatchingSeveralSteps ? unorderedScan(from: start, m) : unordered(from: start, m, next)
            }
            guard !isExcluded(attempt, m) else { continue }
            latestStart = start
            if attempt.reached > best?.reached ?? 0 { best = attempt }
        }
        return best.map { Outcome(winner: $0, latestStart: latestStart) }
    }

    /// Step j is the first event (content order) matching it at or after step j−1's time (strictly after for a
    /// repeated event) that no earlier step used.
    private func ordered(from start: Int, _ m: FunnelMatches, _ next: FunnelMatches.NextMatch) -> FunnelAttempt {
        let end = funnel.windowEnd(from: m.times[start])
        var positions = [start]
        for j in 1..<m.stepCount {
            let from = m.firstPosition(after: m.times[positions.last!], strictly: repeatsPrevious[j])
            guard let p = next.first(step: j, in: from..<m.count, skipping: positions), m.times[p] <= end else { break }
            positions.append(p)
        }
        return FunnelAttempt(positions: positions)
    }

    /// Step j is the very next event after step j−1's event. Events at one instant have no order among themselves, so
    /// "the next event" is a group: an unused event at step j−1's own instant that matches step j (not for a repeated
    /// event), else an event matching step j among those at the next instant. Anything else ends the attempt.
    private func strict(from start: Int, _ m: FunnelMatches, _ next: FunnelMatches.NextMatch) -> FunnelAttempt {
        let end = funnel.windowEnd(from: m.times[start])
        var positions = [start]
        for j in 1..<m.stepCount {
            let t = m.times[positions.last!]
            let following = m.firstPosition(after: t, strictly: true)
            let sameInstant = m.firstPosition(after: t, strictly: false)..<following
            if !repeatsPrevious[j], let p = next.first(step: j, in: sameInstant, skipping: positions) {
                positions.append(p)
                continue
            }
            guard following < m.count, m.times[following] <= end else { break }
            let nextInstant = following..<m.firstPosition(after: m.times[following], strictly: true)
            guard let p = next.first(step: j, in: nextInstant, skipping: positions) else { break }
            positions.append(p)
        }
        return FunnelAttempt(positions: positions)
    }

    /// With every event matching at most one step, each step is completed by its first match from the start's
    /// instant on.
    private func unordered(from start: Int, _ m: FunnelMatches, _ next: FunnelMatches.NextMatch) -> FunnelAttempt {
        let end = funnel.windowEnd(from: m.times[start])
        let from = m.firstPosition(after: m.times[start], strictly: false)
        let firsts = (0..<m.stepCount).compactMap { next.first(step: $0, from: from) }
        return FunnelAttempt(positions: firsts.filter { m.times[$0] <= end }.sorted())
    }

    /// Each event completes at most one step: the first (in config order) it matches that is not yet completed. The
    /// start event goes first, then the other events from the start's instant on, in content order.
    private func unorderedScan(from start: Int, _ m: FunnelMatches) -> FunnelAttempt {
        let end = funnel.windowEnd(from: m.times[start])
        var completed = Array(repeating: false, count: m.stepCount)
        var positions: [Int] = []
        let rest = (m.firstPosition(after: m.times[start], strictly: false)..<m.count).lazy.filter { $0 != start }
        for p in [start] + rest {
            guard m.times[p] <= end, positions.count < m.stepCount else { break }
            if let j = (0..<m.stepCount).first(where: { !completed[$0] && m.matches(p, step: $0) }) {
                completed[j] = true
                positions.append(p)
            }
        }
        return FunnelAttempt(positions: positions.sorted())
    }

    /// An exclusion removes an attempt when its event happens strictly after the `from_step` event and strictly
    /// before the `to_step` event or, when the attempt never reached `to_step`, anywhere after the `from_step` event
    /// up to the end of the attempt's window.
    private func isExcluded(_ attempt: FunnelAttempt, _ m: FunnelMatches) -> Bool {
        let windowEnd = funnel.windowEnd(from: m.times[attempt.positions[0]])
        return funnel.exclusions.indices.contains { x in
            let e = funnel.exclusions[x]
            guard attempt.reached >= e.fromStep else { return false }
            let from = m.times[attempt.positions[e.fromStep - 1]]
            if attempt.reached >= e.toStep {
                return m.excluded(x, after: from, before: m.times[attempt.positions[e.toStep - 1]])
            }
            return m.excluded(x, after: from, before: windowEnd, endInclusive: true)
        }
    }
}
