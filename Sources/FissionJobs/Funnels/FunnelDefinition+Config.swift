import FissionModel

extension FunnelDefinition {
    /// Reads one entry of `jobs.funnels`. Unknown keys of the entry itself are left for the registry's `finish()`.
    public init(reading r: ConfigReader) throws(ConfigError) {
        guard let name = try r.string("name"), !name.isEmpty else {
            throw ConfigError(key: r.keyPath("name"), message: "required: the funnel's name")
        }
        var steps = try Self.readSteps(r)
        let window = try r.duration("window") ?? Self.defaultWindowSeconds
        guard window > 0 else {
            throw ConfigError(key: r.keyPath("window"), message: "the window must be longer than zero")
        }
        let order: Order = try Self.readChoice(r, "order") ?? .ordered
        let attempt: Attempt = try Self.readChoice(r, "attempt") ?? .all
        var exclusions = try (r.objects("exclusions") ?? []).map { (e) throws(ConfigError) in
            try Exclusion(reading: e, stepCount: steps.count)
        }
        // A funnel-level `where` applies to every step and exclusion.
        let common = try EventFilter.readWhere(r)
        for i in steps.indices {
            guard let merged = steps[i].requiring(common) else { throw Self.conflict(r, "steps[\(i)]") }
            steps[i] = merged
        }
        for i in exclusions.indices {
            guard let merged = exclusions[i].event.requiring(common) else { throw Self.conflict(r, "exclusions[\(i)].event") }
            exclusions[i].event = merged
        }
        self.init(name: name, steps: steps, windowSeconds: window, order: order, attempt: attempt, exclusions: exclusions)
    }

    private static func conflict(_ r: ConfigReader, _ key: String) -> ConfigError {
        ConfigError(key: r.keyPath(key), message: "its where contradicts the funnel's where: no event could match")
    }

    private static func readSteps(_ r: ConfigReader) throws(ConfigError) -> [EventFilter] {
        guard let value = r.raw("steps") else {
            throw ConfigError(key: r.keyPath("steps"), message: "required: an array of at least two steps")
        }
        guard case .array(let items) = value else { throw r.typeError("steps", expected: "an array of steps", got: value) }
        guard items.count >= 2 else {
            throw ConfigError(key: r.keyPath("steps"), message: "a funnel needs at least two steps, got \(items.count)")
        }
        return try items.enumerated().map { (i, item) throws(ConfigError) in
            try EventFilter.parse(item, path: r.keyPath("steps[\(i)]"))
        }
    }

    private static func readChoice<T: RawRepresentable & CaseIterable>(
        _ r: ConfigReader, _ key: String
    ) throws(ConfigError) -> T? where T.RawValue == String {
        guard let text = try r.string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            let choices = T.allCases.map { $0.rawValue }.joined(separator: ", ")
            throw ConfigError(key: r.keyPath(key), message: "expected one of \(choices), got \"\(text)\"")
        }
        return value
    }
}

extension FunnelDefinition.Exclusion {
    /// Reads `{ "event": …, "from_step": i, "to_step": j }` with 1 ≤ i < j ≤ `stepCount`.
    init(reading r: ConfigReader, stepCount: Int) throws(ConfigError) {
        guard let event = try EventFilter.read(r, "event") else {
            throw ConfigError(key: r.keyPath("event"), message: "required: the event that disqualifies an attempt")
        }
        guard let from = try r.int("from_step") else {
            throw ConfigError(key: r.keyPath("from_step"), message: "required: the step (1-based) the exclusion starts after")
        }
        guard let to = try r.int("to_step") else {
            throw ConfigError(key: r.keyPath("to_step"), message: "required: the step (1-based) the exclusion ends before")
        }
        guard (1..<stepCount).contains(from) else {
            throw ConfigError(key: r.keyPath("from_step"), message: "expected a step from 1 to \(stepCount - 1), got \(from)")
        }
        guard to > from, to <= stepCount else {
            throw ConfigError(key: r.keyPath("to_step"),
                              message: "expected a step after from_step (\(from)) and at most \(stepCount), got \(to)")
        }
        try r.finish()
        self.init(event: event, fromStep: from, toStep: to)
    }
}
