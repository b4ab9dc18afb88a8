import Foundation
import ItemBank
import ItemResponseTheory
import Testing

@testable import FormAssembly

/// Forms are assembled from multiple-choice items: partial-credit items are left out of the pool
/// (and counted in the explanations), and naming one as an anchor or included item is an error.
@Suite struct PartialCreditAssemblyTests {
  static func partialCredit(_ id: String, _ domain: String, _ status: ItemStatus = .operational) -> Item {
    Item(
      id: id, status: status, domain: domain, cognitiveLevel: .analysis, stem: "Compute \(id).",
      responseType: .partialCredit,
      scoreCategories: [ScoreCategory(score: 0, rubric: "Nothing."), ScoreCategory(score: 1, rubric: "Done.")])
  }

  @Test func partialCreditItemsAreNeverPutOnAForm() throws {
    let blueprint = twoDomainBlueprint()
    var items = (1...6).map { item("A\($0)", "a") } + (1...4).map { item("B\($0)", "b") }
    items += [item("P1", "a", .pretest), item("P2", "b", .pretest)]
    items += (1...4).map { Self.partialCredit("S\($0)", $0 % 2 == 0 ? "a" : "b") }
    items += [Self.partialCredit("SP1", "a", .pretest), Self.partialCredit("SP2", "b", .pretest)]
    let bank = ItemBank(root: "<memory>", items: items, blueprints: [blueprint])
    // Parameters for every item, the partial-credit ones included: they are still left out.
    let parameters = IndexedParameters(items: items.map { ItemParameters(id: $0.id, b: 0) })
    let options = AssemblyOptions(formIDs: ["x"], objective: .maxInformation)
    let result = try Assembler.assemble(bank: bank, blueprint: blueprint, parameters: parameters, options: options)
    let form = try #require(result.forms.first)
    #expect(form.entries.count == 12)
    #expect(!form.entries.contains { $0.itemID.hasPrefix("S") })
  }

  @Test func aShortageExplainsThePartialCreditItemsLeftOut() throws {
    let blueprint = twoDomainBlueprint()
    // Domain a needs 6 scored items; it has 5 multiple-choice and 2 partial-credit ones.
    var items = (1...5).map { item("A\($0)", "a") } + (1...6).map { item("B\($0)", "b") }
    items += [item("P1", "a", .pretest), item("P2", "b", .pretest)]
    items += [Self.partialCredit("S1", "a"), Self.partialCredit("S2", "a")]
    let bank = ItemBank(root: "<memory>", items: items, blueprints: [blueprint])
    let parameters = IndexedParameters(items: items.map { ItemParameters(id: $0.id, b: 0) })
    let options = AssemblyOptions(formIDs: ["x"], objective: .maxInformation)
    #expect {
      try Assembler.assemble(bank: bank, blueprint: blueprint, parameters: parameters, options: options)
    } throws: { error in
      (error as? AssemblyInfeasibility)?.reasons.contains {
        $0.hasPrefix("domain 'a' needs 6 operational item(s)") && $0.contains("(of 7 operational: 2 partial-credit)")
      } ?? false
    }
  }

  @Test func aPartialCreditAnchorOrIncludedItemIsAnInputError() throws {
    let blueprint = twoDomainBlueprint()
    let items =
      (1...6).map { item("A\($0)", "a") } + (1...4).map { item("B\($0)", "b") } + [
        Self.partialCredit("S1", "a")
      ]
    let bank = ItemBank(root: "<memory>", items: items, blueprints: [blueprint])
    let parameters = IndexedParameters(items: items.map { ItemParameters(id: $0.id, b: 0) })
    for options in [
      AssemblyOptions(formIDs: ["x"], objective: .maxInformation, include: ["S1"]),
      AssemblyOptions(formIDs: ["x"], objective: .maxInformation, anchors: .given(["S1"])),
    ] {
      #expect {
        try Assembler.assemble(bank: bank, blueprint: blueprint, parameters: parameters, options: options)
      } throws: { error in
        (error as? AssemblyInputError)?.message
          == "item 'S1' is a partial-credit item; forms are assembled from multiple-choice items only"
      }
    }
  }
}
