import Foundation
import Testing

@Suite struct FoundationCLITests {
  @Test func helpListsTheSubcommands() throws {
    let result = try CLIRunner.run(["--help"])
    #expect(result.status == 0)
    for subcommand in ["summary", "new"] {
      #expect(result.stdout.contains("  \(subcommand) "), "--help does not list \(subcommand)")
    }
  }

  @Test func versionIsPrinted() throws {
    let result = try CLIRunner.run(["--version"])
    #expect(result.status == 0)
    #expect(result.stdout.split(separator: ".").count == 3)
  }

  @Test func newWritesADraftAndRefusesToOverwrite() throws {
    let directory = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bank = directory.appendingPathComponent("bank").path
    let first = try CLIRunner.run(["new", "--bank", bank, "--domain", "inventory"])
    #expect(first.status == 0, "\(first.stderr)")
    let path = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(path == bank + "/inventory/INV-0001.yml")
    let written = try String(contentsOfFile: path, encoding: .utf8)
    #expect(written.contains("id: INV-0001"))
    #expect(written.contains("status: draft"))

    // The next one gets the next number; naming an existing id is refused.
    let second = try CLIRunner.run(["new", "--bank", bank, "--domain", "inventory"])
    #expect(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("INV-0002.yml"))
    let clash = try CLIRunner.run(["new", "--bank", bank, "--domain", "inventory", "--id", "INV-0001"])
    #expect(clash.status == 2)
    #expect(clash.stderr.contains("already used"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == written)

    // An explicit output path that exists is never overwritten.
    try "keep me\n".write(toFile: bank + "/mine.yml", atomically: true, encoding: .utf8)
    let refused = try CLIRunner.run(["new", "--bank", bank, "--domain", "inventory", "--output", bank + "/mine.yml"])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("refusing to overwrite"))
    #expect(try String(contentsOfFile: bank + "/mine.yml", encoding: .utf8) == "keep me\n")
  }

  @Test func summaryReportsErrorsWithLocationsAndExitsOne() throws {
    let directory = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("d"), withIntermediateDirectories: true)
    try "id: X-1\nstatus: draft\n".write(
      to: directory.appendingPathComponent("d/x.yml"), atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(["summary", directory.path])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(directory.path + "/d/x.yml:1:1: error: item 'X-1' is missing required field 'domain'"))
  }
}

@Suite struct UsageExitStatusTests {
  @Test func argumentErrorsExitWithTwo() throws {
    let unknownOption = try CLIRunner.run(["summary", "--no-such-option"])
    #expect(unknownOption.status == 2)
    #expect(unknownOption.stderr.contains("Unknown option"))
    let missingValue = try CLIRunner.run(["new"])
    #expect(missingValue.status == 2)
    #expect(missingValue.stderr.contains("--domain"))
  }
}

@Suite struct NegativeOptionValueTests {
  /// Options whose values may be negative take them without `=` (`--grid -3:3:0.1`).
  @Test func negativeValuesAreAcceptedAfterASpace() throws {
    let fixtures = CLIRunner.packageRoot.appendingPathComponent("Tests/EquatingTests/Fixtures")
    let base = fixtures.appendingPathComponent("kb-common-y.json").path
    let new = fixtures.appendingPathComponent("kb-common-x.json").path
    let result = try CLIRunner.run([
      "link", "--base", base, "--new", new, "--method", "stocking-lord", "--grid", "-3:3:0.1", "--format", "json",
    ])
    #expect(result.status == 0 || result.status == 1, "\(result.stderr)")  // 1: anchors flagged for drift
    #expect(result.stdout.contains("\"criterion_points\": \"grid -3:3:0.1,"))
  }
}
