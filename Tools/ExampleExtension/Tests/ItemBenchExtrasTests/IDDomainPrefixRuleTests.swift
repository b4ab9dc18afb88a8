import Foundation
import ItemBank
import ItemBenchCore
import ItemBenchExtras
import ItemLint
import Testing

@Suite struct IDDomainPrefixRuleTests {
  /// Items written out here; the bad one's id line is `id: DEM-0002`, so the finding must point
  /// at line 2, column 5 (after `format: 1`).
  static let good = """
    format: 1
    id: INV-0001
    status: draft
    domain: inventory
    cognitive_level: recall
    stem: What is the main purpose of safety stock?
    options: {A: Buffer uncertainty, B: Earn discounts, C: Fill the pipeline, D: Smooth production}
    key: A
    rationale: Safety stock buffers uncertainty in demand and supply.
    references: [Safety stock]

    """
  static let bad = """
    format: 1
    id: DEM-0002
    status: draft
    domain: inventory
    cognitive_level: recall
    stem: What is the main purpose of cycle stock?
    options: {A: Cover demand between orders, B: Buffer uncertainty, C: Fill the pipeline, D: Smooth production}
    key: A
    rationale: Cycle stock is the inventory that covers demand between replenishments.
    references: [Cycle stock]

    """

  /// Through the registry and the same entry point `itembench lint` uses (`LintRunner.run`), on
  /// files on disk: the rule fires on the bad item only.
  @Test func firesOnTheBadItemOnlyThroughTheRegistry() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("itembench-extras-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.good.write(to: directory.appendingPathComponent("INV-0001.yml"), atomically: true, encoding: .utf8)
    try Self.bad.write(to: directory.appendingPathComponent("DEM-0002.yml"), atomically: true, encoding: .utf8)

    let rules = LintRuleRegistry()
    #expect(rules.rule("id-domain-prefix") == nil)
    Extras.register(rules: rules, exporters: ExporterRegistry())
    #expect(rules.rule("id-domain-prefix") != nil)

    let report = try LintRunner.run(paths: [directory.path], registry: rules)
    let findings = report.findings.filter { $0.ruleID == "id-domain-prefix" }
    #expect(findings.count == 1)
    let finding = try #require(findings.first)
    #expect(finding.location.file.hasSuffix("DEM-0002.yml"))
    #expect(finding.location.line == 2 && finding.location.column == 5)
    #expect(finding.severity == .warning)
    #expect(finding.itemID == "DEM-0002")
    #expect(finding.message == "item id 'DEM-0002' does not start with 'INV-', the code of domain 'inventory'")

    // Without the extension, the same files give no such finding.
    let plain = try LintRunner.run(paths: [directory.path], registry: LintRuleRegistry())
    #expect(!plain.findings.contains { $0.ruleID == "id-domain-prefix" })
  }

  /// The configuration treats the rule like a built-in one: severity and parameters.
  @Test func configurationSetsSeverityAndParameters() throws {
    let rules = LintRuleRegistry()
    rules.register(IDDomainPrefixRule())
    let configuration = try LintConfiguration.parse(
      "id-domain-prefix: {prefixes: [inventory=DEM], severity: error}\n", file: ".itembench.yml",
      registry: rules)
    let bank = BankLoader.load(texts: ["INV-0001.yml": Self.good, "DEM-0002.yml": Self.bad])
    let findings = Linter(configuration: configuration, registry: rules).lint(bank).findings
      .filter { $0.ruleID == "id-domain-prefix" }
    // With inventory=DEM, the good item is now the one out of line, at error severity.
    #expect(findings.map(\.itemID) == ["INV-0001"])
    #expect(findings.map(\.severity) == [.error])
  }

  /// The rule's own examples, checked the way ItemBench checks its built-in rules' examples.
  @Test func examplesBehaveAsDocumented() {
    let rule = IDDomainPrefixRule()
    for example in rule.triggeringExamples {
      let bank = BankLoader.load(texts: example.cleanFiles)
      #expect(bank.diagnostics.isEmpty, "\(bank.diagnostics)")
      let findings = Linter(rules: [ConfiguredRule(rule, options: example.options)]).lint(bank).findings
      #expect(findings.map(\.location).sorted() == example.markedLocations.sorted())
    }
    for example in rule.nonTriggeringExamples {
      let bank = BankLoader.load(texts: example.cleanFiles)
      let findings = Linter(rules: [ConfiguredRule(rule, options: example.options)]).lint(bank).findings
      #expect(findings.isEmpty, "\(findings.map(\.description))")
    }
  }

  @Test func codeOfADomain() {
    #expect(IDDomainPrefixRule.code(of: "inventory", prefixes: []) == "INV")
    #expect(IDDomainPrefixRule.code(of: "supply-chains-strategy", prefixes: []) == "SUP")
    #expect(IDDomainPrefixRule.code(of: "supply-chains-strategy", prefixes: ["supply-chains-strategy=SCS"]) == "SCS")
    #expect(IDDomainPrefixRule.code(of: "s-and-op", prefixes: []) == "SAN")
  }
}
