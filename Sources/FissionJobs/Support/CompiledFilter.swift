import FissionClean
import FissionModel

/// An `EventFilter` resolved against one dataset's symbols, so matching compares integers.
struct CompiledFilter: Sendable {
    /// The event name's symbol; nil for `"*"`.
    private let name: Symbol?
    private let properties: [PropertySymbols]
    /// A name or property value that no event in the dataset has: the filter matches nothing.
    private let impossible: Bool
    private let anyEvent: Bool

    init(_ filter: EventFilter, in data: CleanDataset) {
        anyEvent = filter.isAnyEvent
        let name = anyEvent ? nil : data.symbols.lookup(filter.event)
        var properties: [PropertySymbols] = []
        var impossible = !anyEvent && name == nil
        for (key, value) in filter.properties {
            guard let k = data.symbols.lookup(key), let v = data.symbols.lookup(value) else {
                impossible = true
                continue
            }
            properties.append(PropertySymbols(key: k, value: v))
        }
        self.name = name
        self.properties = properties
        self.impossible = impossible
    }

    /// `"*"` matches active events only.
    func matches(_ e: CleanEvent, in data: CleanDataset) -> Bool {
        guard !impossible, anyEvent ? e.isActive : e.name == name else { return false }
        for p in properties where data.property(p.key, of: e) != p.value { return false }
        return true
    }
}
