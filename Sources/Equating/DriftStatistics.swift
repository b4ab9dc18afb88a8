import Foundation
import ItemBenchCore
import ItemResponseTheory

/// Which test the drift screen applies to an anchor whose calibrations give standard errors.
public enum DriftStatistic: String, CaseIterable, Sendable {
  /// The ICC displacement (default): the difference between the anchor's linked and banked
  /// characteristic curves averaged over the new group's θ distribution, divided by its
  /// delta-method standard error from the full (a, b, c) covariances; one two-sided z test.
  /// Needs the covariances; without them the anchor is screened by ``bAndA``.
  case icc
  /// Lord's (1980) chi-square: the linked-minus-banked parameter vector against the sum of the
  /// two covariance matrices, χ² with as many degrees of freedom as estimated parameters.
  /// Needs the covariances; without them the anchor is screened by ``bAndA``.
  case lord
  /// z tests of b and ln a from the diagonal standard errors alone, Bonferroni over the two
  /// (the screen before the ICC displacement; also the fallback of the others).
  case bAndA = "b-and-a"
}

/// The standard-error drift tests of one anchor, on the bank scale after linking.
///
/// Notation: the banked parameters ψ₀ = (a₀, b₀, c₀) with covariance Σ₀; the new calibration's
/// parameters moved to the bank scale ψ₁ = (a/A, A·b + B, c) with covariance Σ₁ = J Σ Jᵀ,
/// J = diag(1/A, A, 1) (``ParameterCovariance/rescaled(A:)``). The two calibrations use
/// different candidates, so the covariance of ψ₁ − ψ₀ is Σ₀ + Σ₁. The uncertainty of A and B is
/// not added: the link is estimated from the same anchors, which shrinks each anchor's residual
/// rather than widening it; the false-alarm rate with the link estimated is measured by
/// simulation (`itembench drift-study`, docs/cycle.md).
public enum DriftTests {
  /// The ICC displacement Δ = Σₘ wₘ [P(θₘ; ψ₁) − P(θₘ; ψ₀)] and its standard error
  /// √(∇₁ᵀ Σ₁ ∇₁ + ∇₀ᵀ Σ₀ ∇₀), where ∇ = Σₘ wₘ ∂P(θₘ)/∂(a, b, c) with
  /// ∂P/∂a = D(θ − b)(1 − c)L(1 − L), ∂P/∂b = −D·a(1 − c)L(1 − L), ∂P/∂c = 1 − L and
  /// L = 1/(1 + e^(−D·a(θ − b))). `population` is the θ distribution on the bank scale (points
  /// and weights summing to 1). Δ < 0: the anchor became harder for the group.
  ///
  /// Returns nil for the standard error when either covariance is missing, or when the variance
  /// is not positive.
  ///
  /// - Complexity: O(M) for M quadrature points.
  public static func iccDisplacement(
    banked: ItemParameters, linked: ItemParameters, population: Quadrature, scalingConstant D: Double
  ) -> (displacement: Double, standardError: Double?) {
    func curve(_ item: ItemParameters) -> (mean: Double, gradient: (a: Double, b: Double, c: Double)) {
      var mean = 0.0
      var g = (a: 0.0, b: 0.0, c: 0.0)
      if let function = item.modelParameters {
        // A registered model's item: its own curve; no a/b/c covariance, so no standard error.
        for (theta, weight) in zip(population.points, population.weights) {
          mean += weight * function.probability(at: theta, scalingConstant: D)
        }
        return (mean, g)
      }
      for (theta, weight) in zip(population.points, population.weights) {
        let l = 1 / (1 + exp(-D * item.a * (theta - item.b)))
        let slope = (1 - item.c) * l * (1 - l)
        mean += weight * (item.c + (1 - item.c) * l)
        g.a += weight * D * (theta - item.b) * slope
        g.b -= weight * D * item.a * slope
        g.c += weight * (1 - l)
      }
      return (mean, g)
    }
    let old = curve(banked)
    let new = curve(linked)
    let displacement = new.mean - old.mean
    guard let oldCovariance = banked.covariance, let newCovariance = linked.covariance else {
      return (displacement, nil)
    }
    let variance = oldCovariance.quadraticForm(old.gradient) + newCovariance.quadraticForm(new.gradient)
    guard variance.isFinite, variance > 0 else { return (displacement, nil) }
    return (displacement, variance.squareRoot())
  }

  /// Lord's chi-square χ² = dᵀ (Σ₀ + Σ₁)⁻¹ d for d = ψ₁ − ψ₀ over the parameters whose summed
  /// variance is positive (a, b and c for a 3PL item; a and b for a 2PL item; b for Rasch), with
  /// that many degrees of freedom. The inverse is by Cholesky factorisation. nil when either
  /// covariance is missing or the summed matrix is not positive definite.
  ///
  /// - Complexity: O(1) (at most 3 × 3).
  public static func lordChiSquare(banked: ItemParameters, linked: ItemParameters) -> (
    chiSquare: Double, degreesOfFreedom: Int
  )? {
    guard let old = banked.covariance, let new = linked.covariance else { return nil }
    let sum = zip(old.matrix, new.matrix).map { zip($0, $1).map(+) }
    let difference = [linked.a - banked.a, linked.b - banked.b, linked.c - banked.c]
    let kept = (0..<3).filter { sum[$0][$0] > 1e-14 }
    guard !kept.isEmpty else { return nil }
    let matrix = kept.map { i in kept.map { j in sum[i][j] } }
    let d = kept.map { difference[$0] }
    guard let x = solveSymmetricPositiveDefinite(matrix, d) else { return nil }
    let chiSquare = zip(d, x).reduce(0) { $0 + $1.0 * $1.1 }
    guard chiSquare.isFinite, chiSquare >= 0 else { return nil }
    return (chiSquare, kept.count)
  }

  /// x with M·x = y for a small symmetric positive-definite M (Cholesky M = L·Lᵀ, then two
  /// triangular solves); nil when M is not positive definite (a pivot ≤ 1e-14·max diagonal).
  static func solveSymmetricPositiveDefinite(_ m: [[Double]], _ y: [Double]) -> [Double]? {
    let n = y.count
    let scale = (0..<n).map { m[$0][$0] }.max() ?? 0
    var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
      for j in 0...i {
        var s = m[i][j]
        for k in 0..<j { s -= l[i][k] * l[j][k] }
        if i == j {
          guard s > 1e-14 * scale else { return nil }
          l[i][i] = s.squareRoot()
        } else {
          l[i][j] = s / l[j][j]
        }
      }
    }
    var z = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var s = y[i]
      for k in 0..<i { s -= l[i][k] * z[k] }
      z[i] = s / l[i][i]
    }
    var x = [Double](repeating: 0, count: n)
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = z[i]
      for k in (i + 1)..<n { s -= l[k][i] * x[k] }
      x[i] = s / l[i][i]
    }
    return x
  }

  /// The χ²(k) value exceeded with probability p, by bisection on ``ChiSquare/upperTail(_:degreesOfFreedom:)``
  /// (to 1e-10).
  public static func chiSquareUpperQuantile(_ p: Double, degreesOfFreedom k: Int) -> Double {
    var low = 0.0
    var high = 1000.0
    for _ in 0..<200 {
      let middle = (low + high) / 2
      if ChiSquare.upperTail(middle, degreesOfFreedom: k) > p { low = middle } else { high = middle }
      if high - low < 1e-10 { break }
    }
    return (low + high) / 2
  }

  /// The θ distribution of the ICC displacement: 41 equally spaced points on μ ± 5σ of the new
  /// calibration's latent distribution N(μ, σ²), weighted by its density and renormalised, then
  /// moved to the bank scale (θ = A·u + B).
  public static func population(new latent: LatentDistribution, transformation: ScaleTransformation) -> Quadrature {
    let sd = latent.sd > 0 && latent.sd.isFinite ? latent.sd : 1
    let mean = latent.mean.isFinite ? latent.mean : 0
    let own = Quadrature.normal(count: 41, lower: mean - 5 * sd, upper: mean + 5 * sd, mean: mean, sd: sd)
    return Quadrature(points: own.points.map(transformation.theta), weights: own.weights)
  }
}
