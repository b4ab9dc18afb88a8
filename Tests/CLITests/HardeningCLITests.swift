import Foundation
import Testing

/// Hostile options and outputs: range errors instead of traps, NaN rejected, negative numbers
/// read as numbers, no output onto an input or into the bank.
@Suite struct HardeningCLITests {
  static let parameters = """
    {"format": 1, "model": "2pl", "items": [
      {"id": "Q1", "a": 1.0, "b": -1.0}, {"id": "Q2", "a": 1.2, "b": 0.0}, {"id": "Q3", "a": 0.8, "b": 1.0}]}
    """

  @Test func absurdSizesAreRangeErrors() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(Self.parameters, "p.json", in: directory)
      let cases: [([String], String)] = [
        (
          ["simulate", "--params", params, "--candidates", "1000000000000000", "--seed", "1"],
          "--candidates must be from 0 to 10000000"
        ),
        (["calibrate", "r.csv", "--quadrature-points", "100000000"], "--quadrature-points must be from 5 to 1001"),
        (
          ["score", "r.csv", "--params", params, "--quadrature-points", "100000000"],
          "--quadrature-points must be from 2 to 1001"
        ),
        (["coverage", "--forms", "9223372036854775807"], "--forms"),
        (["bench", "calibrate", "--candidates", "10000000", "--items", "10000"], "response cells"),
      ]
      for (arguments, message) in cases {
        let result = try CLIRunner.run(arguments, in: directory)
        #expect(result.status == 2, "\(arguments): exit \(result.status) \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      }
    }
  }

  @Test func nanAndInfinityThresholdsAreRejected() throws {
    for (option, command) in [
      ("--min-discrimination", "analyze"), ("--low-p", "analyze"), ("--max-distractor-pbis", "analyze"),
      ("--significance", "fit"), ("--mean-square-low", "fit"), ("--drift-threshold", "link"),
      ("--new-weight", "equate"), ("--sd", "simulate"), ("--tolerance", "calibrate"),
    ] {
      for value in ["nan", "inf"] {
        var arguments = [command, option, value]
        switch command {
        case "analyze", "calibrate": arguments += ["r.csv"]
        case "fit": arguments += ["r.csv", "--params", "p.json"]
        case "link": arguments += ["--base", "a.json", "--new", "b.json", "--method", "haebara"]
        case "equate": arguments += ["--base", "a.json", "--new", "b.json"]
        default: arguments += ["--params", "p.json", "--candidates", "1", "--seed", "1"]
        }
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr.contains("\(option) must be a finite number"), "\(arguments): \(result.stderr)")
      }
    }
  }

  @Test func negativeNumbersAreNumbersNotMissingValues() throws {
    let result = try CLIRunner.run(["analyze", "r.csv", "--low-p", "-0.5"])
    #expect(result.status == 2)
    #expect(!result.stderr.contains("Missing value"), "\(result.stderr)")
    #expect(result.stderr.contains("--low-p must be a finite number in [0, 1]; got -0.5"), "\(result.stderr)")
    let information = try CLIRunner.run(["information", "--params", "missing.json", "--from", "-3", "--to", "3"])
    #expect(!information.stderr.contains("Missing value"), "\(information.stderr)")
  }

  @Test func outputsNeverOverwriteInputsOrGoIntoTheBank() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(Self.parameters, "p.json", in: directory)
      try writeFile("format: 1\n", "Items/blueprints/.keep", in: directory)
      let before = try readFile(params)
      for out in [params, directory.path + "/./p.json", "p.json"] {
        let result = try CLIRunner.run(
          ["simulate", "--params", params, "--candidates", "5", "--seed", "1", "--out", out], in: directory)
        #expect(result.status == 2, "\(out)")
        #expect(result.stderr.contains("refusing to write: it is one of the command's input files"), "\(result.stderr)")
      }
      #expect(try readFile(params) == before)
      let intoBank = try CLIRunner.run(
        ["simulate", "--params", params, "--candidates", "5", "--seed", "1", "--out", "Items/sim.csv"], in: directory)
      #expect(intoBank.status == 2)
      #expect(intoBank.stderr.contains("inside Items"), "\(intoBank.stderr)")
      #expect(!FileManager.default.fileExists(atPath: directory.path + "/Items/sim.csv"))
      let fine = try CLIRunner.run(
        ["simulate", "--params", params, "--candidates", "5", "--seed", "1", "--out", "sim.csv"], in: directory)
      #expect(fine.status == 0, "\(fine.stderr)")
    }
  }

  @Test func newRejectsPathSyntaxInIDAndDomain() throws {
    try withTemporaryDirectory { directory in
      for arguments in [
        ["new", "--domain", "inventory", "--id", "../../escape"], ["new", "--domain", "../x"],
        ["new", "--domain", "inventory", "--id", ""], ["new", "--domain", "inventory", "--id", "A\u{202E}B"],
      ] {
        let result = try CLIRunner.run(arguments + ["--bank", directory.path + "/Items"], in: directory)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr.contains("ids are 1 to 64 characters"), "\(arguments): \(result.stderr)")
      }
      #expect(try listing(directory) == [])
    }
  }

  @Test func oneCommonItemDoesNotLink() throws {
    try withTemporaryDirectory { directory in
      let base = try writeFile(Self.parameters, "a.json", in: directory)
      let new = try writeFile(
        #"{"format": 1, "model": "2pl", "items": [{"id": "Q1", "a": 1.1, "b": -0.8}, {"id": "Z9", "a": 1, "b": 0}]}"#,
        "b.json", in: directory)
      let result = try CLIRunner.run(["link", "--base", base, "--new", new, "--method", "stocking-lord"])
      #expect(result.status == 2, "\(result.stdout)")
      #expect(result.stderr.contains("needs at least 3 anchor items; found 1"), "\(result.stderr)")
      let allowed = try CLIRunner.run(
        ["link", "--base", base, "--new", new, "--method", "mean-mean", "--min-anchors", "1"])
      #expect(allowed.status == 0, "\(allowed.stderr)")
    }
  }
}
