import CandidateScoring
import Equating
import ItemBank
import ItemBenchCore
import ItemResponseTheory

/// What scoring an administration's candidates gave, for the summary.
public struct ScoresOutcome: Sendable, Hashable {
  /// Which of the form's tables the scores were reported through (always `post-equated`: see
  /// ``ScoresStep``).
  public var table: String
  public var candidates: Int
  public var scored: Int
  public var passing: Int
  /// Candidates who answered no scored item (status `no-responses`, no score).
  public var noResponses: Int
  /// Domains whose numeric subscores pass Haberman's PRMSE criterion.
  public var numericDomains: [String]
  public var domains: Int

  /// passing / scored (nil when nobody was scored).
  public var passRate: Double? { scored > 0 ? Double(passing) / Double(scored) : nil }
}

/// `scores`: every candidate of the administration through the form's **post-equated** table
/// (``CandidateScoring/score(responses:responsesFile:form:scoredItems:domains:table:parameters:options:subscoreReference:subscoreReferenceName:)``):
/// raw score, scaled score, pass/fail, CSEM band and domain feedback, written as
/// `<adm>/scores/scores.csv`, `scores.json` and `reports.html` (one printable page per
/// candidate, no item text).
///
/// **Which table.** The program reports through the post-equated table, the one built from the
/// administration's own responses after placement on the bank scale: every administration has
/// one (the first, which defines the scale, has no pre-equated table), and it is the table whose
/// cut, pass rate and decision statistics the summary and `program.csv` show. An on-demand
/// program that must report at the end of the exam would report through
/// `<adm>/tables/<form>-pre-equated.csv` instead (`itembench scores --table …`); the summary's
/// pre-equating section counts the candidates whose decision the two tables would give
/// differently.
///
/// The table is read back through ``ScoreConversionTable/init(dataTable:source:)`` from the same
/// cells the CSV exporter writes to `<adm>/tables/<form>.csv`, so every decision is the table's
/// pass column at the candidate's raw score. Domain expectations at the cut use the scored
/// items' parameters on the bank scale; subscore value is judged on this administration's scored
/// candidates. Cost: O(candidates × scored items).
struct ScoresStep {
  var administration: AdministrationResponses
  var bank: ItemBank

  static let tableKind = "post-equated"

  func run(table: ConversionTable, placed: ParameterFile, writer: inout OutputWriter, write: Bool) throws
    -> ScoresOutcome
  {
    let form = administration.form
    let name = administration.name
    let source = "\(name)/tables/\(form.id).csv"
    let report: ScoreReport
    do {
      let conversion = try ScoreConversionTable(dataTable: table.dataTable(), source: source)
      report = try CandidateScoring.score(
        responses: administration.responses, responsesFile: administration.settings.responses, form: form.id,
        scoredItems: form.scoredItemIDs, domains: try ScoringDomain.domains(of: form, in: bank), table: conversion,
        parameters: placed)
    } catch let error as CandidateScoringError {
      throw CycleError("scoring the candidates of \(name) failed: \(error)")
    } catch {
      throw CycleError("scoring the candidates of \(name) failed: \(error)")
    }
    // One scoring rule for the program: the raw scores the tables' pass rates were computed from
    // must be the ones the candidates are reported.
    for (index, candidate) in report.candidates.enumerated() where candidate.status == .scored {
      guard index < administration.rawScores.count, candidate.raw == administration.rawScores[index] else {
        throw CycleError(
          "\(name): candidate \(candidate.candidate) has raw score \(candidate.raw.map(String.init) ?? "none") in the score report but \(index < administration.rawScores.count ? String(administration.rawScores[index]) : "none") in the program's analysis; the two scoring rules differ",
          at: SourceLocation(file: administration.settings.responses))
      }
    }
    if write {
      for (file, text) in report.files() {
        try writer.write(text, to: "\(name)/scores/\(file)")
      }
    }
    let scored = report.candidates.filter { $0.status == .scored }.count
    return ScoresOutcome(
      table: Self.tableKind, candidates: report.candidates.count, scored: scored,
      passing: report.candidates.filter { $0.pass == true }.count, noResponses: report.candidates.count - scored,
      numericDomains: report.domains.map(\.id).filter { report.numericDomains.contains($0) },
      domains: report.domains.count)
  }
}

extension ScoringDomain {
  /// The form's scored items grouped by content domain: the blueprint's domain order and titles,
  /// then any other domain in id order (as `itembench scores` groups them).
  public static func domains(of form: Form, in bank: ItemBank) throws -> [ScoringDomain] {
    var byDomain: [String: [String]] = [:]
    for id in form.scoredItemIDs {
      guard let item = bank.item(id) else {
        throw CandidateScoringError("scored item '\(id)' of form '\(form.id)' is not in the bank")
      }
      byDomain[item.domain, default: []].append(id)
    }
    var result: [ScoringDomain] = []
    if let blueprint = bank.blueprint(form.blueprintID) {
      for domain in blueprint.domains {
        if let items = byDomain.removeValue(forKey: domain.id) {
          result.append(ScoringDomain(id: domain.id, title: domain.title, items: items))
        }
      }
    }
    for id in byDomain.keys.sorted() { result.append(ScoringDomain(id: id, title: id, items: byDomain[id] ?? [])) }
    return result
  }
}
