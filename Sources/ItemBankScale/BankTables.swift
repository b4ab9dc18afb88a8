import Equating
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// Conversion tables of a form from parameters on the bank scale: the one path by which both
/// pre-equated tables (banked parameters, before the form's responses exist) and post-equated
/// tables (the administration's own estimates, placed on the scale) are built.
///
/// The form's scored items are equated to the bank's frozen reference form
/// (``BankScale/reference``) by IRT true-score (or observed-score) equating
/// (``IRTEquating/equate(base:new:options:)``), then ``ScaleTableBuilder/build`` applies the
/// reporting scale: raw → θ → reference-form equivalent → scaled score, pass/fail, CSEM and
/// decision accuracy/consistency.
public enum BankTables {
  /// The conversion table of a form whose scored items have `parameters` on the bank scale.
  ///
  /// - Parameters:
  ///   - population: the θ distribution of the form's candidates on the bank scale (decision
  ///     statistics and observed-score equating); a pre-equated table has no group of its own
  ///     and uses the reference population.
  ///   - linking: the constants to name in the table's metadata, if the parameters were linked.
  public static func table(
    form: String, date: String?, parameters: [ItemParameters], population: LatentDistribution,
    bank: BankScale, scale: ScaleSpecification, method: EquatingMethod, linking: LinkingSummary? = nil
  ) throws -> ConversionTable {
    let reference = bank.referenceParameters
    let new = ParameterFile(
      model: bank.model, scalingConstant: bank.scalingConstant, form: form, date: date, latent: population,
      items: parameters)
    var options = EquatingOptions(method: method)
    options.newForm = form
    options.baseForm = bank.referenceForm
    options.linking = linking
    let equating = try IRTEquating.equate(base: reference, new: new, options: options)
    return try ScaleTableBuilder.build(equating: equating, base: reference, new: new, scale: scale)
  }

  /// The pre-equated table of a form from the bank alone, or ``MissingParameters`` naming every
  /// scored item without banked parameters.
  public static func preEquated(
    form: String, scoredItems: [String], bank: BankScale, scale: ScaleSpecification, method: EquatingMethod = .trueScore
  ) throws -> ConversionTable {
    let parameters = try bank.parameters(of: scoredItems).get()
    return try table(
      form: form, date: nil, parameters: parameters, population: bank.referencePopulation, bank: bank, scale: scale,
      method: method,
      linking: LinkingSummary(
        method: "pre-equated from the bank scale (\(bank.administrations.last?.id ?? bank.definedBy))", A: 1, B: 0))
  }
}

/// How far a pre-equated table is from the post-equated table of the same form.
public struct TableComparison: Sendable, Hashable {
  public struct Row: Sendable, Hashable {
    public var raw: Int
    public var preScaled: Double
    public var postScaled: Double
    public var prePass: Bool
    public var postPass: Bool
    public var difference: Double { postScaled - preScaled }
  }

  public var rows: [Row]

  public init(pre: ConversionTable, post: ConversionTable) {
    rows = zip(pre.rows, post.rows).map {
      Row(raw: $0.raw, preScaled: $0.scaled, postScaled: $1.scaled, prePass: $0.pass, postPass: $1.pass)
    }
  }

  /// The largest |post − pre| in reported points, and the lowest raw score where it occurs.
  public var largestDifference: (points: Double, raw: Int)? {
    rows.max {
      abs($0.difference) < abs($1.difference) || (abs($0.difference) == abs($1.difference) && $0.raw > $1.raw)
    }
    .map { (abs($0.difference), $0.raw) }
  }

  /// Raw scores whose pass/fail decision differs between the tables.
  public var changedDecisions: [Int] { rows.filter { $0.prePass != $0.postPass }.map(\.raw) }

  /// Columns raw, pre_scaled, post_scaled, difference, pre_pass, post_pass.
  public func dataTable(form: String, decimals: Int) -> DataTable {
    func cell(_ value: Double) -> DataTable.Cell {
      decimals == 0 ? .integer(Int(value.rounded())) : .decimal(value, places: decimals)
    }
    return DataTable(
      name: "pre-post",
      metadata: [
        ("form", form),
        ("largest_difference", largestDifference.map { formatDecimal($0.points, places: decimals) } ?? "0"),
        (
          "changed_decisions",
          changedDecisions.isEmpty ? "none" : changedDecisions.map(String.init).joined(separator: " ")
        ),
      ],
      columns: ["raw", "pre_scaled", "post_scaled", "difference", "pre_pass", "post_pass"],
      rows: rows.map {
        [
          .integer($0.raw), cell($0.preScaled), cell($0.postScaled), cell($0.difference), .boolean($0.prePass),
          .boolean($0.postPass),
        ]
      })
  }
}
