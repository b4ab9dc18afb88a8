import Foundation
import Testing

/// `itembench mixed` end to end (docs/polytomous.md).
@Suite struct MixedFormatCLITests {
  static let polytomous = CLIRunner.packageRoot.appendingPathComponent("Tests/Fixtures/polytomous")

  /// Writes a 4-item Science score file (Comfort, Work, Future, Benefit) into `directory`.
  static func scienceFour(in directory: URL) throws -> String {
    let text = try String(contentsOf: polytomous.appendingPathComponent("science.csv"), encoding: .utf8)
    let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let keep = [0, 2, 3, 6]
    let body = lines.map { fields in keep.map { String(fields[$0]) }.joined(separator: ",") }.joined(separator: "\n")
    let path = directory.appendingPathComponent("science4.csv").path
    try (body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// Calibrate → score → link → equate with a scale, on published data: the GRM log-likelihood
  /// of the independent fit (−1608.8694, Tests/Fixtures/polytomous/science-grm-reference.json),
  /// a table over raw scores 0…12, and byte-identical output on a second run.
  @Test func calibrateScoreLinkAndEquateTheScienceItems() throws {
    try withTemporaryDirectory { directory in
      let scores = try Self.scienceFour(in: directory)
      let parameters = directory.appendingPathComponent("grm.json").path
      let calibrated = try CLIRunner.run(["mixed", "calibrate", scores, "--model", "grm", "--out", parameters])
      #expect(calibrated.status == 0, "\(calibrated.stderr)")
      let file = try String(contentsOfFile: parameters, encoding: .utf8)
      #expect(file.contains("\"model\": \"mixed\"") && file.contains("\"model\": \"grm\""))
      let object = try #require(try JSONSerialization.jsonObject(with: Data(file.utf8)) as? [String: Any])
      #expect(abs((object["log_likelihood"] as? Double ?? 0) + 1608.8694131) < 1e-4)

      let again = directory.appendingPathComponent("grm-again.json").path
      _ = try CLIRunner.run(["mixed", "calibrate", scores, "--model", "grm", "--out", again])
      #expect(try String(contentsOfFile: again, encoding: .utf8) == file)

      let scored = try CLIRunner.run(["mixed", "score", "--parameters", parameters, scores])
      #expect(scored.status == 0, "\(scored.stderr)")
      let csv = CSVOutput(scored.stdout)
      #expect(csv.header == ["candidate", "raw", "answered", "theta", "se"])
      #expect(csv.rows.count == 392)

      let linked = try CLIRunner.run([
        "mixed", "link", "--base", parameters, "--new", parameters, "--method", "stocking-lord",
      ])
      #expect(linked.status == 0, "\(linked.stderr)")
      #expect(linked.stdout.contains("\"A\": 1") && linked.stdout.contains("\"B\": 0"), "\(linked.stdout)")

      let scale = Fixtures.equating("scale.yml")
      let table = try CLIRunner.run(["mixed", "equate", "--base", parameters, "--new", parameters, "--scale", scale])
      #expect(table.status == 0, "\(table.stderr)")
      let rows = CSVOutput(table.stdout)
      #expect(rows.header == ["raw", "theta", "equated", "scaled", "pass", "csem"])
      #expect(rows.rows.map { $0["raw"] } == (0...12).map { String($0) })
    }
  }

  /// Bad input: a score that is not a whole number names its row and column; an unknown model
  /// is a usage error.
  @Test func badInputIsReportedWithItsLocation() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("bad.csv").path
      try "A,B\n1,2\n0,two\n".write(toFile: path, atomically: true, encoding: .utf8)
      let result = try CLIRunner.run(["mixed", "calibrate", path])
      #expect(result.status == 2)
      #expect(result.stderr.contains("bad.csv:3:2"), "\(result.stderr)")
      let model = try CLIRunner.run(["mixed", "calibrate", path, "--model", "pcm"])
      #expect(model.status != 0 && model.stderr.contains("gpcm or grm"), "\(model.stderr)")
    }
  }
}
