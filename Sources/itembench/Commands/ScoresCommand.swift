import ArgumentParser
import CandidateScoring
import ExamCycle
import Foundation
import ItemBank
import ItemBenchCore
import ItemResponseTheory

/// `itembench scores`: every candidate's score report through the form's conversion table.
struct ScoresCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scores",
    abstract:
      "Score every candidate of an administration through the form's conversion table: scores.csv, scores.json, reports.html.",
    discussion: """
      Raw score = scored items correct (omitted, not-reached and not-presented responses count as \
      incorrect); scaled score, pass/fail and CSEM are looked up in the table that \
      `itembench scale-table` writes (CSV or JSON). A candidate who answered no scored item gets \
      status no-responses and no score. Domain feedback compares each domain with a borderline \
      candidate at the table's θ cut (± --feedback-width conditional SEMs); numeric domain scores \
      are printed only for domains that pass Haberman's PRMSE criterion. Writes scores.csv, \
      scores.json and reports.html (a printable page per candidate) into --out. See docs/scores.md.
      """
  )

  @Argument(help: "The administration's response CSV file.")
  var responses: String

  @Option(help: "The form (an id in the bank's forms/).")
  var form: String

  @Option(help: "The form's conversion table (CSV or JSON from itembench scale-table).")
  var table: String

  @Option(
    name: [.customLong("parameters"), .customLong("params")],
    help: "The form's IRT parameters on the base scale (domain expectations at the cut).")
  var parameters: String

  @Option(name: .customLong("out"), help: "The output folder.")
  var out: String

  @Option(name: .customLong("feedback-width"), help: "Half-width of the 'near' band in conditional SEMs at the cut.")
  var feedbackWidth: Double = 1

  @Option(
    name: .customLong("borderline-theta"), parsing: .unconditional,
    help: "The borderline θ (default: the table's θ cut).")
  var borderlineTheta: Double?

  @Option(
    name: .customLong("subscore-reference"),
    help: "Judge subscore value (PRMSE) on these responses instead of this administration's.")
  var subscoreReference: String?

  @OptionGroup var responseOptions: ResponseOptions

  func validate() throws {
    guard feedbackWidth > 0, feedbackWidth.isFinite else { throw ValidationError("--feedback-width must be positive") }
  }

  func run() throws {
    do {
      let directory = responseOptions.bankDirectory ?? "Items"
      let bank = BankLoader.load(root: directory)
      guard let found = bank.form(form) else {
        throw CandidateScoringError(
          "form '\(form)' is not in \(directory)/forms\(EditDistance.didYouMean(form, among: bank.forms.map(\.id)))")
      }
      let scored = found.scoredItemIDs
      let domains = try ScoringDomain.domains(of: found, in: bank)
      let conversion = try ScoreConversionTable.read(path: table)
      let parameterFile = try readParameters(parameters)
      let matrix = try responseOptions.load(responses)
      let reference = try subscoreReference.map { try responseOptions.load($0) }
      let report = try CandidateScoring.score(
        responses: matrix, responsesFile: responses, form: form, scoredItems: scored, domains: domains,
        table: conversion,
        parameters: parameterFile,
        options: CandidateScoringOptions(feedbackWidth: feedbackWidth, borderlineTheta: borderlineTheta),
        subscoreReference: reference, subscoreReferenceName: subscoreReference)
      for (name, text) in report.files() {
        try AtomicFile.write(text, to: (out as NSString).appendingPathComponent(name))
      }
      let scoredCount = report.candidates.filter { $0.status == .scored }.count
      let passing = report.candidates.filter { $0.pass == true }.count
      var summary =
        "\(report.candidates.count) candidates: \(scoredCount) scored, \(passing) pass, \(report.candidates.count - scoredCount) with no responses\n"
      for value in report.subscores {
        let s = value.prmseSubscore.map { formatDecimal($0, places: 3) } ?? "n/a"
        let x = value.prmseTotal.map { formatDecimal($0, places: 3) } ?? "n/a"
        summary +=
          "  \(value.domain): \(value.items) items, PRMSE_s \(s), PRMSE_x \(x): \(value.addedValue ? "numeric subscore" : "feedback only")\n"
      }
      summary += "wrote scores.csv, scores.json, reports.html to \(out)\n"
      FileHandle.standardOutput.write(Data(summary.utf8))
    } catch let error as CandidateScoringError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as AtomicFile.WriteError {
      Console.report(error)
      throw ExitStatus.usage
    }
  }
}
