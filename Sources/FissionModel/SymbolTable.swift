/// An interned string: an index into a `SymbolTable`. Equal strings of one table have equal symbols.
public struct Symbol: Hashable, Comparable, Sendable {
    public var index: Int32
    public init(_ index: Int32) { self.index = index }
    public static func < (a: Symbol, b: Symbol) -> Bool { a.index < b.index }
}

/// Interns strings so that events hold 4-byte symbols instead of `String`s (names, platforms, property keys and
/// values). Symbols are numbered in first-seen order; they carry no order of their own.
public struct SymbolTable: Sendable, Equatable {
    public private(set) var strings: [String] = []
    private var index: [String: Int32] = [:]

    public init() {}

    /// A sealed table of `strings` (see `seal`): for a batch read back from storage, which is only read by symbol.
    public init(sealed strings: [String]) {
        self.strings = strings
    }

    public mutating func intern(_ s: String) -> Symbol {
        if let i = index[s] { return Symbol(i) }
        let i = Int32(strings.count)
        strings.append(s)
        index[s] = i
        return Symbol(i)
    }

    /// The symbol of `s`, or nil when no event has it.
    public func lookup(_ s: String) -> Symbol? {
        index[s].map(Symbol.init)
    }

    public subscript(symbol: Symbol) -> String { strings[Int(symbol.index)] }

    /// Drops the text → symbol index and trims the strings to size, for a table that will only be read by symbol
    /// from now on (a finished file's batch waiting to be merged). `intern` and `lookup` must not be used after.
    public mutating func seal() {
        index = [:]
        strings = strings.withUnsafeBufferPointer { Array($0) }
    }
}
