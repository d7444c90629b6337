/// The raw bytes of many lines in one buffer (no allocation per line), e.g. the accepted lines of one file,
/// kept until de-duplication has compared the copies of each `event_id`.
public struct RawLines: Sendable, Equatable {
    private var bytes: [UInt8] = []
    /// `ends[i]`: the end offset of line i in `bytes`.
    private var ends: [Int] = []

    public init() {}

    public var count: Int { ends.count }

    public mutating func append(_ line: some Collection<UInt8>) {
        bytes.append(contentsOf: line)
        ends.append(bytes.count)
    }

    public subscript(i: Int) -> ArraySlice<UInt8> {
        bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]
    }
}
