import ArgumentParser
import FairnessAnalysis
import Foundation
import ItemBank
import ItemBenchCore
import ItemResponseTheory

/// `itembench dif`: differential item functioning between two candidate groups.
struct DIFCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dif",
    abstract: "Differential item functioning: Mantel-Haenszel (ETS A/B/C), STD P-DIF, logistic regression.",
    discussion: """
      Reads a response CSV (docs/responses.md) and a candidates file naming each candidate's \
      groups (docs/dif.md), and compares the reference and focal groups of --variable item by \
      item, matched on the number-correct score. One row per item: group sizes and p-values, \
      MH alpha, delta (ETS D-DIF) and its SE, MH chi-square, the ETS class, STD P-DIF, and the \
      logistic-regression uniform, non-uniform and total tests with Nagelkerke R-squared \
      changes and the Jodoin-Gierl class. Exits 0, or 1 with --fail-on-c when an item is C.
      """
  )

  @Argument(help: "The response CSV file.")
  var responses: String

  @Option(name: .customLong("candidates"), help: "The candidates file (candidate id column, then group variables).")
  var candidates: String?

  @Option(
    name: .customLong("group-column"),
    help:
      "A column of the response file holding a group variable instead of a candidates file (repeatable; --variable picks one; default variable: the first)."
  )
  var groupColumns: [String] = []

  @Option(help: "The group variable (a column of the candidates file or a --group-column; default group).")
  var variable: String?

  @Option(help: "The reference group's value.")
  var reference: String = "reference"

  @Option(help: "The focal group's value.")
  var focal: String = "focal"

  @Option(
    help:
      "Match on the scored items of this form of the bank (all its items are studied); default: every item in the file."
  )
  var form: String?

  @Option(
    name: .customLong("min-group-size"),
    help: "The fewest candidates of each group who saw an item for it to be analysed.")
  var minimumGroupSize: Int = 100

  @Option(help: "Significance level of the tests.")
  var significance: Double = 0.05

  @Flag(help: "Two-stage purification: remove C items from the matching score and analyse again.")
  var purify = false

  @Flag(name: .customLong("fail-on-c"), help: "Exit 1 when any item is classified C by Mantel-Haenszel.")
  var failOnC = false

  @OptionGroup var responseOptions: ResponseOptions
  @OptionGroup var output: TableOutputOptions

  func validate() throws {
    guard (candidates == nil) != groupColumns.isEmpty else {
      throw ValidationError(
        "give the groups either as --candidates FILE or as --group-column NAME, not both or neither")
    }
    guard minimumGroupSize >= 1 else {
      throw ValidationError("--min-group-size must be at least 1; got \(minimumGroupSize)")
    }
    guard significance > 0, significance < 1 else {
      throw ValidationError("--significance must be between 0 and 1; got \(significance)")
    }
  }

  func run() throws {
    var options = DIFOptions(minimumGroupSize: minimumGroupSize, significance: significance, purify: purify)
    options.missingResponses = responseOptions.missingResponses
    let report: DIFReport
    if let candidates {
      let (matrix, _) = try responseOptions.loadWithKeys(responses)
      report = try DIFRunner.run(
        matrix: matrix, candidatesPath: candidates, variable: variable ?? "group", reference: reference, focal: focal,
        form: form, bankDirectory: responseOptions.bankDirectory, options: options)
    } else {
      let (matrix, file) = try loadWithGroupColumns()
      report = try DIFRunner.run(
        matrix: matrix, candidateFile: file, variable: variable ?? groupColumns[0], reference: reference,
        focal: focal, form: form, bankDirectory: responseOptions.bankDirectory, options: options)
    }
    try output.emit(report.dataTable())
    Console.error(DIFRunner.summary(report))
    if failOnC && !report.cItems.isEmpty { throw ExitStatus.findings }
  }
}

extension DIFCommand {
  /// The responses with the group columns taken out (docs/dif.md), read with the bank's keys,
  /// and the group columns as a candidates file.
  func loadWithGroupColumns() throws -> (ResponseMatrix, CandidateFile) {
    guard let data = FileManager.default.contents(atPath: responses) else {
      Console.error("\(responses): error: cannot read the response file")
      throw ExitStatus.usage
    }
    guard let text = String(data: data, encoding: .utf8) else {
      Console.error("\(responses):1:1: error: the response file is not UTF-8 text")
      throw ExitStatus.usage
    }
    do {
      let (file, rest) = try CandidateFile.extract(groupColumns: groupColumns, fromResponses: text, file: responses)
      let matrix = try ResponseReader.parse(
        text: rest, file: responses, keys: try responseOptions.keys(), missing: responseOptions.missingCodes)
      return (matrix, file)
    } catch let error as CandidateFileError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as ResponseFileError {
      Console.report(error)
      throw ExitStatus.usage
    }
  }
}

/// Shared by `itembench dif` and `itembench report`: groups from the candidates file, the
/// matching items from the form, then the analysis; errors printed, exit status 2.
enum DIFRunner {
  static func run(
    matrix: ResponseMatrix, candidatesPath: String, variable: String, reference: String, focal: String, form: String?,
    bankDirectory: String?, options: DIFOptions
  ) throws -> DIFReport {
    let file: CandidateFile
    do {
      file = try CandidateFile.read(path: candidatesPath)
    } catch let error as CandidateFileError {
      Console.report(error)
      throw ExitStatus.usage
    }
    return try run(
      matrix: matrix, candidateFile: file, variable: variable, reference: reference, focal: focal, form: form,
      bankDirectory: bankDirectory, options: options)
  }

  static func run(
    matrix: ResponseMatrix, candidateFile file: CandidateFile, variable: String, reference: String, focal: String,
    form: String?, bankDirectory: String?, options: DIFOptions
  ) throws -> DIFReport {
    var options = options
    let candidatesPath = file.file
    do {
      let groups = try file.groups(for: matrix.candidateIDs, variable: variable, reference: reference, focal: focal)
      if groups.notInCandidateFile > 0 {
        Console.error(
          "warning: \(groups.notInCandidateFile) candidate(s) of the responses are not in \(candidatesPath); they are left out"
        )
      }
      if let form {
        guard let bankDirectory else {
          Console.error("error: --form needs the bank (--bank DIR)")
          throw ExitStatus.usage
        }
        let bank = BankLoader.load(root: bankDirectory)
        guard let found = bank.form(form) else {
          Console.error(
            "error: form '\(form)' is not in \(bankDirectory)/forms\(EditDistance.didYouMean(form, among: bank.forms.map(\.id)))"
          )
          throw ExitStatus.usage
        }
        try FormLoading.requireScoredColumns(of: found, in: matrix, responses: nil)
        options.matchingItems = found.scoredItemIDs
      }
      return try DIFAnalysis.analyze(matrix, groups: groups, options: options)
    } catch let error as CandidateFileError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as DIFDegenerate {
      Console.error("error: \(error.reason)")
      throw ExitStatus.usage
    }
  }

  /// `N items: A a, B b, C c (C: ids); LR large: …` for standard error.
  static func summary(_ report: DIFReport) -> String {
    let categories = report.items.compactMap { $0.mantelHaenszel?.category.letter }
    let count = { (letter: String) in categories.filter { $0 == letter }.count }
    var text =
      "\(report.items.count) items, \(report.referenceCandidates) \(report.groups.reference) and \(report.focalCandidates) \(report.groups.focal) candidates: "
    text += "ETS A \(count("A")), B \(count("B")), C \(count("C"))"
    let unanalysed = report.items.count - categories.count
    if unanalysed > 0 { text += ", not classified \(unanalysed)" }
    if !report.cItems.isEmpty { text += " (C: \(report.cItems.joined(separator: ", ")))" }
    let large = report.items.filter { $0.logistic?.category == .C }.map(\.id)
    let moderate = report.items.filter { $0.logistic?.category == .B }.map(\.id)
    text += "; logistic regression moderate \(moderate.count), large \(large.count)"
    if !large.isEmpty { text += " (\(large.joined(separator: ", ")))" }
    return text
  }
}
