import Foundation
import Testing

/// `itembench cycle` argument and input errors (the full run on the shipped bank is exercised by
/// `.ci/run`, twice, with a byte-for-byte comparison: it is too slow for a debug test).
@Suite struct CycleCLITests {
  @Test func unknownStepIsAUsageErrorWithASuggestion() throws {
    let result = try CLIRunner.run(["cycle", "--steps", "lint,calibrat"], in: CLIRunner.packageRoot)
    #expect(result.status == 2)
    #expect(result.stderr.contains("unknown step 'calibrat' (did you mean 'calibrate'?)"))
  }

  @Test func projectFileErrorsAreLocated() throws {
    try withTemporaryDirectory { directory in
      let config = try writeFile("bank: Items\nlinking: {methd: haebara}\n", "itembench.yml", in: directory)
      let result = try CLIRunner.run(["cycle", "--config", config], in: directory)
      #expect(result.status == 2)
      // `methd` is on line 2, column 11.
      #expect(result.stderr.contains("\(config):2:11: error: unknown field 'methd'"))
      #expect(result.stderr.contains("did you mean 'method'?"))
    }
  }

  @Test func aFormMissingFromTheBankIsNamed() throws {
    try withTemporaryDirectory { directory in
      let items = CLIRunner.packageRoot.appendingPathComponent("Items").path
      let config = try writeFile("bank: \(items)\nforms:\n  new: {id: form-q}\n", "itembench.yml", in: directory)
      let result = try CLIRunner.run(
        ["cycle", "--config", config, "--steps", "coverage", "--output", directory.appendingPathComponent("out").path],
        in: directory)
      #expect(result.status == 2)
      #expect(result.stderr.contains("form 'form-q'"))
      #expect(result.stderr.contains("did you mean 'form-a'?") || result.stderr.contains("did you mean 'form-b'?"))
    }
  }
}
