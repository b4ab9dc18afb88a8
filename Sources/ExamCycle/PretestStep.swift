import Foundation
import ItemBankScale
import ItemBenchCore
import ItemResponseTheory

/// The documented rules that turn a pretest item's statistics into a recommendation
/// (docs/cycle.md, "Pretest items"). The first rule that matches decides, checked in the order
/// drop → revise → promote:
///
/// - **drop** when the item could not be calibrated (no variance, excluded), or its corrected
///   point-biserial r < ``dropPointBiserial`` (0.10), or a < ``dropSlope`` (0.40): it barely
///   measures what the test measures;
/// - **revise** when r < ``revisePointBiserial`` (0.20), a < ``reviseSlope`` (0.70), p outside
///   [``lowP``, ``highP``] = [0.20, 0.95], |b| > ``maximumDifficulty`` (3), the SE of b above
///   ``maximumDifficultySE`` (0.50), a distractor whose point-biserial is positive, or a
///   calibration warning naming the item;
/// - **promote** otherwise: ready to be used as a scored item, its banked parameters on the
///   scale already.
public struct PretestRules: Sendable, Hashable {
  public var dropPointBiserial = 0.10
  public var dropSlope = 0.40
  public var revisePointBiserial = 0.20
  public var reviseSlope = 0.70
  public var lowP = 0.20
  public var highP = 0.95
  public var maximumDifficulty = 3.0
  public var maximumDifficultySE = 0.50

  public init() {}

  public func recommend(
    parameters: ItemParameters?, statistics: ClassicalItemStatistics?, warnings: [String]
  ) -> (PretestRecommendation, [String]) {
    let r = statistics?.correctedPointBiserial
    guard let parameters else { return (.drop, ["not calibrated (no variance or excluded)"]) }
    var drop: [String] = []
    if let r, r < dropPointBiserial {
      drop.append("point-biserial \(formatDecimal(r, places: 2)) < \(formatDecimal(dropPointBiserial, places: 2))")
    }
    if parameters.a < dropSlope {
      drop.append("a \(formatDecimal(parameters.a, places: 2)) < \(formatDecimal(dropSlope, places: 2))")
    }
    if !drop.isEmpty { return (.drop, drop) }
    var revise: [String] = []
    if let r, r < revisePointBiserial {
      revise.append("point-biserial \(formatDecimal(r, places: 2)) < \(formatDecimal(revisePointBiserial, places: 2))")
    }
    if parameters.a < reviseSlope {
      revise.append("a \(formatDecimal(parameters.a, places: 2)) < \(formatDecimal(reviseSlope, places: 2))")
    }
    if let p = statistics?.pValue, p < lowP || p > highP {
      revise.append(
        "p \(formatDecimal(p, places: 2)) outside [\(formatDecimal(lowP, places: 2)), \(formatDecimal(highP, places: 2))]"
      )
    }
    if abs(parameters.b) > maximumDifficulty {
      revise.append(
        "|b| \(formatDecimal(abs(parameters.b), places: 2)) > \(formatDecimal(maximumDifficulty, places: 1))")
    }
    if let se = parameters.seB, se > maximumDifficultySE {
      revise.append("se(b) \(formatDecimal(se, places: 2)) > \(formatDecimal(maximumDifficultySE, places: 2))")
    }
    for option in statistics?.options ?? [] where !option.isKey {
      if let correlation = option.pointBiserial, correlation > 0 {
        revise.append("distractor \(option.id) point-biserial \(formatDecimal(correlation, places: 2)) > 0")
      }
    }
    if !warnings.isEmpty { revise.append("calibration warning") }
    return revise.isEmpty ? (.promote, []) : (.revise, revise)
  }
}

/// Pretest items of one administration: their parameters on the bank scale, statistics and a
/// recommendation by ``PretestRules``. Writes `<administration>/pretest.csv`.
struct PretestStep {
  var administration: AdministrationResponses
  var rules = PretestRules()

  func run(
    placed: ParameterFile, analysis: ClassicalReport, warnings: [CalibrationWarning], writer: inout OutputWriter,
    write: Bool
  ) throws -> [PretestOutcome] {
    let statistics = Dictionary(analysis.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let outcomes = administration.form.pretestItemIDs.map { id -> PretestOutcome in
      let parameters = placed.item(id)
      let itemWarnings = warnings.filter { $0.itemID == id }.map(\.description)
      let (recommendation, reasons) = rules.recommend(
        parameters: parameters, statistics: statistics[id], warnings: itemWarnings)
      return PretestOutcome(
        id: id, parameters: parameters, pValue: statistics[id]?.pValue,
        pointBiserial: statistics[id]?.correctedPointBiserial,
        recommendation: recommendation, reasons: reasons)
    }
    if write {
      func decimal(_ value: Double?, _ places: Int) -> DataTable.Cell {
        value.map { .decimal($0, places: places) } ?? .missing
      }
      let table = DataTable(
        name: "pretest",
        metadata: [
          ("administration", administration.name), ("form", administration.form.id),
          ("scale", "bank scale (parameters placed with the administration's anchors)"),
          ("rules", "docs/cycle.md, Pretest items"),
        ],
        columns: ["id", "p", "point_biserial", "a", "b", "c", "se_a", "se_b", "se_c", "recommendation", "reasons"],
        rows: outcomes.map { outcome in
          let item = outcome.parameters
          return [
            .text(outcome.id), decimal(outcome.pValue, 4), decimal(outcome.pointBiserial, 4), decimal(item?.a, 4),
            decimal(item?.b, 4), decimal(item?.c, 4), decimal(item?.seA, 4), decimal(item?.seB, 4),
            decimal(item?.seC, 4),
            .text(outcome.recommendation.rawValue), .text(outcome.reasons.joined(separator: "; ")),
          ]
        })
      try writer.write(try CSVExporter().export(table), to: "\(administration.name)/pretest.csv")
    }
    return outcomes
  }
}
