import ItemBenchCore
import ItemResponseTheory

/// `analyze`: classical item analysis of one administration (docs/analysis.md). The report of
/// every item (pretest included) feeds the pretest recommendations; alpha is over the scored
/// items only.
struct AnalysisStep {
  var administration: AdministrationResponses

  func run(into outcome: inout AdministrationOutcome, writer: inout OutputWriter, write: Bool) throws -> ClassicalReport
  {
    let analysis = ClassicalAnalysis.analyze(administration.responses, keys: administration.keys)
    outcome.alpha = ClassicalAnalysis.analyze(administration.scoredResponses, keys: administration.keys).test.alpha
    outcome.classicalFlags = analysis.items.filter { !$0.flags.isEmpty }.map { ($0.id, $0.flags.map(\.rawValue)) }
    if write {
      try writer.write(try CSVExporter().export(analysis.itemTable()), to: "\(administration.name)/analysis/items.csv")
      try writer.write(
        try CSVExporter().export(analysis.optionTable()), to: "\(administration.name)/analysis/options.csv")
    }
    return analysis
  }
}
