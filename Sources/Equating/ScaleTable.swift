import Foundation
import ItemBenchCore
import ItemResponseTheory

/// One raw score of a form in the conversion table.
public struct ScaleTableRow: Sendable, Hashable {
  public var raw: Int
  /// Base-scale θ of the equated score (nil where none exists).
  public var theta: Double?
  /// Base-form equivalent.
  public var equated: Double
  /// The scaled score before rounding (after clamping when the scale clamps).
  public var unroundedScaled: Double
  /// The reported scaled score (rounded, with the no-fail-to-pass adjustment, clamped).
  public var scaled: Double
  /// Whether the raw score passes: equated ≥ the base-form raw cut.
  public var pass: Bool
  /// Conditional standard error of measurement of the reported scaled score at this raw score.
  public var csem: Double
}

/// Classification quality at the cut for a θ population (Lee, 2010, the "D" approach with the
/// Lord–Wingersky conditional score distribution instead of Rudner's normal approximation).
///
/// For each quadrature point θₖ (weight wₖ), pₖ = P(pass | θₖ) = Σ_{x passing} P(X = x | θₖ) on the
/// form. Then accuracy = Σₖ wₖ·[θₖ ≥ θ_cut ? pₖ : 1 − pₖ], consistency (two independent
/// administrations of the form) = Σₖ wₖ·[pₖ² + (1 − pₖ)²], expected pass rate = Σₖ wₖ·pₖ.
///
/// Accuracy's integrand jumps at θ_cut. When the population is a normal mixture (the default
/// N(mean, sd²) populations), accuracy is therefore integrated on each side of the cut
/// separately (``DecisionIntegration``) rather than over the 61-point grid, which overstated it
/// by about 0.001.
public struct DecisionQuality: Sendable, Hashable {
  public var accuracy: Double
  public var consistency: Double
  public var expectedPassRate: Double
  public var population: String
  public static let method =
    "Lee (2010) D-method: P(pass | theta) from the Lord-Wingersky score distribution on the form, integrated over the population; accuracy against theta >= theta cut; consistency = sum w (p^2 + (1 - p)^2)"
}

/// A raw-to-scale conversion table of one form, with everything needed to audit it.
public struct ConversionTable: Sendable {
  public var equating: EquatingResult
  public var scale: ScaleSpecification
  /// The cut as a base-form number-correct score.
  public var rawCut: Double
  /// The cut on the base θ scale (±∞ when the raw cut is at or beyond the TCC's limits).
  public var thetaCut: Double
  /// The base form's maximum score n_base.
  public var baseMaximum: Int
  public var rows: [ScaleTableRow]
  public var decision: DecisionQuality

  /// The lowest raw score that passes, if any.
  public var lowestPassingRaw: Int? { rows.first { $0.pass }?.raw }

  public static let csemMethod =
    "Lord-Wingersky: SD of the reported scaled score over P(X = x | theta) at the theta whose new-form TCC equals the raw score (theta -> -inf below the sum of c, +inf at the maximum)"

  /// Columns `raw`, `theta`, `equated`, `scaled`, `pass`, `csem`, with the metadata the issue
  /// requires (form, base form, method, linking constants, parameter dates; no item text).
  public func dataTable() -> DataTable {
    var metadata = equating.metadata()
    let scaleText: (Double) -> String = { formatNumber($0) }
    metadata += [
      ("scale_range", "\(scaleText(scale.minimum))-\(scaleText(scale.maximum))"),
      ("passing_score", scaleText(scale.passingScore)),
    ]
    switch scale.cut {
    case .theta(let theta):
      metadata.append(
        ("cut", "theta \(formatNumber(theta)) on the base scale (base-form raw \(formatDecimal(rawCut, places: 4)))"))
    case .raw(let raw):
      metadata.append(
        (
          "cut",
          "raw \(formatNumber(raw)) on the base form (theta \(thetaCut.isFinite ? formatDecimal(thetaCut, places: 4) : (thetaCut > 0 ? "+inf" : "-inf")))"
        ))
    }
    switch scale.mapping {
    case .linearTheta(let slope):
      metadata.append(
        (
          "mapping",
          "linear in theta: scaled = \(scaleText(scale.passingScore)) + \(formatNumber(slope)) * (theta - theta cut)"
        ))
    case .piecewiseRaw:
      metadata.append(
        (
          "mapping",
          "piecewise linear in the base-form equivalent through (0, \(scaleText(scale.minimum))), (\(formatDecimal(rawCut, places: 4)), \(scaleText(scale.passingScore))), (\(baseMaximum), \(scaleText(scale.maximum)))"
        ))
    }
    metadata += [
      (
        "rounding",
        "\(scale.rounding.rawValue) to \(scale.decimals) decimals\(scale.clamp ? ", clamped to the range" : ""); below the cut at most \(formatNumber(scale.passingScore - scale.unit)), at or above the cut at least \(scaleText(scale.passingScore))"
      ),
      ("lowest_passing_raw", lowestPassingRaw.map(String.init) ?? "none"),
      ("csem_method", Self.csemMethod),
      ("decision_method", DecisionQuality.method),
      ("decision_population", decision.population),
      ("classification_accuracy", formatDecimal(decision.accuracy, places: 4)),
      ("classification_consistency", formatDecimal(decision.consistency, places: 4)),
      ("expected_pass_rate", formatDecimal(decision.expectedPassRate, places: 4)),
    ]
    let rows = rows.map { row -> [DataTable.Cell] in
      [
        .integer(row.raw),
        row.theta.map { .decimal($0, places: 4) } ?? .missing,
        .decimal(row.equated, places: 4),
        scale.decimals == 0 && abs(row.scaled) < 1e15
          ? .integer(Int(row.scaled.rounded())) : .decimal(row.scaled, places: scale.decimals),
        .boolean(row.pass),
        .decimal(row.csem, places: 2),
      ]
    }
    return DataTable(
      name: "scale-table", metadata: metadata, columns: ["raw", "theta", "equated", "scaled", "pass", "csem"],
      rows: rows)
  }
}

/// Builds conversion tables from an equating result and a reporting scale.
public enum ScaleTableBuilder {
  /// The conversion table of the new form.
  ///
  /// 1. The cut on the base form: raw cut r = τ_base(θ_cut) for a θ cut, θ_cut = τ_base⁻¹(r) for a
  ///    raw cut.
  /// 2. pass ⇔ equated ≥ r − 1e-9·n_base (the tolerance absorbs floating-point noise only).
  /// 3. Scaled before rounding: linear-theta: passing + slope·(θ − θ_cut) (θ missing → range
  ///    end); piecewise-raw: min + (passing − min)·e/r for e ≤ r, passing + (max − passing)·(e − r)/(n_base − r)
  ///    above; then clamped to the range when the scale clamps.
  /// 4. Rounded (``ScaleSpecification/round(_:)``), then the guarantee: a failing score reported at
  ///    or above the passing score is set to passing − unit (299), a passing score reported below
  ///    it is set to the passing score (300); clamped again.
  /// 5. CSEM per raw score x: the standard deviation of the reported scaled score over
  ///    P(X = k | θ_x), θ_x where the new form's TCC equals x (Lord–Wingersky recursion).
  /// 6. Decision quality over `population` (default: the equating population), see
  ///    ``DecisionQuality``.
  ///
  /// - Complexity: O(n³ + K·n²) for n items and K population points, spread over the cores.
  public static func build(
    equating: EquatingResult, base: ParameterFile, new: ParameterFile, scale: ScaleSpecification,
    population: ThetaPopulation? = nil
  ) throws -> ConversionTable {
    let D = equating.scalingConstant
    return try build(
      equating: equating, base: DichotomousRawScores(items: base.items, scalingConstant: D),
      new: DichotomousRawScores(items: new.items, scalingConstant: D), scale: scale, population: population)
  }

  /// The conversion table of a new form of any item formats (``RawScoreForm``: dichotomous
  /// forms, mixed-format forms with polytomous items), by the steps above with n the forms'
  /// maximum raw scores and the (generalised) Lord–Wingersky distributions of the forms.
  public static func build(
    equating: EquatingResult, base: some RawScoreForm, new: some RawScoreForm, scale: ScaleSpecification,
    population: ThetaPopulation? = nil
  ) throws -> ConversionTable {
    let baseCurve = base
    let newCurve = new
    let baseMax = Double(base.maximumScore)
    guard scale.minimum < scale.maximum, scale.passingScore > scale.minimum, scale.passingScore <= scale.maximum else {
      throw EquatingError("invalid scale: expected min < passing ≤ max")
    }
    guard !scale.clamp || scale.passingScore - scale.unit >= scale.minimum else {
      throw EquatingError("invalid scale: the minimum must be at least one reported unit below the passing score")
    }
    guard new.maximumScore + 1 == equating.scores.count else {
      throw EquatingError(
        "the equating result has \(equating.scores.count) rows but the new form's raw scores run 0…\(new.maximumScore)")
    }

    // 1. The cut.
    let rawCut: Double
    let thetaCut: Double
    switch scale.cut {
    case .theta(let theta):
      rawCut = baseCurve.expectedScore(at: theta)
      thetaCut = theta
    case .raw(let raw):
      guard raw <= baseMax else {
        throw EquatingError(
          "the raw cut \(formatNumber(raw)) is above the base form's maximum score \(base.maximumScore)")
      }
      rawCut = raw
      thetaCut = try baseCurve.theta(forTrueScore: raw) ?? (raw <= baseCurve.lowerLimit ? -.infinity : .infinity)
    }
    if case .linearTheta = scale.mapping, !thetaCut.isFinite {
      throw EquatingError(
        "mapping linear-theta needs a finite θ cut; the raw cut \(formatNumber(rawCut)) is at or beyond the limits of the base form's TCC (\(formatNumber(baseCurve.lowerLimit))…\(base.maximumScore))"
      )
    }

    // 2–4. Pass/fail and scaled scores.
    let tolerance = 1e-9 * max(1, baseMax)
    var rows: [ScaleTableRow] = equating.scores.map { score in
      let pass = score.equated >= rawCut - tolerance
      var value: Double
      switch scale.mapping {
      case .linearTheta(let slope):
        if let theta = score.theta {
          value = scale.passingScore + slope * (theta - thetaCut)
        } else {
          value = score.equated >= baseMax / 2 ? scale.maximum : scale.minimum
        }
      case .piecewiseRaw:
        let e = score.equated
        if e <= rawCut {
          value = rawCut > 0 ? scale.minimum + (scale.passingScore - scale.minimum) * e / rawCut : scale.passingScore
        } else {
          value =
            baseMax > rawCut
            ? scale.passingScore + (scale.maximum - scale.passingScore) * (e - rawCut) / (baseMax - rawCut)
            : scale.maximum
        }
      }
      if scale.clamp { value = min(max(value, scale.minimum), scale.maximum) }
      var reported = scale.round(value)
      if !pass && reported >= scale.passingScore { reported = scale.passingScore - scale.unit }
      if pass && reported < scale.passingScore { reported = scale.passingScore }
      if scale.clamp { reported = min(max(reported, scale.minimum), scale.maximum) }
      return ScaleTableRow(
        raw: score.raw, theta: score.theta, equated: score.equated, unroundedScaled: value, scaled: reported,
        pass: pass, csem: 0)
    }

    // 5. CSEM on the reported scale.
    let reported = rows.map(\.scaled)
    let chance = newCurve.lowerLimit
    let newMaximum = new.maximumScore
    let csems: [Double] = try (0...newMaximum).map { raw -> RawScorePoint in
      let x = Double(raw)
      if x <= chance { return .lowerLimit }
      if raw == newMaximum || x >= newCurve.upperLimit { return .upperLimit }
      // x lies strictly between the lower limit and the maximum score here.
      guard let theta = try newCurve.theta(forTrueScore: x) else {
        throw EquatingError("no θ has true score \(formatNumber(x)) on the new form")
      }
      return .theta(theta)
    }.concurrentMap { point in
      let distribution = new.scoreDistribution(at: point)
      var mean = 0.0
      for (k, p) in distribution.enumerated() { mean += p * reported[k] }
      var variance = 0.0
      for (k, p) in distribution.enumerated() { variance += p * (reported[k] - mean) * (reported[k] - mean) }
      return max(variance, 0).squareRoot()
    }
    for index in rows.indices { rows[index].csem = csems[index] }

    // 6. Decision quality.
    let decisionPopulation = population ?? equating.population
    let passes = rows.map(\.pass)
    let q = decisionPopulation.quadrature
    let passProbabilities: [Double] = q.points.concurrentMap { theta in
      let distribution = new.scoreDistribution(at: .theta(theta))
      var p = 0.0
      for (x, probability) in distribution.enumerated() where passes[x] { p += probability }
      return min(max(p, 0), 1)
    }
    var accuracy = 0.0, consistency = 0.0, passRate = 0.0
    for (index, weight) in q.weights.enumerated() {
      let p = passProbabilities[index]
      accuracy += weight * (q.points[index] >= thetaCut ? p : 1 - p)
      consistency += weight * (p * p + (1 - p) * (1 - p))
      passRate += weight * p
    }
    // The accuracy integrand jumps at θ_cut, which a fixed grid cannot resolve (the point
    // nearest the cut puts its whole weight on one side). For a normal (mixture) population,
    // integrate each side of the cut separately instead.
    if !decisionPopulation.normalComponents.isEmpty, thetaCut.isFinite {
      accuracy = DecisionIntegration.accuracy(
        components: decisionPopulation.normalComponents, thetaCut: thetaCut
      ) { theta in
        let distribution = new.scoreDistribution(at: .theta(theta))
        var p = 0.0
        for (x, probability) in distribution.enumerated() where passes[x] { p += probability }
        return min(max(p, 0), 1)
      }
    }
    let decision = DecisionQuality(
      accuracy: accuracy, consistency: consistency, expectedPassRate: passRate,
      population: decisionPopulation.description)
    return ConversionTable(
      equating: equating, scale: scale, rawCut: rawCut, thetaCut: thetaCut, baseMaximum: base.maximumScore, rows: rows,
      decision: decision)
  }
}

/// Integrals over a normal-mixture θ population whose integrand jumps at the θ cut.
///
/// Method: for each component N(μ, σ²) with weight w, composite Simpson's rule with
/// ``intervalsPerSide`` intervals on [μ − 8σ, θ_cut] and on [θ_cut, μ + 8σ] (each side smooth;
/// a side outside μ ± 8σ, mass below 1.3·10⁻¹⁵, is skipped), so
/// accuracy = Σ w·(∫_{−∞}^{θ_cut} (1 − p(θ))·φ(θ) dθ + ∫_{θ_cut}^{∞} p(θ)·φ(θ) dθ), p(θ) = P(pass | θ).
/// Complexity: 2·(intervalsPerSide + 1) evaluations of p per component, spread over the cores.
public enum DecisionIntegration {
  public static let intervalsPerSide = 400

  public static func accuracy(
    components: [ThetaPopulation.NormalComponent], thetaCut: Double,
    passProbability: @escaping @Sendable (Double) -> Double
  ) -> Double {
    var total = 0.0
    var weightSum = 0.0
    for component in components where component.weight > 0 {
      let (mu, sigma) = (component.mean, component.sd)
      let low = mu - 8 * sigma
      let high = mu + 8 * sigma
      let cut = min(max(thetaCut, low), high)
      func simpson(_ a: Double, _ b: Double, failing: Bool) -> Double {
        guard b > a else { return 0 }
        let n = intervalsPerSide
        let h = (b - a) / Double(n)
        let values: [Double] = (0...n).map { a + Double($0) * h }.concurrentMap { theta in
          let z = (theta - mu) / sigma
          let density = exp(-0.5 * z * z) / (sigma * (2 * Double.pi).squareRoot())
          let p = passProbability(theta)
          return (failing ? 1 - p : p) * density
        }
        var sum = values[0] + values[n]
        for index in 1..<n { sum += (index % 2 == 1 ? 4 : 2) * values[index] }
        return sum * h / 3
      }
      total += component.weight * (simpson(low, cut, failing: true) + simpson(cut, high, failing: false))
      weightSum += component.weight
    }
    return weightSum > 0 ? min(max(total / weightSum, 0), 1) : 0
  }
}
