import Foundation
import ItemBank
import ItemBenchCore
import QTIInterchange
import Testing

/// Export then import gives back the same items.
@Suite struct RoundTripTests {
  /// Exports `items`, imports the package into an empty bank with the same blueprints, and
  /// returns the imported items by id with the refusals.
  func roundTrip(_ items: [Item], blueprints: [Blueprint], withRationale: Bool) throws -> (
    [String: Item], [QTIImportRefusal]
  ) {
    let package = try buildPackage(
      items: items, blueprints: blueprints, options: QTIExportOptions(withRationale: withRationale))
    let (documents, problems) = QTIImportSources.package(files: package.files, label: "package.zip")
    let target = ItemBank(root: "/nonexistent-bank", items: [], blueprints: blueprints)
    let (imported, refused) = QTIImporter.convert(
      documents, into: target, bankRoot: "/nonexistent-bank", options: .init())
    return (Dictionary(uniqueKeysWithValues: imported.map { ($0.item.id, $0.item) }), problems + refused)
  }

  @Test func shippedBankComesBackWithAndWithoutRationale() throws {
    #expect(!shippedBank.hasErrors)
    #expect(shippedBank.items.count >= 170)
    for withRationale in [false, true] {
      let (imported, refused) = try roundTrip(
        shippedBank.items, blueprints: shippedBank.blueprints, withRationale: withRationale)
      #expect(refused.isEmpty, "\(refused)")
      #expect(imported.count == shippedBank.items.count)
      for item in shippedBank.items {
        let back = try #require(imported[item.id], "item \(item.id) did not come back")
        #expect(
          QTIImporter.sameContent(back, expectedAfterRoundTrip(item, withRationale: withRationale)), "item \(item.id)")
        // The shipped stems are already in the normal form: they come back byte for byte.
        #expect(back.stem == item.stem, "stem of \(item.id)")
        #expect(back.options == item.options, "options of \(item.id)")
      }
    }
  }

  /// Random text exercising what XML and YAML both treat specially.
  static func text(_ generator: inout SeededGenerator, lines: ClosedRange<Int>) -> String {
    let words = [
      "stock", "a<b", "R&D", "\"quoted\"", "it's", "key: value", "#hash", "- dash", "yes", "no", "120", "1:30",
      "2026-12-01", "50%", "[list]", "{map}", "*star", "!bang", "|pipe", ">gt", "@at", "`tick`", "café", "Σx²",
      "→", "tab\there", "null", "~", "0x1F", ".5", "-3", "true", "émigré", "日本", "'single'", "back\\slash", "]]>",
    ]
    func line() -> String {
      (0..<Int.random(in: 1...8, using: &generator)).map { _ in words.randomElement(using: &generator) ?? "" }
        .joined(separator: " ")
    }
    // Blank lines inside, never a blank text (an authored value is never empty).
    let count = Int.random(in: lines, using: &generator)
    return (0..<count).map { index in
      index > 0 && index < count - 1 && Int.random(in: 0..<5, using: &generator) == 0 ? "" : line()
    }.joined(separator: "\n")
  }

  static func generatedItems(seed: UInt64, count: Int, domains: [String]) -> [Item] {
    var generator = SeededGenerator(seed: seed)
    var items: [Item] = []
    for index in 0..<count {
      let optionIDs = Array(["A", "B", "C", "D", "E", "F"].prefix(Int.random(in: 2...6, using: &generator)))
      var options = optionIDs.map { ItemOption(id: $0, text: QTIText.normalized(text(&generator, lines: 1...2))) }
      for position in options.indices where options[position].text.isEmpty { options[position].text = "option" }
      var stem = QTIText.normalized(text(&generator, lines: 1...6))
      if stem.isEmpty { stem = "Which one?" }
      var rationale = ItemRationale(key: Bool.random(using: &generator) ? text(&generator, lines: 1...3) : nil)
      for option in optionIDs.dropFirst() where Bool.random(using: &generator) {
        rationale.distractors[option] = text(&generator, lines: 1...2)
      }
      items.append(
        Item(
          id: "GEN-\(index)", version: Int.random(in: 1...9, using: &generator), status: .operational,
          domain: domains.randomElement(using: &generator) ?? "domain",
          subdomain: Bool.random(using: &generator) ? "sub-\(index % 3)" : nil,
          task: Bool.random(using: &generator) ? text(&generator, lines: 1...1) : nil,
          cognitiveLevel: CognitiveLevel.allCases.randomElement(using: &generator) ?? .recall, stem: stem + "\n",
          options: options,
          key: optionIDs.randomElement(using: &generator) ?? "A", rationale: rationale,
          references: (0..<Int.random(in: 0...2, using: &generator)).map { _ in text(&generator, lines: 1...1) },
          enemies: Bool.random(using: &generator) ? ["GEN-\(index + 1)"] : [],
          authors: Bool.random(using: &generator) ? ["author \(index)"] : [],
          reviewers: Bool.random(using: &generator) ? ["r-\(index)"] : [],
          tags: Bool.random(using: &generator) ? ["t1", "yes"] : [],
          notes: Bool.random(using: &generator) ? " leading space\n" + text(&generator, lines: 1...3) : nil,
          shuffle: Bool.random(using: &generator)))
    }
    return items
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func generatedItemsComeBack(seed: UInt64) throws {
    let domains = shippedBank.blueprints.flatMap { $0.domains.map(\.id) }
    let items = Self.generatedItems(seed: seed, count: 150, domains: Array(Set(domains)).sorted())
    for withRationale in [false, true] {
      let (imported, refused) = try roundTrip(items, blueprints: shippedBank.blueprints, withRationale: withRationale)
      #expect(refused.isEmpty, "\(refused.prefix(3))")
      for item in items {
        let back = try #require(imported[item.id], "item \(item.id) did not come back")
        let expected = expectedAfterRoundTrip(item, withRationale: withRationale)
        #expect(
          QTIImporter.sameContent(back, expected), "seed \(seed), item \(item.id):\n\(back)\nexpected\n\(expected)")
      }
    }
  }
}
