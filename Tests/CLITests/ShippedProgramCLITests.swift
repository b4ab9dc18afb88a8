import Foundation
import Testing

/// The shipped programs (issue 13): the full-size forms meet blueprint `cpim-full` and the bank
/// can fill two full forms without reuse; both project files run. The full program's results
/// against the simulation's truth (`Items/responses/cpim-true-*.csv`) are an opt-in long test:
/// set `ITEMBENCH_FULL_SAMPLE=1` (a release-size run; about a minute of CPU in a debug build).
@Suite struct ShippedProgramCLITests {
  static let root = CLIRunner.packageRoot

  @Test func theFullFormsPassCoverageAndTheBankFillsTwoFormsWithoutReuse() throws {
    let result = try CLIRunner.run(["coverage", "--blueprint", "cpim-full", "--forms", "2"], in: Self.root)
    #expect(result.status == 0, "\(result.stderr.prefix(2000))")
    for form in ["cpim-a", "cpim-b", "cpim-c"] {
      #expect(result.stdout.contains("Form '\(form)' ("), "\(form) was not checked")
      #expect(
        result.stdout.split(separator: "\n").contains { $0.hasPrefix("Form '\(form)'") && $0.hasSuffix(": PASSED") },
        "\(form) did not pass")
    }
    #expect(result.stdout.contains("operational items against 2 forms without reuse"))
    #expect(!result.stdout.contains("bank-shortfall") && !result.stdout.contains("bank-capacity"))
    #expect(result.stdout.contains("Blueprint 'cpim-full': PASSED"))
  }

  @Test func bothProjectFilesNameTheirFormsAndRunTheChecks() throws {
    try withTemporaryDirectory { directory in
      let demo = try CLIRunner.run(
        [
          "cycle", "--config", "Examples/demo/itembench.yml", "--steps", "coverage", "-q", "--output",
          directory.appendingPathComponent("demo").path,
        ], in: Self.root)
      #expect(demo.status == 0, "\(demo.stderr.prefix(2000))")
      #expect(demo.stdout.contains("`2027-05-form-c` (form `form-c`, 2027-05-01)"))
      #expect(demo.stdout.contains("blueprint `cpim-demo`"))
      let full = try CLIRunner.run(
        ["cycle", "--steps", "coverage", "-q", "--output", directory.appendingPathComponent("full").path],
        in: Self.root)
      #expect(full.status == 0, "\(full.stderr.prefix(2000))")
      #expect(full.stdout.contains("`2027-05-cpim-c` (form `cpim-c`, 2027-05-01)"))
      #expect(full.stdout.contains("blueprint `cpim-full`"))
      #expect(full.stdout.contains("Blueprint coverage: passed"))
    }
  }

  /// Rows of a CSV file without `#` comment lines, as dictionaries by header.
  static func csvRows(_ path: String) throws -> [[String: String]] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
      return []
    }
    return lines.dropFirst().map { line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return Dictionary(uniqueKeysWithValues: zip(header, cells))
    }
  }

  @Test(.enabled(if: ProcessInfo.processInfo.environment["ITEMBENCH_FULL_SAMPLE"] == "1"))
  func theFullProgramFindsTheTruthsRawCutsAndPlantedDrift() throws {
    try withTemporaryDirectory { directory in
      let output = directory.appendingPathComponent("out").path
      let run = try CLIRunner.run(["cycle", "-q", "--output", output], in: Self.root)
      #expect(run.status == 0, "\(run.stderr.prefix(2000))")
      let truth = try Self.csvRows(Self.root.path + "/Items/responses/cpim-true-populations.csv")
      let program = try Self.csvRows(output + "/program.csv")
      #expect(program.count == 3)
      for row in program {
        let form = try #require(truth.first { $0["form"] == row["form"] })
        // The truth: the lowest raw score at or above the form's true TCC at the θ cut.
        #expect(row["lowest_passing_raw"] == form["true_raw_cut"], "\(row["form"] ?? "")")
        // Pass rates within sampling and classification error of the true share above the cut.
        let observed = try #require(Double(row["pass_rate"] ?? ""))
        let share = try #require(Double(form["sample_pass_rate"] ?? ""))
        #expect(abs(observed - share) < 0.04, "\(row["form"] ?? ""): \(observed) against \(share)")
      }
      let planted = try Self.csvRows(Self.root.path + "/Items/responses/cpim-true-drift.csv")
      let drift = try Self.csvRows(output + "/drift-history.csv")
      for plant in planted {
        let administration = try #require(program.first { $0["form"] == plant["form"] }?["administration"])
        let record = try #require(drift.first { $0["administration"] == administration && $0["anchor"] == plant["id"] })
        #expect(record["flagged"] == "true" && record["action"] == "dropped", "\(record)")
      }
      // With no drift present, at most a few of 30 anchors per administration are flagged.
      #expect(drift.filter { $0["flagged"] == "true" }.count <= planted.count + 3)
    }
  }
}
