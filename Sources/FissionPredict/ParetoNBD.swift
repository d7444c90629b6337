import Foundation

/// The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987, "Counting Your Customers: Who Are They and What Will
/// They Do Next?", Management Science 33(1)): while alive a customer buys as a Poisson process with rate
/// λ ~ gamma(r, α), and his lifetime is exponential with rate μ ~ gamma(s, β), independent of λ. The formulas are
/// those of Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions" (FH05).
public struct ParetoNBD: TransactionModel, Equatable {
    public var r, alpha, s, beta: Double

    public init(r: Double, alpha: Double, s: Double, beta: Double) {
        (self.r, self.alpha, self.s, self.beta) = (r, alpha, s, beta)
    }

    /// The log-likelihood of one history (FH05 §3):
    /// L = Γ(r+x)αʳβˢ/Γ(r) · { 1/((α+T)^(r+x)(β+T)ˢ) + s/(r+s+x) · A₀ }, with A₀ from `logA0`; summed in logs.
    public func logLikelihood(_ h: PurchaseHistory) -> Double {
        let head = lgamma(r + h.x) - lgamma(r) + r * log(alpha) + s * log(beta)
        let alive = -(r + h.x) * log(alpha + h.T) - s * log(beta + h.T)
        let dead = log(s) - log(r + s + h.x) + logA0(h)
        return head + logAddExp(alive, dead)
    }

    /// log A₀ (FH05 §3), with m = max(α, β) and the ₂F₁ argument |α−β|/(m+t) in [0, 1):
    /// α ≥ β: A₀ = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+tₓ))/(α+tₓ)^(r+s+x) − (the same at T);
    /// α < β: A₀ = ₂F₁(r+s+x, r+x; r+s+x+1; (β−α)/(β+tₓ))/(β+tₓ)^(r+s+x) − (the same at T).
    /// The difference is taken as log T₁ + log(1 − e^(log T₂ − log T₁)); −∞ when tₓ = T.
    func logA0(_ h: PurchaseHistory) -> Double {
        let n = r + s + h.x
        let (m, b) = alpha >= beta ? (alpha, s + 1) : (beta, r + h.x)
        let d = abs(alpha - beta)
        func logTerm(_ t: Double) -> Double { log(Hypergeometric2F1.value(n, b, n + 1, d / (m + t))) - n * log(m + t) }
        let t1 = logTerm(h.tx), t2 = logTerm(h.T)
        guard t2 < t1 else { return -.infinity }
        return t1 + log(-expm1(t2 - t1))
    }

    /// P(alive at T | x, tₓ, T) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)ˢ A₀) (FH05 §5).
    public func probabilityAlive(_ h: PurchaseHistory) -> Double {
        let logOdds = log(s) - log(r + s + h.x) + (r + h.x) * log(alpha + h.T) + s * log(beta + h.T) + logA0(h)
        return 1 / (1 + exp(logOdds))
    }

    /// E[Y(t) | x, tₓ, T] (FH05 §6): (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive),
    /// with [1 − q^(s−1)]/(s−1) evaluated as −expm1((s−1) ln q)/(s−1), which tends to −ln q as s → 1.
    public func expectedTransactions(inNext t: Double, given h: PurchaseHistory) -> Double {
        guard t > 0 else { return 0 }
        let growth = Self.powerIntegral(s - 1, log(beta + h.T) - log(beta + h.T + t))
        return (r + h.x) * (beta + h.T) / (alpha + h.T) * growth * probabilityAlive(h)
    }

    /// E[X(t)] for a new customer (FH05 §4): rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)].
    public func expectedTransactions(in t: Double) -> Double {
        guard t > 0 else { return 0 }
        return r * beta / alpha * Self.powerIntegral(s - 1, log(beta) - log(beta + t))
    }

    /// (1 − e^(k·logQ))/k, and −logQ at k = 0.
    static func powerIntegral(_ k: Double, _ logQ: Double) -> Double {
        k == 0 ? -logQ : -expm1(k * logQ) / k
    }

    /// Maximum-likelihood estimates over `histories`: Nelder–Mead with restarts on the logs of (r, α, s, β), from
    /// (1, 1, 1, 1).
    public static func fit(_ histories: [PurchaseHistory]) -> ParetoNBD {
        let groups = HistoryGroups(histories)
        return MaximumLikelihood.estimate(parameters: 4, { ParetoNBD(r: $0[0], alpha: $0[1], s: $0[2], beta: $0[3]) },
                                          logLikelihood: { m in groups.sum(m.logLikelihood) })
    }
}
