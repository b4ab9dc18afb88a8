import ArgumentParser
import Foundation
import ItemBank
import ItemBenchCore
import ItemResponseTheory

/// Options for reading a response CSV, shared by `analyze`, `score`, `fit` and `calibrate`.
///
/// Usage: `@OptionGroup var responseOptions: ResponseOptions`, then
/// `let responses = try responseOptions.load(path)`. The bank supplies each item's key and
/// options (letter data needs it): `--bank DIR`, or `./Items` when it exists and `--no-bank` is
/// not given. Without a bank, the header's item ids are taken as they are and cells must be 0/1
/// or missing codes.
struct ResponseOptions: ParsableArguments {
  @Option(
    name: .customLong("bank"),
    help: "The item bank with the items' keys (default: ./Items if it exists). Needed for option-letter data.")
  var bank: String?

  @Flag(name: .customLong("no-bank"), help: "Do not use a bank: 0/1 data with the header's item ids.")
  var noBank = false

  @Option(
    name: .customLong("empty-means"),
    help: "What an empty cell means: omitted, not-reached or not-presented.")
  var emptyMeans: String = MissingKind.omitted.rawValue

  @Option(
    name: .customLong("omitted-code"),
    help: "A cell text meaning omitted (repeatable; default none besides an empty cell).")
  var omittedCodes: [String] = []

  @Option(
    name: .customLong("not-reached-code"),
    help: "A cell text meaning not reached (repeatable; default NR).")
  var notReachedCodes: [String] = []

  @Option(
    name: .customLong("not-presented-code"),
    help: "A cell text meaning not presented, i.e. missing by design (repeatable; default . and NP).")
  var notPresentedCodes: [String] = []

  @OptionGroup var scoringRule: ScoringRuleOptions

  func validate() throws {
    if bank != nil && noBank {
      throw ValidationError("--bank and --no-bank cannot be used together")
    }
    guard MissingKind(rawValue: emptyMeans) != nil else {
      throw ValidationError(
        "--empty-means must be one of \(MissingKind.allCases.map(\.rawValue).joined(separator: ", ")); got '\(emptyMeans)'"
      )
    }
  }

  /// The scoring rule for omitted and not-reached responses (`--omitted`, `--not-reached`;
  /// docs/responses.md).
  var missingResponses: MissingResponseRule { scoringRule.rule }

  /// The missing-response codes these options describe.
  var missingCodes: MissingCodes {
    let defaults = MissingCodes()
    return MissingCodes(
      empty: MissingKind(rawValue: emptyMeans) ?? .omitted,
      omitted: omittedCodes,
      notReached: notReachedCodes.isEmpty ? defaults.notReached : notReachedCodes,
      notPresented: notPresentedCodes.isEmpty ? defaults.notPresented : notPresentedCodes)
  }

  /// The bank directory to use, if any: `--bank`, else `./Items` when it exists.
  var bankDirectory: String? {
    if noBank { return nil }
    if let bank { return bank }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: "Items", isDirectory: &isDirectory), isDirectory.boolValue {
      return "Items"
    }
    return nil
  }

  /// Item keys from the bank, or `nil` without a bank. Bank loading problems are printed as
  /// warnings (items that failed to load are then reported as unknown by the reader).
  func keys() throws -> [String: ItemKey]? {
    guard let directory = bankDirectory else { return nil }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      Console.error("error: the bank directory '\(directory)' does not exist")
      throw ExitStatus.usage
    }
    let bank = BankLoader.load(root: directory)
    let errors = bank.diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty {
      Console.error(
        "warning: the bank '\(directory)' has \(errors.count) loading error(s); run 'itembench summary \(directory)' to list them"
      )
    }
    var keys: [String: ItemKey] = [:]
    // Partial-credit items have no key: their scores are read as given (see 'itembench mixed').
    for item in bank.items where keys[item.id] == nil && item.isMultipleChoice {
      keys[item.id] = ItemKey(key: item.key, options: item.options.map(\.id))
    }
    return keys
  }

  /// Reads the response file at `path`. Errors are printed and become exit status 2.
  func load(_ path: String) throws -> ResponseMatrix {
    try loadWithKeys(path).matrix
  }

  /// Reads the response file at `path` and returns the bank's keys used to score it (`nil`
  /// without a bank). Errors are printed and become exit status 2.
  func loadWithKeys(_ path: String) throws -> (matrix: ResponseMatrix, keys: [String: ItemKey]?) {
    let keys = try keys()
    do {
      return (try ResponseReader.read(path: path, keys: keys, missing: missingCodes), keys)
    } catch let error as ResponseFileError {
      Console.report(error)
      throw ExitStatus.usage
    }
  }
}

/// `--omitted` and `--not-reached`: the scoring rule for missing responses
/// (``MissingResponseRule``), shared by every command that turns responses into θ estimates,
/// likelihoods or item statistics.
struct ScoringRuleOptions: ParsableArguments {
  @Option(
    name: .customLong("omitted"),
    help:
      "How omitted responses count: wrong (default), not-administered, or wrong-in-scores (wrong in candidates' scores, left out of calibration and item statistics)."
  )
  var omittedTreatment: String = MissingResponseRule.standard.omitted.rawValue

  @Option(
    name: .customLong("not-reached"),
    help: "How not-reached responses count: wrong-in-scores (default), wrong, or not-administered.")
  var notReachedTreatment: String = MissingResponseRule.standard.notReached.rawValue

  func validate() throws {
    for (flag, value) in [("--omitted", omittedTreatment), ("--not-reached", notReachedTreatment)]
    where MissingTreatment(rawValue: value) == nil {
      throw ValidationError(
        "\(flag) must be one of \(MissingTreatment.allCases.map(\.rawValue).joined(separator: ", ")); got '\(value)'")
    }
  }

  var rule: MissingResponseRule {
    MissingResponseRule(
      omitted: MissingTreatment(rawValue: omittedTreatment) ?? MissingResponseRule.standard.omitted,
      notReached: MissingTreatment(rawValue: notReachedTreatment) ?? MissingResponseRule.standard.notReached)
  }
}

/// `--format` and `--out` for commands that write a ``DataTable``.
struct TableOutputOptions: ParsableArguments {
  @Option(help: "Output format: text (terminal table), or a registered exporter (csv, json, markdown).")
  var format: String = "text"

  @Option(name: .customLong("out"), help: "Write the output to this file (atomically) instead of standard output.")
  var out: String?

  func validate() throws {
    let names = ["text"] + ExporterRegistry.shared.formatNames
    guard names.contains(format) else {
      throw ValidationError(
        "unknown format '\(format)'\(EditDistance.didYouMean(format, among: names)); expected one of \(names.joined(separator: ", "))"
      )
    }
  }

  /// Renders `table` in the chosen format and writes it to `--out` or standard output.
  func emit(_ table: DataTable) throws {
    let text: String
    if format == "text" {
      var header = ""
      for (key, value) in table.metadata { header += "\(key): \(value)\n" }
      if !header.isEmpty { header += "\n" }
      text = header + TextTable.render(header: table.columns, rows: table.rows.map { $0.map(\.plainText) })
    } else if let exporter = ExporterRegistry.shared.exporter(named: format) {
      text = try exporter.export(table)
    } else {
      Console.error("error: unknown format '\(format)'")
      throw ExitStatus.usage
    }
    do {
      try Console.emit(text, to: out)
    } catch let error as AtomicFile.WriteError {
      Console.report(error)
      throw ExitStatus.usage
    }
  }
}

extension Console {
  /// A duration as seconds with three decimals, for `--timing` output.
  static func seconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return formatDecimal(Double(seconds) + Double(attoseconds) * 1e-18, places: 3) + " s"
  }
}
