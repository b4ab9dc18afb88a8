import Equating
import ItemBankScale
import ItemBenchCore
import ItemResponseTheory

/// `equate` and `tables`: a form's conversion tables through ``BankTables`` (IRT equating to the
/// bank's reference form, then the reporting scale).
///
/// - **Pre-equated** (before the administration's responses are used): from the bank as it stood
///   after the previous administration, when every scored item of the form has banked
///   parameters; otherwise the items without them are reported.
/// - **Post-equated**: from the administration's own estimates on the bank scale (the scored
///   items after placement). Compared with the pre-equated table row by row: the largest
///   difference in reported points and the raw scores whose pass/fail decision changes.
struct TableStep {
  var administration: AdministrationResponses
  var scale: ScaleSpecification
  var method: EquatingMethod

  /// The pre-equated table, or the scored items that have no banked parameters.
  func preEquate(bank: BankScale) throws -> Result<ConversionTable, MissingParameters> {
    do {
      return .success(
        try BankTables.preEquated(
          form: administration.form.id, scoredItems: administration.form.scoredItemIDs, bank: bank, scale: scale,
          method: method))
    } catch let missing as MissingParameters {
      return .failure(missing)
    } catch {
      throw CycleError("pre-equating \(administration.name) failed: \(error)")
    }
  }

  /// The post-equated table from the placed parameters.
  func postEquate(placed: ParameterFile, bank: BankScale, linking: LinkingResult?) throws -> ConversionTable {
    let byID = Dictionary(placed.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let scored = administration.form.scoredItemIDs
    let missing = scored.filter { byID[$0] == nil }
    guard missing.isEmpty else {
      throw CycleError(
        "\(administration.name): scored item(s) \(missing.joined(separator: ", ")) could not be calibrated; the form cannot be equated"
      )
    }
    do {
      return try BankTables.table(
        form: administration.form.id, date: administration.settings.date, parameters: scored.compactMap { byID[$0] },
        population: placed.latent, bank: bank, scale: scale, method: method, linking: linking.map(LinkingSummary.init))
    } catch {
      throw CycleError("equating \(administration.name) failed: \(error)")
    }
  }

  /// Records a table's decision statistics and the candidates' pass rate and mean scaled score.
  func record(_ table: ConversionTable, into outcome: inout AdministrationOutcome, referenceCut: Int?) {
    outcome.lowestPassingRaw = table.lowestPassingRaw
    outcome.expectedPassRate = table.decision.expectedPassRate
    outcome.classificationAccuracy = table.decision.accuracy
    outcome.classificationConsistency = table.decision.consistency
    outcome.observedPassRate = administration.passRate(atRaw: table.lowestPassingRaw)
    outcome.faceValuePassRate = administration.passRate(atRaw: referenceCut)
    let scaled = administration.rawScores.map { table.rows[min($0, table.rows.count - 1)].scaled }
    outcome.meanScaled = scaled.isEmpty ? nil : scaled.reduce(0, +) / Double(scaled.count)
  }

  func compare(pre: ConversionTable, post: ConversionTable) -> (PreEquatingOutcome, TableComparison) {
    let comparison = TableComparison(pre: pre, post: post)
    let largest = comparison.largestDifference
    let changed = comparison.changedDecisions
    return (
      PreEquatingOutcome(
        lowestPassingRaw: pre.lowestPassingRaw, largestDifference: largest?.points ?? 0,
        largestDifferenceRaw: largest?.raw ?? 0,
        changedDecisions: changed, candidatesAffected: administration.candidates(withRaw: changed),
        observedPassRate: administration.passRate(atRaw: pre.lowestPassingRaw)),
      comparison
    )
  }
}
