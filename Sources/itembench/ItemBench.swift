import ArgumentParser
import Foundation

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
      CycleCommand.self,
      SummaryCommand.self,
      NewItemCommand.self,
      CoverageCommand.self,
      LinkCommand.self,
      EquateCommand.self,
      ScaleTableCommand.self,
      AnalyzeCommand.self,
      ScoreCommand.self,
      FitCommand.self,
      InformationCommand.self,
      CalibrateCommand.self,
      SimulateCommand.self,
      BenchCommand.self,
      LintCommand.self,
      RulesCommand.self,
    ],
    defaultSubcommand: nil
  )

  /// Runs the command, mapping argument-parsing failures (ArgumentParser's exit 64) to the
  /// documented usage status 2, so scripts see one convention: 0 ok, 1 findings, 2 usage.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(ExitStatus.usage.rawValue)
      }
      exit(withError: error)
    }
  }
}
