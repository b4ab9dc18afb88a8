import Foundation
import ItemBank
import ItemBenchCore

/// `missing-reference`.
struct MissingReferenceRule: LintRule {
  let id = "missing-reference"
  let defaultSeverity = Severity.info
  let description = """
    The item cites no reference (textbook, standard, chapter) that supports the key, which \
    content reviews and challenges need.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(id: "↓INV-0001", stem: WritingRules.stem, options: WritingRules.options, references: nil)),
      LintExample(
        ExampleItem.text(
          stem: WritingRules.stem, options: WritingRules.options, references: nil, extra: "references: ↓[]")),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [LintExample(ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options))]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard item.references.allSatisfy({ $0.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }) else { return [] }
    let field = item.source.fieldLocations["references"] != nil ? "references" : "id"
    return [
      context.finding("no reference supports the key; cite a textbook, standard or chapter", item: item, field: field)
    ]
  }
}
