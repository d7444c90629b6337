import FissionPredict
import Foundation
import Testing

/// The generator and samplers, and parameter recovery: customers simulated from known parameters, fitted back.
struct SimulationTests {
    /// SplitMix64's first outputs for seed 0 (Vigna's reference implementation, splitmix64.c).
    @Test func splitMixReferenceStream() {
        var rng = SplitMix64(seed: 0)
        #expect([rng.next(), rng.next(), rng.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    /// Sample means and variances of 200,000 draws within 5 standard errors of the distributions' moments.
    @Test func samplerMoments() {
        var rng = SplitMix64(seed: 42)
        let n = 200_000
        func check(_ name: String, mean: Double, variance: Double, _ draw: (inout SplitMix64) -> Double) {
            let xs = (0..<n).map { _ in draw(&rng) }
            let m = xs.reduce(0, +) / Double(n)
            let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
            #expect(abs(m - mean) < 5 * (variance / Double(n)).squareRoot(), "\(name) mean \(m)")
            #expect(abs(v - variance) < 0.05 * variance, "\(name) variance \(v)")
        }
        check("gamma(2.5, 4)", mean: 2.5 / 4, variance: 2.5 / 16) { Simulation.gamma(shape: 2.5, rate: 4, &$0) }
        check("gamma(0.3, 2)", mean: 0.15, variance: 0.3 / 4) { Simulation.gamma(shape: 0.3, rate: 2, &$0) }
        check("beta(0.8, 2.4)", mean: 0.25, variance: 0.8 * 2.4 / (3.2 * 3.2 * 4.2)) { Simulation.beta(0.8, 2.4, &$0) }
        check("exponential(3)", mean: 1.0 / 3, variance: 1.0 / 9) { Simulation.exponential(rate: 3, &$0) }
        check("poisson(2.7)", mean: 2.7, variance: 2.7) { Double(Simulation.poisson(mean: 2.7, &$0)) }
    }

    /// 5,000 customers over 52 weeks from the CDNOW BG/NBD estimates, fitted back. Each estimate must lie within 4
    /// asymptotic standard errors of the truth (on the log scale, from the observed information of the fit: a fit
    /// further off than that is a bug, not bad luck), and within 25 % of it, which bounds the standard errors
    /// themselves (here 3 % for r, 5 % for α, 11 % for a and 15 % for b: a and b are the least determined).
    @Test func bgnbdRecovery() {
        let truth = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        let data = Simulation.histories(truth, customers: 5000, T: 52, seed: 2005)
        let fitted = BGNBD.fit(data)
        let logs = [fitted.r, fitted.alpha, fitted.a, fitted.b].map(log)
        let se = standardErrors(at: logs) { p in
            -BGNBD(r: exp(p[0]), alpha: exp(p[1]), a: exp(p[2]), b: exp(p[3])).logLikelihood(data)
        }
        print("BG/NBD recovery: \(fitted); log-scale standard errors \(se)")
        let expected = [truth.r, truth.alpha, truth.a, truth.b]
        for i in 0..<4 {
            #expect(abs(logs[i] - log(expected[i])) < 4 * se[i], "parameter \(i): \(exp(logs[i])) vs \(expected[i])")
            #expect(abs(exp(logs[i]) / expected[i] - 1) < 0.25, "parameter \(i): \(exp(logs[i])) vs \(expected[i])")
        }
        #expect(BGNBD.fit(data) == fitted)
    }

    /// The same for Pareto/NBD, 5,000 customers over 52 weeks from the CDNOW Pareto/NBD estimates: 4 standard errors,
    /// and 40 % (its standard errors here: 6 % for r, 5 % for α, 14 % for s and 27 % for β, the dropout rates being
    /// seen only through the silences).
    @Test func paretoNBDRecovery() {
        let truth = ParetoNBD(r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669)
        let data = Simulation.histories(truth, customers: 5000, T: 52, seed: 1987)
        let fitted = ParetoNBD.fit(data)
        let logs = [fitted.r, fitted.alpha, fitted.s, fitted.beta].map(log)
        let se = standardErrors(at: logs) { p in
            -ParetoNBD(r: exp(p[0]), alpha: exp(p[1]), s: exp(p[2]), beta: exp(p[3])).logLikelihood(data)
        }
        print("Pareto/NBD recovery: \(fitted); log-scale standard errors \(se)")
        let expected = [truth.r, truth.alpha, truth.s, truth.beta]
        for i in 0..<4 {
            #expect(abs(logs[i] - log(expected[i])) < 4 * se[i], "parameter \(i): \(exp(logs[i])) vs \(expected[i])")
            #expect(abs(exp(logs[i]) / expected[i] - 1) < 0.40, "parameter \(i): \(exp(logs[i])) vs \(expected[i])")
        }
    }

    /// √diag(H⁻¹) for the Hessian H of `f` at `p` by central differences (step 10⁻⁴).
    func standardErrors(at p: [Double], _ f: ([Double]) -> Double) -> [Double] {
        let n = p.count, h = 1e-4
        func at(_ di: Int, _ si: Double, _ dj: Int, _ sj: Double) -> Double {
            var q = p
            q[di] += si * h
            q[dj] += sj * h
            return f(q)
        }
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0..<n {
                hessian[i][j] = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h)
            }
        }
        // Gauss–Jordan inverse (the Hessian at a minimum is positive definite).
        var a = hessian, inverse = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0 } }
        for c in 0..<n {
            let pivot = a[c][c]
            for k in 0..<n {
                a[c][k] /= pivot
                inverse[c][k] /= pivot
            }
            for r in 0..<n where r != c {
                let factor = a[r][c]
                for k in 0..<n {
                    a[r][k] -= factor * a[c][k]
                    inverse[r][k] -= factor * inverse[c][k]
                }
            }
        }
        return (0..<n).map { inverse[$0][$0].squareRoot() }
    }
}
