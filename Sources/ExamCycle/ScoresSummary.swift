import ItemBenchCore

/// The summary's "Candidate scores" section: per administration, the candidates scored, passing,
/// the pass rate among the scored, those with no responses, and the domains with numeric
/// subscores.
enum ScoresSummary {
  static func markdown(_ report: CycleReport) -> String {
    let scored = report.administrations.filter { $0.scores != nil }
    guard !scored.isEmpty else { return "" }
    var text = "## Candidate scores\n\n"
    text +=
      "| administration | form | table | candidates | scored | pass | pass rate | no responses | numeric subscores |\n"
    text += "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n"
    for outcome in scored {
      guard let scores = outcome.scores else { continue }
      let cells = [
        outcome.administration, outcome.formID, scores.table, String(scores.candidates), String(scores.scored),
        String(scores.passing), scores.passRate.map { formatDecimal(100 * $0, places: 1) + "%" } ?? "–",
        String(scores.noResponses),
        scores.numericDomains.isEmpty
          ? "none of \(scores.domains) domains"
          : "\(scores.numericDomains.joined(separator: ", ")) of \(scores.domains)",
      ]
      text += "| " + cells.joined(separator: " | ") + " |\n"
    }
    text +=
      "\nScores go through each form's post-equated table (docs/cycle.md, \"Candidate scores\"): `<administration>/scores/scores.csv`, `scores.json` and `reports.html` (a printable page per candidate). The pass rate is among the scored candidates; a candidate with no responses to the scored items gets status `no-responses` and no score. Domains without added value (Haberman's PRMSE) get categorical feedback only.\n\n"
    return text
  }
}
