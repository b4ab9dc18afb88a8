import ExamCycle
import Foundation
import Testing

/// The program run's report.html and candidate scores on the small test project, with a third
/// administration that gives form A again (so it is pre-equated from the bank, linked through
/// its anchors, and labelled by its administration id).
@Suite struct ProgramReportTests {
  static func threeAdministrations(at root: URL) throws -> ProjectConfiguration {
    var configuration = try ExamCycleRunTests.makeProject(at: root)
    configuration.administrations.append(
      ProjectConfiguration.FormData(
        id: "form-a", responses: configuration.base.responses, date: "2027-01-01", administration: "form-a-again"))
    return configuration
  }

  @Test func theReportCoversEveryAdministration() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("program-report-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let configuration = try Self.threeAdministrations(at: root)
    let report = try ExamCycleRunner(configuration: configuration).run()
    #expect(report.files.contains("report.html"))
    let html = try String(contentsOfFile: configuration.output + "/report.html", encoding: .utf8)
    for section in ["form", "items", "calibration", "pretest", "linking", "drift-history", "equating", "pre-equating"] {
      #expect(html.contains("<section id=\"\(section)\">"), "section \(section) missing")
    }
    // Form A is given twice: labelled by administration id, every label once per plot kind.
    for label in ["form-a", "form-b", "form-a-again"] {
      #expect(html.contains("id=\"conversion-\(label)\""), "no conversion plot for \(label)")
      #expect(html.contains("id=\"tcc\"") && html.contains("\(label) ("), "no TCC curve for \(label)")
    }
    for label in ["form-b", "form-a-again"] {
      #expect(html.contains("id=\"drift-b-\(label)\""), "no linking subsection for \(label)")
    }
    #expect(html.contains("id=\"pre-equating-form-a-again\""))
    // Pretest items of every administration: 2 per form, 3 administrations.
    let pretestTable = html.components(separatedBy: "id=\"pretest-table\"").dropFirst().first ?? ""
    let pretestRows =
      (pretestTable.components(separatedBy: "</table>").first ?? "").components(separatedBy: "<tr>")
      .count - 2
    #expect(pretestRows == 6)
    var ids: [String: Int] = [:]
    for match in html.matches(of: #/ id="([^"]+)"/#) { ids[String(match.1), default: 0] += 1 }
    #expect(ids.filter { $0.value > 1 }.isEmpty, "duplicate ids: \(ids.filter { $0.value > 1 }.keys.sorted())")
    #expect(!html.contains(ExamCycleRunTests.marker))
    #expect(!html.contains("<script"))
  }

  /// Every candidate's decision in `<adm>/scores/scores.csv` is the pass column of
  /// `<adm>/tables/<form>.csv` at the candidate's raw score, and the counts agree with the
  /// outcome the summary prints.
  @Test func scoresFollowThePostEquatedTable() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("program-scores-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let configuration = try Self.threeAdministrations(at: root)
    let report = try ExamCycleRunner(configuration: configuration, steps: [.tables, .scores]).run()
    func rows(_ path: String) throws -> [[String]] {
      try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        .dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
    for (outcome, settings) in zip(report.administrations, configuration.administrations) {
      let scores = try #require(outcome.scores)
      let table = try rows("\(configuration.output)/\(settings.administration)/tables/\(settings.id).csv")
      let candidates = try rows("\(configuration.output)/\(settings.administration)/scores/scores.csv")
      #expect(candidates.count == outcome.candidates)
      var passing = 0
      for candidate in candidates {
        // candidate, status, raw, scaled, pass, …; table: raw, theta, equated, scaled, pass, csem.
        guard candidate[1] == "scored", let raw = Int(candidate[2]) else { continue }
        #expect(
          candidate[3] == table[raw][3] && candidate[4] == table[raw][4], "\(settings.administration) \(candidate[0])")
        if candidate[4] == "true" { passing += 1 }
      }
      #expect(scores.passing == passing)
      #expect(scores.table == "post-equated")
      if let rate = outcome.observedPassRate, scores.noResponses == 0 {
        #expect(abs(Double(scores.passing) / Double(scores.scored) - rate) < 1e-12)
      }
    }
    let summary = try String(contentsOfFile: configuration.output + "/summary.md", encoding: .utf8)
    #expect(summary.contains("## Candidate scores"))
    #expect(!FileManager.default.fileExists(atPath: configuration.output + "/report.html"))
  }
}
