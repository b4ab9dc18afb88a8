import Foundation
import ItemBank
import ItemBenchCore

/// `enemy-not-found`: every enemy id names an item of the bank.
struct EnemyNotFoundRule: LintRule {
  let id = "enemy-not-found"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  let description =
    "An id listed under `enemies` is not an item of the bank (the whole bank, even when one file is linted)."
  var triggeringExamples: [LintExample] {
    [
      LintExample(files: [
        "a.yml": ExampleItem.text(
          id: "INV-0001", stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"],
          extra: "enemies: [INV-0002, ↓INV-0003]"),
        "b.yml": ExampleItem.text(
          id: "INV-0002", stem: "Why hold safety stock?",
          options: ["Demand varies", "Prices rise", "Lots are large", "Ordering is costly"]),
      ])
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(files: [
        "a.yml": ExampleItem.text(
          id: "INV-0001", stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"], extra: "enemies: [INV-0002]"
        ),
        "b.yml": ExampleItem.text(
          id: "INV-0002", stem: "Why hold safety stock?",
          options: ["Demand varies", "Prices rise", "Lots are large", "Ordering is costly"]),
      ])
    ]
  }

  func check(bank: ItemBank, context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    for item in bank.items where !item.enemies.isEmpty && context.isLinted(item.source.file) {
      for (index, enemy) in item.enemies.enumerated() where bank.item(enemy) == nil {
        findings.append(
          context.finding(
            "enemy '\(enemy)' is not an item of the bank"
              + EditDistance.didYouMean(enemy, among: bank.items.lazy.map(\.id)),
            item: item, field: "enemies.\(index)", highlighting: enemy))
      }
    }
    return findings
  }
}
