import Foundation
import ItemBenchCore
import ItemResponseTheory

/// The scale link of a mixed-format form: θ_base = A·θ_new + B.
public struct MixedFormatLinkingResult: Sendable {
  public var transformation: ScaleTransformation
  public var method: LinkingMethod
  public var direction: LinkingDirection
  /// The anchor ids, in the new file's order.
  public var anchors: [String]
  public var slopeFixed: Bool
  /// The criterion at the solution (standardised as described in ``MixedFormatLinking``).
  public var criterion: Double
  public var iterations: Int

  /// `{"method", "direction", "A", "B", "anchors", "criterion", "iterations", "slope_fixed"}`.
  public func jsonValue() -> JSONValue {
    .object([
      ("method", .string(method.rawValue)), ("direction", .string(direction.rawValue)),
      ("A", .rounded(transformation.A, places: 6)), ("B", .rounded(transformation.B, places: 6)),
      ("anchors", .array(anchors.map(JSONValue.string))), ("criterion", .rounded(criterion, places: 10)),
      ("iterations", .int(iterations)), ("slope_fixed", .bool(slopeFixed)),
    ])
  }
}

/// Characteristic-curve linking of mixed-format forms (Kim & Lee 2006).
///
/// - Haebara: Σ_θ w(θ)/n · Σⱼ Σₖ [Pⱼₖ^base(θ) − Pⱼₖ^new*(θ)]² over the n anchors and all their
///   score categories, Pⱼₖ^new*(θ) = Pⱼₖ^new((θ − B)/A) on the base scale (and the mirror image
///   on the new scale for ``LinkingDirection/baseToNew`` and ``LinkingDirection/symmetric``).
///   For a dichotomous anchor the two categories give 2·(P − P*)², so with dichotomous anchors
///   only the minimiser is that of ``Linking``'s Haebara criterion.
/// - Stocking–Lord: Σ_θ w(θ)·[Σⱼ Eⱼ^base(θ) − Σⱼ Eⱼ^new*(θ)]², Eⱼ = Σₖ k·Pⱼₖ the expected item score.
///
/// Minimised by ``LeastSquares`` (Levenberg–Marquardt; the Jacobian from the category curves'
/// θ derivatives: ∂P(u)/∂A = −P′(u)·u/A and ∂P(u)/∂B = −P′(u)/A with u = (θ − B)/A, and
/// ∂P(A·θ + B)/∂A = P′·θ, ∂/∂B = P′ on the new scale) from mean/sigma constants over every
/// anchor location parameter (dichotomous b and polytomous thresholds), or (1, 0) when those are
/// undefined. The θ points and weights are those of ``LinkingOptions``. The moment methods are
/// not defined for mixed formats; they are refused.
public enum MixedFormatLinking {
  public static func link(
    base: MixedFormatParameterFile, new: MixedFormatParameterFile, options: LinkingOptions
  ) throws -> MixedFormatLinkingResult {
    guard options.method.isCharacteristicCurve else {
      throw EquatingError(
        "\(options.method.rawValue) linking is not defined for mixed-format parameters; use haebara or stocking-lord")
    }
    guard base.scalingConstant == new.scalingConstant else {
      throw EquatingError("the parameter files use different scaling constants")
    }
    try MixedFormatEquating.validate(base.items, role: "base")
    try MixedFormatEquating.validate(new.items, role: "new")
    let baseIDs = Set(base.items.map(\.id))
    var anchors = options.anchors ?? new.items.map(\.id).filter { baseIDs.contains($0) }
    for id in anchors {
      guard new.item(id) != nil else { throw EquatingError("anchor '\(id)' is not in the new parameters") }
      guard baseIDs.contains(id) else { throw EquatingError("anchor '\(id)' is not in the base parameters") }
    }
    for id in options.exclude {
      guard anchors.contains(id) else { throw EquatingError("cannot exclude '\(id)': it is not an anchor") }
    }
    anchors.removeAll { options.exclude.contains($0) }
    guard anchors.count >= max(1, options.minimumAnchors) else {
      throw EquatingError(
        "\(options.method.rawValue) linking needs at least \(max(1, options.minimumAnchors)) anchor items; found \(anchors.count)"
      )
    }
    var baseAnchors: [MixedFormatItem] = []
    var newAnchors: [MixedFormatItem] = []
    for id in anchors {
      guard let fixed = base.item(id), let moving = new.item(id) else { continue }
      guard fixed.categoryCount == moving.categoryCount else {
        throw EquatingError(
          "anchor '\(id)' has \(fixed.categoryCount) score categories in the base parameters but \(moving.categoryCount) in the new ones"
        )
      }
      baseAnchors.append(fixed)
      newAnchors.append(moving)
    }
    let fixSlope = options.fixSlope ?? false
    let baseQuadrature = options.baseQuadrature ?? options.grid.quadrature(options.weights)
    let newQuadrature = options.newQuadrature ?? options.grid.quadrature(options.weights)
    let criterion = MixedFormatCurveCriterion(
      stockingLord: options.method == .stockingLord, base: baseAnchors, new: newAnchors, D: new.scalingConstant,
      baseScale: options.direction != .baseToNew ? baseQuadrature : nil,
      newScale: options.direction != .newToBase ? newQuadrature : nil, fixSlope: fixSlope)
    let start = meanSigma(base: baseAnchors, new: newAnchors) ?? ScaleTransformation(A: 1, B: 0)
    let outcome = LeastSquares.levenbergMarquardt(
      start: fixSlope ? [start.B] : [start.A, start.B], isFeasible: { fixSlope || ($0[0] > 1e-6 && $0[0] < 1e6) },
      evaluate: criterion.evaluate)
    guard outcome.converged else {
      throw EquatingError(
        "\(options.method.rawValue) linking did not converge after \(outcome.iterations) Levenberg–Marquardt iterations"
      )
    }
    let transformation =
      fixSlope
      ? ScaleTransformation(A: 1, B: outcome.parameters[0])
      : ScaleTransformation(A: outcome.parameters[0], B: outcome.parameters[1])
    return MixedFormatLinkingResult(
      transformation: transformation, method: options.method, direction: options.direction, anchors: anchors,
      slopeFixed: fixSlope, criterion: outcome.value, iterations: outcome.iterations)
  }

  /// A = sd(b_base)/sd(b_new), B = mean(b_base) − A·mean(b_new) over all location parameters.
  static func meanSigma(base: [MixedFormatItem], new: [MixedFormatItem]) -> ScaleTransformation? {
    func locations(_ items: [MixedFormatItem]) -> [Double] {
      items.flatMap { item -> [Double] in
        switch item {
        case .dichotomous(let parameters): [parameters.b]
        case .polytomous(let parameters): parameters.thresholds
        }
      }
    }
    let b = locations(base)
    let n = locations(new)
    guard b.count >= 2, b.count == n.count else { return nil }
    func moments(_ values: [Double]) -> (Double, Double) {
      let mean = values.reduce(0, +) / Double(values.count)
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
      return (mean, variance.squareRoot())
    }
    let (meanBase, sdBase) = moments(b)
    let (meanNew, sdNew) = moments(n)
    guard sdNew > 0, sdBase > 0 else { return nil }
    let A = sdBase / sdNew
    return ScaleTransformation(A: A, B: meanBase - A * meanNew)
  }
}

/// The criterion of ``MixedFormatLinking`` as weighted residuals with their Jacobian.
struct MixedFormatCurveCriterion {
  let stockingLord: Bool
  let base: [MixedFormatItem]
  let new: [MixedFormatItem]
  let D: Double
  let baseScale: Quadrature?
  let newScale: Quadrature?
  let fixSlope: Bool

  func evaluate(_ p: [Double], _ wantJacobian: Bool) -> (residuals: [Double], jacobian: [[Double]]) {
    let A = fixSlope ? 1 : p[0]
    let B = fixSlope ? p[0] : p[1]
    var residuals: [Double] = []
    var jacobian: [[Double]] = []
    let n = Double(base.count)
    func add(_ residual: Double, _ dA: Double, _ dB: Double) {
      residuals.append(residual)
      if wantJacobian { jacobian.append(fixSlope ? [dB] : [dA, dB]) }
    }
    // (fixed items, moving items, quadrature, on the base scale?)
    let halves: [([MixedFormatItem], [MixedFormatItem], Quadrature, Bool)] =
      [baseScale.map { (base, new, $0, true) }, newScale.map { (new, base, $0, false) }].compactMap { $0 }
    for (fixedItems, movingItems, quadrature, onBaseScale) in halves {
      for (theta, weight) in zip(quadrature.points, quadrature.weights) {
        let scale = stockingLord ? weight.squareRoot() : (weight / n).squareRoot()
        // Where the moving curve is evaluated, and ∂(that point)/∂A, ∂/∂B.
        let at = onBaseScale ? (theta - B) / A : A * theta + B
        let dAtA = onBaseScale ? -at / A : theta
        let dAtB = onBaseScale ? -1 / A : 1
        var sumDifference = 0.0
        var sumA = 0.0
        var sumB = 0.0
        for (fixed, moving) in zip(fixedItems, movingItems) {
          let target = fixed.categoryProbabilities(at: theta, scalingConstant: D)
          let (values, derivatives) = moving.categoryCurves(at: at, scalingConstant: D)
          for k in values.indices {
            if stockingLord {
              sumDifference += Double(k) * (target[k] - values[k])
              sumA -= Double(k) * derivatives[k] * dAtA
              sumB -= Double(k) * derivatives[k] * dAtB
            } else {
              add(scale * (target[k] - values[k]), -scale * derivatives[k] * dAtA, -scale * derivatives[k] * dAtB)
            }
          }
        }
        if stockingLord { add(scale * sumDifference, scale * sumA, scale * sumB) }
      }
    }
    return (residuals, jacobian)
  }
}

extension ScaleTransformation {
  /// A mixed-format item on the base scale (a* = a/A, b* = A·b + B for every location).
  public func transform(_ item: MixedFormatItem) throws -> MixedFormatItem {
    switch item {
    case .dichotomous(let parameters): .dichotomous(try transform(parameters))
    case .polytomous(let parameters): .polytomous(parameters.rescaled(slope: A, intercept: B))
    }
  }

  /// A whole mixed-format file on the base scale, with its latent distribution.
  public func transform(_ file: MixedFormatParameterFile) throws -> MixedFormatParameterFile {
    var result = file
    result.items = try file.items.map(transform)
    result.latent = LatentDistribution(mean: theta(file.latent.mean), sd: A * file.latent.sd)
    return result
  }
}
