import Foundation
import ItemBank
import ItemBenchCore

/// `numeric-option-order`.
struct NumericOptionOrderRule: LintRule {
  let id = "numeric-option-order"
  let defaultSeverity = Severity.warning
  /// Options, keys and distractors: multiple-choice items only.
  let itemTypes: Set<ItemResponseType> = [.multipleChoice]
  let description = """
    Options that are all numbers, percentages or quantities in one unit are not in ascending \
    order. Ordered options are easier to scan and hide nothing about the key's position.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem:
            "Demand is 10,000 units a year, ordering costs $50 and holding a unit costs $4 a year. What is the EOQ?",
          options: ["250 units", "707 units", "↓500 units", "1,000 units"], key: "C")),
      LintExample(
        ExampleItem.text(
          stem: "Which fill rate did the plant reach?", options: ["85%", "90%", "99%", "↓95%"], key: "B")),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem:
            "Demand is 10,000 units a year, ordering costs $50 and holding a unit costs $4 a year. What is the EOQ?",
          options: ["250 units", "500 units", "707 units", "1,000 units"], key: "B")),
      LintExample(
        ExampleItem.text(stem: "Which lead time applies?", options: ["3 weeks", "10 days", "1 month", "2 days"]),
        note: "different units are not compared"),
      LintExample(
        ExampleItem.text(
          stem: "How many days of supply should the buffer hold?",
          options: ["0 to 4 days", "5 to 10 days", "11 to 15 days", "16 to 20 days"], key: "B")),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard item.options.count >= 2,
      item.options.allSatisfy({ $0.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } })
    else { return [] }
    var parsed: [NumericOption] = []
    for option in item.options {
      guard let numeric = NumericOption(option.text) else { return [] }
      parsed.append(numeric)
    }
    guard Set(parsed.map(\.unit)).count == 1 else { return [] }
    for index in 1..<parsed.count where parsed[index].value < parsed[index - 1].value {
      let previous = item.options[index - 1]
      let option = item.options[index]
      return [
        context.finding(
          "numeric options are not in ascending order: \(option.id) (\(option.text)) comes after \(previous.id) (\(previous.text))",
          item: item, field: "options.\(option.id)")
      ]
    }
    return []
  }
}
