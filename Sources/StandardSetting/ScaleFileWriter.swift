import Equating
import Foundation
import ItemBenchCore

/// Where a cut came from, written into the scale file's `standard_setting` block.
public struct StandardSettingProvenance: Sendable, Hashable {
  /// `modified-angoff`, `bookmark` or `hofstee`.
  public var method: String
  /// The panel file as given on the command line.
  public var panelFile: String
  public var form: String?
  public var parametersFile: String?
  public var responsesFile: String?
  public var raters: Int
  public var rounds: Int
  public var roundUsed: Int?
  /// The study date (YYYY-MM-DD), given by the user so reruns are byte-identical.
  public var date: String
  public var rawCut: Double
  public var rawCutStandardError: Double?
  public var thetaCut: Double?
  public var thetaCutStandardError: Double?
  public var impactPassRate: Double?
  /// Method-specific settings, in order (for example `response_probability`).
  public var settings: [(key: String, value: String)]

  public init(
    method: String, panelFile: String, form: String?, parametersFile: String?, responsesFile: String?, raters: Int,
    rounds: Int, roundUsed: Int?, date: String, rawCut: Double, rawCutStandardError: Double?, thetaCut: Double?,
    thetaCutStandardError: Double?, impactPassRate: Double?, settings: [(key: String, value: String)] = []
  ) {
    self.method = method
    self.panelFile = panelFile
    self.form = form
    self.parametersFile = parametersFile
    self.responsesFile = responsesFile
    self.raters = raters
    self.rounds = rounds
    self.roundUsed = roundUsed
    self.date = date
    self.rawCut = rawCut
    self.rawCutStandardError = rawCutStandardError
    self.thetaCut = thetaCut
    self.thetaCutStandardError = thetaCutStandardError
    self.impactPassRate = impactPassRate
    self.settings = settings
  }

  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.yamlLines() == rhs.yamlLines() }
  public func hash(into hasher: inout Hasher) { hasher.combine(yamlLines()) }

  /// The `standard_setting:` block, two-space indented, values quoted where YAML needs it.
  public func yamlLines() -> [String] {
    var lines = ["standard_setting:"]
    func add(_ key: String, _ value: String?) { if let value { lines.append("  \(key): \(value)") } }
    func number(_ value: Double?, _ places: Int = 4) -> String? { value.map { formatDecimal($0, places: places) } }
    add("method", method)
    add("panel", ScaleFileWriter.quoted(panelFile))
    add("form", form.map(ScaleFileWriter.quoted))
    add("parameters", parametersFile.map(ScaleFileWriter.quoted))
    add("responses", responsesFile.map(ScaleFileWriter.quoted))
    add("raters", String(raters))
    add("rounds", String(rounds))
    add("round_used", roundUsed.map(String.init))
    add("date", ScaleFileWriter.quoted(date))
    add("raw_cut", number(rawCut))
    add("raw_cut_se", number(rawCutStandardError))
    add("theta_cut", number(thetaCut))
    add("theta_cut_se", number(thetaCutStandardError))
    add("impact_pass_rate", number(impactPassRate))
    for (key, value) in settings { add(key, ScaleFileWriter.quoted(value)) }
    return lines
  }
}

/// Writes a cut and its provenance into scale-file text. No file I/O: callers write the text
/// (atomically) themselves.
public enum ScaleFileWriter {
  /// The text of a new scale file with `cut`, `mapping` and the provenance block.
  public static func newFile(
    minimum: Double, maximum: Double, passingScore: Double, cut: ScaleSpecification.Cut,
    mapping: ScaleSpecification.Mapping, provenance: StandardSettingProvenance
  ) throws -> String {
    var lines = [
      "# Reporting scale (format: docs/equating.md). The cut comes from the standard-setting study",
      "# recorded under standard_setting (docs/standard-setting.md).",
      "format: 1",
      "range: [\(plain(minimum)), \(plain(maximum))]",
      "passing_score: \(plain(passingScore))",
    ]
    lines += cutLines(cut)
    switch mapping {
    case .piecewiseRaw: lines += ["mapping:", "  type: piecewise-raw"]
    case .linearTheta(let slope): lines += ["mapping:", "  type: linear-theta", "  slope: \(plain(slope))"]
    }
    lines += ["rounding: nearest", "decimals: 0", "clamp: true"]
    lines += provenance.yamlLines()
    let text = lines.joined(separator: "\n") + "\n"
    _ = try validated(text, file: "new scale file")
    return text
  }

  /// The result of updating an existing scale file.
  public struct Update: Sendable, Hashable {
    public var text: String
    /// Human-readable lines saying what changed (`cut: raw 30 → raw 29.3412`, …).
    public var changes: [String]
  }

  /// Replaces the top-level `cut` block and the `standard_setting` block (appended when absent)
  /// of `existing`, keeping every other line — comments included — as it was.
  ///
  /// A top-level block runs from its key (at column 1) to the next top-level key; comment and
  /// blank lines just before the next key stay with that key. The result is parsed again and
  /// must describe the same scale except for the cut.
  public static func update(
    _ existing: String, file: String, cut: ScaleSpecification.Cut, provenance: StandardSettingProvenance
  ) throws -> Update {
    let old = try validated(existing, file: file)
    var lines = existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    lines = replaceBlock("cut", in: lines, with: cutLines(cut), file: file, required: true)
    lines = replaceBlock("standard_setting", in: lines, with: provenance.yamlLines(), file: file, required: false)
    let text = lines.joined(separator: "\n") + "\n"
    let new = try validated(text, file: file)
    var check = new
    check.cut = old.cut
    guard check == old else {
      throw StandardSettingError(
        "updating the cut would change other settings of the scale file; edit it by hand",
        at: SourceLocation(file: file))
    }
    var changes: [String] = []
    changes.append(
      old.cut == new.cut ? "cut: unchanged (\(describe(old.cut)))" : "cut: \(describe(old.cut)) → \(describe(new.cut))")
    changes.append(
      existing.contains("\nstandard_setting:") || existing.hasPrefix("standard_setting:")
        ? "standard_setting: replaced" : "standard_setting: added")
    return Update(text: text, changes: changes)
  }

  public static func describe(_ cut: ScaleSpecification.Cut) -> String {
    switch cut {
    case .raw(let value): return "raw \(plain(value))"
    case .theta(let value): return "theta \(plain(value))"
    }
  }

  static func cutLines(_ cut: ScaleSpecification.Cut) -> [String] {
    switch cut {
    case .raw(let value): return ["cut:", "  raw: \(formatDecimal(value, places: 4))"]
    case .theta(let value): return ["cut:", "  theta: \(formatDecimal(value, places: 4))"]
    }
  }

  static func replaceBlock(_ key: String, in lines: [String], with replacement: [String], file: String, required: Bool)
    -> [String]
  {
    func isTopLevelKey(_ line: String) -> Bool {
      guard let first = line.first, first != " ", first != "\t", first != "#", first != "-" else { return false }
      return line.contains(":")
    }
    func keyOf(_ line: String) -> String {
      String(line.prefix { $0 != ":" }).trimmingCharacters(in: .whitespaces)
    }
    guard let start = lines.firstIndex(where: { isTopLevelKey($0) && keyOf($0) == key }) else {
      var result = lines
      while result.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { result.removeLast() }
      return result + replacement
    }
    var end = start + 1
    while end < lines.count && !isTopLevelKey(lines[end]) { end += 1 }
    // Comment and blank lines just before the next key belong to it.
    var blockEnd = end
    while blockEnd > start + 1 {
      let trimmed = lines[blockEnd - 1].trimmingCharacters(in: .whitespaces)
      guard trimmed.isEmpty || trimmed.hasPrefix("#") else { break }
      blockEnd -= 1
    }
    return Array(lines[..<start]) + replacement + Array(lines[blockEnd...])
  }

  static func validated(_ text: String, file: String) throws -> ScaleSpecification {
    do { return try ScaleSpecification.parse(text, file: file) } catch let error as ScaleFileError {
      throw StandardSettingError(error.message, at: error.location)
    }
  }

  /// A YAML double-quoted scalar.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 {
          result += String(format: "\\x%02X", scalar.value)
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }

  static func plain(_ value: Double) -> String {
    var text = formatDecimal(value, places: 6)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }
}
