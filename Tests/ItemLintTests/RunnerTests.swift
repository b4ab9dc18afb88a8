import Foundation
import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

/// Linting paths on disk: bank discovery, configuration discovery, included/excluded.
@Suite struct RunnerTests {
  /// `path` as the runner shows it: relative to the working directory when below it.
  static func shown(_ path: String) -> String {
    let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
    return path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
  }

  @Test func lintsTheFixtureBank() throws {
    let bank = TestSupport.fixtures + "/bank"
    let report = try LintRunner.run(paths: [bank])
    #expect(
      report.findings.map(\.description) == [
        Self.shown(bank)
          + "/inventory/INV-0002.yml:8:3: warning: negative word 'not' in the stem; phrase the stem positively or write it in capitals (NOT) (negative-stem)",
        Self.shown(bank)
          + "/planning/PLN-0001.yml:4:9: error: domain 'planing' is not in the blueprint 'demo' (did you mean 'planning'?) (unknown-domain)",
        Self.shown(bank)
          + "/planning/PLN-0001.yml:11:6: error: option D is 'All of the above'; write a single best answer instead (all-of-the-above)",
      ])
    #expect(
      report.files
        == [
          "/blueprints/demo.yml", "/forms/a.yml", "/inventory/INV-0001.yml", "/inventory/INV-0002.yml",
          "/planning/PLN-0001.yml",
        ].map { Self.shown(bank) + $0 })
  }

  @Test func aSubdirectoryOrFileIsLintedAgainstItsEnclosingBank() throws {
    let bank = TestSupport.fixtures + "/bank"
    // The blueprint is found above the path (unknown-domain) …
    let planning = try LintRunner.run(paths: [bank + "/planning"])
    #expect(planning.findings.map(\.ruleID) == ["unknown-domain", "all-of-the-above"])
    #expect(planning.files == [Self.shown(bank + "/planning/PLN-0001.yml")])
    // … and enemies resolve against the whole bank (INV-0001 lists INV-0002).
    let file = try LintRunner.run(paths: [bank + "/inventory/INV-0001.yml"])
    #expect(file.findings.isEmpty)
    #expect(file.files == [Self.shown(bank + "/inventory/INV-0001.yml")])
  }

  @Test func missingPathIsAnError() {
    #expect(throws: LintRunError.self) { try LintRunner.run(paths: ["/nonexistent/items"]) }
  }

  @Test func configurationIsFoundByWalkingUp() throws {
    let root = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try TestSupport.write(
      "disabled_rules: [missing-reference]\nexcluded: [Items/drafts]\n", to: root + "/.itembench.yml")
    let noReference = ExampleItem.text(stem: WritingRules.stem, options: WritingRules.options, references: nil)
    try TestSupport.write(noReference, to: root + "/Items/inventory/a.yml")
    try TestSupport.write(
      noReference.replacingOccurrences(of: "Which", with: "Which usually").replacingOccurrences(
        of: "INV-0001", with: "INV-0002"),
      to: root + "/Items/drafts/b.yml")
    try TestSupport.write(StructureRules.demoBlueprint, to: root + "/Items/blueprints/demo.yml")
    let report = try LintRunner.run(paths: [root + "/Items/inventory", root + "/Items/drafts"])
    #expect(report.findings.isEmpty)
    #expect(report.files == [Self.shown(root + "/Items/inventory/a.yml")])
    // Without the configuration file both rules report.
    let explicit = root + "/empty.yml"
    try TestSupport.write("{}\n", to: explicit)
    let unconfigured = try LintRunner.run(paths: [root + "/Items"], configurationFile: explicit)
    #expect(unconfigured.findings.map(\.ruleID).sorted() == ["missing-reference", "missing-reference", "vague-terms"])
  }

  @Test func invalidConfigurationIsAnError() throws {
    let root = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try TestSupport.write("disabled_rules: [stem-lenght]\n", to: root + "/.itembench.yml")
    try TestSupport.write(TestSupport.cleanItem(), to: root + "/a.yml")
    #expect {
      try LintRunner.run(paths: [root])
    } throws: { error in
      "\(error)" == root
        + "/.itembench.yml:1:18: error: unknown rule id 'stem-lenght' in 'disabled_rules' (did you mean 'stem-length'?)"
    }
  }
}
