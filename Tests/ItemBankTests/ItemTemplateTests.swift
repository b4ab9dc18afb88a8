import ItemBank
import Testing

@Suite struct ItemTemplateTests {
  @Test func prefixes() {
    #expect(ItemTemplate.prefix(forDomain: "inventory") == "INV")
    #expect(ItemTemplate.prefix(forDomain: "supply-chains-strategy") == "SCS")
  }

  @Test func nextIDFollowsTheHighestNumber() {
    #expect(ItemTemplate.nextID(forDomain: "inventory", existing: ["INV-0007", "INV-0012", "DEM-0099"]) == "INV-0013")
    #expect(ItemTemplate.nextID(forDomain: "demand", existing: []) == "DEM-0001")
  }

  @Test func templateIsAValidDraftItem() {
    let text = ItemTemplate.text(id: "INV-0001", domain: "inventory", level: "analysis")
    let (items, diagnostics) = ItemParser.parse(text, file: "t.yml")
    #expect(diagnostics.isEmpty)
    #expect(items.first?.status == .draft)
    #expect(items.first?.cognitiveLevel == .analysis)
    #expect(items.first?.options.count == 4)
  }
}
