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

  /// One item's parameters (and standard errors) on the base scale. An item of a registered
  /// model (``ItemParameters/modelParameters``) moves by its model's
  /// ``IRTModel/rescaled(_:standardErrors:slope:intercept:)``; throws ``EquatingError`` when
  /// the model does not define it.
  public func transform(_ item: ItemParameters) throws -> ItemParameters {
    var moved: ModelParameters? = nil
    if let function = item.modelParameters {
      guard let rescaled = function.rescaled(slope: A, intercept: B) else {
        throw EquatingError(
          "item '\(item.id)' is of model \(function.name), which does not define how its parameters change with the θ scale (θ* = A·θ + B); it cannot be linked or placed on a bank scale"
        )
      }
      moved = rescaled
    }
    return ItemParameters(
      id: item.id, a: item.a / A, b: A * item.b + B, c: item.c,
      seA: item.seA.map { $0 / A }, seB: item.seB.map { A * $0 }, seC: item.seC,
      covariance: item.covariance?.rescaled(A: A), modelParameters: moved)
  }

  /// A whole parameter file on the base scale: every item, and the latent distribution
  /// (mean* = A·mean + B, sd* = A·sd). Model, D, form, date and fit statistics are kept.
  public func transform(_ file: ParameterFile) throws -> ParameterFile {
    var result = file
    result.items = try file.items.map(transform)
    result.latent = LatentDistribution(mean: theta(file.latent.mean), sd: A * file.latent.sd)
    return result
  }
}
