import Foundation
import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

@Suite struct ReporterTests {
  /// Both rules are built in (RuleCatalogueTests checks that they are registered).
  static let rules: [any LintRule] = ["negative-stem", "yaml-syntax"].compactMap { LintRuleRegistry.shared.rule($0) }
  static let report = LintReport(
    findings: [
      LintFinding(
        ruleID: "yaml-syntax", severity: .error, message: "invalid YAML: mapping values are not allowed, here",
        location: SourceLocation(file: "b dir/b.yml", line: 3, column: 7)),
      LintFinding(
        ruleID: "negative-stem", severity: .warning, message: "negative word 'not' in the stem: <rephrase> & \"fix\"",
        location: SourceLocation(file: "a.yml", line: 5, column: 12), itemID: "INV-1", field: "stem"),
      LintFinding(
        ruleID: "key-position-balance", severity: .info, message: "unbalanced\n100%",
        location: SourceLocation(file: "Items")),
    ],
    files: ["a.yml", "b dir/b.yml", "c.yml"], rules: rules, enabledRuleIDs: ["negative-stem", "yaml-syntax"],
    toolVersion: "9.9.9")

  @Test func text() {
    #expect(
      TextReporter().render(Self.report) == """
        Items: info: unbalanced
        100% (key-position-balance)
        a.yml:5:12: warning: negative word 'not' in the stem: <rephrase> & "fix" (negative-stem)
        b dir/b.yml:3:7: error: invalid YAML: mapping values are not allowed, here (yaml-syntax)

        """)
  }

  @Test func json() throws {
    let text = JSONReporter().render(Self.report)
    let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    #expect(array.count == 3)
    #expect(array[1]["file"] as? String == "a.yml")
    #expect(array[1]["line"] as? Int == 5)
    #expect(array[1]["column"] as? Int == 12)
    #expect(array[1]["rule"] as? String == "negative-stem")
    #expect(array[1]["severity"] as? String == "warning")
    #expect(array[1]["message"] as? String == "negative word 'not' in the stem: <rephrase> & \"fix\"")
    #expect(array[1]["item"] as? String == "INV-1")
    #expect(array[2]["item"] is NSNull)
    #expect(text.hasPrefix("[\n  {\n    \"file\": \"Items\","))
  }

  @Test func github() {
    #expect(
      GitHubReporter().render(Self.report) == """
        ::notice file=Items,title=key-position-balance::unbalanced%0A100%25
        ::warning file=a.yml,line=5,col=12,title=negative-stem::negative word 'not' in the stem: <rephrase> & "fix"
        ::error file=b dir/b.yml,line=3,col=7,title=yaml-syntax::invalid YAML: mapping values are not allowed, here

        """)
  }

  @Test func junit() {
    #expect(
      JUnitReporter().render(Self.report) == """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="itembench lint" tests="4" failures="3" errors="0">
          <testsuite name="Items" tests="1" failures="1" errors="0">
            <testcase classname="Items" name="key-position-balance">
              <failure type="info" message="unbalanced&#10;100%">Items: info: unbalanced&#10;100% (key-position-balance)</failure>
            </testcase>
          </testsuite>
          <testsuite name="a.yml" tests="1" failures="1" errors="0">
            <testcase classname="a.yml" name="negative-stem 5:12">
              <failure type="warning" message="negative word &apos;not&apos; in the stem: &lt;rephrase&gt; &amp; &quot;fix&quot;">a.yml:5:12: warning: negative word &apos;not&apos; in the stem: &lt;rephrase&gt; &amp; &quot;fix&quot; (negative-stem)</failure>
            </testcase>
          </testsuite>
          <testsuite name="b dir/b.yml" tests="1" failures="1" errors="0">
            <testcase classname="b dir/b.yml" name="yaml-syntax 3:7">
              <failure type="error" message="invalid YAML: mapping values are not allowed, here">b dir/b.yml:3:7: error: invalid YAML: mapping values are not allowed, here (yaml-syntax)</failure>
            </testcase>
          </testsuite>
          <testsuite name="c.yml" tests="1" failures="0" errors="0">
            <testcase classname="c.yml" name="lint"/>
          </testsuite>
        </testsuites>

        """)
  }

  @Test func sarif() throws {
    let text = SARIFReporter().render(Self.report)
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(root["version"] as? String == "2.1.0")
    #expect(root["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
    let run = try #require((root["runs"] as? [[String: Any]])?.first)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "itembench")
    #expect(driver["version"] as? String == "9.9.9")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.map { $0["id"] as? String } == ["negative-stem", "yaml-syntax"])
    let defaults = try #require(rules[0]["defaultConfiguration"] as? [String: Any])
    #expect(defaults["level"] as? String == "warning")
    #expect(defaults["enabled"] as? Bool == true)
    #expect(
      (rules[0]["shortDescription"] as? [String: Any])?["text"] as? String
        == "The stem uses NOT, EXCEPT or LEAST in lower case.")

    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.map { $0["level"] as? String } == ["note", "warning", "error"])
    // ruleIndex points into tool.driver.rules; a rule outside the catalogue has none.
    #expect(results[0]["ruleIndex"] == nil)
    #expect(results[1]["ruleIndex"] as? Int == 0)
    #expect(results[2]["ruleIndex"] as? Int == 1)
    let location = try #require(
      (results[2]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "b%20dir/b.yml")
    #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 3)
    #expect((location["region"] as? [String: Any])?["startColumn"] as? Int == 7)
    let bankLocation = try #require(
      (results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect(bankLocation["region"] == nil)
    #expect(run["columnKind"] as? String == "unicodeCodePoints")
  }

  @Test func outputIsDeterministic() {
    let shuffled = LintReport(
      findings: Self.report.findings.reversed(), files: Self.report.files.reversed(), rules: Self.rules.reversed(),
      enabledRuleIDs: Self.report.enabledRuleIDs, toolVersion: "9.9.9")
    for name in LintReporterRegistry.shared.names {
      let reporter = LintReporterRegistry.shared.reporter(named: name)!
      #expect(reporter.render(shuffled) == reporter.render(Self.report), "\(name)")
    }
  }

  @Test func exitDecision() {
    #expect(Self.report.fails(strict: false))
    let warningsOnly = LintReport(
      findings: Self.report.findings.filter { $0.severity != .error }, files: [], rules: [], enabledRuleIDs: [])
    #expect(!warningsOnly.fails(strict: false))
    #expect(warningsOnly.fails(strict: true))
    let infoOnly = LintReport(
      findings: Self.report.findings.filter { $0.severity == .info }, files: [], rules: [], enabledRuleIDs: [])
    #expect(!infoOnly.fails(strict: true))
  }
}
