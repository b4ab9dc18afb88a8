import Foundation
import ItemBank
import ItemBenchCore

/// A rule declared in the configuration's `custom_rules`: a regular expression (ICU syntax, as
/// `NSRegularExpression`) searched in chosen text fields of every item.
///
/// Each field reports its first match, pointing at the matched text.
public struct RegexRule: LintRule {
  /// The text fields a custom rule can search.
  public enum Field: String, Sendable, CaseIterable {
    case stem
    /// Every option's text.
    case options
    /// The text of the keyed option only.
    case key
    /// The rationale of the key and of each distractor.
    case rationale
  }

  public let id: String
  public let pattern: String
  public let fields: [Field]
  public let message: String
  public let defaultSeverity: Severity
  public let description: String
  public var category: LintRuleCategory { .custom }
  private let regex: RegexBox

  /// - Throws: the regular expression's compile error.
  public init(
    id: String, regex pattern: String, fields: [Field] = [.stem, .options, .rationale],
    message: String? = nil, severity: Severity = .warning, description: String? = nil
  ) throws {
    self.id = id
    self.pattern = pattern
    self.fields = fields
    self.message = message ?? "text matches the custom rule '\(id)'"
    self.defaultSeverity = severity
    self.description = description ?? "Custom rule: /\(pattern)/ in \(fields.map(\.rawValue).joined(separator: ", "))."
    self.regex = RegexBox(try NSRegularExpression(pattern: pattern, options: []))
  }

  /// Rule ids are lower-case letters, digits, `-` and `_`, starting with a letter or digit.
  public static func isValidID(_ id: String) -> Bool {
    guard let first = id.unicodeScalars.first, first.properties.isLowercase || TextAnalysis.isWordScalar(first) else {
      return false
    }
    return id.unicodeScalars.allSatisfy {
      ($0.value >= 0x61 && $0.value <= 0x7A) || ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "-" || $0 == "_"
    }
  }

  public var triggeringExamples: [LintExample] { [] }
  public var nonTriggeringExamples: [LintExample] { [] }

  public func check(item: Item, context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    func scan(_ text: String?, field: String) {
      guard let text, let match = regex.firstMatch(in: text) else { return }
      findings.append(context.finding(message, item: item, field: field, highlighting: match))
    }
    for field in fields {
      switch field {
      case .stem: scan(item.stem, field: "stem")
      case .options: for option in item.options { scan(option.text, field: "options.\(option.id)") }
      case .key: if let key = item.keyedOption { scan(key.text, field: "options.\(key.id)") }
      case .rationale:
        scan(
          item.rationale.key, field: item.source.fieldLocations["rationale.key"] != nil ? "rationale.key" : "rationale")
        for id in item.rationale.distractors.keys.sorted() {
          scan(item.rationale.distractors[id], field: "rationale.distractors.\(id)")
        }
      }
    }
    return findings
  }
}

/// `NSRegularExpression` is immutable after creation and safe to use from several threads.
final class RegexBox: @unchecked Sendable {
  let regex: NSRegularExpression
  init(_ regex: NSRegularExpression) { self.regex = regex }

  /// The text of the first match in `text`, if any.
  func firstMatch(in text: String) -> String? {
    let range = NSRange(text.startIndex..<text.endIndex, in: text)
    guard let match = regex.firstMatch(in: text, options: [], range: range), let found = Range(match.range, in: text)
    else {
      return nil
    }
    return String(text[found])
  }
}
