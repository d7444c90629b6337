import FissionModel

/// One funnel of the `funnels` job: named steps a person completes within a time window after step 1.
public struct FunnelDefinition: Sendable, Equatable {
    /// How the steps must follow each other (config `order`).
    public enum Order: String, Sendable, CaseIterable {
        /// Step j is the first event matching it after step j−1's event; other events may come between.
        case ordered
        /// Step j is the very next active event after step j−1's event.
        case strict
        /// Steps in any order: progress is the number of distinct steps completed.
        case unordered
    }

    /// Which events start an attempt (config `attempt`).
    public enum Attempt: String, Sendable, CaseIterable {
        /// Every step-1 event (for `unordered`: every event matching any step).
        case all
        /// Only the person's first such event.
        case firstEntry = "first_entry"
    }

    /// Removes an attempt in which an event matching `event` comes strictly between the events of steps
    /// `fromStep` and `toStep` (1-based; for `unordered`, the events completing the k-th distinct step).
    public struct Exclusion: Sendable, Equatable {
        public var event: EventFilter
        public var fromStep: Int
        public var toStep: Int

        public init(event: EventFilter, fromStep: Int, toStep: Int) {
            self.event = event
            self.fromStep = fromStep
            self.toStep = toStep
        }
    }

    public static let defaultWindowSeconds: Int64 = 7 * 86_400

    /// Unique among the job's funnels; the `funnel` column of both tables.
    public var name: String
    public var steps: [EventFilter]
    /// How long after the step-1 event later steps may happen; an event exactly at the end still counts.
    public var windowSeconds: Int64
    public var order: Order
    public var attempt: Attempt
    public var exclusions: [Exclusion]

    public init(
        name: String, steps: [EventFilter], windowSeconds: Int64 = FunnelDefinition.defaultWindowSeconds,
        order: Order = .ordered, attempt: Attempt = .all, exclusions: [Exclusion] = []
    ) {
        self.name = name
        self.steps = steps
        self.windowSeconds = windowSeconds
        self.order = order
        self.attempt = attempt
        self.exclusions = exclusions
    }
}

extension FunnelDefinition {
    /// Every event name the steps and exclusions mention.
    var eventNames: [String] { steps.map(\.event) + exclusions.map(\.event.event) }

    /// The last instant (ms) at which a step still counts for an attempt whose step 1 is at `start` (ms).
    func windowEnd(from start: Int64) -> Int64 {
        Timestamp(millisecondsSinceEpoch: start).advanced(byMilliseconds: windowSeconds.secondsInMilliseconds).millisecondsSinceEpoch
    }
}
