import ArgumentParser
import Equating
import Foundation
import ItemBank
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
      Console.report(error)
      throw ExitStatus.usage
    }
  }

  /// Runs `body`, turning library errors into a message and exit status 2.
  static func run<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as EquatingError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as ScaleFileError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as ParameterFileError {
      Console.report(error)
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
      Console.report(error)
      throw ExitStatus.usage
    }
  }
}

/// The forms whose scored items a table covers: `--form`, `--base-form` and the bank holding
/// them, shared by `equate` and `scale-table`.
struct FormSelectionOptions: ParsableArguments {
  @Option(
    help: """
      The new form (a form id of --bank, or a form file): use only its scored items of --new (pretest items are \
      never scored). Without it the table covers every item of --new, and the metadata (new_items) says so.
      """)
  var form: String?

  @Option(
    name: .customLong("base-form"),
    help: "The base form (a form id of --bank, or a form file): use only its scored items of --base.")
  var baseForm: String?

  @Option(help: "The item bank holding the forms (--form, --base-form, and scale-table's --pre-equate).")
  var bank = "Items"
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

  @OptionGroup var forms: FormSelectionOptions

  var form: String? { forms.form }
  var baseForm: String? { forms.baseForm }
  var bank: String { forms.bank }

  func validate() throws {
    try OptionCheck.number("--new-weight", newWeight, in: 0...1)
  }

  /// `file`'s items restricted to the scored items of `formArgument`, or all of them; with a
  /// plain statement of which item set was used (for the metadata), and a note on standard
  /// error when the file holds a bank form's pretest items and no form was given.
  func itemSet(_ file: ParameterFile, path: String, formArgument: String?, flag: String) throws -> (
    ParameterFile, String
  ) {
    guard let formArgument else {
      var statement = "all \(file.items.count) items of \(path) (no \(flag) given)"
      var isDirectory: ObjCBool = false
      if let id = file.form, FileManager.default.fileExists(atPath: bank, isDirectory: &isDirectory),
        isDirectory.boolValue, let known = BankLoader.load(root: bank).form(id)
      {
        let pretest = Set(known.pretestItemIDs)
        let included = file.items.filter { pretest.contains($0.id) }.count
        if included > 0 {
          statement += "; \(included) of them are pretest items of form \(id)"
          Console.error(
            "warning: \(path) holds \(included) pretest item(s) of form '\(id)', which count in this table's raw scores; give \(flag) \(id) to use its \(known.scoredItemIDs.count) scored items"
          )
        }
      }
      return (file, statement)
    }
    let found = try FormLoading.load(formArgument, bank: bank)
    let byID = Dictionary(file.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let absent = found.scoredItemIDs.filter { byID[$0] == nil }
    guard absent.isEmpty else {
      Console.error(
        "\(path): error: no parameters for \(absent.count) scored item(s) of form '\(found.id)': \(absent.prefix(5).joined(separator: ", "))"
      )
      throw ExitStatus.usage
    }
    var restricted = file
    let scored = Set(found.scoredItemIDs)
    restricted.items = file.items.filter { scored.contains($0.id) }
    let dropped = file.items.count - restricted.items.count
    return (
      restricted,
      "the \(restricted.items.count) scored items of form \(found.id) (\(dropped) other item(s) of \(path) left out)"
    )
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
    let (baseFile, baseItems) = try itemSet(
      try EquatingInput.parameters(base), path: base, formArgument: baseForm, flag: "--base-form")
    let (newFile, newItems) = try itemSet(
      try EquatingInput.parameters(new), path: new, formArgument: form, flag: "--form")
    let options = try options()
    func labelled(_ table: DataTable) -> DataTable {
      var table = table
      table.metadata += [("new_items", newItems), ("base_items", baseItems)]
      return table
    }
    return try EquatingInput.run {
      let result = try IRTEquating.equate(base: baseFile, new: newFile, options: options)
      guard let scalePath else { return (labelled(result.dataTable()), nil) }
      let scale = try ScaleSpecification.read(path: scalePath)
      let table = try ScaleTableBuilder.build(equating: result, base: baseFile, new: newFile, scale: scale)
      let summary =
        "\(result.newForm) -> \(result.baseForm): lowest passing raw score \(table.lowestPassingRaw.map(String.init) ?? "none"); "
        + "accuracy \(formatDecimal(table.decision.accuracy, places: 4)), consistency \(formatDecimal(table.decision.consistency, places: 4)), "
        + "expected pass rate \(formatDecimal(table.decision.expectedPassRate, places: 4))"
      return (labelled(table.dataTable()), summary)
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
