import FissionClean
import FissionModel
import FissionPredict

/// One person's paid orders (local day, amount net of the refunds of that order, in minor units) and their net
/// revenue per day (orders minus refunds, each on its own day, as in `ltv`).
struct PurchaseLedger {
    var orders: [DatedOrder] = []
    var netByDay: [Int: MoneySum] = [:]

    /// The person's ledger; a refund reduces the order with its `order_id` (down to zero) only when it is dated on or
    /// before `refundsUntil`, so that a calibration history never sees a later refund.
    init(person: Int, in data: CleanDataset, orderKey: Symbol?, refundsUntil: Int) {
        var refunds: [Symbol: MoneySum] = [:]
        var paid: [(id: Symbol?, order: DatedOrder)] = []
        for e in data.events(ofPerson: person) {
            let day = Int(e.day.daysSinceEpoch)
            switch e.kind {
            case .orderPaid:
                paid.append((data.property(orderKey, of: e), DatedOrder(day: day, valueMinor: e.amount.value)))
                netByDay[day, default: .zero] += e.amount
            case .refund:
                netByDay[day, default: .zero] -= e.amount
                if day <= refundsUntil, let id = data.property(orderKey, of: e) { refunds[id, default: .zero] += e.amount }
            default:
                break
            }
        }
        for (id, var order) in paid {
            if let id, let refund = refunds[id], refund > .zero {
                let taken = min(refund.value, Int128(order.valueMinor))
                order.valueMinor -= Int64(taken)
                refunds[id] = MoneySum(refund.value - taken)
            }
            orders.append(order)
        }
    }

    /// Net revenue on days `first…last`.
    func net(from first: Int, through last: Int) -> MoneySum {
        var sum = MoneySum.zero
        for (day, amount) in netByDay where first <= day && day <= last { sum += amount }
        return sum
    }
}
