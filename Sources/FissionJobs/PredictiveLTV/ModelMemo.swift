import FissionPredict

/// A transaction model's per-buyer evaluations, memoized by exactly the inputs each depends on. Most buyers share
/// their history (one purchase on the same day gives the same x, tₓ and T), so each distinct one is evaluated once:
/// the same calls with the same inputs, so the same values to the bit.
struct ModelMemo {
    let model: any TransactionModel
    private var alive: [Key: Double] = [:]
    private var expected: [Key: Double] = [:]
    private var lifetimeValues: [Key: Double] = [:]

    /// (x, tₓ, T) and one more input: the horizon, or the order value.
    private struct Key: Hashable {
        var x, tx, T, other: Double
        init(_ h: PurchaseHistory, _ other: Double = 0) { (x, tx, T, self.other) = (h.x, h.tx, h.T, other) }
    }

    init(_ model: any TransactionModel) {
        self.model = model
    }

    mutating func probabilityAlive(_ h: PurchaseHistory) -> Double {
        let model = model
        return Self.memoized(&alive, Key(h)) { model.probabilityAlive(h) }
    }

    mutating func expectedTransactions(inNext t: Double, given h: PurchaseHistory) -> Double {
        let model = model
        return Self.memoized(&expected, Key(h, t)) { model.expectedTransactions(inNext: t, given: h) }
    }

    mutating func lifetimeValue(_ clv: CLV, of h: PurchaseHistory, orderValue: Double) -> Double {
        let model = model
        return Self.memoized(&lifetimeValues, Key(h, orderValue)) { clv.value(of: h, model: model, orderValue: orderValue) }
    }

    private static func memoized(_ memo: inout [Key: Double], _ key: Key, _ compute: () -> Double) -> Double {
        if let v = memo[key] { return v }
        let v = compute()
        memo[key] = v
        return v
    }
}
