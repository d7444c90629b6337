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

    /// Seconds-from-previous bins of `funnel_step_times`: upper bounds (inclusive) in seconds; the last bin is open.
    static let timeBins: [(label: String, upTo: Int64?)] = [
        ("up_to_1m", 60), ("1m_5m", 300), ("5m_30m", 1800), ("30m_2h", 7200), ("2h_24h", 86_400), ("1d_3d", 259_200), ("over_3d", nil),
    ]

    /// `funnel_step_times` columns for each step after the first: `step`, `step_name`, `persons`, then P10, P25, P50,
    /// P75, P90 of the seconds from the previous step (nearest rank, on exact milliseconds) and the counts per bin.
    func stepTimeColumns(_ funnel: FunnelDefinition) -> [[SQLValue]] {
        funnel.steps.indices.dropFirst().map { k in
            let sorted = fromPrevious[k].sorted()
            func percentile(_ p: Int) -> SQLValue {
                guard !sorted.isEmpty else { return .null }
                return .real(Double(sorted[OrderStatistics.nearestRank(p, count: sorted.count) - 1]) / 1000)
            }
            var bins = Array(repeating: 0, count: Self.timeBins.count)
            for ms in sorted {
                let bin = Self.timeBins.firstIndex { $0.upTo.map { ms <= $0 * 1000 } ?? true }!
                bins[bin] += 1
            }
            return [.int(k + 1), .text(funnel.steps[k].description), .int(sorted.count)]
                + [10, 25, 50, 75, 90].map(percentile) + bins.map { .int($0) }
        }
    }

    private static func seconds(_ milliseconds: Double?) -> SQLValue {
        milliseconds.map { .real($0 / 1000) } ?? .null
    }

    /// The median in milliseconds (`OrderStatistics.median`). Nil when empty.
    static func median(_ milliseconds: [Int64]) -> Double? {
        OrderStatistics.median(milliseconds.map(Double.init))
    }

    /// The mean in milliseconds, summed exactly (128-bit) before the one division. Nil when empty.
    static func mean(_ milliseconds: [Int64]) -> Double? {
        guard !milliseconds.isEmpty else { return nil }
        let sum = milliseconds.reduce(Int128(0)) { $0 + Int128($1) }
        return Double(sum) / Double(milliseconds.count)
    }
}
