import Equating
import Foundation
import ItemBenchCore
import Testing

@testable import TechnicalReport

@Suite struct TechnicalReportTests {
  @Test func everySectionAndPlotIsThereAndTheOutputIsDeterministic() throws {
    let input = try ReportFixture.input()
    let html = try TechnicalReportRenderer.render(input)
    for section in TechnicalReportRenderer.sectionIDs {
      #expect(html.contains("<section id=\"\(section)\">"), "section \(section)")
    }
    for figure in [
      "coverage-form-y", "scores-form-y", "icc-form-y-ANC-1", "wright-form-y", "information-form-x", "drift-b",
      "drift-a", "tcc", "conversion-form-y", "conversion-form-x", "csem", "dif-form-y-group",
    ] {
      #expect(html.contains("<figure id=\"fig-\(figure)\""), "figure \(figure)")
    }
    // The flagged, non-discriminating item gets option curves.
    #expect(html.contains("id=\"fig-options-form-y-Y-6\""))
    #expect(!html.contains("<script"))
    #expect(
      !html.contains("http://")
        || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
    #expect(!html.contains("https://"))
    #expect(try TechnicalReportRenderer.render(input) == html)
  }

  @Test func conversionPlotPointsAreTheTableRows() throws {
    let input = try ReportFixture.input()
    let html = try TechnicalReportRenderer.render(input)
    for form in input.forms {
      let table = try #require(form.conversion)
      let csv = try CSVExporter().export(table.dataTable())
      let rows = csv.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map {
        $0.split(separator: ",", omittingEmptySubsequences: false)
      }
      let expected = rows.map { "data-x=\"\($0[0])\" data-y=\"\($0[3])\"" }
      let svg = try #require(
        html.range(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"conversion-\(form.formID)\"").map {
          html[$0.lowerBound...]
        })
      let body = svg[..<(svg.range(of: "</svg>")?.upperBound ?? svg.endIndex)]
      let plotted = body.components(separatedBy: "class=\"point\" ").dropFirst().map {
        String($0.prefix { $0 != " " }) + " " + String($0.split(separator: " ")[1])
      }
      #expect(plotted == expected)
    }
  }

  @Test func shipsNoItemTextAndOptionalSectionsAppearOnlyWithData() throws {
    var input = try ReportFixture.input()
    var html = try TechnicalReportRenderer.render(input)
    #expect(!html.contains("id=\"drift-history\""))
    #expect(!html.contains("id=\"pre-equating\""))
    input.driftHistory = [
      DriftHistoryPoint(administration: "2026-05", itemID: "ANC-1", bDisplacement: 0.02, flagged: false),
      DriftHistoryPoint(administration: "2026-11", itemID: "ANC-1", bDisplacement: 0.41, flagged: true),
    ]
    input.preEquating = [
      PreEquatingComparison(formID: "form-x", rows: [(raw: 0, pre: 200, post: 200), (raw: 1, pre: 212, post: 210)])
    ]
    html = try TechnicalReportRenderer.render(input)
    #expect(html.contains("<section id=\"drift-history\">"))
    #expect(html.contains("<section id=\"pre-equating\">"))
    #expect(html.contains("id=\"fig-pre-equating-form-x\""))
  }

  @Test func fnvDigestMatchesThePublishedTestVectors() {
    // FNV-1a 64 test vectors (Fowler/Noll/Vo): "" → cbf29ce484222325, "a" → af63dc4c8601ec8c.
    #expect(fnv1a64([UInt8]()) == "cbf29ce484222325")
    #expect(fnv1a64(Array("a".utf8)) == "af63dc4c8601ec8c")
    #expect(fnv1a64(Array("foobar".utf8)) == "85944171f73967e8")
  }
}
