import Foundation
import ItemBank
import ItemBenchCore
import ItemLint
import QTIInterchange
import Testing

/// Import of hand-written QTI in the shapes other systems produce: what converts, and what is
/// refused with its line and reason. Expected values are read off the fixture files by hand.
@Suite struct ForeignImportTests {
  let folder = fixturesDirectory() + "/foreign"

  func importFolder() -> (items: [String: Item], refused: [String: QTIImportRefusal]) {
    let (documents, problems) = QTIImportSources.collect(paths: [folder])
    #expect(problems.isEmpty, "\(problems)")
    let (imported, refused) = QTIImporter.convert(
      documents, into: shippedBank, bankRoot: "/nonexistent-bank", options: .init(domain: "inventory"))
    let items = Dictionary(uniqueKeysWithValues: imported.map { ($0.item.id, $0.item) })
    let byFile = Dictionary(
      uniqueKeysWithValues: refused.map { (URL(fileURLWithPath: $0.location.file).lastPathComponent, $0) })
    return (items, byFile)
  }

  @Test func qti3PromptWithShuffle() throws {
    let item = try #require(importFolder().items["ext-safety-stock-1"])
    #expect(item.stem == "Which change raises the safety stock needed for a\n95% service level?\n")
    #expect(item.options.map(\.id) == ["choice_1", "choice_2", "choice_3", "choice_4"])
    #expect(item.options[3].text == "Smaller & more frequent orders")
    #expect(item.key == "choice_2")
    #expect(item.shuffle)
    #expect(item.status == .draft)
    #expect(item.domain == "inventory")
    #expect(item.cognitiveLevel == .recall)
  }

  @Test func qti3StemInTheItemBody() throws {
    let item = try #require(importFolder().items["BANK2_0042"])
    #expect(
      item.stem
        == "In an ABC classification, items are ranked by annual dollar usage.\n\nWhich class usually holds the fewest items\nand the largest share of usage?\n"
    )
    #expect(item.options.map(\.text) == ["Class A", "Class B", "Class C"])
    #expect(item.key == "A")
    #expect(!item.shuffle)
  }

  @Test func qti22BodyTextAndPromptFeedbackSkippedFixedChoiceKeepsOrder() throws {
    let item = try #require(importFolder().items["q1013"])
    #expect(
      item.stem
        == "A warehouse counts a few locations every day instead of closing for an annual count.\n\nWhat is the main benefit of this practice?\n"
    )
    #expect(item.options.first?.text == "It removes the need for inventory records")
    #expect(item.key == "c3")
    // shuffle="true" with a fixed last choice: ItemBench cannot pin one option, so the
    // authored order is kept.
    #expect(!item.shuffle)
  }

  @Test func qti21NestedLayout() throws {
    let item = try #require(importFolder().items["i15f0c2a1"])
    #expect(item.stem == "In a kanban system, what does a card returned to the supplying work centre authorise?\n")
    #expect(item.key == "choice_B")
    #expect(item.options.count == 3)
  }

  @Test func refusalsNameFileLineAndReason() {
    let refused = importFolder().refused
    func check(_ file: String, line: Int, column: Int, _ reason: String) {
      guard let refusal = refused[file] else {
        Issue.record("\(file) was not refused")
        return
      }
      #expect(refusal.location.line == line && refusal.location.column == column, "\(refusal)")
      #expect(refusal.reason.contains(reason), "\(refusal)")
    }
    check("refused-multiple-cardinality.xml", line: 4, column: 3, "cardinality 'multiple'")
    check("refused-text-entry.xml", line: 9, column: 7, "<qti-text-entry-interaction> is not a choice interaction")
    check("refused-media.xml", line: 9, column: 8, "media (<img>)")
    check("refused-unsafe-identifier.xml", line: 2, column: 1, "identifier '../../etc/cron.d/x' cannot be")
    check("refused-partial-credit.xml", line: 15, column: 3, "map_response")
    check("refused-malformed.xml", line: 4, column: 37, "expected '</strong>'")
    #expect(refused.count == 6)
  }

  @Test func convertedTextsAreWrittenLikeNewItemsAndLintWithoutErrors() throws {
    let (documents, _) = QTIImportSources.collect(paths: [folder + "/qti22-body-and-prompt.xml"])
    let (imported, refused) = QTIImporter.convert(
      documents, into: shippedBank, bankRoot: "Items", options: .init(domain: "inventory", level: .application))
    #expect(refused.isEmpty)
    let item = try #require(imported.first)
    #expect(item.path == "Items/inventory/q1013.yml")
    let lines = item.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // The template's field order (ItemTemplate): format, id, version, status, domain, level, stem.
    #expect(
      Array(lines[2...7]) == [
        "format: 1", "id: q1013", "version: 1", "status: draft", "domain: inventory", "cognitive_level: application",
      ])
    #expect(lines[8] == "stem: |")
    #expect(lines[9] == "  A warehouse counts a few locations every day instead of closing for an annual count.")
    // Linted as the import command lints it: in the bank beside the blueprints.
    var texts = [item.path: item.text]
    for blueprint in shippedBank.blueprints {
      texts[blueprint.location.file] = shippedBank.fileTexts[blueprint.location.file]
    }
    let bank = BankLoader.load(
      texts: texts.mapKeys { $0.replacingOccurrences(of: shippedBank.root, with: "Items") }, root: "Items")
    #expect(!bank.hasErrors, "\(bank.diagnostics)")
    let report = Linter().lint(bank, files: [item.path])
    #expect(report.count(.error) == 0, "\(report.findings)")
    #expect(report.findings.contains { $0.ruleID == "missing-rationale" })
  }

  @Test func noDomainAndUnknownDomainAreRefused() {
    let (documents, _) = QTIImportSources.collect(paths: [folder + "/qti3-stem-in-body.xml"])
    let none = QTIImporter.convert(documents, into: shippedBank, bankRoot: "/nonexistent-bank", options: .init())
    #expect(none.items.isEmpty)
    #expect(none.refused.first?.reason.contains("pass --domain") == true)
    let unknown = QTIImporter.convert(
      documents, into: shippedBank, bankRoot: "/nonexistent-bank", options: .init(domain: "inventroy"))
    #expect(unknown.refused.first?.reason.contains("did you mean 'inventory'") == true, "\(unknown.refused)")
  }

  @Test func idsAlreadyInTheBankAndExistingFilesAreNeverOverwritten() throws {
    // An export of a shipped item imported back into the shipped bank: refused, id taken.
    let item = try #require(shippedBank.item("INV-0001"))
    let package = try buildPackage(items: [item])
    let (documents, _) = QTIImportSources.package(files: package.files, label: "p.zip")
    let result = QTIImporter.convert(documents, into: shippedBank, bankRoot: shippedBank.root, options: .init())
    #expect(result.items.isEmpty)
    #expect(result.refused.first?.reason.contains("already in the bank") == true)

    // A file in the way (not an item of the bank): refused, left as it was.
    let bank = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: bank) }
    try FileManager.default.createDirectory(atPath: bank + "/inventory", withIntermediateDirectories: true)
    try "keep me".write(toFile: bank + "/inventory/INV-0001.yml", atomically: true, encoding: .utf8)
    let empty = ItemBank(root: bank, items: [], blueprints: shippedBank.blueprints)
    let second = QTIImporter.convert(documents, into: empty, bankRoot: bank, options: .init())
    #expect(second.items.isEmpty)
    #expect(second.refused.first?.reason.contains("never overwritten") == true)
    #expect(try String(contentsOfFile: bank + "/inventory/INV-0001.yml", encoding: .utf8) == "keep me")
  }
}

extension Dictionary where Key == String {
  func mapKeys(_ transform: (String) -> String) -> [String: Value] {
    Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
  }
}
