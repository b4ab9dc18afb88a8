import ArgumentParser
import ExamCycle
import Foundation
import ItemBenchCore

/// `itembench cycle`: the whole exam cycle on the project, in one command.
struct CycleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cycle",
    abstract:
      "Run the exam program: lint, coverage, then every administration onto the bank scale, pre- and post-equated.",
    discussion: """
      With no arguments, uses ./itembench.yml if present (else the defaults: the bank in Items/, \
      the administrations of forms form-a, form-b and form-c with their responses in \
      Items/responses/, the scale Items/scales/cpim.yml). Each administration is analysed, \
      pre-equated from the bank when all its scored items are banked, calibrated, put on the \
      bank scale (the first defines it; later ones through their anchors, with the drift screen), \
      and post-equated; the bank after each is written. Everything goes to ./output, which git \
      ignores, built in a staging folder and swapped in whole at the end. Progress goes to \
      standard error; the summary (output/summary.md) to standard output. Exit status: 0 when \
      every check passed, 1 when lint found errors, coverage failed or a calibration did not \
      converge, 2 for unreadable input or bad options (the previous output is then kept). See \
      docs/cycle.md.
      """
  )

  @Option(help: "The project file (default: ./itembench.yml when it exists).")
  var config: String?

  @Option(help: "The output directory (overrides the project file).")
  var output: String?

  @Option(
    help:
      "Comma-separated steps to run (lint,coverage,analyze,calibrate,link,equate,tables,scores,report); default all.")
  var steps: String?

  @Flag(name: .shortAndLong, help: "Print no progress.")
  var quiet = false

  func run() throws {
    var project: ProjectConfiguration
    do {
      if let config {
        project = try ProjectConfiguration.read(path: config)
      } else if FileManager.default.fileExists(atPath: ProjectConfiguration.defaultFileName) {
        project = try ProjectConfiguration.read(path: ProjectConfiguration.defaultFileName)
      } else {
        project = ProjectConfiguration()
      }
    } catch {
      Console.report(error)
      throw ExitStatus.usage
    }
    if let output { project.output = output }
    var selected = CycleStep.allCases
    if let steps {
      selected = []
      for name in steps.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
        guard let step = CycleStep(rawValue: name) else {
          Console.error(
            "error: unknown step '\(name)'\(EditDistance.didYouMean(name, among: CycleStep.allCases.map(\.rawValue))); expected some of \(CycleStep.allCases.map(\.rawValue).joined(separator: ","))"
          )
          throw ExitStatus.usage
        }
        selected.append(step)
      }
    }
    let quiet = quiet
    var runner = ExamCycleRunner(configuration: project, steps: selected) { line in
      if !quiet { Console.error(line) }
    }
    runner.toolVersion = ItemBench.version
    let report: CycleReport
    do {
      report = try runner.run()
    } catch {
      Console.report(error)
      throw ExitStatus.usage
    }
    if let summary = FileManager.default.contents(atPath: project.output + "/summary.md") {
      FileHandle.standardOutput.write(summary)
    }
    if report.failed { throw ExitStatus.findings }
  }
}
