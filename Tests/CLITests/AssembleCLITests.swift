import Foundation
import Testing

/// `itembench assemble` end to end (docs/assembly.md): exit statuses, files, no overwriting.
@Suite struct AssembleCLITests {
  static var items: String { CLIRunner.packageRoot.appendingPathComponent("Items").path }
  static var parameters: String {
    CLIRunner.packageRoot.appendingPathComponent("Items/responses/true-parameters.csv").path
  }

  func nextForm(_ out: String, extra: [String] = []) throws -> CLIRunner.Result {
    try CLIRunner.run(
      [
        "assemble", "--bank", Self.items, "--blueprint", "cpim-demo", "--parameters", Self.parameters,
        "--forms", "1", "--form-id", "form-c", "--out-dir", out, "--reference", "form-a", "--anchors", "form-a",
        "--previous", "form-a", "--previous", "form-b", "--max-uses", "2", "--restarts", "2", "--reproducible",
      ] + extra)
  }

  @Test func assemblesTheNextSampleFormThatCoveragePasses() throws {
    try withTemporaryDirectory { directory in
      let out = directory.appendingPathComponent("out").path
      let result = try nextForm(out)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(try listing(URL(fileURLWithPath: out)) == ["assembly-report.json", "assembly-report.md", "form-c.yml"])
      let coverage = try CLIRunner.run(
        [
          "coverage", "--bank", Self.items, "--blueprint", Self.items + "/blueprints/cpim-demo.yml", "--form",
          out + "/form-c.yml",
        ])
      #expect(coverage.status == 0, "\(coverage.stdout)")
      let report =
        try JSONSerialization.jsonObject(with: Data(readFile(out + "/assembly-report.json").utf8)) as? [String: Any]
      #expect(report?["report"] as? String == "assembly")
      let constraints = report?["constraints"] as? [[String: Any]] ?? []
      #expect(!constraints.isEmpty && constraints.allSatisfy { $0["satisfied"] as? Bool == true })
      // Same input, byte-identical files (with --reproducible).
      let again = directory.appendingPathComponent("again").path
      #expect(try nextForm(again).status == 0)
      for name in ["assembly-report.json", "assembly-report.md", "form-c.yml"] {
        #expect(try readFile(out + "/" + name) == readFile(again + "/" + name))
      }
      // Never overwrites without --force.
      let refused = try nextForm(out)
      #expect(refused.status == 2)
      #expect(refused.stderr.contains("exists; pass --force"))
      #expect(try nextForm(out, extra: ["--force"]).status == 0)
    }
  }

  @Test func aBankThatCannotFillTheBlueprintExitsOneNamingTheDomain() throws {
    try withTemporaryDirectory { directory in
      let result = try CLIRunner.run(
        [
          "assemble", "--bank", Self.items, "--blueprint", "cpim-full", "--parameters", Self.parameters, "--forms", "1",
          "--out-dir", directory.appendingPathComponent("out").path,
        ])
      #expect(result.status == 1)
      #expect(
        result.stderr.contains(
          "domain 'supply-chains-strategy' needs 17 operational item(s) with parameters for one form"))
      // 13 operational supply-chains-strategy items have parameters (the simulation's truth); the
      // rest of the domain's operational items were never administered.
      #expect(result.stderr.contains("the bank has 13 usable"))
      #expect(result.stderr.contains(" without parameters)"))
      #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }
  }

  @Test func badInputExitsTwo() throws {
    try withTemporaryDirectory { directory in
      let out = directory.appendingPathComponent("out").path
      let base = ["assemble", "--bank", Self.items, "--parameters", Self.parameters, "--forms", "1", "--out-dir", out]
      let unknown = try CLIRunner.run(base + ["--blueprint", "cpim-dmo"])
      #expect(unknown.status == 2)
      #expect(unknown.stderr.contains("no blueprint 'cpim-dmo'"))
      let noTarget = try CLIRunner.run(base + ["--blueprint", "cpim-demo", "--objective", "tcc"])
      #expect(noTarget.status == 2)
      #expect(noTarget.stderr.contains("--reference"))
      let item = try CLIRunner.run(base + ["--blueprint", "cpim-demo", "--exclude", "INV-9999"])
      #expect(item.status == 2)
      #expect(item.stderr.contains("item 'INV-9999' is not in the bank"))
    }
  }
}
