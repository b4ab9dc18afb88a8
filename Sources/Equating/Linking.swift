import Foundation
import ItemBenchCore
import ItemResponseTheory

/// How the linking constants A and B are found.
public enum LinkingMethod: String, CaseIterable, Sendable {
  /// Mean/mean (Loyd & Hoover, 1980): A = μ(a_new) / μ(a_base), B = μ(b_base) − A·μ(b_new).
  case meanMean = "mean-mean"
  /// Mean/sigma (Marco, 1977): A = σ(b_base) / σ(b_new), B = μ(b_base) − A·μ(b_new)
  /// (population standard deviations).
  case meanSigma = "mean-sigma"
  /// Haebara (1980): minimise the weighted squared differences of the anchors' item
  /// characteristic curves, Σₘ wₘ Σⱼ [Pⱼ(θₘ) − Pⱼ*(θₘ)]² / (n·Σwₘ).
  case haebara
  /// Stocking & Lord (1983): minimise the weighted squared differences of the anchors' test
  /// characteristic curves, Σₘ wₘ [Σⱼ Pⱼ(θₘ) − Σⱼ Pⱼ*(θₘ)]² / Σwₘ.
  case stockingLord = "stocking-lord"

  /// Whether the method minimises a characteristic-curve criterion.
  public var isCharacteristicCurve: Bool { self == .haebara || self == .stockingLord }
}

/// On which scale the characteristic-curve criterion is evaluated.
public enum LinkingDirection: String, CaseIterable, Sendable {
  /// plink's default: the new form's anchors are transformed onto the base scale and compared
  /// with the base anchors at θ points of the base scale (Q₁ only).
  case newToBase = "new-to-base"
  /// The base anchors are transformed back onto the new scale (a# = A·a, b# = (b − B)/A) and
  /// compared at θ points of the new scale (Q₂ only; sirt's `equating.rasch` uses this one).
  case baseToNew = "base-to-new"
  /// Both criteria added, each standardised by its own weights: Q₁ + Q₂ (Haebara, 1980; STUIRT's
  /// and plink's symmetric option).
  case symmetric
}

/// How the θ points of a characteristic-curve criterion are weighted.
public enum GridWeights: String, CaseIterable, Sendable {
  /// Equal weights (plink's default).
  case uniform
  /// Standard normal density at each point, renormalised.
  case normal
}

/// Equally spaced θ points `min`, `min + step`, …, `max` (the end included when it lies on the
/// grid within 1e-9·step).
public struct ThetaGrid: Sendable, Hashable, CustomStringConvertible {
  public var min: Double
  public var max: Double
  public var step: Double

  public init(min: Double, max: Double, step: Double) throws {
    guard min.isFinite, max.isFinite, step.isFinite, max > min, step > 0 else {
      throw EquatingError(
        "invalid θ grid \(formatNumber(min)):\(formatNumber(max)):\(formatNumber(step)); expected MIN < MAX and STEP > 0"
      )
    }
    guard (max - min) / step <= 100_000 else {
      throw EquatingError(
        "θ grid \(formatNumber(min)):\(formatNumber(max)):\(formatNumber(step)) has more than 100000 points")
    }
    self.min = min
    self.max = max
    self.step = step
  }

  /// plink's default: −4 to 4 in steps of 0.05 (161 points).
  public static let plinkDefault = ThetaGrid(checkedMin: -4, max: 4, step: 0.05)

  /// A grid whose bounds the caller has checked (`min < max`, `step > 0`, few enough points).
  private init(checkedMin min: Double, max: Double, step: Double) {
    self.min = min
    self.max = max
    self.step = step
  }

  /// Parses `MIN:MAX:STEP`, for example `-4:4:0.05`.
  public static func parse(_ text: String) throws -> ThetaGrid {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map {
      Double($0.trimmingCharacters(in: .whitespaces))
    }
    guard parts.count == 3, let low = parts[0], let high = parts[1], let step = parts[2] else {
      throw EquatingError("invalid grid '\(text)'; expected MIN:MAX:STEP, for example -4:4:0.05")
    }
    return try ThetaGrid(min: low, max: high, step: step)
  }

  public var points: [Double] {
    let count = Int(((max - min) / step + 1e-9).rounded(.down)) + 1
    return (0..<count).map { min + Double($0) * step }
  }

  public func quadrature(_ weights: GridWeights) -> Quadrature {
    let points = self.points
    switch weights {
    case .uniform: return Quadrature(points: points, weights: [Double](repeating: 1, count: points.count))
    case .normal: return Quadrature(points: points, weights: points.map { exp(-0.5 * $0 * $0) })
    }
  }

  public var description: String { "\(formatNumber(min)):\(formatNumber(max)):\(formatNumber(step))" }
}

/// Everything that configures ``Linking/link(base:new:options:)``.
public struct LinkingOptions: Sendable {
  public var method: LinkingMethod
  /// The criterion's direction (characteristic-curve methods only). Default: plink's new → base.
  public var direction: LinkingDirection = .newToBase
  /// θ points of the criterion (characteristic-curve methods). Default: plink's −4:4:0.05.
  public var grid: ThetaGrid = .plinkDefault
  public var weights: GridWeights = .uniform
  /// Replaces `grid`/`weights` on the base scale (for example an estimated posterior
  /// distribution, as STUIRT uses). Weights are renormalised to sum to 1.
  public var baseQuadrature: Quadrature?
  /// Replaces `grid`/`weights` on the new scale (used by `.baseToNew` and `.symmetric`).
  public var newQuadrature: Quadrature?
  /// The anchor ids; nil means every id present in both files.
  public var anchors: [String]?
  /// Ids dropped from the anchors (for example a drifted item).
  public var exclude: [String] = []
  /// Hold A = 1 (only B is estimated). nil: automatic, true when both files are `rasch`.
  public var fixSlope: Bool?
  /// Robust-z threshold of the drift screen for anchors without standard errors (see
  /// ``AnchorDrift``).
  public var driftThreshold: Double = 2.7
  /// Per-anchor false-alarm rate of the standard-error drift screen (see ``AnchorDrift``).
  public var driftAlpha: Double = 0.05
  /// The drift screen's test for anchors with standard errors (see ``AnchorDrift``). Default
  /// ``DriftStatistic/icc``.
  public var driftStatistic: DriftStatistic = .icc
  /// The fewest anchors a link may rest on; fewer is an error. Default
  /// ``defaultMinimumAnchors`` (3): the drift screen needs at least three anchors to say
  /// anything, and a link through one or two items cannot show that any of them drifted.
  /// The methods' own minimums (mean/sigma needs two) apply in addition.
  public var minimumAnchors: Int = LinkingOptions.defaultMinimumAnchors
  /// The default of ``minimumAnchors``.
  public static let defaultMinimumAnchors = 3

  public init(method: LinkingMethod) { self.method = method }
}

/// The drift screen of one anchor: how far its transformed parameters land from the base
/// parameters, measured against the anchor's own standard errors.
///
/// With dⱼ = b*ⱼ − b_base,ⱼ (b* = A·b_new + B) and ℓⱼ = ln(a*ⱼ / a_base,ⱼ) (a* = a_new / A), the
/// rule is the first of these that the anchor's data allow:
///
/// - **ICC-displacement rule** (statistic ``DriftStatistic/icc``, the default; both calibrations
///   give the anchor's full (a, b, c) covariance): Δ = Σₘ wₘ [P*(θₘ) − P_base(θₘ)] over the new
///   group's θ distribution on the base scale, z = Δ / se(Δ) by the delta method
///   (``DriftTests/iccDisplacement(banked:linked:population:scalingConstant:)``); flagged when
///   |z| > Φ⁻¹(1 − α/2) (α = 0.05: 1.9600). One test of the quantity a b shift moves most
///   precisely: in a 3PL item b trades off against a and c, so b alone is poorly determined while
///   the curve over the candidates' abilities is not.
/// - **Lord's chi-square rule** (statistic ``DriftStatistic/lord``, with covariances):
///   χ² = dᵀ(Σ_base + Σ*_new)⁻¹d over (a, b, c) (``DriftTests/lordChiSquare(banked:linked:)``),
///   flagged when χ² exceeds the χ²(k) quantile 1 − α (k = 3 for 3PL: 7.8147).
/// - **b-and-a standard-error rule** (statistic ``DriftStatistic/bAndA``, or SEs without
///   covariances): z_b = d / √((A·se_new(b))² +
///   se_base(b)²) and z_a = ℓ / √((se_new(a)/a_new)² + (se_base(a)/a_base)²), the delta method
///   for the log ratio (A's own uncertainty is not added: it is shared by all anchors). The anchor
///   is flagged when |z_b| or |z_a| exceeds the two-sided Bonferroni critical value
///   Φ⁻¹(1 − α/4) for the pair of tests (α = 0.05 by default: 2.2414), so an anchor that has not
///   drifted is flagged with probability at most α.
/// - **Robust rule** (a file without SEs): z = (x − median(x)) / max(1.4826·MAD(x), 0.01) over
///   the anchors used (needs ≥ 3 anchors), flagged when |z| > the robust threshold (2.7). The floor
///   0.01 keeps rounding noise from flagging anything when the anchors agree almost exactly.
///
/// ``bZ``/``aZ`` are the b-and-a standard-error z's when the SEs exist (the robust ones
/// otherwise); the ICC displacement and Lord's chi-square are reported whenever the covariances
/// allow, whichever rule decided.
public struct AnchorDrift: Sendable, Hashable {
  public enum Rule: String, Sendable, Hashable {
    case iccDisplacement = "icc-displacement"
    case lordChiSquare = "lord-chi-square"
    case standardError = "standard-error"
    case robust
  }

  public var id: String
  /// b* − b_base.
  public var bDisplacement: Double
  /// The standard error of ``bDisplacement`` (nil without SEs).
  public var bDisplacementSE: Double?
  /// ln(a* / a_base).
  public var logSlopeRatio: Double
  /// The z statistics the rule used.
  public var bZ: Double?
  public var aZ: Double?
  /// The robust z statistics (always computed when there are ≥ 3 anchors).
  public var robustBZ: Double?
  public var robustAZ: Double?
  public var rule: Rule
  public var flagged: Bool
  /// Δ, the ICC displacement over the new group (nil when no population was given).
  public var iccDisplacement: Double? = nil
  /// se(Δ) by the delta method (nil without both covariances).
  public var iccDisplacementSE: Double? = nil
  /// Δ / se(Δ).
  public var iccZ: Double? = nil
  /// Lord's chi-square and its degrees of freedom (nil without both covariances).
  public var lordChiSquare: Double? = nil
  public var lordDegreesOfFreedom: Int? = nil
  /// The rule's statistic divided by its critical value (> 1 exactly when flagged): the ICC
  /// rule's |z|/z_crit, Lord's χ²/χ²_crit, the b-and-a rule's max(|z_b|, |z_a|)/z_crit, the
  /// robust rule's max(|z_b|, |z_a|)/threshold. Ranks flagged anchors for dropping.
  public var severity: Double = 0

  /// The rule's signed z (the ICC z, else z_b); nil for Lord's chi-square, which has no sign.
  public var z: Double? {
    switch rule {
    case .iccDisplacement: return iccZ
    case .lordChiSquare: return nil
    case .standardError, .robust: return bZ
    }
  }
}

/// The result of linking a new form to the base scale.
public struct LinkingResult: Sendable {
  public var transformation: ScaleTransformation
  public var method: LinkingMethod
  /// The criterion direction (characteristic-curve methods), nil for moment methods.
  public var direction: LinkingDirection?
  /// Description of the criterion's θ points (characteristic-curve methods).
  public var criterionPoints: String?
  /// The anchors used, in the new file's order.
  public var anchors: [String]
  /// Ids excluded on request.
  public var excluded: [String]
  /// Whether A was held at 1.
  public var slopeFixed: Bool
  /// The standardised criterion at the solution (characteristic-curve methods).
  public var criterion: Double?
  public var iterations: Int
  public var converged: Bool
  public var drift: [AnchorDrift]
  public var driftThreshold: Double
  public var driftAlpha: Double = 0.05
  public var driftStatistic: DriftStatistic = .icc
  public var scalingConstant: Double
  public var baseForm: String?
  public var newForm: String?

  public var A: Double { transformation.A }
  public var B: Double { transformation.B }
  /// Anchors flagged by the drift screen.
  public var flaggedAnchors: [String] { drift.filter(\.flagged).map(\.id) }

  /// The drift rule in words, as printed by the CLI and written to JSON.
  public var driftRule: String {
    Linking.driftRule(alpha: driftAlpha, threshold: driftThreshold, statistic: driftStatistic)
  }

  /// `{"A": …, "B": …, "method": …, "anchors": […], …}` with 6-decimal numbers.
  public func jsonValue() -> JSONValue {
    func number(_ value: Double?) -> JSONValue { value.map { .rounded($0, places: 6) } ?? .null }
    var members: [(String, JSONValue)] = [
      ("A", number(A)), ("B", number(B)),
      ("method", .string(method.rawValue)),
      ("anchors", .array(anchors.map { .string($0) })),
      ("excluded", .array(excluded.map { .string($0) })),
      ("direction", direction.map { .string($0.rawValue) } ?? .null),
      ("criterion_points", criterionPoints.map { .string($0) } ?? .null),
      ("slope_fixed", .bool(slopeFixed)),
      ("criterion", criterion.map { .number($0) } ?? .null),
      ("iterations", .int(iterations)),
      ("converged", .bool(converged)),
      ("scaling_constant", .number(scalingConstant)),
      ("base_form", baseForm.map { .string($0) } ?? .null),
      ("new_form", newForm.map { .string($0) } ?? .null),
      ("drift_rule", .string(driftRule)),
      (
        "drift",
        .array(
          drift.map { item in
            .object([
              ("id", .string(item.id)),
              ("b_displacement", number(item.bDisplacement)),
              ("se_b_displacement", number(item.bDisplacementSE)),
              ("z_b", number(item.bZ)),
              ("log_a_ratio", number(item.logSlopeRatio)),
              ("z_a", number(item.aZ)),
              ("robust_z_b", number(item.robustBZ)),
              ("icc_displacement", number(item.iccDisplacement)),
              ("se_icc_displacement", number(item.iccDisplacementSE)),
              ("z_icc", number(item.iccZ)),
              ("lord_chi_square", number(item.lordChiSquare)),
              ("lord_df", item.lordDegreesOfFreedom.map { .int($0) } ?? .null),
              ("robust_z_a", number(item.robustAZ)),
              ("rule", .string(item.rule.rawValue)),
              ("flagged", .bool(item.flagged)),
            ])
          })
      ),
    ]
    members.append(("flagged", .array(flaggedAnchors.map { .string($0) })))
    return .object(members)
  }
}

/// IRT scale linking of a new form to the base scale through common (anchor) items.
public enum Linking {
  /// Finds A and B so that θ_base = A·θ_new + B, screens the anchors for drift.
  ///
  /// Mean/mean and mean/sigma are closed forms. Haebara and Stocking–Lord minimise their criterion
  /// with ``LeastSquares`` (Levenberg–Marquardt, analytic Jacobian, convergence as stated there)
  /// from the mean/sigma constants (plink's default start; (1, 0) when mean/sigma is undefined).
  /// Criteria are standardised (divided by Σw, and by the anchor count for Haebara), which does
  /// not move the minimum of a one-direction criterion and balances the two halves of the
  /// symmetric one.
  ///
  /// Throws when D differs between the files, when anchors are missing or too few, and when the
  /// optimisation does not converge (naming the method).
  ///
  /// - Complexity: O(M·n·I) for M θ points, n anchors and I iterations (typically < 20).
  public static func link(base: ParameterFile, new: ParameterFile, options: LinkingOptions) throws -> LinkingResult {
    let D = try commonScalingConstant(base: base, new: new)
    try validate(base.items, role: "base")
    try validate(new.items, role: "new")
    let (anchorIDs, excluded) = try selectAnchors(base: base, new: new, options: options)
    // selectAnchors returns ids present in both files, so neither lookup throws.
    func anchor(_ id: String, in file: ParameterFile, role: String) throws -> ItemParameters {
      guard let item = file.items.first(where: { $0.id == id }) else {
        throw EquatingError("anchor '\(id)' is not in the \(role) parameter file")
      }
      return item
    }
    let baseAnchors = try anchorIDs.map { try anchor($0, in: base, role: "base") }
    let newAnchors = try anchorIDs.map { try anchor($0, in: new, role: "new") }
    let fixSlope = options.fixSlope ?? (base.model.lowercased() == "rasch" && new.model.lowercased() == "rasch")

    let moment = try momentConstants(
      method: options.method == .meanMean ? .meanMean : .meanSigma,
      base: baseAnchors, new: newAnchors, fixSlope: fixSlope, required: !options.method.isCharacteristicCurve)

    var transformation: ScaleTransformation
    var criterion: Double?
    var iterations = 0
    var converged = true
    var direction: LinkingDirection?
    var points: String?
    if options.method.isCharacteristicCurve {
      direction = options.direction
      let baseQuadrature = options.baseQuadrature ?? options.grid.quadrature(options.weights)
      let newQuadrature = options.newQuadrature ?? options.grid.quadrature(options.weights)
      switch options.direction {
      case .newToBase:
        points =
          options.baseQuadrature == nil
          ? "grid \(options.grid), \(options.weights.rawValue) weights"
          : "user-supplied base-scale quadrature (\(baseQuadrature.points.count) points)"
      case .baseToNew:
        points =
          options.newQuadrature == nil
          ? "grid \(options.grid), \(options.weights.rawValue) weights"
          : "user-supplied new-scale quadrature (\(newQuadrature.points.count) points)"
      case .symmetric:
        points =
          options.baseQuadrature == nil && options.newQuadrature == nil
          ? "grid \(options.grid), \(options.weights.rawValue) weights, on both scales"
          : "user-supplied quadratures on both scales"
      }
      let curve = CharacteristicCurveCriterion(
        stockingLord: options.method == .stockingLord, base: baseAnchors, new: newAnchors, D: D,
        baseScale: options.direction != .baseToNew ? baseQuadrature : nil,
        newScale: options.direction != .newToBase ? newQuadrature : nil,
        fixSlope: fixSlope)
      let start = moment ?? ScaleTransformation(A: 1, B: 0)
      let outcome = LeastSquares.levenbergMarquardt(
        start: fixSlope ? [start.B] : [start.A, start.B],
        isFeasible: { fixSlope || ($0[0] > 1e-6 && $0[0] < 1e6) },
        evaluate: curve.evaluate)
      guard outcome.converged else {
        throw EquatingError(
          "\(options.method.rawValue) linking did not converge after \(outcome.iterations) Levenberg–Marquardt iterations "
            + "(last A = \(formatNumber(fixSlope ? 1 : outcome.parameters[0])), B = \(formatNumber(outcome.parameters[fixSlope ? 0 : 1]))); "
            + "check the anchors for drift or try --method mean-sigma")
      }
      transformation =
        fixSlope
        ? ScaleTransformation(A: 1, B: outcome.parameters[0])
        : ScaleTransformation(A: outcome.parameters[0], B: outcome.parameters[1])
      criterion = outcome.value
      iterations = outcome.iterations
      converged = outcome.converged
    } else if let moment {
      transformation = moment
    } else {
      // momentConstants throws rather than return nil when the constants are required.
      throw EquatingError("\(options.method.rawValue) linking constants are undefined")
    }
    let drift = try screenDrift(
      base: baseAnchors, new: newAnchors, transformation: transformation, threshold: options.driftThreshold,
      alpha: options.driftAlpha, statistic: options.driftStatistic,
      population: DriftTests.population(new: new.latent, transformation: transformation), scalingConstant: D)
    return LinkingResult(
      transformation: transformation, method: options.method, direction: direction, criterionPoints: points,
      anchors: anchorIDs, excluded: excluded, slopeFixed: fixSlope, criterion: criterion,
      iterations: iterations, converged: converged, drift: drift, driftThreshold: options.driftThreshold,
      driftAlpha: options.driftAlpha, driftStatistic: options.driftStatistic, scalingConstant: D, baseForm: base.form,
      newForm: new.form)
  }

  /// The anchor ids (new file order) and the excluded ids, or an error naming unknown ids.
  static func selectAnchors(base: ParameterFile, new: ParameterFile, options: LinkingOptions) throws -> (
    [String], [String]
  ) {
    let baseIDs = Set(base.items.map(\.id))
    let newIDs = Set(new.items.map(\.id))
    var anchors: [String]
    if let requested = options.anchors {
      anchors = []
      for id in requested where !anchors.contains(id) {
        guard newIDs.contains(id) else {
          throw EquatingError(
            "anchor '\(id)' is not in the new parameters\(EditDistance.didYouMean(id, among: newIDs.sorted()))")
        }
        guard baseIDs.contains(id) else {
          throw EquatingError(
            "anchor '\(id)' is not in the base parameters\(EditDistance.didYouMean(id, among: baseIDs.sorted()))")
        }
        anchors.append(id)
      }
    } else {
      anchors = new.items.map(\.id).filter { baseIDs.contains($0) }
    }
    var excluded: [String] = []
    for id in options.exclude where !excluded.contains(id) {
      guard anchors.contains(id) else {
        throw EquatingError("cannot exclude '\(id)': it is not an anchor\(EditDistance.didYouMean(id, among: anchors))")
      }
      excluded.append(id)
    }
    anchors.removeAll { excluded.contains($0) }
    let methodMinimum = options.method.isCharacteristicCurve ? 1 : (options.method == .meanSigma ? 2 : 1)
    let needed = Swift.max(methodMinimum, options.minimumAnchors)
    guard anchors.count >= needed else {
      let left = excluded.isEmpty ? "" : " left after excluding \(excluded.joined(separator: ", "))"
      throw EquatingError(
        anchors.isEmpty
          ? "the parameter files have no anchor (common) items\(left)"
          : "\(options.method.rawValue) linking needs at least \(needed) anchor items; found \(anchors.count)"
            + "\(left) (\(anchors.joined(separator: ", "))). A link through so few common items cannot be "
            + "checked for drift; add anchors, or lower the minimum (--min-anchors) knowingly")
    }
    return (anchors, excluded)
  }

  /// Mean/mean or mean/sigma constants; nil (or an error when `required`) when undefined.
  static func momentConstants(
    method: LinkingMethod, base: [ItemParameters], new: [ItemParameters], fixSlope: Bool, required: Bool
  ) throws -> ScaleTransformation? {
    func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
    func sd(_ values: [Double]) -> Double {
      let m = mean(values)
      return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot()
    }
    let bBase = base.map(\.b)
    let bNew = new.map(\.b)
    var A = 1.0
    if !fixSlope {
      switch method {
      case .meanMean:
        A = mean(new.map(\.a)) / mean(base.map(\.a))
      default:
        let sdNew = sd(bNew)
        guard sdNew > 1e-12, sd(bBase) > 1e-12 else {
          if required {
            throw EquatingError(
              "mean/sigma linking needs anchors whose b parameters differ (their standard deviation is 0)")
          }
          return nil
        }
        A = sd(bBase) / sdNew
      }
    }
    guard A.isFinite, A > 0 else {
      if required { throw EquatingError("\(method.rawValue) linking gave an invalid slope A = \(A)") }
      return nil
    }
    return ScaleTransformation(A: A, B: mean(bBase) - A * mean(bNew))
  }

  /// The drift rule in words (outputs name it).
  public static func driftRule(alpha: Double, threshold: Double, statistic: DriftStatistic = .icc) -> String {
    let fallback =
      "anchors without standard errors: robust z "
      + "(x - median) / max(1.4826 * MAD, 0.01) over the anchors, flag |z| > \(formatNumber(threshold)) (needs >= 3 anchors)"
    let bAndA = bAndARule(alpha: alpha)
    switch statistic {
    case .bAndA:
      return "standard errors: \(bAndA); \(fallback)"
    case .icc:
      return "ICC displacement: D_icc = sum_m w_m (P*(theta_m) - P_base(theta_m)) over the new group's theta "
        + "distribution on the base scale, z = D_icc / se (delta method, full (a, b, c) covariances of both "
        + "calibrations); flag |z| > \(formatDecimal(normalUpperQuantile(min(max(alpha, 1e-12), 1) / 2), places: 4)) "
        + "(two-sided, false-alarm rate \(formatNumber(alpha)) per anchor); anchors with standard errors but no "
        + "covariances: \(bAndA); \(fallback)"
    case .lord:
      return "Lord's chi-square: d' (S_base + S_new*)^-1 d over (a, b, c) on the base scale, flag chi-square > "
        + "its chi-square(k) quantile 1 - \(formatNumber(alpha)) (k = 3 for 3PL: "
        + "\(formatDecimal(DriftTests.chiSquareUpperQuantile(min(max(alpha, 1e-12), 1), degreesOfFreedom: 3), places: 4))); "
        + "anchors with standard errors but no covariances: \(bAndA); \(fallback)"
    }
  }

  static func bAndARule(alpha: Double) -> String {
    "z_b = (b* - b_base) / sqrt((A se_new(b))^2 + se_base(b)^2), "
      + "z_a = ln(a*/a_base) / sqrt((se_new(a)/a_new)^2 + (se_base(a)/a_base)^2); flag |z| > "
      + "\(formatDecimal(driftCritical(alpha: alpha), places: 4)) (two-sided, Bonferroni over the two tests, "
      + "false-alarm rate \(formatNumber(alpha)) per anchor)"
  }

  /// Φ⁻¹(1 − α/4): the critical |z| of the standard-error screen.
  public static func driftCritical(alpha: Double) -> Double {
    normalUpperQuantile(min(max(alpha, 1e-12), 1) / 4)
  }

  /// z with P(Z > z) = p for a standard normal Z, by bisection on erfc (to 1e-12).
  static func normalUpperQuantile(_ p: Double) -> Double {
    var low = -40.0
    var high = 40.0
    for _ in 0..<200 {
      let middle = (low + high) / 2
      if 0.5 * erfc(middle / 2.0.squareRoot()) > p { low = middle } else { high = middle }
      if high - low < 1e-12 { break }
    }
    return (low + high) / 2
  }

  /// The drift screen (see ``AnchorDrift`` for the rule).
  ///
  /// `population` is the θ distribution of the ICC displacement on the base scale
  /// (``DriftTests/population(new:transformation:)``; nil: the ICC statistics are not computed and
  /// the rule falls back to b-and-a).
  public static func screenDrift(
    base: [ItemParameters], new: [ItemParameters], transformation: ScaleTransformation, threshold: Double,
    alpha: Double = 0.05, statistic: DriftStatistic = .bAndA, population: Quadrature? = nil,
    scalingConstant D: Double = 1
  ) throws -> [AnchorDrift] {
    let moved = try new.map(transformation.transform)
    let dB = zip(moved, base).map { $0.b - $1.b }
    let dA = zip(moved, base).map { log($0.a / $1.a) }
    let zB = robustZ(dB)
    let zA = robustZ(dA)
    let critical = driftCritical(alpha: alpha)
    let alpha = min(max(alpha, 1e-12), 1)
    let iccCritical = normalUpperQuantile(alpha / 2)
    var chiSquareCritical: [Int: Double] = [:]
    for k in 1...3 { chiSquareCritical[k] = DriftTests.chiSquareUpperQuantile(alpha, degreesOfFreedom: k) }
    return base.indices.map { index in
      let robustB = zB?[index]
      let robustA = zA?[index]
      let fresh = moved[index]
      let old = base[index]
      var seB: Double?
      var seZ: (b: Double?, a: Double?) = (nil, nil)
      if let newSE = fresh.seB, let baseSE = old.seB, newSE > 0 || baseSE > 0 {
        let se = (newSE * newSE + baseSE * baseSE).squareRoot()
        seB = se
        seZ.b = dB[index] / se
        if let newA = fresh.seA, let baseA = old.seA {
          let seLog = ((newA / fresh.a) * (newA / fresh.a) + (baseA / old.a) * (baseA / old.a)).squareRoot()
          seZ.a = seLog > 0 ? dA[index] / seLog : nil
        }
      }
      var icc: (displacement: Double, standardError: Double?)?
      if let population {
        icc = DriftTests.iccDisplacement(banked: old, linked: fresh, population: population, scalingConstant: D)
      }
      let iccZ = icc.flatMap { value in value.standardError.map { value.displacement / $0 } }
      let lord = DriftTests.lordChiSquare(banked: old, linked: fresh)
      var rule: AnchorDrift.Rule = seZ.b != nil ? .standardError : .robust
      if statistic == .icc, iccZ != nil { rule = .iccDisplacement }
      if statistic == .lord, lord != nil { rule = .lordChiSquare }
      let bz = seZ.b != nil ? seZ.b : robustB
      let az = seZ.b != nil ? seZ.a : robustA
      let severity: Double
      switch rule {
      case .iccDisplacement: severity = abs(iccZ ?? 0) / iccCritical
      case .lordChiSquare:
        severity = (lord?.chiSquare ?? 0) / (chiSquareCritical[lord?.degreesOfFreedom ?? 3] ?? .infinity)
      case .standardError, .robust:
        let limit = rule == .standardError ? critical : threshold
        severity = max(abs(bz ?? 0), abs(az ?? 0)) / limit
      }
      return AnchorDrift(
        id: base[index].id, bDisplacement: dB[index], bDisplacementSE: seB, logSlopeRatio: dA[index], bZ: bz, aZ: az,
        robustBZ: robustB, robustAZ: robustA, rule: rule, flagged: severity > 1, iccDisplacement: icc?.displacement,
        iccDisplacementSE: icc?.standardError, iccZ: iccZ, lordChiSquare: lord?.chiSquare,
        lordDegreesOfFreedom: lord?.degreesOfFreedom, severity: severity)
    }
  }

  /// (x − median) / max(1.4826·MAD, 0.01) for each value; nil for fewer than 3 values.
  static func robustZ(_ values: [Double]) -> [Double]? {
    guard values.count >= 3 else { return nil }
    let center = median(values)
    let mad = median(values.map { abs($0 - center) })
    let scale = max(1.4826 * mad, 0.01)
    return values.map { ($0 - center) / scale }
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}

/// The Haebara or Stocking–Lord criterion as weighted residuals, with the analytic Jacobian.
///
/// On the base scale (Q₁) the new anchors are moved to the base scale: with u = (θ − B)/A,
/// P*(θ) = c + (1 − c)·L(D·a·(u − b)), ∂z/∂A = −D·a·u/A, ∂z/∂B = −D·a/A.
/// On the new scale (Q₂) the base anchors are moved back: P#(θ) = c + (1 − c)·L(D·a·(A·θ + B − b)),
/// ∂z/∂A = D·a·θ, ∂z/∂B = D·a. L is the logistic function and ∂P/∂z = (1 − c)·L·(1 − L).
struct CharacteristicCurveCriterion {
  let stockingLord: Bool
  let base: [ItemParameters]
  let new: [ItemParameters]
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
    // Q1: base scale; fixed curves are the base anchors, moving curves the transformed new anchors.
    if let q = baseScale {
      for (theta, weight) in zip(q.points, q.weights) {
        let scale = stockingLord ? weight.squareRoot() : (weight / n).squareRoot()
        let u = (theta - B) / A
        var sumDiff = 0.0, sumDA = 0.0, sumDB = 0.0
        for (fixed, moving) in zip(base, new) {
          let target = fixed.probability(at: theta, scalingConstant: D)
          let value: Double, dA: Double, dB: Double
          if let function = moving.modelParameters {
            // P*(θ) = P((θ − B)/A): ∂/∂A = −P′(u)·u/A, ∂/∂B = −P′(u)/A.
            let (probability, derivative) = function.probabilityAndDerivative(at: u, scalingConstant: D)
            value = probability
            dA = derivative * (-u / A)
            dB = -derivative / A
          } else {
            let logistic = 1 / (1 + exp(-D * moving.a * (u - moving.b)))
            value = moving.c + (1 - moving.c) * logistic
            let slope = (1 - moving.c) * logistic * (1 - logistic)
            dA = slope * (-D * moving.a * u / A)
            dB = slope * (-D * moving.a / A)
          }
          if stockingLord {
            sumDiff += target - value
            sumDA -= dA
            sumDB -= dB
          } else {
            residuals.append(scale * (target - value))
            if wantJacobian { jacobian.append(fixSlope ? [-scale * dB] : [-scale * dA, -scale * dB]) }
          }
        }
        if stockingLord {
          residuals.append(scale * sumDiff)
          if wantJacobian { jacobian.append(fixSlope ? [scale * sumDB] : [scale * sumDA, scale * sumDB]) }
        }
      }
    }
    // Q2: new scale; fixed curves are the new anchors, moving curves the back-transformed base anchors.
    if let q = newScale {
      for (theta, weight) in zip(q.points, q.weights) {
        let scale = stockingLord ? weight.squareRoot() : (weight / n).squareRoot()
        var sumDiff = 0.0, sumDA = 0.0, sumDB = 0.0
        for (fixed, moving) in zip(new, base) {
          let target = fixed.probability(at: theta, scalingConstant: D)
          let value: Double, dA: Double, dB: Double
          if let function = moving.modelParameters {
            // P(A·θ + B): ∂/∂A = P′·θ, ∂/∂B = P′.
            let (probability, derivative) = function.probabilityAndDerivative(
              at: A * theta + B, scalingConstant: D)
            value = probability
            dA = derivative * theta
            dB = derivative
          } else {
            let logistic = 1 / (1 + exp(-D * moving.a * (A * theta + B - moving.b)))
            value = moving.c + (1 - moving.c) * logistic
            let slope = (1 - moving.c) * logistic * (1 - logistic)
            dA = slope * D * moving.a * theta
            dB = slope * D * moving.a
          }
          if stockingLord {
            sumDiff += target - value
            sumDA -= dA
            sumDB -= dB
          } else {
            residuals.append(scale * (target - value))
            if wantJacobian { jacobian.append(fixSlope ? [-scale * dB] : [-scale * dA, -scale * dB]) }
          }
        }
        if stockingLord {
          residuals.append(scale * sumDiff)
          if wantJacobian { jacobian.append(fixSlope ? [scale * sumDB] : [scale * sumDA, scale * sumDB]) }
        }
      }
    }
    return (residuals, jacobian)
  }
}
