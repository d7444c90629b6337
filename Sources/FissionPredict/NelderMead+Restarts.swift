import Foundation

extension NelderMead {
    /// Nelder–Mead restarted from its best point with a fresh simplex (edge `step`) until a restart no longer lowers
    /// the minimum by more than `tolerance` relative, or after `maxRestarts`. A simplex that has collapsed onto a
    /// ridge or stopped on flat values far from the minimum is rebuilt around the point it found, a remedy Nelder &
    /// Mead's method is known to need (e.g. Press et al., Numerical Recipes, 3rd ed., §10.5). Deterministic: no
    /// randomness, one thread.
    /// With `bound`, the search stays in the box |pᵢ| ≤ `bound`: a point outside it is scored at its projection onto
    /// the box plus its squared distance from it, so a likelihood that keeps rising towards a parameter of 0 or ∞ (data
    /// that do not identify it) ends on the box's edge, and the simplex still converges there. After `maxEvaluations`
    /// calls of `objective` every further point scores +∞, so the search ends at the best point found so far: a fit
    /// takes bounded time whatever the data (the count, and so the result, is deterministic).
    public static func minimizeWithRestarts(_ objective: ([Double]) -> Double, from start: [Double], step: Double = 0.5,
                                            tolerance: Double = 1e-12, maxRestarts: Int = 50, bound: Double? = nil,
                                            maxEvaluations: Int = 20_000) -> [Double] {
        func project(_ p: [Double]) -> [Double] { bound.map { b in p.map { min(max($0, -b), b) } } ?? p }
        return withoutActuallyEscaping(objective) { objective in
            var evaluations = 0
            let f: ([Double]) -> Double = { p in
                evaluations += 1
                guard evaluations <= maxEvaluations else { return .greatestFiniteMagnitude }
                let inside = project(p)
                let value = objective(inside)
                return value + zip(p, inside).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            }
            return project(restarting(f, from: start, step: step, tolerance: tolerance, maxRestarts: maxRestarts))
        }
    }

    private static func restarting(_ f: ([Double]) -> Double, from start: [Double], step: Double, tolerance: Double,
                                   maxRestarts: Int) -> [Double] {
        var best = minimize(f, from: start, step: step, tolerance: tolerance)
        var value = f(best)
        for _ in 0..<maxRestarts {
            let next = minimize(f, from: best, step: step, tolerance: tolerance)
            let nextValue = f(next)
            guard nextValue < value else { break }
            let improved = value - nextValue > tolerance * (abs(value) + tolerance)
            (best, value) = (next, nextValue)
            if !improved { break }
        }
        return best
    }
}
