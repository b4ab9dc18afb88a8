import ItemBenchCore
import ItemResponseTheory

/// `analyze`: classical item analysis of one administration (docs/analysis.md). The criterion is
/// the form's scored items: alpha and the scored items' rest scores cover them only, and pretest
/// items are analysed against the scored total (their statistics feed the pretest
/// recommendations). Missing responses follow the project's scoring rule.
struct AnalysisStep {
  var administration: AdministrationResponses

  func run(into outcome: inout AdministrationOutcome, writer: inout OutputWriter, write: Bool) throws -> ClassicalReport
  {
    var analysis = ClassicalAnalysis.analyze(
      administration.responses, keys: administration.keys, scoredItems: administration.form.scoredItemIDs,
      missingResponses: administration.missingResponses)
    analysis.scoredItemsSource = "form \(administration.form.id)"
    outcome.alpha = analysis.test.alpha
    outcome.classicalFlags = analysis.items.filter { !$0.flags.isEmpty }.map { ($0.id, $0.flags.map(\.rawValue)) }
    if write {
      try writer.write(try CSVExporter().export(analysis.itemTable()), to: "\(administration.name)/analysis/items.csv")
      try writer.write(
        try CSVExporter().export(analysis.optionTable()), to: "\(administration.name)/analysis/options.csv")
    }
    return analysis
  }
}
