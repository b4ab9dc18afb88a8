import Foundation
import ItemResponseTheory

/// IRT true-score and observed-score equating of mixed-format forms (dichotomous and GPCM/GRM
/// items), both forms on one θ scale.
///
/// The raw score of a form is the sum of its item scores, 0…n with n = Σⱼ mⱼ.
/// - True-score equating (Kolen & Brennan 2014, §6.5, with the expected-score curve
///   τ(θ) = Σⱼ Σₖ k·Pⱼₖ(θ) in place of the TCC; Kim & Lee 2006): for L_new < x < U_new (the limits
///   of τ_new), θ = τ_new⁻¹(x) and the equivalent is τ_base(θ); x ≤ L_new (Σc of the new form's
///   3PL items) follows the line through (0, 0) and (L_new, L_base); x = n_new maps to n_base; a
///   score at or above U_new < n_new follows the line through (U_new, U_base) and (n_new, n_base).
/// - Observed-score equating: the summed-score distributions of both forms over the population
///   by the generalised Lord–Wingersky recursion (``SummedScoreDistribution``), then
///   equipercentile equating (``ObservedScoreEquating/equipercentile(from:to:)``).
///
/// For forms of dichotomous items only, both give the same numbers as ``TrueScoreEquating`` and
/// ``ObservedScoreEquating``.
public enum MixedFormatEquating {
  /// Base-form equivalents of the new form's raw scores 0…n_new.
  ///
  /// - Complexity: O(n_new·(J_new + J_base)·K·I) for K categories per item and I Newton steps.
  public static func trueScore(new: [MixedFormatItem], base: [MixedFormatItem], scalingConstant D: Double) throws
    -> [EquatedScore]
  {
    try validate(new, role: "new")
    try validate(base, role: "base")
    let newCurve = MixedFormatCharacteristicCurve(items: new, scalingConstant: D)
    let baseCurve = MixedFormatCharacteristicCurve(items: base, scalingConstant: D)
    let n = newCurve.maximumScore
    let nBase = Double(baseCurve.maximumScore)
    return try (0...n).map { raw in
      let x = Double(raw)
      if raw == n { return EquatedScore(raw: raw, theta: nil, equated: nBase) }
      if x <= newCurve.lowerLimit {
        let equated = newCurve.lowerLimit > 0 ? x * baseCurve.lowerLimit / newCurve.lowerLimit : 0
        return EquatedScore(raw: raw, theta: nil, equated: equated)
      }
      if x >= newCurve.upperLimit {
        let share = (x - newCurve.upperLimit) / (Double(n) - newCurve.upperLimit)
        return EquatedScore(
          raw: raw, theta: nil, equated: baseCurve.upperLimit + share * (nBase - baseCurve.upperLimit))
      }
      guard let theta = try newCurve.theta(forTrueScore: x) else {
        throw EquatingError("no θ has true score \(formatNumber(x)) on the new form")
      }
      return EquatedScore(raw: raw, theta: theta, equated: baseCurve.expectedScore(at: theta))
    }
  }

  /// Equipercentile equivalents through the generalised Lord–Wingersky distributions over
  /// `population`, with the distributions.
  public static func observedScore(
    new: [MixedFormatItem], base: [MixedFormatItem], scalingConstant D: Double, population: Quadrature
  ) throws -> (scores: [EquatedScore], newDistribution: [Double], baseDistribution: [Double]) {
    try validate(new, role: "new")
    try validate(base, role: "base")
    let f = SummedScoreDistribution.marginal(items: new, scalingConstant: D, quadrature: population)
    let g = SummedScoreDistribution.marginal(items: base, scalingConstant: D, quadrature: population)
    let equated = ObservedScoreEquating.equipercentile(from: f, to: g)
    let baseCurve = MixedFormatCharacteristicCurve(items: base, scalingConstant: D)
    let scores = try equated.enumerated().map { raw, value in
      EquatedScore(raw: raw, theta: try baseCurve.theta(forTrueScore: value), equated: value)
    }
    return (scores, f, g)
  }

  /// Equates two mixed-format parameter files by ``EquatingOptions/method``; the population
  /// defaults to the synthetic one of ``ThetaPopulation/synthetic(newLatent:baseLatent:newWeight:)``.
  public static func equate(
    base: MixedFormatParameterFile, new: MixedFormatParameterFile, options: EquatingOptions = EquatingOptions()
  ) throws -> EquatingResult {
    guard base.scalingConstant == new.scalingConstant else {
      throw EquatingError(
        "the parameter files use different scaling constants (base D = \(formatNumber(base.scalingConstant)), new D = \(formatNumber(new.scalingConstant)))"
      )
    }
    let D = new.scalingConstant
    let population =
      try options.population
      ?? ThetaPopulation.synthetic(newLatent: new.latent, baseLatent: base.latent, newWeight: options.newGroupWeight)
    let scores: [EquatedScore]
    switch options.method {
    case .trueScore:
      scores = try trueScore(new: new.items, base: base.items, scalingConstant: D)
    case .observedScore:
      scores = try observedScore(
        new: new.items, base: base.items, scalingConstant: D, population: population.quadrature
      )
      .scores
    }
    return EquatingResult(
      method: options.method, scores: scores, population: population,
      newForm: options.newForm ?? new.form ?? "new form", baseForm: options.baseForm ?? base.form ?? "base form",
      linking: options.linking, scalingConstant: D, newDate: new.date, baseDate: base.date)
  }

  static func validate(_ items: [MixedFormatItem], role: String) throws {
    var seen = Set<String>()
    for item in items {
      guard seen.insert(item.id).inserted else {
        throw EquatingError("item '\(item.id)' appears more than once in the \(role) parameters")
      }
      let problem: String?
      switch item {
      case .dichotomous(let parameters): problem = parameters.parameterProblem
      case .polytomous(let parameters): problem = parameters.parameterProblem
      }
      if let problem { throw EquatingError("item '\(item.id)' in the \(role) parameters: \(problem)") }
    }
    guard !items.isEmpty else { throw EquatingError("the \(role) parameters contain no items") }
  }
}
