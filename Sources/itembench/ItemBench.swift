import ArgumentParser
import Foundation
import ItemBenchCore

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
      DriftStudyCommand.self,
      SummaryCommand.self,
      NewItemCommand.self,
      CoverageCommand.self,
      AssembleCommand.self,
      LinkCommand.self,
      EquateCommand.self,
      MixedFormatCommand.self,
      ScaleTableCommand.self,
      StandardSettingCommand.self,
      ScoresCommand.self,
      AnalyzeCommand.self,
      ScoreCommand.self,
      FitCommand.self,
      InformationCommand.self,
      CalibrateCommand.self,
      SimulateCommand.self,
      BenchCommand.self,
      LintCommand.self,
      RulesCommand.self,
      ExportCommand.self,
      ImportCommand.self,
      DIFCommand.self,
      ReportCommand.self,
    ],
    defaultSubcommand: nil
  )

  /// Runs the command with one exit convention: 0 ok, 1 findings (a command throws
  /// `ExitStatus.findings`), 2 usage or input problems. Argument-parsing failures (ArgumentParser's
  /// own status 64) and any other error a command lets escape (an unwritable output file, an
  /// unreadable input) exit with 2 after printing the error.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if error is ExitCode {
        exit(withError: error)
      }
      let code = exitCode(for: error)
      if code == .success {
        exit(withError: error)  // --help, --version
      }
      let message =
        code == .validationFailure
        ? fullMessage(for: error)
        : (error as? any DiagnosticError)?.compilerStyle(severity: "error") ?? "\(error)"
      FileHandle.standardError.write(Data((message + "\n").utf8))
      Foundation.exit(ExitStatus.usage.rawValue)
    }
  }
}
