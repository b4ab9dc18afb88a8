import Foundation

/// One item of a mixed-format form: a dichotomous item (Rasch, 1PL, 2PL, 3PL or a registered
/// dichotomous model) or a polytomous GPCM/GRM item.
public enum MixedFormatItem: Sendable, Hashable, CategoryResponseFunction {
  case dichotomous(ItemParameters)
  case polytomous(PolytomousItemParameters)

  public var id: String {
    switch self {
    case .dichotomous(let item): item.id
    case .polytomous(let item): item.id
    }
  }

  public var categoryCount: Int {
    switch self {
    case .dichotomous: 2
    case .polytomous(let item): item.categoryCount
    }
  }

  public func categoryProbabilities(at theta: Double, scalingConstant D: Double) -> [Double] {
    switch self {
    case .dichotomous(let item): item.categoryProbabilities(at: theta, scalingConstant: D)
    case .polytomous(let item): item.categoryProbabilities(at: theta, scalingConstant: D)
    }
  }

  public func categoryCurves(at theta: Double, scalingConstant D: Double) -> (
    probabilities: [Double], derivatives: [Double]
  ) {
    switch self {
    case .dichotomous(let item): item.categoryCurves(at: theta, scalingConstant: D)
    case .polytomous(let item): item.categoryCurves(at: theta, scalingConstant: D)
    }
  }

  public var lowestExpectedScore: Double {
    switch self {
    case .dichotomous(let item): item.lowestExpectedScore
    case .polytomous(let item): item.lowestExpectedScore
    }
  }

  public var highestExpectedScore: Double {
    switch self {
    case .dichotomous(let item): item.highestExpectedScore
    case .polytomous(let item): item.highestExpectedScore
    }
  }

  /// The polytomous item, if this is one.
  public var polytomous: PolytomousItemParameters? {
    if case .polytomous(let item) = self { return item }
    return nil
  }

  /// The dichotomous item, if this is one.
  public var dichotomous: ItemParameters? {
    if case .dichotomous(let item) = self { return item }
    return nil
  }
}
