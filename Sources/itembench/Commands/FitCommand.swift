import ArgumentParser
import ItemBenchCore
import ItemResponseTheory

/// `itembench fit`: item fit of a parameter file to response data.
struct FitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Item fit: S-X² (Orlando–Thissen) for every model, infit/outfit mean squares for Rasch/1PL.",
    discussion: """
      Model: P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))). S-X² uses the candidates who saw \
      every item with parameters, 61 quadrature points on [−6, 6] over the parameter file's \
      latent distribution, and combines adjacent score groups until every expected count is at \
      least --min-expected; flagged when p < --significance. Infit/outfit use ML θ and are \
      flagged outside [--mean-square-low, --mean-square-high]. Omits count as incorrect. \
      Exits 0, or 1 with --fail-on-flags when an item is flagged. See docs/analysis.md.
      """
  )

  @Argument(help: "The response CSV file.")
  var responses: String

  @Option(name: [.customLong("parameters"), .customLong("params")], help: "The parameter file (JSON or CSV).")
  var parameters: String

  @OptionGroup var responseOptions: ResponseOptions
  @OptionGroup var output: TableOutputOptions

  @Option(
    name: .customLong("min-expected"), parsing: .unconditional,
    help: "Minimum expected count per S-X² cell when combining score groups.")
  var minimumExpected: Double = 1

  @Option(parsing: .unconditional, help: "Flag sx2-misfit when the S-X² p-value is below this.")
  var significance: Double = 0.01

  @Option(
    name: .customLong("mean-square-low"), parsing: .unconditional,
    help: "Flag infit/outfit mean squares below this (Rasch/1PL).")
  var meanSquareLow: Double = 0.7

  @Option(
    name: .customLong("mean-square-high"), parsing: .unconditional,
    help: "Flag infit/outfit mean squares above this (Rasch/1PL).")
  var meanSquareHigh: Double = 1.3

  @Flag(name: .customLong("fail-on-flags"), help: "Exit 1 when any item is flagged.")
  var failOnFlags = false

  func validate() throws {
    try OptionCheck.number("--min-expected", minimumExpected, in: 0...1_000_000)
    try OptionCheck.number("--significance", significance, in: 0...1, excludingLower: true, excludingUpper: true)
    try OptionCheck.number("--mean-square-low", meanSquareLow, in: 0...1_000)
    try OptionCheck.number("--mean-square-high", meanSquareHigh, in: 0...1_000)
    guard meanSquareLow < meanSquareHigh else {
      throw ValidationError("--mean-square-low must be below --mean-square-high")
    }
  }

  func run() throws {
    let parameterFile = try readParameters(parameters)
    let matrix = try responseOptions.load(responses)
    var options = FitOptions(
      minimumExpected: minimumExpected, significance: significance,
      meanSquareRange: meanSquareLow...meanSquareHigh)
    options.missingResponses = responseOptions.missingResponses
    let report: FitReport
    do {
      report = try ItemFit.analyze(matrix, parameters: parameterFile, options: options)
    } catch let error as ScoringError {
      Console.report(error)
      throw ExitStatus.usage
    }
    warnAboutItemsWithoutParameters(report.itemsWithoutParameters)
    if report.sx2Candidates == 0 {
      Console.error("warning: no candidate saw every item with parameters; S-X² could not be computed")
    }
    try output.emit(report.table())
    let flagged = report.items.filter { !$0.flags.isEmpty }
    if !flagged.isEmpty {
      Console.error("\(flagged.count) of \(report.items.count) items flagged")
      if failOnFlags { throw ExitStatus.findings }
    }
  }
}
