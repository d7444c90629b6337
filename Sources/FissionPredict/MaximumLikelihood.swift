import Foundation

/// Maximum-likelihood estimation of a model with positive parameters, as every fit here does it: Nelder–Mead with
/// restarts on the parameters' logs, from all parameters = 1, inside `FitBounds`; a point whose log-likelihood is not
/// finite scores +∞.
enum MaximumLikelihood {
    /// The model, made by `model` from `count` parameter values, that maximises `logLikelihood`.
    static func estimate<Model>(parameters count: Int, _ model: ([Double]) -> Model, logLikelihood: (Model) -> Double) -> Model {
        let best = NelderMead.minimizeWithRestarts({ logs in
            let ll = logLikelihood(model(logs.map(exp)))
            return ll.isFinite ? -ll : .greatestFiniteMagnitude
        }, from: Array(repeating: 0, count: count), bound: FitBounds.logParameter)
        return model(best.map(exp))
    }
}
