import Foundation
import ItemBenchCore
import ItemResponseTheory

/// A problem in a bank-scale file, at `file:line:column`, with the file's further problems.
///
/// Reading a bank-scale file collects every problem it can find (each field of each record is
/// checked on its own); the first, in file order, is the error itself and the rest are ``others``.
public struct BankScaleFileError: FileProblemsError, Equatable {
  public var location: SourceLocation
  public var message: String
  public var others: [BankScaleFileError] = []
  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }
}

/// Reads and writes bank-scale files (YAML, format 1; layout in docs/formats.md).
///
/// Writing is deterministic: fixed key order, every record one line (a flow mapping), numbers
/// with 6 decimals, items sorted by id and history by item then administration, so the same bank
/// gives the same bytes and a new administration shows in `git diff` as added and changed lines.
/// Reading (``parse(_:file:)``, which reports every problem of a file) is in BankScaleFileParser.swift.
public enum BankScaleFile {
  public static let format = 1
  public static let decimals = 6

  // MARK: Writing

  public static func text(_ bank: BankScale) -> String {
    var text = "# ItemBench bank scale: item parameters on the program's scale with provenance and history.\n"
    text += "# Written by `itembench cycle` (docs/formats.md, \"Bank-scale files\"). No item text.\n"
    text += "format: \(format)\n"
    text += "model: \(scalar(bank.model))\n"
    text += "scaling_constant: \(number(bank.scalingConstant))\n"
    text += "parameterization: \(quoted(BankScale.parameterization))\n"
    text += "scale:\n"
    text += "  defined_by: \(scalar(bank.definedBy))\n"
    text += "  reference_form: \(scalar(bank.referenceForm))\n"
    text +=
      "  population: {mean: \(number(bank.referencePopulation.mean)), sd: \(number(bank.referencePopulation.sd))}\n"
    text += "administrations:\n"
    for administration in bank.administrations {
      var fields = [
        "id: \(scalar(administration.id))", "form: \(scalar(administration.form))",
        "date: \(administration.date.map(quoted) ?? "null")", "candidates: \(administration.candidates)",
        "placement: \(administration.placement.rawValue)",
      ]
      if let method = administration.method { fields.append("method: \(scalar(method))") }
      if let A = administration.A { fields.append("A: \(number(A))") }
      if let B = administration.B { fields.append("B: \(number(B))") }
      fields.append("anchors: [\(administration.anchors.map(scalar).joined(separator: ", "))]")
      fields.append("dropped: [\(administration.dropped.map(scalar).joined(separator: ", "))]")
      text += "  - {\(fields.joined(separator: ", "))}\n"
    }
    text += "reference:\n"
    for item in bank.reference {
      text += "  - {id: \(scalar(item.id)), a: \(number(item.a)), b: \(number(item.b)), c: \(number(item.c))}\n"
    }
    text += bank.items.isEmpty ? "items: []\n" : "items:\n"
    for item in bank.items {
      var fields = ["id: \(scalar(item.id))", "status: \(item.status.rawValue)"]
      fields += estimateFields(item.current)
      fields.append("dropped_as_anchor: [\(item.droppedAsAnchor.map(scalar).joined(separator: ", "))]")
      if let recommendation = item.recommendation { fields.append("recommendation: \(recommendation.rawValue)") }
      text += "  - {\(fields.joined(separator: ", "))}\n"
    }
    text += bank.history.isEmpty ? "history: []\n" : "history:\n"
    for entry in bank.history {
      var fields = ["id: \(scalar(entry.id))", "event: \(entry.event.rawValue)"]
      fields += estimateFields(entry.estimate)
      if let z = entry.driftZ { fields.append("drift_z: \(fixed(z, places: 3))") }
      text += "  - {\(fields.joined(separator: ", "))}\n"
    }
    return text
  }

  private static func estimateFields(_ estimate: BankedEstimate) -> [String] {
    var fields = [
      "a: \(number(estimate.a))", "b: \(number(estimate.b))", "c: \(number(estimate.c))",
      "se_a: \(estimate.seA.map(number) ?? "null")", "se_b: \(estimate.seB.map(number) ?? "null")",
      "se_c: \(estimate.seC.map(number) ?? "null")",
    ]
    if let correlations = estimate.correlations {
      fields += [
        "r_ab: \(number(correlations.ab))", "r_ac: \(number(correlations.ac))", "r_bc: \(number(correlations.bc))",
      ]
    }
    return fields + [
      "administration: \(scalar(estimate.administration))", "placement: \(estimate.placement.rawValue)",
      "role: \(scalar(estimate.role))",
    ]
  }

  static func number(_ value: Double) -> String { fixed(value, places: decimals) }

  static func fixed(_ value: Double, places: Int) -> String {
    let text = formatDecimal(value, places: places)
    return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." })
      ? String(text.dropFirst()) : text
  }

  /// A plain scalar when it cannot be mistaken for another type, else a double-quoted one.
  static func scalar(_ value: String) -> String {
    let safe = value.unicodeScalars.allSatisfy {
      CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0)
    }
    let reserved = ["null", "true", "false", "yes", "no", "on", "off", "~"].contains(value.lowercased())
    guard !value.isEmpty, safe, !reserved, Double(value) == nil, value.first != "-", value.first != "." else {
      return quoted(value)
    }
    return value
  }

  static func quoted(_ value: String) -> String {
    var text = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\t": text += "\\t"
      default:
        if scalar.value < 0x20 {
          text += String(format: "\\x%02X", scalar.value)
        } else {
          text.unicodeScalars.append(scalar)
        }
      }
    }
    return text + "\""
  }

  /// Writes `bank` to `path` atomically.
  public static func write(_ bank: BankScale, to path: String) throws {
    try AtomicFile.write(text(bank), to: path)
  }

  // MARK: Reading

  /// Reads a bank-scale file (UTF-8; a byte that is not is reported at its line and column).
  public static func read(path: String) throws -> BankScale {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw BankScaleFileError(
        FileManager.default.fileExists(atPath: path) ? "cannot read bank-scale file" : "no such bank-scale file",
        at: SourceLocation(file: path))
    }
    switch UTF8Text.decode(data) {
    case .success(let text): return try parse(text, file: path)
    case .failure(let problem):
      throw BankScaleFileError(
        problem.message, at: SourceLocation(file: path, line: problem.line, column: problem.column))
    }
  }
}
