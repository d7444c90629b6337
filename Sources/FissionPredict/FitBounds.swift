import Foundation

/// The box the maximum-likelihood searches stay in, on the logs of the parameters: each parameter between 10⁻⁴ and
/// 10⁴ (Gamma-Gamma's γ relative to the mean spend). The published fits lie well inside it (CDNOW: 0.24 … 15.4). A fit
/// that ends on its edge means the data do not identify that parameter (`isAtBound`): e.g. no dropout seen yet in a
/// short history sends b or β towards ∞, and no heterogeneity sends r and α there together. The box also keeps the
/// ₂F₁ series of the Pareto/NBD likelihood short.
public enum FitBounds {
    public static let logParameter = log(10_000.0)

    /// Whether a fitted parameter value lies on or near the box's edge (within 10 %, 0.1 in log): the optimiser stops
    /// close to the edge, not on it, when the likelihood is flat along the edge.
    public static func isAtBound(_ value: Double) -> Bool {
        !value.isFinite || abs(abs(log(value)) - logParameter) < 0.1
    }
}
