import FissionModel

/// The per-step counts of one funnel over a group of persons (everyone, or those entering on one day).
struct FunnelTally {
    /// `persons[k − 1]`: persons whose furthest step is at least k.
    private(set) var persons: [Int]
    /// `inWindow[k − 1]`: persons stopped at step k < last whose winning attempt's window is still open.
    private(set) var inWindow: [Int]
    /// `fromPrevious[k − 1]`, `fromStart[k − 1]`: milliseconds from step k − 1 (from step 1) to step k, one per person
    /// reaching k (none for k = 1). Exact values, so medians and means are exact.
    private var fromPrevious: [[Int64]]
    private var fromStart: [[Int64]]

    init(stepCount: Int) {
        persons = Array(repeating: 0, count: stepCount)
        inWindow = Array(repeating: 0, count: stepCount)
        fromPrevious = Array(repeating: [], count: stepCount)
        fromStart = Array(repeating: [], count: stepCount)
    }

    /// Adds one person from the times (ms) of their winning attempt's steps 1…k.
    mutating func add(stepTimes times: [Int64], windowOpen: Bool) {
        for k in times.indices {
            persons[k] += 1
            if k > 0 {
                fromPrevious[k].append(times[k] - times[k - 1])
                fromStart[k].append(times[k] - times[0])
            }
        }
        if windowOpen, times.count < persons.count { inWindow[times.count - 1] += 1 }
    }

    /// The metric columns for each step: `step`, `step_name`, `persons`, `conversion_from_start`,
    /// `conversion_from_previous`, `median_seconds_from_previous`, `avg_seconds_from_previous`,
    /// `median_seconds_from_start`, `avg_seconds_from_start`, `in_window`.
    func stepColumns(_ funnel: FunnelDefinition) -> [[SQLValue]] {
        funnel.steps.indices.map { k in
            [
                .int(k + 1), .text(funnel.steps[k].description), .int(persons[k]),
                .ratio(persons[k], persons[0]),
                .ratio(persons[k], persons[k == 0 ? 0 : k - 1]),
                Self.seconds(Self.median(fromPrevious[k])), Self.seconds(Self.mean(fromPrevious[k])),
                Self.seconds(Self.median(fromStart[k])), Self.seconds(Self.mean(fromStart[k])),
                .int(inWindow[k]),
            ]
        }
    }

    private static func seconds(_ milliseconds: Double?) -> SQLValue {
        milliseconds.map { .real($0 / 1000) } ?? .null
    }

    /// The median in milliseconds; for an even count, the mean of the two middle values. Nil when empty.
    static func median(_ milliseconds: [Int64]) -> Double? {
        guard !milliseconds.isEmpty else { return nil }
        let sorted = milliseconds.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[mid]) : (Double(sorted[mid - 1]) + Double(sorted[mid])) / 2
    }

    /// The mean in milliseconds, summed exactly (128-bit) before the one division. Nil when empty.
    static func mean(_ milliseconds: [Int64]) -> Double? {
        guard !milliseconds.isEmpty else { return nil }
        let sum = milliseconds.reduce(Int128(0)) { $0 + Int128($1) }
        return Double(sum) / Double(milliseconds.count)
    }
}
