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
        let key = Key(h)
        if let v = alive[key] { return v }
        let v = model.probabilityAlive(h)
        alive[key] = v
        return v
    }

    mutating func expectedTransactions(inNext t: Double, given h: PurchaseHistory) -> Double {
        let key = Key(h, t)
        if let v = expected[key] { return v }
        let v = model.expectedTransactions(inNext: t, given: h)
        expected[key] = v
        return v
    }

    mutating func lifetimeValue(_ clv: CLV, of h: PurchaseHistory, orderValue: Double) -> Double {
        let key = Key(h, orderValue)
        if let v = lifetimeValues[key] { return v }
        let v = clv.value(of: h, model: model, orderValue: orderValue)
        lifetimeValues[key] = v
        return v
    }
}
