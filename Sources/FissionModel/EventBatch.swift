/// Accepted events in columns, with text interned in the batch's own symbol table: what ingest keeps of a file,
/// and (merged, with one table) what the clean stage reads. About 70 bytes per event plus kept properties, instead
/// of an `Event`'s ~300 (its `String`s and property dictionary).
public struct EventBatch: Sendable, Equatable {
    /// Sentinel for an absent optional symbol (`user_id`, `anonymous_id`, `union_id`).
    public static let none: Int32 = -1

    public var symbols = SymbolTable()
    public var eventIDs: [String] = []
    public var times: [Timestamp] = []
    public var names: [Symbol] = []
    public var kinds: [EventKind] = []
    /// Lower-cased platforms.
    public var platforms: [Symbol] = []
    /// Symbol indexes, or `EventBatch.none`.
    public var users: [Int32] = []
    public var anonymousIDs: [Int32] = []
    public var unionIDs: [Int32] = []
    /// Minor units for `order_paid` and `refund`; zero otherwise.
    public var amounts: [MinorUnits] = []
    /// Event i's properties are `properties[propertyStarts[i] ..< propertyStarts[i + 1]]`.
    public var propertyStarts: [Int32] = [0]
    public var properties: [PropertySymbols] = []
    /// Line numbers in the file. Per-file, like `rawHashes`: empty in a merged batch.
    public var lines: [Int32] = []
    /// `RawLineHash` of each event's raw line (for de-duplication).
    public var rawHashes: [UInt64] = []

    public init() {}

    /// The events, in order (`keptProperties`: the property keys to keep; nil: all).
    public init(_ events: [Event], keptProperties: Set<String>? = nil) {
        for e in events { append(e, keptProperties: keptProperties) }
    }

    public var count: Int { times.count }

    /// Trims every column to its size and seals the symbol table (see `SymbolTable.seal`): a finished file's batch
    /// then holds about its data's size while it waits for the merge, not the slack of growing arrays and an index.
    public mutating func seal() {
        symbols.seal()
        func trim<T>(_ a: inout [T]) { a = a.withUnsafeBufferPointer { Array($0) } }
        trim(&eventIDs); trim(&times); trim(&names); trim(&kinds); trim(&platforms); trim(&users)
        trim(&anonymousIDs); trim(&unionIDs); trim(&amounts); trim(&propertyStarts); trim(&properties)
        trim(&lines); trim(&rawHashes)
    }

    /// Reserves room for `n` events in the columns a merged batch fills (not the per-file ones).
    public mutating func reserveCapacity(_ n: Int) {
        eventIDs.reserveCapacity(n)
        times.reserveCapacity(n)
        names.reserveCapacity(n)
        kinds.reserveCapacity(n)
        platforms.reserveCapacity(n)
        users.reserveCapacity(n)
        anonymousIDs.reserveCapacity(n)
        unionIDs.reserveCapacity(n)
        amounts.reserveCapacity(n)
        propertyStarts.reserveCapacity(n + 1)
    }

    public var indices: Range<Int> { 0..<count }

    /// `keptProperties`: the property keys to keep (nil: all).
    public mutating func append(_ e: Event, line: Int32 = 0, rawHash: UInt64 = 0, keptProperties: Set<String>? = nil) {
        append(eventID: e.eventID, name: e.name, kind: e.kind, time: e.time, platform: e.platform, userID: e.userID,
               anonymousID: e.anonymousID, unionID: e.unionID, amount: e.amount,
               properties: e.props.filter { keptProperties?.contains($0.key) ?? true }.map { ($0.key, $0.value) },
               line: line, rawHash: rawHash)
    }

    /// Appends one event given field by field (`properties`: the ones to keep). Concrete types only: a generic
    /// parameter here would be unspecialised across modules and look up type metadata for every event.
    public mutating func append(
        eventID: String, name: String, kind: EventKind, time: Timestamp, platform: String, userID: String?,
        anonymousID: String?, unionID: String?, amount: MinorUnits?, properties newProperties: [(String, String)],
        line: Int32, rawHash: UInt64
    ) {
        eventIDs.append(eventID)
        times.append(time)
        names.append(symbols.intern(name))
        kinds.append(kind)
        platforms.append(symbols.intern(platform))
        users.append(userID.map { symbols.intern($0).index } ?? Self.none)
        anonymousIDs.append(anonymousID.map { symbols.intern($0).index } ?? Self.none)
        unionIDs.append(unionID.map { symbols.intern($0).index } ?? Self.none)
        amounts.append(amount ?? .zero)
        for (key, value) in newProperties {
            properties.append(PropertySymbols(key: symbols.intern(key), value: symbols.intern(value)))
        }
        propertyStarts.append(Int32(properties.count))
        lines.append(line)
        rawHashes.append(rawHash)
    }

    /// Drops the events from `count` on (their text stays interned): what a gzip member that failed verification
    /// had added.
    public mutating func truncate(to count: Int) {
        guard count < self.count else { return }
        let drop = self.count - count
        eventIDs.removeLast(drop); times.removeLast(drop); names.removeLast(drop); kinds.removeLast(drop)
        platforms.removeLast(drop); users.removeLast(drop); anonymousIDs.removeLast(drop); unionIDs.removeLast(drop)
        amounts.removeLast(drop); lines.removeLast(drop); rawHashes.removeLast(drop)
        propertyStarts.removeLast(drop)
        properties.removeLast(properties.count - Int(propertyStarts[count]))
    }

    /// Appends events `rows` of `other` (in that order), re-interning its text into this batch's table. The
    /// per-file columns (`lines`, `rawHashes`) are not carried over.
    public mutating func append(rows: [Int], of other: EventBatch) {
        // Only the text the kept rows use is interned (not that of duplicates or ignored rows).
        var remap = [Int32](repeating: -2, count: other.symbols.strings.count)
        func map(_ s: Int32) -> Int32 {
            guard s != Self.none else { return s }
            if remap[Int(s)] == -2 { remap[Int(s)] = symbols.intern(other.symbols[Symbol(s)]).index }
            return remap[Int(s)]
        }
        eventIDs += rows.map { other.eventIDs[$0] }
        times += rows.map { other.times[$0] }
        names += rows.map { Symbol(map(other.names[$0].index)) }
        kinds += rows.map { other.kinds[$0] }
        platforms += rows.map { Symbol(map(other.platforms[$0].index)) }
        users += rows.map { map(other.users[$0]) }
        anonymousIDs += rows.map { map(other.anonymousIDs[$0]) }
        unionIDs += rows.map { map(other.unionIDs[$0]) }
        amounts += rows.map { other.amounts[$0] }
        for i in rows {
            for p in other.properties[Int(other.propertyStarts[i])..<Int(other.propertyStarts[i + 1])] {
                properties.append(PropertySymbols(key: Symbol(map(p.key.index)), value: Symbol(map(p.value.index))))
            }
            propertyStarts.append(Int32(properties.count))
        }
    }

    /// Whether event `a` comes before event `b` in content order (timestamp, then `event_id` byte-wise).
    public func contentPrecedes(_ a: Int, _ b: Int) -> Bool {
        if times[a] != times[b] { return times[a] < times[b] }
        return eventIDs[a].bytewisePrecedes(eventIDs[b])
    }

    /// The text of an optional symbol column's value.
    public func text(_ symbol: Int32) -> String? {
        symbol == Self.none ? nil : symbols[Symbol(symbol)]
    }
}

/// One kept property of an event: key and value as symbols.
public struct PropertySymbols: Sendable, Equatable {
    public var key: Symbol
    public var value: Symbol
    public init(key: Symbol, value: Symbol) {
        self.key = key
        self.value = value
    }
}
