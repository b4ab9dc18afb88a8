import Foundation
import ItemBank
import ItemBenchCore

@testable import BlueprintCoverage
import ItemResponseTheory
import TestSupport

/// The fixture directory beside this file (excluded from the target, found through #filePath).
func fixturePath(_ relative: String, filePath: String = #filePath) -> String {
  URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    .appendingPathComponent(relative).path
}

/// Loads a fixture bank and fails loudly if it has loading errors.
func loadFixtureBank(_ name: String) -> ItemBank {
  let bank = BankLoader.load(root: fixturePath(name))
  precondition(
    !bank.diagnostics.contains { $0.severity == .error && $0.code != "item-not-found" },
    "fixture bank \(name) has loading errors: \(bank.diagnostics)")
  return bank
}

/// A four-option item (A–D unless `options` says otherwise) for in-memory banks.
func makeItem(
  _ id: String, _ status: ItemStatus = .operational, domain: String, level: CognitiveLevel = .recall,
  key: String = "A", options: [String] = ["A", "B", "C", "D"], enemies: [String] = [],
  subdomain: String? = nil
) -> Item {
  Item(
    id: id, status: status, domain: domain, subdomain: subdomain, cognitiveLevel: level,
    stem: "Question \(id)?", options: options.map { ItemOption(id: $0, text: "Option \($0)") }, key: key,
    enemies: enemies)
}

/// A form whose entries sit on consecutive lines starting at line 10 of `forms/<id>.yml`.
func makeForm(_ id: String, blueprint: String = "bp", _ entries: [(String, FormRole)]) -> Form {
  let file = "forms/\(id).yml"
  return Form(
    id: id, blueprintID: blueprint,
    entries: entries.enumerated().map { index, entry in
      FormEntry(itemID: entry.0, role: entry.1, location: SourceLocation(file: file, line: 10 + index, column: 5))
    },
    location: SourceLocation(file: file, line: 1, column: 1))
}

/// A percent blueprint: domains (id, weight, tolerance), optional levels.
func makeBlueprint(
  id: String = "bp", scored: Int, pretest: Int = 0, unit: WeightUnit = .percent,
  domains: [(String, Double, Double)], levels: [CognitiveLevel: WeightTarget] = [:]
) -> Blueprint {
  Blueprint(
    id: id, exam: "Test exam", formLength: scored + pretest, scoredCount: scored, pretestCount: pretest,
    weightUnit: unit,
    domains: domains.enumerated().map { index, domain in
      BlueprintDomain(
        id: domain.0, title: domain.0.capitalized, target: WeightTarget(weight: domain.1, tolerance: domain.2),
        location: SourceLocation(file: "blueprints/\(id).yml", line: 20 + index, column: 5))
    },
    cognitiveLevels: levels, location: SourceLocation(file: "blueprints/\(id).yml", line: 1, column: 1))
}

/// Codes of the diagnostics, in order.
func codes(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map { $0.code ?? "-" } }

/// Codes of the diagnostics, in order, without `key-balance`.
func findings(_ diagnostics: [Diagnostic]) -> [String] { codes(diagnostics).filter { $0 != "key-balance" } }
