import ItemBank
import ItemBenchCore

/// `template-placeholder`: text of the `itembench new` template left in an item.
///
/// Checks the stem, every option, the key and distractor rationales, the rubrics of a
/// partial-credit item and the references for any of ``ItemTemplate/placeholders`` (a
/// case-sensitive match of UTF-8 bytes, so a placeholder sentence kept inside a longer text is
/// found too). An error whatever the item's status: a template that passes lint could reach a
/// form. O(total text length × placeholders).
struct TemplatePlaceholderRule: LintRule {
  let id = "template-placeholder"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  let description = """
    The item still holds placeholder text from the `itembench new` template ("Write the question \
    here.", "First option", …). Replace every placeholder before review.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "↓Write the question here. End with a question mark?",
          options: ["↓First option", "↓Second option", "↓Third option", "↓Fourth option"])),
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"],
          rationale: "↓Why the key is correct.")),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"])),
      LintExample(
        ExampleItem.text(
          stem: "Which option is the first option to consider?",
          options: ["The cheapest", "The fastest", "The nearest", "The safest"]),
        note: "the words in other cases and contexts are not the placeholder"),
    ]
  }

  /// The placeholders, searched by their UTF-8 bytes (Foundation's `contains` bridged every
  /// text to UTF-16: a third of a 20,000-item lint run).
  private static let search = LiteralSearch(ItemTemplate.placeholders)

  func check(item: Item, context: LintContext) -> [LintFinding] {
    var fields: [(field: String, text: String)] = [("stem", item.stem)]
    fields += item.options.map { ("options.\($0.id)", $0.text) }
    if let key = item.rationale.key {
      // `rationale: text` is the key rationale written as a plain value.
      fields.append((item.source.fieldLocations["rationale.key"] == nil ? "rationale" : "rationale.key", key))
    }
    fields += item.rationale.distractors.sorted { $0.key < $1.key }.map {
      ("rationale.distractors.\($0.key)", $0.value)
    }
    fields += item.scoreCategories.enumerated().map { ("score_categories.\($0.offset).rubric", $0.element.rubric) }
    fields += item.references.enumerated().map { ("references.\($0.offset)", $0.element) }
    var findings: [LintFinding] = []
    for (field, text) in fields {
      guard let match = Self.search.firstMatch(in: text) else { continue }
      let placeholder = ItemTemplate.placeholders[match]
      findings.append(
        context.finding(
          "'\(placeholder)' is placeholder text from the item template; replace it with the item's own text",
          item: item, field: field, highlighting: String(placeholder.split(separator: " ").first ?? "")))
    }
    return findings
  }
}
