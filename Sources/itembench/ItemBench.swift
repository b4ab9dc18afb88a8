import ArgumentParser

/// The `itembench` command: a thin layer that parses arguments, calls the libraries and renders.
@main
struct ItemBench: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "itembench",
    abstract: "Author, lint, validate, calibrate and equate certification exam items.",
    discussion: """
      Items are YAML files tagged by content domain. The default bank is ./Items \
      (blueprints in Items/blueprints, forms in Items/forms).
      """,
    version: version,
    subcommands: [
      SummaryCommand.self,
      NewItemCommand.self,
      AnalyzeCommand.self,
      ScoreCommand.self,
      FitCommand.self,
      InformationCommand.self,
    ],
    defaultSubcommand: nil
  )
}
