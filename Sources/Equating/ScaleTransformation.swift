import ItemResponseTheory

/// A linear change of the θ scale, θ* = A·θ + B, that puts a new form's parameters on the base
/// scale.
///
/// Under P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))) the item parameters transform as
/// a* = a / A, b* = A·b + B, c* = c, so every response probability is unchanged
/// (Lord, 1980; Kolen & Brennan, 2014, §6.2). Standard errors scale the same way
/// (se(a*) = se(a) / A, se(b*) = A·se(b), se(c*) = se(c)), and so does the full covariance
/// (``ParameterCovariance/rescaled(A:)``); the uncertainty of A and B themselves
/// is not added.
public struct ScaleTransformation: Sendable, Hashable {
  /// The slope A (> 0): the ratio of the base scale's unit to the new scale's unit.
  public var A: Double
  /// The intercept B.
  public var B: Double

  public init(A: Double, B: Double) {
    assert(A > 0 && A.isFinite && B.isFinite, "A must be positive and finite")
    self.A = A
    self.B = B
  }

  /// θ* = θ (A = 1, B = 0).
  public static let identity = ScaleTransformation(A: 1, B: 0)

  /// θ on the base scale for θ on the new scale: A·θ + B.
  public func theta(_ theta: Double) -> Double { A * theta + B }

  /// The transformation back from the base scale to the new scale: θ = (θ* − B) / A.
  public var inverse: ScaleTransformation { ScaleTransformation(A: 1 / A, B: -B / A) }

  /// One item's parameters (and standard errors) on the base scale.
  public func transform(_ item: ItemParameters) -> ItemParameters {
    ItemParameters(
      id: item.id, a: item.a / A, b: A * item.b + B, c: item.c,
      seA: item.seA.map { $0 / A }, seB: item.seB.map { A * $0 }, seC: item.seC,
      covariance: item.covariance?.rescaled(A: A))
  }

  /// A whole parameter file on the base scale: every item, and the latent distribution
  /// (mean* = A·mean + B, sd* = A·sd). Model, D, form, date and fit statistics are kept.
  public func transform(_ file: ParameterFile) -> ParameterFile {
    var result = file
    result.items = file.items.map(transform)
    result.latent = LatentDistribution(mean: theta(file.latent.mean), sd: A * file.latent.sd)
    return result
  }
}
