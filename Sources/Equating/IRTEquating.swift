import Foundation
import ItemBenchCore
import ItemResponseTheory

/// The linking constants a table reports: from a ``LinkingResult``, or read back from the JSON
/// `itembench link --format json` writes.
public struct LinkingSummary: Sendable, Hashable {
  public var method: String
  public var A: Double
  public var B: Double
  public var anchorCount: Int?

  public init(method: String, A: Double, B: Double, anchorCount: Int? = nil) {
    self.method = method
    self.A = A
    self.B = B
    self.anchorCount = anchorCount
  }

  public init(_ result: LinkingResult) {
    self.init(method: result.method.rawValue, A: result.A, B: result.B, anchorCount: result.anchors.count)
  }

  /// `method A = …, B = …` with 6 decimals.
  public var description: String {
    "\(method), A = \(formatDecimal(A, places: 6)), B = \(formatDecimal(B, places: 6))"
      + (anchorCount.map { ", \($0) anchors" } ?? "")
  }

  /// Reads `{"A": …, "B": …, "method": …, "anchors": […]}` (the output of `link --format json`).
  public static func parseJSON(_ text: String, file: String) throws -> LinkingSummary {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
      throw ParameterFileError(
        "expected a JSON object (the output of 'itembench link --format json')", at: SourceLocation(file: file))
    }
    guard let A = (object["A"] as? NSNumber)?.doubleValue, let B = (object["B"] as? NSNumber)?.doubleValue, A > 0 else {
      throw ParameterFileError("expected numbers \"A\" (> 0) and \"B\"", at: SourceLocation(file: file))
    }
    let method = object["method"] as? String ?? "unknown method"
    return LinkingSummary(method: method, A: A, B: B, anchorCount: (object["anchors"] as? [Any])?.count)
  }
}

/// Options of ``IRTEquating/equate(base:new:options:)``.
public struct EquatingOptions: Sendable {
  public var method: EquatingMethod = .trueScore
  /// Weight w of the new-form group in the synthetic population (observed-score equating and the
  /// decision statistics): w·ψ_new + (1 − w)·ψ_base. Default 1: the new-form group.
  public var newGroupWeight: Double = 1
  /// Replaces the synthetic population built from the files' `latent` distributions.
  public var population: ThetaPopulation?
  /// The linking constants to name in the outputs, if known.
  public var linking: LinkingSummary?
  /// Form names for the outputs (default: the files' `form`, else "new form" / "base form").
  public var newForm: String?
  public var baseForm: String?

  public init(method: EquatingMethod = .trueScore) { self.method = method }
}

/// Raw-score equating of a new form to the base form (both parameter sets on one scale).
public struct EquatingResult: Sendable {
  public var method: EquatingMethod
  public var scores: [EquatedScore]
  /// The θ population (observed-score equating, and the default for decision statistics).
  public var population: ThetaPopulation
  public var newForm: String
  public var baseForm: String
  public var linking: LinkingSummary?
  public var scalingConstant: Double
  public var newDate: String?
  public var baseDate: String?

  /// The equating table: columns `raw`, `theta`, `equated` (6 decimals; θ empty where none exists).
  public func dataTable() -> DataTable {
    DataTable(
      name: "equating", metadata: metadata(), columns: ["raw", "theta", "equated"],
      rows: scores.map {
        [.integer($0.raw), $0.theta.map { .decimal($0, places: 6) } ?? .missing, .decimal($0.equated, places: 6)]
      })
  }

  func metadata() -> [(key: String, value: String)] {
    var items: [(key: String, value: String)] = [
      ("form", newForm), ("base_form", baseForm), ("method", method.rawValue),
    ]
    switch method {
    case .trueScore:
      items.append(
        (
          "method_detail",
          "IRT true-score equating: Newton-Raphson inversion of the new form's TCC; raw scores at or below the sum of c (new) follow the line through (0, 0) and (sum c new, sum c base); the maximum maps to the maximum"
        ))
    case .observedScore:
      items.append(
        (
          "method_detail",
          "IRT observed-score equating: Lord-Wingersky score distributions over the population, equipercentile with Kolen & Brennan's continuization (percentile ranks on [x - 0.5, x + 0.5))"
        ))
      items.append(("population", population.description))
    }
    items.append(("linking", linking?.description ?? "not given (the parameter files are taken to be on one scale)"))
    items.append(("scaling_constant", formatNumber(scalingConstant)))
    items.append(("parameters_date", newDate ?? "unknown"))
    items.append(("base_parameters_date", baseDate ?? "unknown"))
    return items
  }
}

/// Entry point for equating two parameter files that are on one scale.
public enum IRTEquating {
  /// Equates the new form's raw scores 0…n to the base form by ``EquatingOptions/method``.
  public static func equate(base: ParameterFile, new: ParameterFile, options: EquatingOptions = EquatingOptions())
    throws -> EquatingResult
  {
    let D = try commonScalingConstant(base: base, new: new)
    let population =
      try options.population ?? ThetaPopulation.synthetic(new: new, base: base, newWeight: options.newGroupWeight)
    let scores: [EquatedScore]
    switch options.method {
    case .trueScore:
      scores = try TrueScoreEquating.equate(new: new.items, base: base.items, scalingConstant: D)
    case .observedScore:
      scores = try ObservedScoreEquating.equate(
        new: new.items, base: base.items, scalingConstant: D, population: population.quadrature
      ).scores
    }
    return EquatingResult(
      method: options.method, scores: scores, population: population,
      newForm: options.newForm ?? new.form ?? "new form", baseForm: options.baseForm ?? base.form ?? "base form",
      linking: options.linking, scalingConstant: D, newDate: new.date, baseDate: base.date)
  }
}

/// The result of ``EquatingCycle/run(base:new:linking:equating:scale:)``.
public struct CycleResult: Sendable {
  public var linking: LinkingResult
  /// The new form's parameters on the base scale.
  public var linkedNew: ParameterFile
  public var equating: EquatingResult
  /// The conversion table, when a scale was given.
  public var table: ConversionTable?
}

/// link → equate → scale table in one call, without files (for `itembench cycle`).
public enum EquatingCycle {
  /// Links `new` to `base`'s scale, equates its raw scores to the base form and, with a scale,
  /// builds the conversion table. The linking constants are recorded in the equating result and
  /// the table.
  public static func run(
    base: ParameterFile, new: ParameterFile, linking: LinkingOptions, equating: EquatingOptions = EquatingOptions(),
    scale: ScaleSpecification? = nil
  ) throws -> CycleResult {
    let link = try Linking.link(base: base, new: new, options: linking)
    let linked = try link.transformation.transform(new)
    var options = equating
    options.linking = LinkingSummary(link)
    let result = try IRTEquating.equate(base: base, new: linked, options: options)
    let table = try scale.map { try ScaleTableBuilder.build(equating: result, base: base, new: linked, scale: $0) }
    return CycleResult(linking: link, linkedNew: linked, equating: result, table: table)
  }
}
