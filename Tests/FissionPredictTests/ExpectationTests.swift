import FissionPredict
import Foundation
import Testing

/// P(alive) and the expected transactions of both models, at the published CDNOW estimates.
struct ExpectationTests {
    static let bgnbd = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
    static let pareto = ParetoNBD(r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669)
    static let histories = [
        PurchaseHistory(x: 0, tx: 0, T: 38.86), PurchaseHistory(x: 2, tx: 30.43, T: 38.86),
        PurchaseHistory(x: 5, tx: 5, T: 38), PurchaseHistory(x: 20, tx: 37, T: 38.5),
    ]

    func relativelyNear(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * abs(b)
    }

    /// The same quantities from the Python `lifetimes` package 0.11.3 (scipy 1.17 `hyp2f1`) for t = 39 weeks.
    @Test func matchLifetimes() {
        let bgExpected = [0.19509805201125396, 1.226028174767135, 0.011684908384757005, 13.25822224988601]
        let paretoExpected = [0.10708146821530892, 1.4551231932576019, 0.036619142819875786, 13.218494131917984]
        let paretoAlive = [0.29528660461689443, 0.8691675591530111, 0.009906814533803487, 0.9746582462353166]
        let bgAlive = [1, 0.72657857, 0.00301871, 0.92932121]
        for (i, h) in Self.histories.enumerated() {
            let bg = Self.bgnbd.expectedTransactions(inNext: 39, given: h)
            let pn = Self.pareto.expectedTransactions(inNext: 39, given: h)
            #expect(relativelyNear(bg, bgExpected[i]), "BG/NBD \(h): \(bg)")
            #expect(relativelyNear(pn, paretoExpected[i]), "Pareto/NBD \(h): \(pn)")
            #expect(relativelyNear(Self.pareto.probabilityAlive(h), paretoAlive[i]))
            #expect(near(Self.bgnbd.probabilityAlive(h), bgAlive[i], 1e-8))
        }
        #expect(relativelyNear(Self.bgnbd.expectedTransactions(in: 39), 1.1967231933207985))
        #expect(relativelyNear(Self.bgnbd.expectedTransactions(in: 78), 1.8605190579427455))
        #expect(relativelyNear(Self.pareto.expectedTransactions(in: 39), 1.2130028442810157))
    }

    /// A customer observed for no time after his first purchase has the unconditional expectation: eq. (10) with
    /// x = tₓ = T = 0 is eq. (7), for both models.
    @Test(arguments: [0.5, 10, 52, 520]) func conditionalOnNothingIsUnconditional(t: Double) {
        let fresh = PurchaseHistory(x: 0, tx: 0, T: 0)
        #expect(relativelyNear(Self.bgnbd.expectedTransactions(inNext: t, given: fresh), Self.bgnbd.expectedTransactions(in: t), 1e-12))
        #expect(relativelyNear(Self.pareto.expectedTransactions(inNext: t, given: fresh), Self.pareto.expectedTransactions(in: t), 1e-12))
    }

    /// The expected transactions grow with the horizon, and a long silence lowers them.
    @Test func monotone() {
        let models: [any TransactionModel] = [Self.bgnbd, Self.pareto]
        for m in models {
            var previous = 0.0
            for t in [1.0, 4, 13, 26, 52, 104, 520] {
                let e = m.expectedTransactions(inNext: t, given: PurchaseHistory(x: 3, tx: 30, T: 38))
                #expect(e > previous)
                previous = e
            }
            let recent = m.expectedTransactions(inNext: 52, given: PurchaseHistory(x: 3, tx: 37, T: 38))
            let silent = m.expectedTransactions(inNext: 52, given: PurchaseHistory(x: 3, tx: 3, T: 38))
            #expect(silent < recent)
        }
    }

    /// At s = 1 the Pareto/NBD expectation takes its limit −ln q instead of 0/0; a hair away it agrees.
    @Test func paretoAtSEqualToOne() {
        let h = PurchaseHistory(x: 2, tx: 20, T: 38)
        let at = ParetoNBD(r: 0.5, alpha: 10, s: 1, beta: 12).expectedTransactions(inNext: 39, given: h)
        let by = ParetoNBD(r: 0.5, alpha: 10, s: 1 + 1e-9, beta: 12).expectedTransactions(inNext: 39, given: h)
        #expect(at.isFinite && relativelyNear(at, by, 1e-7))
    }

    /// The BG/NBD unconditional expectation against the mean of 40,000 simulated customers (standard error ≈ 0.01).
    @Test func bgnbdExpectationMatchesSimulation() {
        let simulated = Simulation.histories(Self.bgnbd, customers: 40_000, T: 39, seed: 7)
        let mean = simulated.reduce(0) { $0 + $1.x } / Double(simulated.count)
        #expect(near(mean, Self.bgnbd.expectedTransactions(in: 39), 0.04), "\(mean)")
        let pareto = Simulation.histories(Self.pareto, customers: 40_000, T: 39, seed: 8)
        let paretoMean = pareto.reduce(0) { $0 + $1.x } / Double(pareto.count)
        #expect(near(paretoMean, Self.pareto.expectedTransactions(in: 39), 0.04), "\(paretoMean)")
    }
}
