import Foundation
import ItemBank
import ItemBenchCore
import Testing

@testable import BlueprintCoverage

@Suite struct RendererTests {
  static func reports() throws -> (good: CoverageReport, broken: CoverageReport) {
    let good = loadFixtureBank("good-bank")
    let broken = loadFixtureBank("broken-bank")
    return (
      CoverageChecker.check(bank: good, blueprint: try #require(good.blueprint("mini")), forms: good.forms),
      CoverageChecker.check(bank: broken, blueprint: try #require(broken.blueprint("mini")), forms: broken.forms)
    )
  }

  func parse(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
  }

  @Test func jsonFollowsTheDocumentedLayout() throws {
    let (good, broken) = try Self.reports()
    let document = try parse(CoverageRenderer.render([good, broken], as: .json))
    #expect(document["format"] as? Int == 1)
    #expect(document["report"] as? String == "coverage")
    #expect(document["passed"] as? Bool == false)
    #expect(document["errors"] as? Int == 23 && document["warnings"] as? Int == 7)
    let rules = try #require(document["rules"] as? [String: String])
    #expect(Set(rules.keys) == ["rounding", "status_policy", "bank_capacity", "anchors", "key_balance"])
    #expect(rules["rounding"]!.contains("largest-remainder (Hamilton)"))
    let blueprints = try #require(document["blueprints"] as? [[String: Any]])
    #expect(blueprints.count == 2)
    #expect(blueprints[0]["passed"] as? Bool == true)

    let bank = try #require(blueprints[1]["bank"] as? [String: Any])
    let gaps = try #require(bank["gaps"] as? [[String: Any]])
    #expect(gaps.map { $0["id"] as? String } == ["analysis", "delta", "gamma"])
    #expect(gaps.map { $0["shortfall"] as? Int } == [2, 1, 1])
    let domains = try #require(bank["domains"] as? [[String: Any]])
    let alpha = domains[0]
    let status = try #require(alpha["items_by_status"] as? [String: Int])
    #expect(status["operational"] == 4 && status["draft"] == 1 && status["total"] == 5)
    let perForm = try #require(alpha["per_form"] as? [String: Any])
    #expect(perForm["target"] as? Int == 4 && perForm["minimum"] as? Int == 3 && perForm["maximum"] as? Int == 5)

    let form = try #require((blueprints[1]["forms"] as? [[String: Any]])?.first)
    #expect(form["passed"] as? Bool == false)
    #expect((form["length"] as? [String: Int])?["actual"] == 14)
    let formDomains = try #require(form["domains"] as? [[String: Any]])
    #expect(formDomains.map { $0["within_tolerance"] as? Bool } == [false, false, false, true])
    #expect(formDomains[0]["quota"] as? Double == 4.4)
    let keys = try #require(form["keys"] as? [String: Any])
    #expect(keys["chi_square"] as? Double == 11.3333)
    #expect(keys["balanced"] as? Bool == false)
    let diagnostics = try #require(blueprints[1]["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.count == 30)
    #expect(diagnostics.allSatisfy { $0["file"] is String && $0["line"] is Int && $0["code"] is String })

    let overlaps = try #require(blueprints[0]["overlaps"] as? [[String: Any]])
    #expect(overlaps.first?["shared"] as? Int == 5)
    #expect(overlaps.first?["percent_of_first"] as? Double == 41.67)
  }

  @Test func renderingIsDeterministic() throws {
    for format in CoverageReportFormat.allCases {
      let first = CoverageRenderer.render([try Self.reports().broken], as: format)
      let second = CoverageRenderer.render([try Self.reports().broken], as: format)
      #expect(first == second, "\(format)")
    }
  }

  @Test func textAndMarkdownStateTheRulesAndTheResult() throws {
    let (good, broken) = try Self.reports()
    for format in [CoverageReportFormat.text, .markdown] {
      let text = broken.rendered(as: format)
      #expect(text.contains(CoverageRules.rounding))
      #expect(text.contains(CoverageRules.statusPolicy))
      // Every problem is listed in the file:line:column: severity: message style.
      for diagnostic in broken.diagnostics { #expect(text.contains(diagnostic.description), "\(format)") }
    }
    #expect(good.rendered(as: .text).hasSuffix("Result: PASSED (0 error(s), 0 warning(s))\n"))
    #expect(broken.rendered(as: .text).hasSuffix("Result: FAILED (23 error(s), 7 warning(s))\n"))
    #expect(broken.rendered(as: .markdown).hasPrefix("# Blueprint coverage\n\n**Result: FAILED**"))
  }

  @Test func numbersAreNeverNaN() {
    // An empty form and an empty bank: percentages of zero items are 0, never NaN.
    let blueprint = makeBlueprint(scored: 2, domains: [("a", 100, 0)])
    let report = CoverageChecker.check(
      bank: ItemBank(root: "mem", items: []), blueprint: blueprint, forms: [makeForm("f", [])])
    for format in CoverageReportFormat.allCases {
      let text = report.rendered(as: format)
      #expect(!text.lowercased().contains(#/\bnan\b|\binf\b/#), "\(format)")
    }
  }
}
