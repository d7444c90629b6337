import FissionModel

/// A commission rate held as an integer number of millionths (`"0.05"` is 50,000), so commissions are exact.
public struct CommissionRate: Sendable, Equatable {
    public var micros: Int64

    /// A decimal string from 0 to 1 with at most six fraction digits.
    public init?(decimal text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              let whole = Int64(parts[0]), (0...1).contains(whole) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...6).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let f = Int64(digits) else { return nil }
            fraction = f * Int64([1, 100_000, 10_000, 1000, 100, 10, 1][digits.count])
        }
        micros = whole * 1_000_000 + fraction
        guard micros <= 1_000_000 else { return nil }
    }

    /// The commission on `amount`, rounded half to even to a whole minor unit.
    public func commission(on amount: MinorUnits) -> MinorUnits {
        let product = Int128(amount.value) * Int128(micros)
        var q = product / 1_000_000
        let r = product % 1_000_000
        if r * 2 > 1_000_000 || (r * 2 == 1_000_000 && q % 2 != 0) { q += 1 }
        return MinorUnits(Int64(q))
    }
}
