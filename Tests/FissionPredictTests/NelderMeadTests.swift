import FissionPredict
import Foundation
import Testing

/// The minimiser against functions with known minima.
struct NelderMeadTests {
    /// Rosenbrock's valley, minimum 0 at (1, 1), and its 4-dimensional chain, minimum at (1, 1, 1, 1) (it also has
    /// a local minimum near (−0.78, 0.61, 0.38, 0.15), which a start near (−1, 1, 1, 1) finds).
    @Test func rosenbrock() {
        let f: ([Double]) -> Double = { p in 100 * pow(p[1] - p[0] * p[0], 2) + pow(1 - p[0], 2) }
        let best = NelderMead.minimizeWithRestarts(f, from: [-1.2, 1])
        #expect(near(best[0], 1, 1e-6) && near(best[1], 1, 1e-6), "\(best)")
        let chain: ([Double]) -> Double = { p in
            var sum = 0.0
            for i in 0..<3 { sum += 100 * pow(p[i + 1] - p[i] * p[i], 2) + pow(1 - p[i], 2) }
            return sum
        }
        let best4 = NelderMead.minimizeWithRestarts(chain, from: [0, 0, 0, 0])
        #expect(best4.allSatisfy { near($0, 1, 1e-5) }, "\(best4)")
    }

    /// A tilted quadratic bowl Σ wᵢ(xᵢ − cᵢ)² + (x₀ − c₀)(x₁ − c₁), minimum at c.
    @Test func quadraticBowl() {
        let c = [3.0, -2.0, 0.5, 10.0], w = [1.0, 4.0, 0.25, 9.0]
        let bowl: ([Double]) -> Double = { p in
            var sum = (p[0] - c[0]) * (p[1] - c[1])
            for i in 0..<4 { sum += w[i] * (p[i] - c[i]) * (p[i] - c[i]) }
            return sum
        }
        let best = NelderMead.minimizeWithRestarts(bowl, from: [0, 0, 0, 0])
        #expect(zip(best, c).allSatisfy { near($0, $1, 1e-5) }, "\(best)")
    }

    /// Same input, same output to the last bit.
    @Test func deterministic() {
        let f: ([Double]) -> Double = { p in pow(p[0] - 1, 4) + pow(p[1] + 2, 2) + sin(p[0] * p[1]) }
        #expect(NelderMead.minimizeWithRestarts(f, from: [0.3, 0.1]) == NelderMead.minimizeWithRestarts(f, from: [0.3, 0.1]))
    }
}
