import Foundation

/// Predicted customer lifetime value over a horizon of whole months, discounted monthly:
/// CLV = Σᵢ₌₁..H (E[Y(iM)] − E[Y((i−1)M)]) · v / (1 + d)ⁱ, where E[Y(t)] is the model's conditional expectation of
/// transactions in the t units after the calibration period, M = `daysPerMonth` / `daysPerUnit` units (a month is
/// 30 days; a unit is e.g. 7 days), v the expected order value and d the monthly discount rate. With d = 0 it is
/// E[Y(HM)] · v. (The discrete-month form of the discounted expected residual transactions of Fader, Hardie & Lee
/// 2005b.)
public struct CLV: Sendable, Equatable {
    public var months: Int
    public var monthlyDiscount: Double
    public var daysPerUnit: Double
    public var daysPerMonth: Double

    public init(months: Int, monthlyDiscount: Double = 0, daysPerUnit: Double = 7, daysPerMonth: Double = 30) {
        self.months = months
        self.monthlyDiscount = monthlyDiscount
        self.daysPerUnit = daysPerUnit
        self.daysPerMonth = daysPerMonth
    }

    /// The CLV of a customer with calibration history `h` whose orders are expected to be worth `orderValue` each
    /// (e.g. `GammaGamma.expectedValue(h)`), in the unit of `orderValue`.
    public func value(of h: PurchaseHistory, model: some TransactionModel, orderValue: Double) -> Double {
        guard months > 0 else { return 0 }
        let unitsPerMonth = daysPerMonth / daysPerUnit
        var total = 0.0, previous = 0.0
        for i in 1...months {
            let current = model.expectedTransactions(inNext: Double(i) * unitsPerMonth, given: h)
            total += (current - previous) * orderValue / pow(1 + monthlyDiscount, Double(i))
            previous = current
        }
        return total
    }
}
