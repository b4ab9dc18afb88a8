import Foundation
import ItemResponseTheory

/// Where a raw score's conditional distribution is taken: at a θ, or at one of the limits of
/// the expected-score curve (scores at or below the chance level, or at the top).
public enum RawScorePoint: Sendable, Hashable {
  case theta(Double)
  case lowerLimit
  case upperLimit
}

/// What conversion tables need of a form: its raw-score range, its expected-score curve τ(θ)
/// and the inverse, and the conditional distribution of the raw score.
public protocol RawScoreForm: Sendable {
  /// The highest raw score (the number of items for a dichotomous form, Σⱼ mⱼ in general).
  var maximumScore: Int { get }
  /// lim τ(θ) as θ → −∞.
  var lowerLimit: Double { get }
  /// lim τ(θ) as θ → +∞.
  var upperLimit: Double { get }
  /// τ(θ), the expected raw score.
  func expectedScore(at theta: Double) -> Double
  /// The θ with τ(θ) = x, or nil when x is not strictly between the limits.
  func theta(forTrueScore x: Double) throws -> Double?
  /// P(X = x | point) for x = 0…``maximumScore``.
  func scoreDistribution(at point: RawScorePoint) -> [Double]
}

/// A dichotomous form: the test characteristic curve and the Lord–Wingersky recursion.
public struct DichotomousRawScores: RawScoreForm {
  public let curve: TestCharacteristicCurve

  public init(items: [ItemParameters], scalingConstant: Double) {
    curve = TestCharacteristicCurve(items: items, scalingConstant: scalingConstant)
  }

  public var maximumScore: Int { curve.items.count }
  public var lowerLimit: Double { curve.lowerAsymptote }
  public var upperLimit: Double { curve.maximum }
  public func expectedScore(at theta: Double) -> Double { curve.value(at: theta) }
  public func theta(forTrueScore x: Double) throws -> Double? { try curve.theta(forTrueScore: x) }

  public func scoreDistribution(at point: RawScorePoint) -> [Double] {
    let probabilities: [Double]
    switch point {
    case .lowerLimit: probabilities = curve.items.map(\.lowerAsymptote)
    case .upperLimit: probabilities = curve.items.map(\.upperAsymptote)
    case .theta(let theta):
      probabilities = curve.items.map { $0.probability(at: theta, scalingConstant: curve.scalingConstant) }
    }
    return LordWingersky.scoreDistribution(probabilities: probabilities)
  }
}

/// The expected-score curve of a mixed-format form, τ(θ) = Σⱼ Σₖ k·Pⱼₖ(θ), the raw score running
/// 0…Σⱼ mⱼ.
///
/// τ increases strictly (every built-in model's expected score does) from Σⱼ of the lowest
/// expected scores (Σ c over 3PL items; 0 for GPCM and GRM) to Σⱼ of the highest (Σⱼ mⱼ), so
/// every score strictly between has one θ, found by ``ExpectedScoreInversion``.
public struct MixedFormatCharacteristicCurve: RawScoreForm {
  public let items: [MixedFormatItem]
  public let scalingConstant: Double

  public init(items: [MixedFormatItem], scalingConstant: Double) {
    self.items = items
    self.scalingConstant = scalingConstant
  }

  public var maximumScore: Int { items.reduce(0) { $0 + $1.maximumScore } }
  public var lowerLimit: Double { items.reduce(0) { $0 + $1.lowestExpectedScore } }
  public var upperLimit: Double { items.reduce(0) { $0 + $1.highestExpectedScore } }

  public func expectedScore(at theta: Double) -> Double {
    items.reduce(0) { $0 + $1.expectedScore(at: theta, scalingConstant: scalingConstant) }
  }

  /// τ(θ) and τ′(θ) = Σⱼ Σₖ k·Pⱼₖ′(θ).
  public func valueAndDerivative(at theta: Double) -> (value: Double, derivative: Double) {
    var value = 0.0
    var derivative = 0.0
    for item in items {
      let term = item.expectedScoreAndDerivative(at: theta, scalingConstant: scalingConstant)
      value += term.value
      derivative += term.derivative
    }
    return (value, derivative)
  }

  public func theta(forTrueScore x: Double) throws -> Double? {
    try ExpectedScoreInversion.theta(
      forScore: x, lowerLimit: lowerLimit, upperLimit: upperLimit, value: expectedScore(at:),
      valueAndDerivative: valueAndDerivative(at:))
  }

  /// The generalised Lord–Wingersky distribution (``SummedScoreDistribution``); at the limits,
  /// each dichotomous item at its asymptote and each polytomous item in its lowest (highest)
  /// category.
  public func scoreDistribution(at point: RawScorePoint) -> [Double] {
    let categories: [[Double]] = items.map { item in
      switch point {
      case .theta(let theta):
        return item.categoryProbabilities(at: theta, scalingConstant: scalingConstant)
      case .lowerLimit, .upperLimit:
        let high = point == .upperLimit
        if case .dichotomous(let parameters) = item {
          let p = high ? parameters.upperAsymptote : parameters.lowerAsymptote
          return [1 - p, p]
        }
        var limit = [Double](repeating: 0, count: item.categoryCount)
        limit[high ? item.maximumScore : 0] = 1
        return limit
      }
    }
    return SummedScoreDistribution.conditional(categoryProbabilities: categories)
  }
}
