import Foundation

/// The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way: An Alternative to the
/// Pareto/NBD Model", Marketing Science 24(2)): while alive a customer buys as a Poisson process with rate
/// λ ~ gamma(r, α); after each repeat purchase he drops out with probability p ~ beta(a, b).
public struct BGNBD: TransactionModel, Equatable {
    public var r, alpha, a, b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        (self.r, self.alpha, self.a, self.b) = (r, alpha, a, b)
    }

    /// The log-likelihood of one history, FHL 2005 eq. (6), in logs:
    /// L = B(a, b+x)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+T)^(r+x)) + δ(x>0) B(a+1, b+x−1)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+tₓ)^(r+x)).
    public func logLikelihood(_ h: PurchaseHistory) -> Double {
        let a1 = lgamma(r + h.x) - lgamma(r) + r * log(alpha)
        let a2 = lgamma(a + b) + lgamma(b + h.x) - lgamma(b) - lgamma(a + b + h.x)
        let a3 = -(r + h.x) * log(alpha + h.T)
        guard h.x > 0 else { return a1 + a2 + a3 }
        let a4 = log(a) - log(b + h.x - 1) - (r + h.x) * log(alpha + h.tx)
        return a1 + a2 + logAddExp(a3, a4)
    }

    /// P(alive at T | x, tₓ, T) = 1 / (1 + δ(x>0) a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)) (Fader, Hardie & Lee 2008,
    /// "Computing P(alive) Using the BG/NBD Model"; the denominator of FHL 2005 eq. (10)).
    public func probabilityAlive(_ h: PurchaseHistory) -> Double {
        guard h.x > 0 else { return 1 }
        return 1 / (1 + exp(logDeathOdds(h)))
    }

    /// log(a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)), for x > 0.
    func logDeathOdds(_ h: PurchaseHistory) -> Double {
        log(a) - log(b + h.x - 1) + (r + h.x) * (log(alpha + h.T) - log(alpha + h.tx))
    }

    /// E[Y(t) | x, tₓ, T], FHL 2005 eq. (10):
    /// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] / (1 + δ(x>0) a/(b+x−1)
    /// ((α+T)/(α+tₓ))^(r+x)). Undefined at a = 1 exactly (a removable singularity of the formula).
    public func expectedTransactions(inNext t: Double, given h: PurchaseHistory) -> Double {
        guard t > 0 else { return 0 }
        let c = a + b + h.x - 1
        let f = Hypergeometric2F1.value(r + h.x, b + h.x, c, t / (alpha + h.T + t))
        let decay = exp((r + h.x) * (log(alpha + h.T) - log(alpha + h.T + t)))
        let unconditional = c / (a - 1) * (1 - decay * f)
        return h.x > 0 ? unconditional / (1 + exp(logDeathOdds(h))) : unconditional
    }

    /// E[X(t)] for a new customer, FHL 2005 eq. (7):
    /// (a+b−1)/(a−1) · [1 − (α/(α+t))ʳ ₂F₁(r, b; a+b−1; t/(α+t))].
    public func expectedTransactions(in t: Double) -> Double {
        guard t > 0 else { return 0 }
        let f = Hypergeometric2F1.value(r, b, a + b - 1, t / (alpha + t))
        return (a + b - 1) / (a - 1) * (1 - exp(r * (log(alpha) - log(alpha + t))) * f)
    }

    /// Maximum-likelihood estimates over `histories`: Nelder–Mead with restarts on the logs of (r, α, a, b), from
    /// (1, 1, 1, 1).
    public static func fit(_ histories: [PurchaseHistory]) -> BGNBD {
        let groups = HistoryGroups(histories)
        return MaximumLikelihood.estimate(parameters: 4, { BGNBD(r: $0[0], alpha: $0[1], a: $0[2], b: $0[3]) },
                                          logLikelihood: { m in groups.sum(m.logLikelihood) })
    }
}
