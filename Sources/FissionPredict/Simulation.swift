import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014, "Fast Splittable Pseudorandom Number Generators"; the constants of
/// Vigna's reference implementation): a seeded generator whose stream depends only on the seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random variates from a `SplitMix64` stream, and synthetic customer bases drawn from the models: the same seed gives
/// the same customers on every platform and thread count (only the generator's own integer stream is used, never
/// the system's).
public enum Simulation {
    /// Uniform on the open interval (0, 1): the top 53 bits, offset by half a step.
    public static func uniform(_ rng: inout SplitMix64) -> Double {
        (Double(rng.next() >> 11) + 0.5) * 0x1p-53
    }

    /// Standard normal by the Marsaglia polar method.
    public static func normal(_ rng: inout SplitMix64) -> Double {
        while true {
            let u = 2 * uniform(&rng) - 1, v = 2 * uniform(&rng) - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// Exponential with the given rate: −ln U / rate.
    public static func exponential(rate: Double, _ rng: inout SplitMix64) -> Double {
        -log(uniform(&rng)) / rate
    }

    /// Gamma with shape k and rate θ (mean k/θ), Marsaglia & Tsang 2000 ("A Simple Method for Generating Gamma
    /// Variables", ACM TOMS 26(3)): d = k − ⅓, c = 1/√(9d), accept v = (1 + cZ)³ when ln U < Z²/2 + d − dv + d ln v;
    /// for k < 1, Gamma(k) = Gamma(k + 1) · U^(1/k).
    public static func gamma(shape k: Double, rate: Double, _ rng: inout SplitMix64) -> Double {
        if k < 1 {
            let boost = pow(uniform(&rng), 1 / k)
            return gamma(shape: k + 1, rate: rate, &rng) * boost
        }
        let d = k - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let z = normal(&rng)
            let v = 1 + c * z
            guard v > 0 else { continue }
            let v3 = v * v * v
            if log(uniform(&rng)) < 0.5 * z * z + d - d * v3 + d * log(v3) { return d * v3 / rate }
        }
    }

    /// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
    public static func beta(_ a: Double, _ b: Double, _ rng: inout SplitMix64) -> Double {
        let x = gamma(shape: a, rate: 1, &rng), y = gamma(shape: b, rate: 1, &rng)
        return x / (x + y)
    }

    /// Poisson with the given mean: the number of unit-rate exponential gaps that fit in `mean` (exact; linear in the
    /// mean, meant for the small means of purchase counts).
    public static func poisson(mean: Double, _ rng: inout SplitMix64) -> Int {
        var n = 0, t = exponential(rate: 1, &rng)
        while t <= mean {
            n += 1
            t += exponential(rate: 1, &rng)
        }
        return n
    }

    /// `customers` histories over `T` units each, drawn from a BG/NBD model (FHL 2005 §2 assumptions): λ ~ gamma(r, α),
    /// p ~ beta(a, b); purchases at exponential(λ) gaps after the first at time 0; after each repeat purchase the
    /// customer drops out with probability p. meanValue is 0.
    public static func histories(_ m: BGNBD, customers: Int, T: Double, seed: UInt64) -> [PurchaseHistory] {
        var rng = SplitMix64(seed: seed)
        return (0..<customers).map { _ in
            let lambda = gamma(shape: m.r, rate: m.alpha, &rng), p = beta(m.a, m.b, &rng)
            var x = 0.0, tx = 0.0, t = 0.0
            while true {
                t += exponential(rate: lambda, &rng)
                guard t <= T else { break }
                (x, tx) = (x + 1, t)
                if uniform(&rng) < p { break }
            }
            return PurchaseHistory(x: x, tx: tx, T: T)
        }
    }

    /// `customers` histories over `T` units each, drawn from a Pareto/NBD model (SMC 1987 assumptions):
    /// λ ~ gamma(r, α), μ ~ gamma(s, β), lifetime ω ~ exponential(μ); purchases at exponential(λ) gaps after the first
    /// at time 0, up to min(ω, T). meanValue is 0.
    public static func histories(_ m: ParetoNBD, customers: Int, T: Double, seed: UInt64) -> [PurchaseHistory] {
        var rng = SplitMix64(seed: seed)
        return (0..<customers).map { _ in
            let lambda = gamma(shape: m.r, rate: m.alpha, &rng), mu = gamma(shape: m.s, rate: m.beta, &rng)
            let end = min(exponential(rate: mu, &rng), T)
            var x = 0.0, tx = 0.0, t = 0.0
            while true {
                t += exponential(rate: lambda, &rng)
                guard t <= end else { break }
                (x, tx) = (x + 1, t)
            }
            return PurchaseHistory(x: x, tx: tx, T: T)
        }
    }
}
