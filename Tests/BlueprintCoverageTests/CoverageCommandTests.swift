import Foundation
import Testing
import TestSupport

/// End-to-end runs of the built `itembench coverage` executable against the fixture banks.
///
/// `swift test` builds every product, so the executable sits beside the test bundle.
@Suite struct CoverageCommandTests {
  struct Run {
    var status: Int32
    var output: String
    var error: String
  }

  func run(_ arguments: [String]) throws -> Run {
    let binary = try #require(PackageLayout.itembench, "itembench is not built beside the test bundle")
    let result = try ChildProcess.run(binary, arguments: ["coverage"] + arguments)
    return Run(status: result.status, output: result.standardOutput, error: result.standardError)
  }

  @Test func goodBankPasses() throws {
    let result = try run(["--bank", fixturePath("good-bank")])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.hasSuffix("Result: PASSED (0 error(s), 0 warning(s))\n"))
  }

  @Test func twoFormsWithoutReuseFail() throws {
    // See BankCoverageTests.twoFormsWithoutReuse: 17 usable scored positions for 20 needed.
    let result = try run(["--bank", fixturePath("good-bank"), "--forms", "2", "--reporter", "json"])
    #expect(result.status == 1)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    #expect(document["passed"] as? Bool == false)
    #expect(document["planned_forms"] as? Int == 2)
  }

  @Test func brokenFormFailsWithEveryProblemListed() throws {
    let result = try run(["--bank", fixturePath("broken-bank")])
    #expect(result.status == 1)
    for code in [
      "form-length", "scored-count", "pretest-count", "domain-weight", "cognitive-level-weight", "item-not-found",
      "status-role", "duplicate-item", "enemy-pair", "unknown-domain", "anchor-miniature", "anchor-length",
      "key-balance", "bank-shortfall", "bank-capacity", "bank-tight", "empty-domain", "pretest-pipeline",
      "unknown-subdomain",
    ] {
      #expect(result.output.contains("(\(code))"), "\(code)")
    }
    #expect(
      result.output.contains(
        "broken-form.yml:16:5: error: form 'broken' lists item 'Z-99', which is not in the bank (item-not-found)"))
  }

  @Test func explicitBlueprintAndFormFiles() throws {
    // The good bank's blueprint with the good form A given as files: passes.
    let result = try run([
      "--bank", fixturePath("good-bank"), "--blueprint", fixturePath("good-bank/blueprints/mini.yml"),
      "--form", fixturePath("good-bank/forms/form-a.yml"), "--reporter", "markdown",
    ])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("### Form `form-a`: passed"))
    #expect(!result.output.contains("form-b"))
  }

  @Test func usageProblemsExitTwo() throws {
    let bank = fixturePath("good-bank")
    let unknownReporter = try run(["--bank", bank, "--reporter", "jsn"])
    #expect(unknownReporter.status == 2)
    #expect(unknownReporter.error.contains("did you mean 'json'?"))
    #expect(try run(["--bank", bank, "--forms", "0"]).status == 2)
    #expect(try run(["--bank", bank, "--blueprint", fixturePath("no-such-blueprint.yml")]).status == 2)
    #expect(try run(["--bank", fixturePath("no-such-bank")]).status == 2)
    // A form built to a blueprint that is not in the bank: an input problem.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coverage-test-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let form = directory.appendingPathComponent("f.yml")
    try Data("id: f\nblueprint: mini2\nitems: [ALP-01]\n".utf8).write(to: form)
    let unknown = try run(["--bank", bank, "--form", form.path])
    #expect(unknown.status == 2)
    #expect(unknown.error.contains("f.yml:1:1: error: form 'f' names blueprint 'mini2'"))
    #expect(unknown.error.contains("(did you mean 'mini'?)"))
    // Findings, not usage problems: the broken form given as a file against the good bank.
    let broken = fixturePath("broken-bank/forms/broken-form.yml")
    #expect(try run(["--bank", bank, "--form", broken]).status == 1)
  }
}
