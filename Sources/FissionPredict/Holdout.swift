import Foundation

/// One row of the calibration/holdout table: the customers with `x` repeat transactions in the calibration period
/// (the last row gathers x ≥ its `x`), their actual and predicted transactions in the holdout period.
public struct HoldoutBucket: Sendable, Equatable {
    /// The bucket's calibration frequency; the last bucket holds this frequency and above.
    public var x: Int
    public var isOpenEnded: Bool
    public var customers: Int
    public var actualTotal: Double
    public var predictedTotal: Double

    /// "3", or "7+" for the last bucket.
    public var label: String { isOpenEnded ? "\(x)+" : "\(x)" }
    public var actualMean: Double { customers == 0 ? 0 : actualTotal / Double(customers) }
    public var predictedMean: Double { customers == 0 ? 0 : predictedTotal / Double(customers) }
}

/// The calibration/holdout comparison of Fader, Hardie & Lee 2005 (their Figure 4 / Table of conditional
/// expectations): for each calibration frequency, the mean number of holdout transactions against the model's
/// conditional expectation E[Y(t) | x, tₓ, T].
public struct HoldoutComparison: Sendable, Equatable {
    public var buckets: [HoldoutBucket]
    public var actualTotal: Double
    public var predictedTotal: Double
    /// Σ (E[X(T + t)] − E[X(T)]): the holdout transactions the model expects from the customers' ages alone, without
    /// their histories (the aggregate forecast of a tracking plot, FHL 2005 §4).
    public var unconditionalTotal: Double

    /// Compares `actual[i]`, the transactions of customer i in the `length` units after calibration, with `model`'s
    /// prediction from `calibration[i]`; frequencies 0…`openFrom` − 1 get a row each, and `openFrom` and above share
    /// the last. Totals are summed in customer order.
    public init(model: some TransactionModel, calibration: [PurchaseHistory], actual: [Int], length: Double,
                openFrom: Int = 7) {
        precondition(calibration.count == actual.count, "one holdout count per calibration history")
        var buckets = (0...openFrom).map {
            HoldoutBucket(x: $0, isOpenEnded: $0 == openFrom, customers: 0, actualTotal: 0, predictedTotal: 0)
        }
        var actualTotal = 0.0, predictedTotal = 0.0, unconditionalTotal = 0.0
        for (h, y) in zip(calibration, actual) {
            let i = min(Int(h.x), openFrom)
            let predicted = model.expectedTransactions(inNext: length, given: h)
            buckets[i].customers += 1
            buckets[i].actualTotal += Double(y)
            buckets[i].predictedTotal += predicted
            actualTotal += Double(y)
            predictedTotal += predicted
            unconditionalTotal += model.expectedTransactions(in: h.T + length) - model.expectedTransactions(in: h.T)
        }
        self.buckets = buckets
        self.actualTotal = actualTotal
        self.predictedTotal = predictedTotal
        self.unconditionalTotal = unconditionalTotal
    }
}
