import Foundation

/// The Gauss hypergeometric function ₂F₁(a, b; c; z) = Σⱼ (a)ⱼ(b)ⱼ / ((c)ⱼ j!) zʲ for real arguments and z < 1
/// (Abramowitz & Stegun 1972, 15.1.1), as the Pareto/NBD likelihood and the BG/NBD expectations need it.
///
/// - 0 ≤ z ≤ ½: the power series, summed until its terms no longer change the sum.
/// - z < 0: Pfaff's transformation ₂F₁(a, b; c; z) = (1 − z)^−a ₂F₁(a, c − b; c; z/(z − 1)) (A&S 15.3.4), which
///   maps z to w = z/(z − 1) ∈ (0, 1) (an alternating series becomes one of positive terms), then as below.
/// - ½ < z < 1: the connection formula to 1 − z (A&S 15.3.6), whose two series converge fast, unless c − a − b is
///   (within 10⁻⁸ of) an integer, where its gamma factors are singular, or its two terms cancel to fewer than 12
///   significant digits (large a or b). Then the power series is summed, after Euler's transformation
///   ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z) (A&S 15.3.3) when c − a − b < 0, which makes its
///   terms fall faster; this is slow only as z → 1, and gives NaN after `maxTerms` terms.
public enum Hypergeometric2F1 {
    /// The cap on the number of series terms (enough for double precision for z ≤ 1 − 10⁻⁵ with moderate a, b); a
    /// series that has not converged by then gives NaN rather than a partial sum, so a caller never takes a truncated
    /// value for ₂F₁.
    public static let maxTerms = 1_000_000

    /// ₂F₁(a, b; c; z) for z < 1; NaN when c is 0 or a negative integer, or when z ≥ 1.
    public static func value(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        guard z < 1, !(c <= 0 && c == c.rounded()), a.isFinite, b.isFinite, c.isFinite, z.isFinite else { return .nan }
        if z == 0 || a == 0 || b == 0 { return 1 }
        if z < 0 {
            // Pfaff on the upper parameter of smaller magnitude; both forms are exact.
            let (p, q) = abs(a) <= abs(b) ? (a, b) : (b, a)
            return pow(1 - z, -p) * nonNegative(p, c - q, c, z / (z - 1))
        }
        return nonNegative(a, b, c, z)
    }

    /// ₂F₁ for 0 ≤ z < 1.
    static func nonNegative(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        if z <= 0.5 { return series(a, b, c, z) }
        let d = c - a - b
        if abs(d - d.rounded()) >= 1e-8, let value = towardOne(a, b, c, z) { return value }
        return d < 0 ? pow(1 - z, d) * series(c - a, c - b, c, z) : series(a, b, c, z)
    }

    /// The power series (A&S 15.1.1), stopped when a term is below 10⁻¹⁷ of the sum twice in a row (one tiny term
    /// can be (a)ⱼ or (b)ⱼ changing sign), or when a factor a + j or b + j is 0 (a terminating series); NaN when
    /// neither happens within `maxTerms` terms.
    static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        var sum = 1.0, term = 1.0, small = 0
        for j in 0..<maxTerms {
            let n = Double(j)
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            sum += term
            if term == 0 || !sum.isFinite { return sum }
            small = abs(term) <= 1e-17 * abs(sum) ? small + 1 : 0
            if small >= 2 { return sum }
        }
        return .nan
    }

    /// The connection formula (A&S 15.3.6), for ½ < z < 1 and c − a − b = d not an integer:
    /// ₂F₁(a,b;c;z) = Γ(c)Γ(d)/(Γ(c−a)Γ(c−b)) ₂F₁(a,b;1−d;1−z) + (1−z)^d Γ(c)Γ(−d)/(Γ(a)Γ(b)) ₂F₁(c−a,c−b;1+d;1−z).
    /// The gamma ratios are taken in logs with their signs, so large parameters do not overflow. Nil when the two
    /// terms cancel to less than 10⁻⁴ of the larger (over 4 of the 16 digits lost).
    static func towardOne(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double? {
        let d = c - a - b, y = 1 - z
        let g1 = LogGamma.ratio(numerator: [c, d], denominator: [c - a, c - b])
        let g2 = LogGamma.ratio(numerator: [c, -d], denominator: [a, b])
        let t1 = g1.sign == 0 ? 0 : g1.sign * exp(g1.log) * series(a, b, 1 - d, y)
        let t2 = g2.sign == 0 ? 0 : g2.sign * exp(g2.log + d * log(y)) * series(c - a, c - b, 1 + d, y)
        let sum = t1 + t2
        guard sum.isFinite, abs(sum) >= 1e-4 * max(abs(t1), abs(t2)) else { return nil }
        return sum
    }
}

/// log |Γ(x)| with the sign of Γ(x), for products and quotients of gamma functions that would overflow.
enum LogGamma {
    /// (log |Γ(x)|, sign of Γ(x)); the sign is 0 at the poles (x = 0, −1, −2, …), where 1/Γ(x) = 0.
    static func signed(_ x: Double) -> (log: Double, sign: Double) {
        if x <= 0 && x == x.rounded() { return (.infinity, 0) }
        let sign: Double = x > 0 || Int(x.rounded(.down)) % 2 == 0 ? 1 : -1
        return (lgamma(x), sign)
    }

    /// ΠΓ(numerator) / ΠΓ(denominator) as (log of its magnitude, sign); sign 0 when a denominator factor has a pole
    /// (the ratio is 0). Numerator poles do not occur where it is used.
    static func ratio(numerator: [Double], denominator: [Double]) -> (log: Double, sign: Double) {
        var logSum = 0.0, sign = 1.0
        for x in numerator {
            let g = signed(x)
            logSum += g.log
            sign *= g.sign
        }
        for x in denominator {
            let g = signed(x)
            if g.sign == 0 { return (-.infinity, 0) }
            logSum -= g.log
            sign *= g.sign
        }
        return (logSum, sign)
    }
}
