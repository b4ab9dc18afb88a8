import Foundation
import ItemBenchCore

/// Findings accepted as they are today, so that a check reports only new ones.
///
/// A finding is keyed by rule id, file, item id, field and message, with line and column
/// numbers removed from the message, but never by its own position: inserting lines above a
/// finding, or reordering fields, keeps it baselined; editing the item so that the finding
/// changes (another option, another word) makes it new. Identical keys are counted, so fixing
/// one of two identical findings and adding another still reports the new one.
///
/// File paths are stored relative to the baseline file's directory, so a baseline works from
/// any working directory.
///
/// The file is JSON (format 1):
/// `{"format": 1, "findings": [{"rule", "file", "item", "field", "message", "count"}, …]}`,
/// sorted, without positions or dates, so it diffs well under version control.
public struct Baseline: Sendable, Equatable {
  /// A baseline entry's identity.
  public struct Key: Hashable, Sendable, Comparable {
    public var rule: String
    public var file: String
    public var item: String?
    public var field: String?
    public var message: String

    public static func < (lhs: Key, rhs: Key) -> Bool {
      (lhs.file, lhs.item ?? "", lhs.field ?? "", lhs.rule, lhs.message)
        < (rhs.file, rhs.item ?? "", rhs.field ?? "", rhs.rule, rhs.message)
    }
  }

  /// How many findings of each key are accepted.
  public var counts: [Key: Int]

  public init(counts: [Key: Int] = [:]) { self.counts = counts }

  /// A baseline accepting `findings`; `directory` is where the baseline file lives.
  public init(findings: [LintFinding], directory: String) {
    var counts: [Key: Int] = [:]
    for key in Self.keys(findings, directory: directory) { counts[key, default: 0] += 1 }
    self.counts = counts
  }

  /// The keys of `findings`, computing each file's relative path once.
  static func keys(_ findings: [LintFinding], directory: String) -> [Key] {
    var relative: [String: String] = [:]
    return findings.map { finding in
      let file = finding.location.file
      let path = relative[file] ?? relativePath(file, from: directory)
      relative[file] = path
      return Key(
        rule: finding.ruleID, file: path, item: finding.itemID, field: finding.field,
        message: withoutPositions(finding.message))
    }
  }

  /// The key of `finding` for a baseline stored in `directory`.
  public static func key(_ finding: LintFinding, directory: String) -> Key {
    Key(
      rule: finding.ruleID, file: relativePath(finding.location.file, from: directory), item: finding.itemID,
      field: finding.field, message: withoutPositions(finding.message))
  }

  /// `findings` minus those the baseline accepts (each accepted key absorbs up to its count).
  public func filter(_ findings: [LintFinding], directory: String) -> [LintFinding] {
    var remaining = counts
    return zip(findings, Self.keys(findings, directory: directory)).filter { _, key in
      guard let count = remaining[key], count > 0 else { return true }
      remaining[key] = count - 1
      return false
    }.map(\.0)
  }

  /// The baseline file's text.
  public func rendered() -> String {
    let entries: [JSONValue] = counts.keys.sorted().map { key in
      .object([
        ("rule", .string(key.rule)),
        ("file", .string(key.file)),
        ("item", key.item.map(JSONValue.string) ?? .null),
        ("field", key.field.map(JSONValue.string) ?? .null),
        ("message", .string(key.message)),
        ("count", .int(counts[key, default: 0])),
      ])
    }
    return JSONValue.object([("format", 1), ("findings", .array(entries))]).rendered(pretty: true) + "\n"
  }

  /// Problems reading a baseline file.
  public struct ReadError: DiagnosticError {
    public var path: String
    public var reason: String
    public var message: String { "cannot read baseline: \(reason)" }
    public var diagnosticLocation: SourceLocation? { SourceLocation(file: path) }
  }

  /// Reads a baseline file.
  public static func load(from path: String) throws -> Baseline {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ReadError(path: path, reason: "no such file or not readable")
    }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw ReadError(path: path, reason: "not valid JSON")
    }
    guard let root = object as? [String: Any], let entries = root["findings"] as? [[String: Any]] else {
      throw ReadError(path: path, reason: "expected an object with a 'findings' list")
    }
    if let format = root["format"] as? Int, format > 1 {
      throw ReadError(path: path, reason: "unsupported format version \(format); this ItemBench reads format 1")
    }
    var counts: [Key: Int] = [:]
    for (index, entry) in entries.enumerated() {
      guard let rule = entry["rule"] as? String, let file = entry["file"] as? String,
        let message = entry["message"] as? String
      else {
        throw ReadError(path: path, reason: "finding \(index + 1) needs 'rule', 'file' and 'message'")
      }
      let key = Key(
        rule: rule, file: file, item: entry["item"] as? String, field: entry["field"] as? String, message: message)
      counts[key, default: 0] += (entry["count"] as? Int) ?? 1
    }
    return Baseline(counts: counts)
  }

  /// `message` with `:line` and `:line:column` suffixes of paths removed (`a.yml:12:3` → `a.yml`).
  static func withoutPositions(_ message: String) -> String {
    var result = ""
    var scalars = message.unicodeScalars[...]
    while let scalar = scalars.first {
      if scalar == ":", let next = scalars.dropFirst().first, TextAnalysis.isWordScalar(next),
        next.value >= 0x30 && next.value <= 0x39,
        let previous = result.unicodeScalars.last, previous != " "
      {
        // Skip ":digits" and an optional second ":digits".
        var rest = scalars.dropFirst()
        while let digit = rest.first, digit.value >= 0x30 && digit.value <= 0x39 { rest = rest.dropFirst() }
        if rest.first == ":", let after = rest.dropFirst().first, after.value >= 0x30 && after.value <= 0x39 {
          rest = rest.dropFirst()
          while let digit = rest.first, digit.value >= 0x30 && digit.value <= 0x39 { rest = rest.dropFirst() }
        }
        scalars = rest
        continue
      }
      result.unicodeScalars.append(scalar)
      scalars = scalars.dropFirst()
    }
    return result
  }

  /// `path` relative to `directory` (both made absolute against the working directory).
  public static func relativePath(_ path: String, from directory: String) -> String {
    let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
    let base = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
    var common = 0
    while common < target.count && common < base.count && target[common] == base[common] { common += 1 }
    let ups = [String](repeating: "..", count: base.count - common)
    let components = ups + target[common...]
    return components.isEmpty ? "." : components.joined(separator: "/")
  }
}
