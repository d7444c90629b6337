import FissionModel

/// What ingest needs to know from the pipeline config.
public struct DecodeOptions: Sendable, Equatable {
    /// Lines longer than this many bytes are rejected as `line_too_long` (default 1 MiB).
    public var maxLineBytes: Int
    /// The reporting currency; amounts in it are taken as they are.
    public var currency: String
    /// Other accepted currencies, with a fixed rate into the reporting currency.
    public var currencyRates: [String: ExchangeRate]
    /// The field plan: the `props` keys the reports read (nil: all). Others are validated but not kept; the decoder's
    /// own (`amount`, `currency`, required ids) are always read. Which lines are accepted never depends on it.
    public var keptProperties: Set<String>?

    public init(maxLineBytes: Int = 1 << 20, currency: String = "CNY", currencyRates: [String: ExchangeRate] = [:],
                keptProperties: Set<String>? = nil) {
        self.maxLineBytes = maxLineBytes
        self.currency = currency
        self.currencyRates = currencyRates
        self.keptProperties = keptProperties
    }
}

/// A fixed conversion rate, held as an integer number of millionths so conversion stays exact.
public struct ExchangeRate: Sendable, Equatable {
    public var micros: Int64

    /// Rates above this are refused, so converting any accepted amount stays within 64 bits.
    public static let maximumWholeUnits: Int64 = 100_000

    /// Parses a positive decimal with at most six fraction digits and at most `maximumWholeUnits`, e.g. `"7.1234"`.
    public init?(decimal text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, parts[0].allSatisfy(\.isNumber) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...6).contains(digits.count), digits.allSatisfy(\.isNumber), let f = Int64(digits) else { return nil }
            fraction = f * Int64([1, 100_000, 10_000, 1000, 100, 10, 1][digits.count])
        }
        guard whole <= ExchangeRate.maximumWholeUnits else { return nil }
        micros = whole * 1_000_000 + fraction
        guard micros > 0, micros <= ExchangeRate.maximumWholeUnits * 1_000_000 else { return nil }
    }

    /// Converts minor units (both currencies assumed to have two fraction digits), rounding half to even.
    public func convert(_ amount: MinorUnits) -> MinorUnits {
        let product = amount.value.multipliedFullWidth(by: micros)
        let (q, r) = Int64(1_000_000).dividingFullWidth(product)
        let twice = r * 2
        let roundUp = twice > 1_000_000 || (twice == 1_000_000 && q % 2 != 0)
        return MinorUnits(roundUp ? q + 1 : q)
    }
}
