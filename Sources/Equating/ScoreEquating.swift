import Foundation
import ItemBenchCore
import ItemResponseTheory

/// Which IRT equating method maps the new form's raw scores to the base form.
public enum EquatingMethod: String, CaseIterable, Sendable {
  case trueScore = "true-score"
  case observedScore = "observed-score"
}

/// One raw score of the new form and its base-form equivalent.
public struct EquatedScore: Sendable, Hashable {
  /// The new form's number-correct score, 0…n.
  public var raw: Int
  /// The base-scale θ belonging to the row: the θ whose base-form true score equals ``equated``
  /// (for true-score equating this is also the θ at which the new form's TCC equals ``raw``).
  /// nil where no finite θ exists (at or below Σc, at or above the maximum).
  public var theta: Double?
  /// The base-form equivalent of ``raw``.
  public var equated: Double
}

/// A θ distribution on the base scale, as a discrete quadrature, with a description for outputs.
public struct ThetaPopulation: Sendable {
  public var quadrature: Quadrature
  public var description: String
  /// The population as a mixture of normal distributions, when it is one (``normal(mean:sd:)``
  /// and ``synthetic(new:base:newWeight:)``); empty for a population known only through its
  /// quadrature. Integrals with a jump (classification accuracy at the θ cut) use it.
  public var normalComponents: [NormalComponent] = []

  /// One normal component of a mixture: weight, mean and standard deviation.
  public struct NormalComponent: Sendable, Hashable {
    public var weight: Double
    public var mean: Double
    public var sd: Double
    public init(weight: Double, mean: Double, sd: Double) {
      self.weight = weight
      self.mean = mean
      self.sd = sd
    }
  }

  public init(quadrature: Quadrature, description: String, normalComponents: [NormalComponent] = []) {
    self.quadrature = quadrature
    self.description = description
    self.normalComponents = normalComponents
  }

  /// N(mean, sd²) as 61 equally spaced points on mean ± 6·sd weighted by the normal density.
  public static func normal(mean: Double, sd: Double) -> ThetaPopulation {
    ThetaPopulation(
      quadrature: .normal(count: 61, lower: mean - 6 * sd, upper: mean + 6 * sd, mean: mean, sd: sd),
      description: "N(\(formatNumber(mean, places: 4)), \(formatNumber(sd, places: 4))^2), 61 points on mean +/- 6 sd",
      normalComponents: [NormalComponent(weight: 1, mean: mean, sd: sd)])
  }

  /// Kolen & Brennan's synthetic population: weight w on the new-form group's θ distribution and
  /// 1 − w on the base-form group's, both N(mean, sd²) from the files' `latent` (the new file's
  /// already on the base scale).
  public static func synthetic(new: ParameterFile, base: ParameterFile, newWeight w: Double) throws -> ThetaPopulation {
    try synthetic(newLatent: new.latent, baseLatent: base.latent, newWeight: w)
  }

  /// ``synthetic(new:base:newWeight:)`` from the two groups' latent distributions.
  public static func synthetic(newLatent: LatentDistribution, baseLatent: LatentDistribution, newWeight w: Double)
    throws -> ThetaPopulation
  {
    guard w.isFinite, w >= 0, w <= 1 else {
      throw EquatingError("the synthetic-population weight must be in [0, 1]; got \(w)")
    }
    for (latent, role) in [(newLatent, "new"), (baseLatent, "base")] {
      guard latent.mean.isFinite, latent.sd.isFinite, latent.sd > 0 else {
        throw EquatingError(
          "the \(role) parameters have an invalid latent distribution (mean \(latent.mean), sd \(latent.sd))")
      }
    }
    let newGroup = normal(mean: newLatent.mean, sd: newLatent.sd)
    let baseGroup = normal(mean: baseLatent.mean, sd: baseLatent.sd)
    if w == 1 {
      return ThetaPopulation(
        quadrature: newGroup.quadrature, description: "new-form group \(newGroup.description)",
        normalComponents: newGroup.normalComponents)
    }
    if w == 0 {
      return ThetaPopulation(
        quadrature: baseGroup.quadrature, description: "base-form group \(baseGroup.description)",
        normalComponents: baseGroup.normalComponents)
    }
    let quadrature = Quadrature(
      points: newGroup.quadrature.points + baseGroup.quadrature.points,
      weights: newGroup.quadrature.weights.map { $0 * w } + baseGroup.quadrature.weights.map { $0 * (1 - w) })
    return ThetaPopulation(
      quadrature: quadrature,
      description:
        "synthetic: \(formatNumber(w)) x new-form group \(newGroup.description) + \(formatNumber(1 - w)) x base-form group \(baseGroup.description)",
      normalComponents: [
        NormalComponent(weight: w, mean: newLatent.mean, sd: newLatent.sd),
        NormalComponent(weight: 1 - w, mean: baseLatent.mean, sd: baseLatent.sd),
      ])
  }
}

/// IRT true-score equating (Lord, 1980; Kolen & Brennan, 2014, §6.5).
public enum TrueScoreEquating {
  /// Base-form equivalents of the new form's raw scores 0…n_new; both forms on one θ scale.
  ///
  /// - For Σc_new < x < n_new: θ from the new TCC by Newton–Raphson
  ///   (``TestCharacteristicCurve/theta(forTrueScore:)``), equated = τ_base(θ).
  /// - For x ≤ Σc_new (no θ exists): Kolen & Brennan's linear rule through (0, 0) and
  ///   (Σc_new, Σc_base): equated = x·Σc_base/Σc_new (0 when Σc_new = 0).
  /// - x = n_new maps to n_base; for items whose upper asymptotes are below 1, x ≥ Σd_new
  ///   (no θ exists) maps linearly through (Σd_new, Σd_base) and (n_new, n_base).
  ///
  /// - Complexity: O(n_new·(n_new + n_base)·I) for I Newton iterations (typically < 10).
  public static func equate(new: [ItemParameters], base: [ItemParameters], scalingConstant D: Double) throws
    -> [EquatedScore]
  {
    try validate(new, role: "new")
    try validate(base, role: "base")
    let newCurve = TestCharacteristicCurve(items: new, scalingConstant: D)
    let baseCurve = TestCharacteristicCurve(items: base, scalingConstant: D)
    let chanceNew = newCurve.lowerAsymptote
    let chanceBase = baseCurve.lowerAsymptote
    let ceilingNew = newCurve.maximum
    let ceilingBase = baseCurve.maximum
    return try (0...new.count).map { raw in
      let x = Double(raw)
      if raw == new.count { return EquatedScore(raw: raw, theta: nil, equated: Double(base.count)) }
      if x <= chanceNew {
        return EquatedScore(raw: raw, theta: nil, equated: chanceNew > 0 ? x * chanceBase / chanceNew : 0)
      }
      if x >= ceilingNew {
        // Above Σ of upper asymptotes below 1 (a 4PL, say): the same linear rule at the top,
        // through (Σd_new, Σd_base) and (n_new, n_base).
        let n = Double(new.count)
        let share = (x - ceilingNew) / (n - ceilingNew)
        return EquatedScore(raw: raw, theta: nil, equated: ceilingBase + share * (Double(base.count) - ceilingBase))
      }
      // x lies strictly between the lower asymptote and the number of items here.
      guard let theta = try newCurve.theta(forTrueScore: x) else {
        throw EquatingError("no θ has true score \(formatNumber(x)) on the new form")
      }
      return EquatedScore(raw: raw, theta: theta, equated: baseCurve.value(at: theta))
    }
  }
}

/// IRT observed-score equating (Lord & Wingersky, 1984; Kolen & Brennan, 2014, §6.6).
public enum ObservedScoreEquating {
  /// The score distributions and base-form equivalents of raw scores 0…n_new.
  ///
  /// f(x) = Σₖ wₖ·P(X = x | θₖ) and g(y) = Σₖ wₖ·P(Y = y | θₖ) over the population's quadrature
  /// (conditional distributions by the Lord–Wingersky recursion), then equipercentile equating of
  /// f to g with ``equipercentile(from:to:)``.
  ///
  /// - Complexity: O(K·(n_new² + n_base²)) for K quadrature points.
  public static func equate(
    new: [ItemParameters], base: [ItemParameters], scalingConstant D: Double, population: Quadrature
  ) throws -> (scores: [EquatedScore], newDistribution: [Double], baseDistribution: [Double]) {
    try validate(new, role: "new")
    try validate(base, role: "base")
    let f = LordWingersky.marginalDistribution(items: new, scalingConstant: D, quadrature: population)
    let g = LordWingersky.marginalDistribution(items: base, scalingConstant: D, quadrature: population)
    let equated = equipercentile(from: f, to: g)
    let baseCurve = TestCharacteristicCurve(items: base, scalingConstant: D)
    let scores = try equated.enumerated().map { raw, value in
      EquatedScore(raw: raw, theta: try baseCurve.theta(forTrueScore: value), equated: value)
    }
    return (scores, f, g)
  }

  /// Equipercentile equivalents e_Y(x) = Q⁻¹[P(x)] of x = 0…K_X, with Kolen & Brennan's (2014, §2.5)
  /// continuization of discrete scores over [x − ½, x + ½):
  ///
  /// - percentile rank (as a proportion) of an integer score x: P(x) = F(x − 1) + ½·f(x);
  /// - inverse: y_U = the smallest score with G(y_U) > P; e = (P − G(y_U − 1)) / g(y_U) + y_U − ½;
  ///   e = −½ when P = 0 and K_Y + ½ when P ≥ G(K_Y) = 1.
  ///
  /// Both distributions are normalised to sum to 1 first. So equivalents may fall in
  /// [−½, K_Y + ½], as in the textbook and Equating Recipes.
  public static func equipercentile(from f: [Double], to g: [Double]) -> [Double] {
    let totalF = f.reduce(0, +)
    let totalG = g.reduce(0, +)
    let f = f.map { $0 / totalF }
    let g = g.map { $0 / totalG }
    var cumulativeG: [Double] = []
    var running = 0.0
    for value in g {
      running += value
      cumulativeG.append(running)
    }
    var below = 0.0
    var result: [Double] = []
    for value in f {
      let rank = below + 0.5 * value
      below += value
      if rank <= 0 {
        result.append(-0.5)
        continue
      }
      guard let upper = cumulativeG.firstIndex(where: { $0 > rank }), g[upper] > 0 else {
        result.append(Double(g.count - 1) + 0.5)
        continue
      }
      let previous = upper > 0 ? cumulativeG[upper - 1] : 0
      result.append((rank - previous) / g[upper] + Double(upper) - 0.5)
    }
    return result
  }
}
