@testable import FissionPredict
import Foundation
import Testing

/// ₂F₁ against closed forms (Abramowitz & Stegun 15.1.3–15.1.8) on both sides of 0 and near 1.
struct Hypergeometric2F1Tests {
    static let arguments: [Double] = [-1e4, -250, -50, -9, -3, -1, -0.6, -0.3, -1e-3, 0, 1e-3, 0.2, 0.5, 0.51, 0.7, 0.9,
                                      0.99, 0.999]

    func relativelyNear(_ value: Double, _ expected: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(value - expected) <= tolerance * max(abs(expected), 1e-300)
    }

    /// ₂F₁(1, 1; 2; z) = −ln(1 − z)/z (15.1.3); c − a − b = 0, so z > ½ is summed as a series.
    @Test(arguments: arguments) func logarithm(z: Double) {
        let expected = z == 0 ? 1 : -log1p(-z) / z
        let value = Hypergeometric2F1.value(1, 1, 2, z)
        #expect(relativelyNear(value, expected, 1e-11), "z=\(z): \(value) vs \(expected)")
    }

    /// ₂F₁(a, b; b; z) = (1 − z)^−a (15.1.8), for non-integer and integer a.
    @Test(arguments: arguments) func power(z: Double) {
        for (a, b) in [(0.3, 2.7), (2.5, 0.4), (1.7, 13.2), (3.0, 5.0), (-1.5, 0.8)] {
            let value = Hypergeometric2F1.value(a, b, b, z)
            #expect(relativelyNear(value, pow(1 - z, -a), 1e-11), "a=\(a) b=\(b) z=\(z): \(value)")
        }
    }

    /// ₂F₁(½, ½; 3/2; z²) = arcsin(z)/z (15.1.6), and for negative arguments ₂F₁(½, ½; 3/2; −z²) = arsinh(z)/z (15.1.7).
    @Test(arguments: [1e-3, 0.1, 0.5, 0.7, 0.9, 0.99, 0.999, 2, 10, 100]) func inverseSine(z: Double) {
        if z < 1 {
            #expect(relativelyNear(Hypergeometric2F1.value(0.5, 0.5, 1.5, z * z), asin(z) / z, 1e-12))
        }
        #expect(relativelyNear(Hypergeometric2F1.value(0.5, 0.5, 1.5, -z * z), asinh(z) / z, 1e-12))
    }

    /// ₂F₁(1, ½; 3/2; −z²) = arctan(z)/z (15.1.5).
    @Test(arguments: [0.1, 0.9, 1, 3, 30, 1000]) func inverseTangent(z: Double) {
        #expect(relativelyNear(Hypergeometric2F1.value(1, 0.5, 1.5, -z * z), atan(z) / z, 1e-12))
    }

    /// A terminating series (a = −n) is a polynomial: ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
    @Test func polynomial() {
        for z in [-5.0, -0.5, 0.3, 0.8] {
            let (b, c) = (1.5, 2.25)
            let expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1))
            #expect(relativelyNear(Hypergeometric2F1.value(-2, b, c, z), expected, 1e-13))
        }
    }

    /// Above ½, the value equals the plain power series (summed to convergence) for Pareto/NBD- and BG/NBD-like
    /// parameters, whichever route it takes; values from mpmath 1.3 (50 digits) pin two of them.
    @Test func routesAgreeWithTheSeries() {
        for (a, b, c) in [(30.6, 1.6, 31.6), (2.2, 9.5, 3.3), (0.55, 1.61, 2.16), (120.3, 0.7, 121.3), (3.2, -0.2, 6.4)] {
            for z in [0.51, 0.6, 0.9, 0.99] {
                let value = Hypergeometric2F1.value(a, b, c, z), series = Hypergeometric2F1.series(a, b, c, z)
                #expect(relativelyNear(value, series, 1e-11), "(\(a), \(b), \(c), \(z)): \(value) vs \(series)")
            }
        }
        #expect(relativelyNear(Hypergeometric2F1.value(30.6, 1.6, 31.6, 0.6), 4.03719262955837, 1e-13))
        #expect(relativelyNear(Hypergeometric2F1.value(2.2, 9.5, 3.3, 0.6), 794.985141995456, 1e-13))
    }

    @Test func outsideTheDomain() {
        #expect(Hypergeometric2F1.value(1, 1, 2, 1).isNaN)
        #expect(Hypergeometric2F1.value(1, 1, -2, 0.5).isNaN)
        #expect(Hypergeometric2F1.value(1, 1, 2, 0) == 1)
    }
}
