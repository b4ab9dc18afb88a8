import ArgumentParser
import ItemBenchCore
import ItemResponseTheory

/// `itembench analyze`: classical item analysis of a response file.
struct AnalyzeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyze",
    abstract: "Classical item analysis: p-values, corrected point-biserials, distractors, omits, alpha, SEM.",
    discussion: """
      Reads a response CSV (see docs/responses.md) and reports per item: administered count, \
      p-value, corrected point-biserial (with the rest score), omit and not-reached rates, \
      alpha if item deleted, and flags; the test's alpha and SEM are in the metadata. \
      --table options gives the distractor analysis (proportion and point-biserial per option; \
      needs option letters in the data). Item sets: alpha, SEM and the score moments cover the \
      scored items, and a scored item's point-biserial uses the rest score on the scored items; \
      pretest items are analysed against the scored total and never enter alpha. The scored \
      items are those of --form (a form id of the bank or a form file), else of the bank's one \
      form whose items are exactly the file's columns; without one, every item is scored, and \
      the metadata says so. Omitted and not-reached responses follow --omitted and \
      --not-reached. Exits 0, or 1 with --fail-on-flags when an item is flagged. See \
      docs/analysis.md.
      """
  )

  @Argument(help: "The response CSV file.")
  var responses: String

  @OptionGroup var responseOptions: ResponseOptions
  @OptionGroup var output: TableOutputOptions

  @Option(
    help:
      "The form whose scored items are the criterion (a form id of the bank, or a form file). Default: the bank's form with exactly the file's items, if there is one."
  )
  var form: String?

  @Flag(
    name: .customLong("all-items"),
    help: "Treat every item of the file as scored (alpha and point-biserials over all items).")
  var allItems = false

  @Option(help: "Which table: items (one row per item) or options (distractor analysis).")
  var table: String = "items"

  @Option(
    name: .customLong("min-discrimination"), parsing: .unconditional,
    help: "Flag low-discrimination below this corrected point-biserial.")
  var minimumDiscrimination: Double = 0.20

  @Option(name: .customLong("low-p"), parsing: .unconditional, help: "Flag p-near-0 below this p-value.")
  var lowP: Double = 0.05

  @Option(name: .customLong("high-p"), parsing: .unconditional, help: "Flag p-near-1 above this p-value.")
  var highP: Double = 0.95

  @Option(
    name: .customLong("max-distractor-pbis"), parsing: .unconditional,
    help: "Flag distractor-positive when a distractor's point-biserial is above this.")
  var maximumDistractorCorrelation: Double = 0

  @Flag(name: .customLong("fail-on-flags"), help: "Exit 1 when any item is flagged.")
  var failOnFlags = false

  @Flag(help: "Print the time spent reading the responses and analysing them on standard error.")
  var timing = false

  func validate() throws {
    guard ["items", "options"].contains(table) else {
      throw ValidationError("--table must be items or options; got '\(table)'")
    }
    try OptionCheck.number("--min-discrimination", minimumDiscrimination, in: -1...1)
    try OptionCheck.number("--max-distractor-pbis", maximumDistractorCorrelation, in: -1...1)
    try OptionCheck.number("--low-p", lowP, in: 0...1)
    try OptionCheck.number("--high-p", highP, in: 0...1)
    if form != nil && allItems { throw ValidationError("--form and --all-items cannot be used together") }
    guard lowP <= highP else {
      throw ValidationError("--low-p and --high-p must be proportions with low ≤ high")
    }
  }

  func run() throws {
    let clock = ContinuousClock()
    let start = clock.now
    let (matrix, keys) = try responseOptions.loadWithKeys(responses)
    let loaded = clock.now
    let thresholds = ClassicalThresholds(
      minimumDiscrimination: minimumDiscrimination, lowP: lowP, highP: highP,
      maximumDistractorCorrelation: maximumDistractorCorrelation)
    let (scoredItems, source) = try scoredItemSet(matrix)
    var report = ClassicalAnalysis.analyze(
      matrix, keys: keys, thresholds: thresholds, scoredItems: scoredItems,
      missingResponses: responseOptions.missingResponses)
    report.scoredItemsSource = source
    if scoredItems == nil {
      Console.error(
        "note: every item of \(responses) is treated as scored (\(source)); give --form to analyse pretest items apart")
    }
    if timing {
      Console.error(
        "read \(matrix.candidateCount) × \(matrix.itemCount) responses: \(Console.seconds(loaded - start)); analysis: \(Console.seconds(clock.now - loaded))"
      )
    }
    if table == "options" && report.items.allSatisfy({ $0.options.isEmpty }) {
      Console.error("warning: no option letters in the data; the distractor table is empty")
    }
    try output.emit(table == "items" ? report.itemTable() : report.optionTable())
    let flagged = report.items.filter { !$0.flags.isEmpty }
    if !flagged.isEmpty {
      Console.error("\(flagged.count) of \(report.items.count) items flagged")
      if failOnFlags { throw ExitStatus.findings }
    }
  }

  /// The criterion items and where they come from: `--form`, or the bank's one form with exactly
  /// the file's items; nil (every item) with `--all-items` or when no form matches.
  private func scoredItemSet(_ matrix: ResponseMatrix) throws -> ([String]?, String) {
    if allItems { return (nil, "--all-items") }
    let bank = responseOptions.bankDirectory ?? "Items"
    if let form {
      let found = try FormLoading.load(form, bank: bank)
      try FormLoading.requireScoredColumns(of: found, in: matrix, responses: responses)
      return (found.scoredItemIDs, "form \(found.id)")
    }
    if let directory = responseOptions.bankDirectory,
      let found = FormLoading.matching(itemIDs: matrix.itemIDs, bank: directory)
    {
      return (found.scoredItemIDs, "form \(found.id) (its items are the file's columns)")
    }
    return (nil, "no form given or matching the file's items")
  }
}
