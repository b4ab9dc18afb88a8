import Foundation
import ItemBank
import ItemBenchCore

/// `option-overlap`.
struct OptionOverlapRule: LintRule {
  let id = "option-overlap"
  let defaultSeverity = Severity.warning
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    Two numeric options overlap (ranges or bounds sharing a value), or one option contains \
    another's whole text, so more than one option can be right.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "How many days of supply should the buffer hold?",
          options: ["0 to 5 days", "↓5 to 10 days", "11 to 15 days", "More than 15 days"], key: "B")),
      LintExample(
        ExampleItem.text(
          stem: "Which cost rises with the lot size?",
          options: ["Holding cost", "Ordering cost", "↓Holding cost and ordering cost", "Shortage cost"])),
      LintExample(
        ExampleItem.text(
          stem: "What service level does the policy give?",
          options: ["Less than 90%", "↓At least 85%", "↓95% or more", "Exactly 99%"], key: "C"), note: "bounds"),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "How many days of supply should the buffer hold?",
          options: ["0 to 4 days", "5 to 10 days", "11 to 15 days", "More than 15 days"], key: "B")),
      LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options)),
      LintExample(
        ExampleItem.text(
          stem: "What service level does the policy give?",
          options: ["Less than 90%", "At least 90% but under 95%", "At least 95%", "Unknown"], key: "C")),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    var flagged: Set<String> = []
    let analysis = context.analysis(of: item)
    let intervals = analysis.optionIntervals
    for j in item.options.indices {
      guard let b = intervals[j] else { continue }
      for i in 0..<j {
        guard let a = intervals[i], a.unit == b.unit, !(a.isPoint && b.isPoint), a.overlaps(b) else { continue }
        findings.append(
          context.finding(
            "options \(item.options[i].id) (\(item.options[i].text)) and \(item.options[j].id) (\(item.options[j].text)) overlap",
            item: item, field: "options.\(item.options[j].id)"))
        flagged.insert(item.options[j].id)
        break
      }
    }
    // Containment: the words of one option, in order, inside another.
    let words = analysis.lowercasedOptionWords
    let excluded = item.options.indices.map {
      analysis.combinationOptions[$0] || analysis.aboveOptionPhrases[$0] != nil
    }
    for j in item.options.indices where !excluded[j] && !flagged.contains(item.options[j].id) {
      for i in item.options.indices where i != j && !excluded[i] {
        let inner = words[i]
        guard !inner.isEmpty, inner.count < words[j].count, intervals[i] == nil,
          Self.containsSequence(words[j], inner),
          inner.joined().unicodeScalars.count >= 3,
          inner.contains(where: { $0.unicodeScalars.contains { $0.properties.isAlphabetic } })
        else { continue }
        findings.append(
          context.finding(
            "option \(item.options[j].id) contains option \(item.options[i].id) ('\(item.options[i].text)'); if one is right, so is the other",
            item: item, field: "options.\(item.options[j].id)"))
        break
      }
    }
    return findings
  }

  /// Whether `needle` occurs in `haystack` as a contiguous run of words.
  static func containsSequence(_ haystack: [String], _ needle: [String]) -> Bool {
    guard let first = needle.first, needle.count <= haystack.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start] == first {
      if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
  }
}
