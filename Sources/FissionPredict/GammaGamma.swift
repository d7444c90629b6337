import Foundation

/// The Gamma-Gamma model of spend (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base
/// Analysis", Journal of Marketing Research 42(4); derivations in Fader & Hardie 2013, "The Gamma-Gamma Model of
/// Monetary Value"): a customer's transaction values are gamma(p, ν), ν ~ gamma(q, γ) across customers,
/// independent of the transaction process. Fitted on the customers with at least one repeat transaction.
public struct GammaGamma: Sendable, Equatable {
    public var p, q, gamma: Double

    public init(p: Double, q: Double, gamma: Double) {
        (self.p, self.q, self.gamma) = (p, q, gamma)
    }

    /// The log-likelihood of a customer's mean value z̄ = `meanValue` over x > 0 transactions (Fader & Hardie 2013,
    /// the marginal density of z̄): f(z̄) = Γ(px+q)/(Γ(px)Γ(q)) · γ^q z̄^(px−1) x^(px) / (γ + x z̄)^(px+q).
    public func logLikelihood(_ h: PurchaseHistory) -> Double {
        let px = p * h.x
        return lgamma(px + q) - lgamma(px) - lgamma(q) + q * log(gamma) + (px - 1) * log(h.meanValue) + px * log(h.x)
            - (px + q) * log(gamma + h.x * h.meanValue)
    }

    /// E[M | x, z̄] = (γ + x z̄) p / (px + q − 1), the posterior mean of a customer's mean transaction value
    /// (Fader, Hardie & Lee 2005b; a weighted average of the population mean pγ/(q−1) and z̄). For x = 0 it is the
    /// population mean. Needs q > 1.
    public func expectedValue(_ h: PurchaseHistory) -> Double {
        (gamma + h.x * h.meanValue) * p / (p * h.x + q - 1)
    }

    /// Maximum-likelihood estimates over the histories with x > 0 and a positive mean value: Nelder–Mead with
    /// restarts on the logs of (p, q, γ), from (1, 1, 1). The model is scale-equivariant (values × k give γ × k and the
    /// same p and q), so it is fitted on values divided by their mean and γ scaled back: the fit is the same whether
    /// money is in dollars or in cents, and the search box (`FitBounds`) means the same for both.
    public static func fit(_ histories: [PurchaseHistory]) -> GammaGamma {
        let buyers = histories.filter { $0.x > 0 && $0.meanValue > 0 }
            .sorted { ($0.x, $0.meanValue) < ($1.x, $1.meanValue) }
        let scale = buyers.isEmpty ? 1 : buyers.reduce(0) { $0 + $1.meanValue } / Double(buyers.count)
        let scaled = buyers.map { PurchaseHistory(x: $0.x, tx: $0.tx, T: $0.T, meanValue: $0.meanValue / scale) }
        var fitted = MaximumLikelihood.estimate(parameters: 3, { GammaGamma(p: $0[0], q: $0[1], gamma: $0[2]) }) { m in
            var ll = 0.0
            for h in scaled { ll += m.logLikelihood(h) }
            return ll
        }
        fitted.gamma *= scale
        return fitted
    }

    /// The Pearson correlation of frequency x and mean value z̄ over the customers with x > 0: the model assumes
    /// spend independent of frequency, so a value far from 0 says it does not fit. Nil with fewer than two such
    /// customers or when either variable is constant.
    public static func frequencyValueCorrelation(_ histories: [PurchaseHistory]) -> Double? {
        let buyers = histories.filter { $0.x > 0 }
        return pearsonCorrelation(buyers.map(\.x), buyers.map(\.meanValue))
    }
}

/// Σ(u−ū)(v−v̄) / √(Σ(u−ū)² Σ(v−v̄)²); nil for fewer than two pairs or a zero variance.
func pearsonCorrelation(_ u: [Double], _ v: [Double]) -> Double? {
    guard u.count == v.count, u.count >= 2 else { return nil }
    let n = Double(u.count)
    let mu = u.reduce(0, +) / n, mv = v.reduce(0, +) / n
    var suv = 0.0, suu = 0.0, svv = 0.0
    for i in u.indices {
        let du = u[i] - mu, dv = v[i] - mv
        suv += du * dv
        suu += du * du
        svv += dv * dv
    }
    guard suu > 0, svv > 0 else { return nil }
    return suv / (suu * svv).squareRoot()
}
