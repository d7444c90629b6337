import Foundation

/// One paid order of a person: its local day (days since 1970-01-01) and its value in minor units, net of refunds.
public struct DatedOrder: Sendable, Equatable {
    public var day: Int
    public var valueMinor: Int64

    public init(day: Int, valueMinor: Int64) {
        self.day = day
        self.valueMinor = valueMinor
    }
}

/// The per-person features the buy-till-you-die models take, from a person's orders.
public enum CustomerFeatures {
    /// The calibration history of one person, from the orders on or before `calibrationEnd` (the last observed day),
    /// with time measured in units of `unitDays` days (7: weeks). As in the literature (and `lifetimes`), all the
    /// orders of one day are one transaction, worth their summed value:
    /// - x = distinct purchase days − 1 (repeat transactions),
    /// - tₓ = (last purchase day − first purchase day) / unitDays,
    /// - T = (calibrationEnd − first purchase day) / unitDays,
    /// - meanValue = the mean value of the repeat days (the first day excluded), in minor units; 0 when x = 0.
    /// Nil when the person has no order by `calibrationEnd`.
    public static func history(_ orders: [DatedOrder], calibrationEnd: Int, unitDays: Int = 7) -> PurchaseHistory? {
        let days = dailyValues(orders.filter { $0.day <= calibrationEnd })
        guard let first = days.first else { return nil }
        let unit = Double(unitDays)
        let repeats = days.dropFirst()
        let mean = repeats.isEmpty ? 0 : Double(repeats.reduce(Int128(0)) { $0 + $1.value }) / Double(repeats.count)
        return PurchaseHistory(x: Double(repeats.count), tx: Double(days[days.count - 1].day - first.day) / unit,
                               T: Double(calibrationEnd - first.day) / unit, meanValue: mean)
    }

    /// The number of transactions (distinct purchase days) in `days`, e.g. the holdout period.
    public static func transactionDays(_ orders: [DatedOrder], in days: ClosedRange<Int>) -> Int {
        Set(orders.lazy.filter { days.contains($0.day) }.map(\.day)).count
    }

    /// The orders summed per day, by day.
    /// Summed in 128 bits: no number of orders can overflow a day's value.
    static func dailyValues(_ orders: [DatedOrder]) -> [(day: Int, value: Int128)] {
        var result: [(day: Int, value: Int128)] = []
        for order in orders.sorted(by: { $0.day < $1.day }) {
            if let last = result.last, last.day == order.day {
                result[result.count - 1].value += Int128(order.valueMinor)
            } else {
                result.append((order.day, Int128(order.valueMinor)))
            }
        }
        return result
    }
}
