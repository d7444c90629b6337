import Foundation

/// One customer's repeat-purchase summary: `x` repeat transactions, the last at `tx` (recency), observed for `T`,
/// all in one time unit (e.g. weeks), and the mean value of the repeat transactions.
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

/// The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): purchases follow a Poisson
/// process with gamma(r, α) rates, and after each purchase a customer drops out with a beta(a, b) probability.
public struct BGNBD: Sendable, Equatable {
    public var r, alpha, a, b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        (self.r, self.alpha, self.a, self.b) = (r, alpha, a, b)
    }

    /// The log-likelihood of one history (equation 6 of the paper, computed in logs).
    public func logLikelihood(_ h: PurchaseHistory) -> Double {
        let a1 = lgamma(r + h.x) - lgamma(r) + r * log(alpha)
        let a2 = lgamma(a + b) + lgamma(b + h.x) - lgamma(b) - lgamma(a + b + h.x)
        let a3 = -(r + h.x) * log(alpha + h.T)
        guard h.x > 0 else { return a1 + a2 + a3 }
        let a4 = log(a) - log(b + h.x - 1) - (r + h.x) * log(alpha + h.tx)
        let m = max(a3, a4)
        return a1 + a2 + m + log(exp(a3 - m) + exp(a4 - m))
    }

    public func logLikelihood(_ histories: [PurchaseHistory]) -> Double {
        histories.reduce(0) { $0 + logLikelihood($1) }
    }

    /// The probability that a customer with history `h` is still alive at `T`.
    public func probabilityAlive(_ h: PurchaseHistory) -> Double {
        guard h.x > 0 else { return 1 }
        let ratio = a / (b + h.x - 1) * pow((alpha + h.T) / (alpha + h.tx), r + h.x)
        return 1 / (1 + ratio)
    }

    /// Maximum-likelihood estimates over `histories` (Nelder–Mead on the logs of the four parameters).
    public static func fit(_ histories: [PurchaseHistory]) -> BGNBD {
        let best = NelderMead.minimize({ p in
            let m = BGNBD(r: exp(p[0]), alpha: exp(p[1]), a: exp(p[2]), b: exp(p[3]))
            let ll = m.logLikelihood(histories)
            return ll.isFinite ? -ll : .greatestFiniteMagnitude
        }, from: [0, 0, 0, 0])
        return BGNBD(r: exp(best[0]), alpha: exp(best[1]), a: exp(best[2]), b: exp(best[3]))
    }
}

/// The Gamma-Gamma model of spend (Fader, Hardie & Lee 2005, "RFM and CLV"): transaction values are gamma(p, ν) with
/// ν ~ gamma(q, γ) across customers; fitted on customers with at least one repeat transaction.
public struct GammaGamma: Sendable, Equatable {
    public var p, q, gamma: Double

    public init(p: Double, q: Double, gamma: Double) {
        (self.p, self.q, self.gamma) = (p, q, gamma)
    }

    /// The log-likelihood of one customer's mean value over `x` transactions (x > 0).
    public func logLikelihood(_ h: PurchaseHistory) -> Double {
        let px = p * h.x
        return lgamma(px + q) - lgamma(px) - lgamma(q) + q * log(gamma) + (px - 1) * log(h.meanValue) + px * log(h.x)
            - (px + q) * log(gamma + h.x * h.meanValue)
    }

    /// The expected mean transaction value of a customer with history `h` (the model's posterior mean).
    public func expectedValue(_ h: PurchaseHistory) -> Double {
        (gamma + h.x * h.meanValue) * p / (p * h.x + q - 1)
    }

    public static func fit(_ histories: [PurchaseHistory]) -> GammaGamma {
        let buyers = histories.filter { $0.x > 0 && $0.meanValue > 0 }
        let best = NelderMead.minimize({ v in
            let m = GammaGamma(p: exp(v[0]), q: exp(v[1]), gamma: exp(v[2]))
            let ll = buyers.reduce(0) { $0 + m.logLikelihood($1) }
            return ll.isFinite ? -ll : .greatestFiniteMagnitude
        }, from: [0, 0, 0])
        return GammaGamma(p: exp(best[0]), q: exp(best[1]), gamma: exp(best[2]))
    }
}
