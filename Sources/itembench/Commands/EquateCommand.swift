import ArgumentParser
import Equating
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// `itembench equate`: raw-score equating of a new form to the base form.
struct EquateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "equate",
    abstract: "Equate a new form's raw scores to the base form (IRT true-score or observed-score).",
    discussion: """
      Both parameter files must be on one scale (link first). Writes one row per raw score 0…n of \
      the new form: raw, theta, equated. With --scale, adds the reporting-scale columns (scaled, \
      pass, csem) as 'itembench scale-table' does. See docs/equating.md.
      """
  )

  @OptionGroup var arguments: EquatingArguments

  @Option(help: "A scale file (YAML); adds the columns scaled, pass and csem.")
  var scale: String?

  func run() throws {
    let (table, summary) = try arguments.run(scalePath: scale)
    try arguments.write(table, summary: summary)
  }
}

/// Helpers shared by `link`, `equate` and `scale-table`: reading inputs with clear errors and
/// choosing an exporter.
enum EquatingInput {
  /// Reads a parameter file or exits with status 2, printing `file:line:column: error: …`.
  static func parameters(_ path: String) throws -> ParameterFile {
    do {
      var file = try ParameterFile.read(path: path)
      if file.form == nil {
        file.form = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      }
      return file
    } catch let error as ParameterFileError {
      Console.error(error.description)
      throw ExitStatus.usage
    }
  }

  /// Runs `body`, turning library errors into a message and exit status 2.
  static func run<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as EquatingError {
      Console.error(error.description)
      throw ExitStatus.usage
    } catch let error as ScaleFileError {
      Console.error(error.description)
      throw ExitStatus.usage
    } catch let error as ParameterFileError {
      Console.error(error.description)
      throw ExitStatus.usage
    }
  }

  /// The exporter for `--format`, or for the extension of `--out` (`.json`, `.md`), else CSV.
  static func exporter(format: String?, out: String?) throws -> any TableExporter {
    let registry = ExporterRegistry.shared
    if let format {
      guard let exporter = registry.exporter(named: format) else {
        Console.error(
          "error: unknown format '\(format)'\(EditDistance.didYouMean(format, among: registry.formatNames)); expected one of \(registry.formatNames.joined(separator: ", "))"
        )
        throw ExitStatus.usage
      }
      return exporter
    }
    if let out, out != "-" {
      let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
      for name in registry.formatNames {
        if let exporter = registry.exporter(named: name), exporter.fileExtension == ext { return exporter }
      }
    }
    return CSVExporter()
  }

  /// Writes a file atomically (or standard output), exiting with status 2 on failure.
  static func emit(_ text: String, to path: String?) throws {
    do {
      try Console.emit(text, to: path)
    } catch let error as AtomicFile.WriteError {
      Console.error(error.description)
      throw ExitStatus.usage
    }
  }
}

/// Options shared by `equate` and `scale-table`.
struct EquatingArguments: ParsableArguments {
  @Option(help: "The base form's parameter file (JSON or CSV).")
  var base: String

  @Option(help: "The new form's parameter file, already on the base scale (for example from 'itembench link --out').")
  var new: String

  @Option(help: "true-score (default) or observed-score.")
  var method: String = EquatingMethod.trueScore.rawValue

  @Option(
    name: .customLong("new-weight"), parsing: .unconditional,
    help: "Synthetic-population weight of the new-form group (observed-score equating and decision statistics), 0…1.")
  var newWeight: Double = 1

  @Option(help: "The JSON written by 'itembench link --format json', to name the linking constants in the output.")
  var linking: String?

  @Option(help: "Output file (CSV by default; .json or .md choose JSON or Markdown). Standard output when omitted.")
  var out: String?

  @Option(help: "csv, json or markdown (overrides the --out extension).")
  var format: String?

  func validate() throws {
    try OptionCheck.number("--new-weight", newWeight, in: 0...1)
  }

  func options() throws -> EquatingOptions {
    guard let method = EquatingMethod(rawValue: self.method) else {
      Console.error(
        "error: unknown equating method '\(self.method)'\(EditDistance.didYouMean(self.method, among: EquatingMethod.allCases.map(\.rawValue))); expected true-score or observed-score"
      )
      throw ExitStatus.usage
    }
    var options = EquatingOptions(method: method)
    options.newGroupWeight = newWeight
    if let linking {
      guard let data = FileManager.default.contents(atPath: linking), let text = String(data: data, encoding: .utf8)
      else {
        Console.error("\(linking): error: cannot read linking file")
        throw ExitStatus.usage
      }
      options.linking = try EquatingInput.run { try LinkingSummary.parseJSON(text, file: linking) }
    }
    return options
  }

  /// Equates and, with a scale, builds the table; returns the table to export and a summary line.
  func run(scalePath: String?) throws -> (DataTable, String?) {
    let baseFile = try EquatingInput.parameters(base)
    let newFile = try EquatingInput.parameters(new)
    let options = try options()
    return try EquatingInput.run {
      let result = try IRTEquating.equate(base: baseFile, new: newFile, options: options)
      guard let scalePath else { return (result.dataTable(), nil) }
      let scale = try ScaleSpecification.read(path: scalePath)
      let table = try ScaleTableBuilder.build(equating: result, base: baseFile, new: newFile, scale: scale)
      let summary =
        "\(result.newForm) -> \(result.baseForm): lowest passing raw score \(table.lowestPassingRaw.map(String.init) ?? "none"); "
        + "accuracy \(formatDecimal(table.decision.accuracy, places: 4)), consistency \(formatDecimal(table.decision.consistency, places: 4)), "
        + "expected pass rate \(formatDecimal(table.decision.expectedPassRate, places: 4))"
      return (table.dataTable(), summary)
    }
  }

  func write(_ table: DataTable, summary: String?) throws {
    let exporter = try EquatingInput.exporter(format: format, out: out)
    let text = try exporter.export(table)
    try EquatingInput.emit(text, to: out)
    if let summary, let out, out != "-" {
      print("wrote \(out)")
      print(summary)
    }
  }
}
