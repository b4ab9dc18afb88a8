import ArgumentParser
import Foundation
import ItemBenchCore
import ItemLint

/// `itembench lint`: check item files against the item-writing rules.
struct LintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check items against structural and item-writing rules.",
    discussion: """
      Configuration: the nearest .itembench.yml at or above each PATH (or --config). \
      Suppress a finding with '# itembench:disable-next-line rule-id' above the line, or \
      '# itembench:disable rule-id' for the whole file. 'itembench rules' lists the rules.

      Exit status: 0 when no error remains (warnings allowed), 1 when an error does (or a \
      warning under --strict), 2 for a usage or configuration problem.
      """
  )

  @Argument(help: "Item files or directories to lint (default: Items).")
  var paths: [String] = []

  @Option(name: .long, help: "The configuration file (default: the nearest .itembench.yml).")
  var config: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Output format: \(LintReporterRegistry.shared.names.joined(separator: ", ")).", valueName: "name"))
  var reporter: String = "text"

  @Flag(name: .long, help: "Fail (exit status 1) on warnings as well as errors.")
  var strict = false

  @Option(name: .long, help: "Report only findings not recorded in this baseline file.")
  var baseline: String?

  @Option(name: .customLong("write-baseline"), help: "Record today's findings in this baseline file.")
  var writeBaseline: String?

  @Option(name: .long, help: "Write the report to this file instead of standard output.")
  var output: String?

  func run() throws {
    guard let renderer = LintReporterRegistry.shared.reporter(named: reporter) else {
      let names = LintReporterRegistry.shared.names
      Console.error(
        "error: unknown reporter '\(reporter)'\(EditDistance.didYouMean(reporter, among: names)); "
          + "expected one of \(names.joined(separator: ", "))")
      throw ExitStatus.usage
    }
    var report: LintReport
    do {
      report = try LintRunner.run(paths: paths, configurationFile: config, toolVersion: ItemBench.version)
    } catch let error as LintRunError {
      Console.report(error)
      throw ExitStatus.usage
    }
    if let writeBaseline {
      let directory = URL(fileURLWithPath: writeBaseline).deletingLastPathComponent().path
      try AtomicFile.write(Baseline(findings: report.findings, directory: directory).rendered(), to: writeBaseline)
    }
    if let baseline {
      let accepted: Baseline
      do {
        accepted = try Baseline.load(from: baseline)
      } catch {
        Console.report(error)
        throw ExitStatus.usage
      }
      let directory = URL(fileURLWithPath: baseline).deletingLastPathComponent().path
      report.findings = accepted.filter(report.findings, directory: directory)
    }
    try Console.emit(renderer.render(report), to: output)
    Console.error(
      "Linted \(report.files.count) file\(report.files.count == 1 ? "" : "s"): "
        + "\(report.count(.error)) error(s), \(report.count(.warning)) warning(s), \(report.count(.info)) info.")
    if report.fails(strict: strict) { throw ExitStatus.findings }
  }
}
