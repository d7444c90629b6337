import Foundation

extension NelderMead {
    /// Nelder–Mead restarted from its best point with a fresh simplex (edge `step`) until a restart no longer lowers
    /// the minimum by more than `tolerance` relative, or after `maxRestarts`. A simplex that has collapsed onto a
    /// ridge or stopped on flat values far from the minimum is rebuilt around the point it found, a remedy Nelder &
    /// Mead's method is known to need (e.g. Press et al., Numerical Recipes, 3rd ed., §10.5). Deterministic: no
    /// randomness, one thread.
    public static func minimizeWithRestarts(_ f: ([Double]) -> Double, from start: [Double], step: Double = 0.5,
                                            tolerance: Double = 1e-12, maxRestarts: Int = 50) -> [Double] {
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
