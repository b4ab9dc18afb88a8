import Foundation
import Testing

/// `itembench dif` end to end (docs/dif.md).
@Suite struct DIFCLITests {
  /// Responses whose studied item Q reproduces the hand-computable 2 × 2 × 3 table of
  /// FairnessAnalysisTests when matched on the total score (Q included, as the tool does):
  /// at total k = 1, 2, 3 the (A, B, C, D) counts are (10, 20, 5, 25), (30, 10, 20, 20),
  /// (40, 5, 30, 10). A candidate right on Q at total k has k − 1 of M1–M3 right; one wrong on Q
  /// has k of them right.
  static func files(in directory: URL) throws -> (responses: String, candidates: String) {
    let strata = [(10, 20, 5, 25), (30, 10, 20, 20), (40, 5, 30, 10)]
    var responses = "candidate,Q,M1,M2,M3\n"
    var candidates = "candidate_id,group\n"
    var id = 0
    func matching(_ m: Int) -> String { (0..<3).map { $0 < m ? "1" : "0" }.joined(separator: ",") }
    for (index, counts) in strata.enumerated() {
      let total = index + 1
      for (group, right, wrong) in [("reference", counts.0, counts.1), ("focal", counts.2, counts.3)] {
        for (score, n) in [(1, right), (0, wrong)] {
          for _ in 0..<n {
            id += 1
            responses += "K\(id),\(score),\(matching(total - score))\n"
            candidates += "K\(id),\(group)\n"
          }
        }
      }
    }
    return (try writeFile(responses, "r.csv", in: directory), try writeFile(candidates, "c.csv", in: directory))
  }

  @Test func reproducesTheHandComputedTableAndExitsOneOnC() throws {
    try withTemporaryDirectory { directory in
      let (responses, candidates) = try Self.files(in: directory)
      let arguments = ["dif", responses, "--no-bank", "--candidates", candidates, "--min-group-size", "10"]
      let result = try CLIRunner.run(arguments + ["--format", "csv"])
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      #expect(
        csv.header == [
          "id", "reference_n", "focal_n", "reference_p", "focal_p", "mh_alpha", "mh_delta", "mh_delta_se", "mh_chi2",
          "mh_p",
          "std_p_dif", "ets_class", "lr_uniform_chi2", "lr_uniform_p", "lr_nonuniform_chi2", "lr_nonuniform_p",
          "lr_chi2",
          "lr_p", "lr_delta_r2_uniform", "lr_delta_r2_nonuniform", "lr_delta_r2", "lr_class", "in_criterion", "notes",
        ])
      let q = try #require(csv.rows.first)
      #expect(q["id"] == "Q" && q["reference_n"] == "115" && q["focal_n"] == "110")
      // α = 334/121 = 2.7603, Δ = −2.3861, SE 0.7569, χ² 9.2179 (hand and statsmodels).
      #expect(q["mh_alpha"] == "2.7603" && q["mh_delta"] == "-2.3861" && q["mh_delta_se"] == "0.7569")
      #expect(q["mh_chi2"] == "9.2179" && q["ets_class"] == "C-")
      #expect(q["std_p_dif"] == "-0.1869")  // −185/990
      #expect(csv.metadata["reference_candidates"] == "115")
      #expect(result.stderr.contains("4 items, 115 reference and 110 focal candidates"))
      let failing = try CLIRunner.run(arguments + ["--fail-on-c"])
      #expect(failing.status == 1)
    }
  }

  /// The group variable as a column of the responses file (`--group-column`): the same table as
  /// with the candidates file, and the column's errors located.
  @Test func aGroupColumnOfTheResponsesGivesTheSameAnalysis() throws {
    try withTemporaryDirectory { directory in
      let (responses, candidates) = try Self.files(in: directory)
      let groups = Dictionary(
        try readFile(candidates).split(separator: "\n").dropFirst().map { line -> (String, String) in
          let parts = line.split(separator: ",").map(String.init)
          return (parts[0], parts[1])
        }, uniquingKeysWith: { first, _ in first })
      // The group column second, between the candidate id and the items, with a comment line.
      var combined = "# groups inline\ncandidate,group,Q,M1,M2,M3\n"
      for line in try readFile(responses).split(separator: "\n").dropFirst() {
        let parts = line.split(separator: ",", maxSplits: 1).map(String.init)
        combined += "\(parts[0]),\(groups[parts[0]] ?? ""),\(parts[1])\n"
      }
      let inline = try writeFile(combined, "inline.csv", in: directory)
      let common = ["--no-bank", "--min-group-size", "10", "--format", "csv"]
      let separate = try CLIRunner.run(["dif", responses, "--candidates", candidates] + common)
      let column = try CLIRunner.run(["dif", inline, "--group-column", "group"] + common)
      #expect(column.status == 0, "\(column.stderr)")
      #expect(column.stdout == separate.stdout)
      #expect(CSVOutput(column.stdout).rows.first?["mh_alpha"] == "2.7603")

      let typo = try CLIRunner.run(["dif", inline, "--group-column", "grup"] + common)
      #expect(typo.status == 2)
      #expect(typo.stderr.contains("\(inline):2:1: error: no group column 'grup'"))
      #expect(typo.stderr.contains("did you mean 'group'?"))
      let both = try CLIRunner.run(["dif", inline, "--group-column", "group", "--candidates", candidates] + common)
      #expect(both.status == 2)
      #expect(both.stderr.contains("either as --candidates FILE or as --group-column NAME"))
    }
  }

  @Test func badGroupsAreErrorsWithLocations() throws {
    try withTemporaryDirectory { directory in
      let (responses, candidates) = try Self.files(in: directory)
      let base = ["dif", responses, "--no-bank", "--candidates", candidates]
      let wrongVariable = try CLIRunner.run(base + ["--variable", "grop"])
      #expect(wrongVariable.status == 2)
      #expect(
        wrongVariable.stderr.contains(
          "c.csv:1:1: error: no variable 'grop' in the candidates file (did you mean 'group'?)"))
      let wrongValue = try CLIRunner.run(base + ["--focal", "focl"])
      #expect(wrongValue.status == 2)
      #expect(wrongValue.stderr.contains("no candidate has group = 'focl' (did you mean 'focal'?)"))
      let broken = try writeFile("candidate_id,group\nK1,reference\nK1,focal\n", "bad.csv", in: directory)
      let duplicate = try CLIRunner.run(["dif", responses, "--no-bank", "--candidates", broken])
      #expect(duplicate.status == 2)
      #expect(duplicate.stderr.contains("bad.csv:3:1: error: duplicate candidate id 'K1' (first on line 2)"))
    }
  }

  @Test func smallGroupsAreReportedUnanalysed() throws {
    try withTemporaryDirectory { directory in
      let (responses, candidates) = try Self.files(in: directory)
      let result = try CLIRunner.run([
        "dif", responses, "--no-bank", "--candidates", candidates, "--format", "csv", "--min-group-size", "200",
      ])
      #expect(result.status == 0)
      // The note holds commas, so it is quoted in the CSV.
      let note = "\"insufficient-sample: 115 reference, 110 focal (minimum 200 each)\""
      #expect(result.stdout.components(separatedBy: note).count - 1 == 4)
      let rows = result.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
      // mh_alpha
      #expect(rows.map { $0.split(separator: ",", omittingEmptySubsequences: false)[5] } == ["", "", "", ""])
    }
  }
}
