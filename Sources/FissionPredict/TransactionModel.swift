import Foundation

/// A buy-till-you-die model of repeat transactions (BG/NBD or Pareto/NBD): what a calibration/holdout comparison and
/// the CLV need from either.
public protocol TransactionModel: Sendable {
    /// The log-likelihood of one calibration history.
    func logLikelihood(_ h: PurchaseHistory) -> Double
    /// The probability that a customer with history `h` is still alive at the end of the calibration period, `h.T`.
    func probabilityAlive(_ h: PurchaseHistory) -> Double
    /// E[X(T, T + t] | x, tx, T]: the expected number of transactions in the `t` units after the calibration period.
    func expectedTransactions(inNext t: Double, given h: PurchaseHistory) -> Double
    /// E[X(t)]: the expected number of repeat transactions of a new customer in the `t` units after the first purchase.
    func expectedTransactions(in t: Double) -> Double
    /// The maximum-likelihood estimates over `histories`.
    static func fit(_ histories: [PurchaseHistory]) -> Self
}

extension TransactionModel {
    /// The log-likelihood of all `histories` (summed in their order).
    public func logLikelihood(_ histories: [PurchaseHistory]) -> Double {
        histories.reduce(0) { $0 + logLikelihood($1) }
    }
}
