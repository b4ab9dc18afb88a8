import Foundation
import ItemBank
import ItemBenchCore

/// `key-position-balance`: across the linted items (and across each form) the key positions
/// should be close to uniform.
///
/// Items are grouped by their number of options k; for each group of n ≥ `minimum_items` items
/// the Pearson chi-square statistic X² = Σ (Oᵢ − n/k)² / (n/k) over the k positions is compared
/// with the chi-square distribution with k − 1 degrees of freedom, and a p-value below
/// `significance` is reported.
struct KeyPositionBalanceRule: LintRule {
  let id = "key-position-balance"
  let defaultSeverity = Severity.info
  let category = LintRuleCategory.bank
  let description = """
    Across the linted items, or across a form, the key positions are far from uniform (Pearson \
    chi-square test against equal counts, p below `significance`). Candidates notice when C is \
    the key twice as often as A.
    """
  var parameters: [RuleParameter] {
    [
      RuleParameter(
        "significance", default: .number(0.01), "the p-value below which an imbalance is reported", minimum: 0,
        maximum: 1),
      RuleParameter(
        "minimum_items", default: .integer(20), "the fewest items (with the same number of options) that are tested",
        minimum: 2),
    ]
  }
  var triggeringExamples: [LintExample] {
    let unbalanced = (1...8).map { ExampleItem.line(id: "INV-000\($0)", stem: "Question \($0)?", key: "A") }.joined()
    // Sixteen items balanced over A-D; the form holds the four keyed A.
    let keys = ["A", "B", "C", "D"]
    let balanced = (0..<16).map {
      ExampleItem.line(id: "INV-\(1001 + $0)", stem: "Question \($0 + 1)?", key: keys[$0 / 4])
    }.joined()
    return [
      LintExample(
        files: ["items.yml": unbalanced], options: ["minimum_items": .integer(8)],
        note: "every key is A; reported for the bank"),
      LintExample(
        files: [
          "items.yml": balanced,
          "blueprints/demo.yml": StructureRules.demoBlueprint,
          "forms/a.yml": "↓id: form-a\nblueprint: demo\nitems: [INV-1001, INV-1002, INV-1003, INV-1004]\n",
        ], options: ["minimum_items": .integer(4)], note: "a form whose four keys are all A, from a balanced bank"),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    let keys = ["A", "B", "C", "D", "B", "A", "D", "C"]
    let items = (1...8).map { ExampleItem.line(id: "INV-000\($0)", stem: "Question \($0)?", key: keys[$0 - 1]) }
      .joined()
    return [LintExample(files: ["items.yml": items], options: ["minimum_items": .integer(8)])]
  }

  func check(bank: ItemBank, context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    // Indices rather than copies of the items (10,000 copies cost more than the test). Only
    // multiple-choice items have a key position.
    let linted = bank.items.indices.filter {
      bank.items[$0].isMultipleChoice && context.isLinted(bank.items[$0].source.file)
    }
    let root = SourceLocation(file: bank.root.isEmpty ? "." : bank.root)
    findings += test(bank.items, linted, name: "the \(linted.count) linted items", at: root, context: context)
    for form in bank.forms where context.isLinted(form.location.file) {
      let items = form.entries.compactMap { bank.item($0.itemID) }
      findings += test(items, items.indices, name: "form '\(form.id)'", at: form.location, context: context)
    }
    return findings
  }

  /// The test over `items[indices]`.
  func test<Indices: Sequence<Int>>(
    _ items: [Item], _ indices: Indices, name: String, at location: SourceLocation, context: LintContext
  ) -> [LintFinding] {
    var groups: [Int: [Int]] = [:]  // option count → counts per position
    for index in indices {
      let optionCount = items[index].options.count
      guard items[index].isMultipleChoice, let position = items[index].keyIndex, optionCount >= 2 else { continue }
      groups[optionCount, default: [Int](repeating: 0, count: optionCount)][position] += 1
    }
    var findings: [LintFinding] = []
    for (optionCount, counts) in groups.sorted(by: { $0.key < $1.key }) {
      let n = counts.reduce(0, +)
      guard n >= context.options.integer("minimum_items") else { continue }
      let expected = Double(n) / Double(optionCount)
      let statistic = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
      let p = ChiSquare.upperTail(statistic, degreesOfFreedom: optionCount - 1)
      guard p < context.options.number("significance") else { continue }
      let spread = counts.enumerated().map { "\(ExampleItem.optionID($0.offset)) \($0.element)" }.joined(
        separator: ", ")
      let pText = p < 0.001 ? "p < 0.001" : "p = \(formatDecimal(p, places: 3))"
      findings.append(
        context.finding(
          "key positions of \(name) with \(optionCount) options are unbalanced: \(spread) "
            + "(chi-square \(formatDecimal(statistic, places: 1)), df \(optionCount - 1), \(pText))",
          at: location))
    }
    return findings
  }
}
