import Foundation

/// One customer's repeat-purchase summary: `x` repeat transactions, the last at `tx` (recency), observed for `T`,
/// all in one time unit (e.g. weeks) counted from the first purchase, and the mean value of the repeat transactions.
public struct PurchaseHistory: Sendable, Equatable {
    public var x: Double
    public var tx: Double
    public var T: Double
    public var meanValue: Double

    public init(x: Double, tx: Double, T: Double, meanValue: Double = 0) {
        self.x = x
        self.tx = tx
        self.T = T
        self.meanValue = meanValue
    }
}

/// Histories with equal (x, tx, T) merged into one with a count, in a fixed order (sorted by x, tx, T): a likelihood
/// summed over the groups is the same whatever order the histories came in, and cheaper when many coincide (all the
/// customers without repeat purchases in one cohort share one history).
struct HistoryGroups: Sendable {
    let histories: [PurchaseHistory]
    let counts: [Double]

    init(_ all: [PurchaseHistory]) {
        let sorted = all.sorted { ($0.x, $0.tx, $0.T) < ($1.x, $1.tx, $1.T) }
        var histories: [PurchaseHistory] = [], counts: [Double] = []
        for h in sorted {
            if let last = histories.last, last.x == h.x, last.tx == h.tx, last.T == h.T {
                counts[counts.count - 1] += 1
            } else {
                histories.append(PurchaseHistory(x: h.x, tx: h.tx, T: h.T))
                counts.append(1)
            }
        }
        self.histories = histories
        self.counts = counts
    }

    /// Σ count × `term(history)`.
    func sum(_ term: (PurchaseHistory) -> Double) -> Double {
        var total = 0.0
        for i in histories.indices { total += counts[i] * term(histories[i]) }
        return total
    }
}

/// log(eᵘ + eᵛ) without overflow or underflow.
func logAddExp(_ u: Double, _ v: Double) -> Double {
    let m = max(u, v)
    guard m > -.infinity else { return -.infinity }
    return m + log1p(exp(-abs(u - v)))
}
