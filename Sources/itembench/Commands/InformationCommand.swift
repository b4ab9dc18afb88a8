import ArgumentParser
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// `itembench information`: test information and conditional SEM on a θ grid.
struct InformationCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "information",
    abstract: "Test information, conditional SEM and expected score on a θ grid.",
    discussion: """
      Model: P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))), D from the parameter file. \
      I(θ) = Σ (D·a)²·(Q/P)·((P − c)/(1 − c))², CSEM(θ) = 1/√I(θ), expected score Σ P(θ). \
      Default grid: −4 to 4 by 0.5. --items restricts to some items (a form); --per-item adds \
      one information column per item. See docs/analysis.md.
      """
  )

  @Option(name: [.customLong("parameters"), .customLong("params")], help: "The parameter file (JSON or CSV).")
  var parameters: String

  @OptionGroup var output: TableOutputOptions

  @Option(name: .customLong("from"), parsing: .unconditional, help: "First θ of the grid.")
  var lower: Double = -4

  @Option(name: .customLong("to"), parsing: .unconditional, help: "Last θ of the grid.")
  var upper: Double = 4

  @Option(parsing: .unconditional, help: "Grid step.")
  var step: Double = 0.5

  @Option(name: .customLong("items"), help: "Comma-separated item ids to include (default: all).")
  var itemList: String?

  @Flag(name: .customLong("per-item"), help: "Add one information column per item.")
  var perItem = false

  func validate() throws {
    try OptionCheck.number("--from", lower, in: -1_000...1_000)
    try OptionCheck.number("--to", upper, in: -1_000...1_000)
    try OptionCheck.number("--step", step, in: 0...2_000, excludingLower: true)
    guard upper >= lower, (upper - lower) / step <= 100_000 else {
      throw ValidationError("need --step > 0, --to ≥ --from, and at most 100,000 grid points")
    }
  }

  func run() throws {
    var parameterFile = try readParameters(parameters)
    if let itemList {
      let wanted = itemList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      let known = Set(parameterFile.items.map(\.id))
      for id in wanted where !known.contains(id) {
        Console.error("error: item '\(id)' is not in \(parameters)\(EditDistance.didYouMean(id, among: known))")
        throw ExitStatus.usage
      }
      let keep = Set(wanted)
      parameterFile.items = parameterFile.items.filter { keep.contains($0.id) }
    }
    do {
      try ThetaScoring.validate(parameterFile.items)
    } catch let error as ScoringError {
      Console.report(error, in: parameters)
      throw ExitStatus.usage
    }
    let thetas = TestInformation.grid(from: lower, to: upper, step: step)
    try output.emit(TestInformation.table(parameters: parameterFile, thetas: thetas, perItem: perItem))
  }
}
