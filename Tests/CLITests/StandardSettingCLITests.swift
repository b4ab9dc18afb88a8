import Foundation
import Testing

/// `itembench standard-setting` and `itembench scores` end to end (docs/standard-setting.md,
/// docs/scores.md).
@Suite struct StandardSettingCLITests {
  /// Four Rasch items at b = 0 (D = 1): τ(θ) = 4 / (1 + e^−θ).
  static let parameters = "id,a,b,c\nI1,1,0,0\nI2,1,0,0\nI3,1,0,0\nI4,1,0,0\n"
  /// Cuts 2.6, 2.2, 3.0: mean 2.6, SD 0.4, SE 0.4/√3 = 0.2309; θ = ln(2.6/1.4) = 0.6190.
  static let panel = """
    rater,round,item,rating
    R1,1,I1,0.5
    R1,1,I2,0.6
    R1,1,I3,0.7
    R1,1,I4,0.8
    R2,1,I1,0.4
    R2,1,I2,0.5
    R2,1,I3,0.6
    R2,1,I4,0.7
    R3,1,I1,0.6
    R3,1,I2,0.7
    R3,1,I3,0.8
    R3,1,I4,0.9

    """

  @Test func angoffWritesANewScaleFileAndUpdatesOnlyWhenAsked() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(Self.parameters, "p.csv", in: directory)
      let panel = try writeFile(Self.panel, "panel.csv", in: directory)
      let scale = directory.appendingPathComponent("scale.yml").path
      let json = try CLIRunner.run(["standard-setting", panel, "--params", params, "--format", "json", "--no-bank"])
      #expect(json.status == 0, "\(json.stderr)")
      let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
      #expect(abs((object["raw_cut"] as? Double ?? 0) - 2.6) < 1e-4)
      #expect(abs((object["raw_cut_se"] as? Double ?? 0) - 0.2309) < 1e-4)
      #expect(abs((object["theta_cut"] as? Double ?? 0) - log(2.6 / 1.4)) < 1e-4)

      let base = ["standard-setting", panel, "--params", params, "--no-bank", "--scale", scale, "--date", "2026-12-01"]
      let missingRange = try CLIRunner.run(base)
      #expect(missingRange.status == 2)
      #expect(!FileManager.default.fileExists(atPath: scale))
      let created = try CLIRunner.run(base + ["--range", "200:350", "--passing-score", "300"])
      #expect(created.status == 0, "\(created.stderr)")
      let text = try readFile(scale)
      #expect(text.contains("cut:\n  raw: 2.6000\n"))
      #expect(text.contains("standard_setting:\n  method: modified-angoff\n"))
      #expect(text.contains("  raw_cut_se: 0.2309\n"))

      // An existing file is never overwritten without --update.
      try writeFile(
        "# mine\nformat: 1\nrange: [200, 350]\npassing_score: 300\ncut: {raw: 3}\nmapping: piecewise-raw\n",
        "scale.yml", in: directory)
      let refused = try CLIRunner.run(base)
      #expect(refused.status == 2)
      #expect(refused.stderr.contains("use --update"))
      #expect(try readFile(scale).hasPrefix("# mine\n") && readFile(scale).contains("cut: {raw: 3}"))
      let updated = try CLIRunner.run(base + ["--update"])
      #expect(updated.status == 0, "\(updated.stderr)")
      #expect(updated.stderr.contains("cut: raw 3 → raw 2.6"))
      let after = try readFile(scale)
      #expect(
        after.hasPrefix(
          "# mine\nformat: 1\nrange: [200, 350]\npassing_score: 300\ncut:\n  raw: 2.6000\nmapping: piecewise-raw\nstandard_setting:\n"
        ))
      #expect(try listing(directory) == ["p.csv", "panel.csv", "scale.yml"])
    }
  }

  @Test func badPanelCellsNameTheirLocation() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(Self.parameters, "p.csv", in: directory)
      let panel = try writeFile("rater,round,item,rating\nR1,1,I1,high\n", "panel.csv", in: directory)
      let result = try CLIRunner.run(["standard-setting", panel, "--params", params, "--no-bank"])
      #expect(result.status == 2)
      #expect(result.stderr.contains("panel.csv:2:4: error: invalid rating 'high'"))
    }
  }
}

@Suite struct ScoresCLITests {
  @Test func sampleCandidatesThroughTheTable() throws {
    try withTemporaryDirectory { directory in
      let root = CLIRunner.packageRoot.path
      // Form A's scored items with the simulation's true parameters.
      let form = try readFile(root + "/Items/forms/form-a.yml")
      let scored = form.split(separator: "\n").compactMap { line -> String? in
        guard line.contains("{id: "), !line.contains("role: pretest") else { return nil }
        return line.split(separator: " ").dropFirst(2).first.map { String($0.dropLast()) }
      }
      #expect(scored.count == 50)
      let truth = try readFile(root + "/Items/responses/true-parameters.csv").split(separator: "\n")
      let wanted = Set(scored)
      let rows = truth.dropFirst().filter { wanted.contains(String($0.split(separator: ",")[0])) }
      let params = try writeFile("id,a,b,c\n" + rows.joined(separator: "\n") + "\n", "form-a.csv", in: directory)
      let table = directory.appendingPathComponent("form-a-table.csv").path
      let built = try CLIRunner.run([
        "scale-table", "--base", params, "--new", params, "--scale", root + "/Items/scales/cpim.yml", "--out", table,
      ])
      #expect(built.status == 0, "\(built.stderr)")
      let out = directory.appendingPathComponent("scores")
      let arguments = [
        "scores", root + "/Items/responses/form-a.csv", "--form", "form-a", "--table", table, "--params", params,
        "--out", out.path,
        "--bank", root + "/Items",
      ]
      let first = try CLIRunner.run(arguments)
      #expect(first.status == 0, "\(first.stderr)")
      #expect(try listing(out) == ["reports.html", "scores.csv", "scores.json"])
      let bytes = try ["reports.html", "scores.csv", "scores.json"].map {
        try Data(contentsOf: out.appendingPathComponent($0))
      }
      let second = try CLIRunner.run(arguments)
      #expect(second.status == 0)
      #expect(
        try ["reports.html", "scores.csv", "scores.json"].map { try Data(contentsOf: out.appendingPathComponent($0)) }
          == bytes)
      #expect(try listing(out) == ["reports.html", "scores.csv", "scores.json"])

      let lookup = CSVOutput(try readFile(table))
      let scores = CSVOutput(try readFile(out.appendingPathComponent("scores.csv").path))
      #expect(scores.rows.count == 3000)
      var mismatches = 0
      for row in scores.rows {
        guard let raw = Int(row["raw"] ?? ""), raw < lookup.rows.count else {
          mismatches += 1
          continue
        }
        if row["scaled"] != lookup.rows[raw]["scaled"] || row["pass"] != lookup.rows[raw]["pass"] { mismatches += 1 }
      }
      #expect(mismatches == 0)
      let html = try readFile(out.appendingPathComponent("reports.html").path)
      #expect(html.components(separatedBy: "<section class=\"page\">").count == 3001)
      #expect(!html.contains("<script") && !html.contains("http"))
    }
  }
}
