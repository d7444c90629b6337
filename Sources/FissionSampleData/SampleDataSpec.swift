/// What to simulate. The same spec always yields byte-identical files.
public struct SampleDataSpec: Sendable, Equatable {
    /// Number of people simulated (organic visitors plus people who first arrive through a share link).
    public var persons: Int
    /// Number of day partitions, starting at `startDate`.
    public var days: Int
    /// Seed of the pseudo-random generator.
    public var seed: UInt64
    /// First day, `YYYY-MM-DD` in the shops' zone (UTC+08:00). An unparsable value falls back to `2025-06-01`.
    public var startDate: String
    /// Whether to sprinkle deliberate bad lines (malformed JSON, missing fields, bad timestamps…) and duplicates.
    public var includeBadLines: Bool

    public init(
        persons: Int = 1000, days: Int = 45, seed: UInt64 = 7,
        startDate: String = "2025-06-01", includeBadLines: Bool = true
    ) {
        self.persons = persons
        self.days = days
        self.seed = seed
        self.startDate = startDate
        self.includeBadLines = includeBadLines
    }
}

/// One output file: a path relative to the output folder, and the uncompressed bytes of each gzip member
/// (the writer compresses each element as its own gzip member and concatenates them).
public struct SampleFile: Sendable, Equatable {
    /// For example `day=2025-06-01/part-0000.jsonl.gz`.
    public var relativePath: String
    /// Usually one member; each member is whole lines, each ending in `\n`.
    public var members: [[UInt8]]

    public init(relativePath: String, members: [[UInt8]]) {
        self.relativePath = relativePath
        self.members = members
    }
}
