import FissionModel

/// The per-step counts of one funnel over a group of persons (everyone, or those entering on one day).
struct FunnelTally {
    /// `persons[k − 1]`: persons whose furthest step is at least k.
    private(set) var persons: [Int]
    /// `inWindow[k − 1]`: persons stopped at step k < last whose winning attempt's window is still open.
    private(set) var inWindow: [Int]
    /// `gaps[k − 1]`: milliseconds from step k − 1 to step k, one per person reaching k (none for k = 1).
    private var gaps: [[Int64]]

    init(stepCount: Int) {
        persons = Array(repeating: 0, count: stepCount)
        inWindow = Array(repeating: 0, count: stepCount)
        gaps = Array(repeating: [], count: stepCount)
    }

    /// Adds one person from the times (ms) of their winning attempt's steps 1…k.
    mutating func add(stepTimes times: [Int64], windowOpen: Bool) {
        for k in times.indices {
            persons[k] += 1
            if k > 0 { gaps[k].append(times[k] - times[k - 1]) }
        }
        if windowOpen, times.count < persons.count { inWindow[times.count - 1] += 1 }
    }

    /// The metric columns for each step: `step`, `step_name`, `persons`, `conversion_from_start`,
    /// `conversion_from_previous`, `median_seconds_from_previous`, `in_window`.
    func stepColumns(_ funnel: FunnelDefinition) -> [[SQLValue]] {
        funnel.steps.indices.map { k in
            [
                .int(k + 1), .text(funnel.steps[k].description), .int(persons[k]),
                .ratio(persons[k], persons[0]),
                .ratio(persons[k], persons[k == 0 ? 0 : k - 1]),
                Self.medianSeconds(gaps[k]).map(SQLValue.real) ?? .null,
                .int(inWindow[k]),
            ]
        }
    }

    /// The median in seconds; for an even count, the mean of the two middle values. Nil when empty.
    static func medianSeconds(_ milliseconds: [Int64]) -> Double? {
        guard !milliseconds.isEmpty else { return nil }
        let sorted = milliseconds.sorted()
        let mid = sorted.count / 2
        let ms = sorted.count % 2 == 1 ? Double(sorted[mid]) : (Double(sorted[mid - 1]) + Double(sorted[mid])) / 2
        return ms / 1000
    }
}
