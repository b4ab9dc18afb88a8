import Foundation
import Testing

/// End-to-end checks of `itembench lint` and `itembench rules`: the built executable is run and
/// its exit status and output compared.
@Suite struct LintCLITests {
  static let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
      url.deleteLastPathComponent()
    }
    return url
  }()

  static let fixtures = packageRoot.appendingPathComponent("Tests/ItemLintTests/Fixtures").path

  /// The `itembench` built with the tests: next to the test bundle, else in `.build/debug`.
  static let executable: String? = {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("itembench").path
    let debug = packageRoot.appendingPathComponent(".build/debug/itembench").path
    return [besideTests, debug].first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  struct Result {
    var status: Int32
    var output: String
    var error: String
  }

  static func run(_ arguments: [String], in directory: String = fixtures) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(executable, "itembench is not built"))
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
      error: String(decoding: errorData, as: UTF8.self))
  }

  @Test func cleanBankExitsZero() throws {
    let result = try Self.run(["lint", "clean"])
    #expect(result.status == 0)
    #expect(result.output == "")
    #expect(result.error == "Linted 2 files: 0 error(s), 0 warning(s), 0 info.\n")
  }

  @Test func errorsExitOne() throws {
    let result = try Self.run(["lint", "bank"])
    #expect(result.status == 1)
    #expect(
      result.output == """
        bank/inventory/INV-0002.yml:8:3: warning: negative word 'not' in the stem; phrase the stem positively or write it in capitals (NOT) (negative-stem)
        bank/planning/PLN-0001.yml:4:9: error: domain 'planing' is not in the blueprint 'demo' (did you mean 'planning'?) (unknown-domain)
        bank/planning/PLN-0001.yml:11:6: error: option D is 'All of the above'; write a single best answer instead (all-of-the-above)

        """)
  }

  @Test func warningsPassUnlessStrict() throws {
    #expect(try Self.run(["lint", "bank/inventory"]).status == 0)
    #expect(try Self.run(["lint", "bank/inventory", "--strict"]).status == 1)
  }

  @Test func usageAndConfigurationProblemsExitTwo() throws {
    let missing = try Self.run(["lint", "no-such-dir"])
    #expect(missing.status == 2)
    #expect(missing.error == "no-such-dir: error: no such file or directory\n")

    let reporter = try Self.run(["lint", "clean", "--reporter", "jsn"])
    #expect(reporter.status == 2)
    #expect(reporter.error.contains("unknown reporter 'jsn' (did you mean 'json'?)"))

    let directory = try Self.temporaryCopy(of: "clean")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "opt_in_rules: [missing-distractor-rationales]\n".write(
      toFile: directory + "/.itembench.yml", atomically: true, encoding: .utf8)
    let configuration = try Self.run(["lint", "."], in: directory)
    #expect(configuration.status == 2)
    #expect(
      configuration.error.contains(
        ".itembench.yml:1:16: error: unknown rule id 'missing-distractor-rationales' in 'opt_in_rules' (did you mean 'missing-distractor-rationale'?)"
      ))
  }

  @Test func baselineHidesTodaysFindings() throws {
    let directory = try Self.temporaryCopy(of: "bank")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let written = try Self.run(["lint", ".", "--write-baseline", "baseline.json"], in: directory)
    #expect(written.status == 1)
    #expect(FileManager.default.fileExists(atPath: directory + "/baseline.json"))
    let baselined = try Self.run(["lint", ".", "--baseline", "baseline.json"], in: directory)
    #expect(baselined.status == 0)
    #expect(baselined.output == "")
    // A new problem, and lines shifted in the old ones, still report only the new problem.
    let file = directory + "/planning/PLN-0001.yml"
    let text = try String(contentsOfFile: file, encoding: .utf8)
    try ("# moved down\n\n" + text.replacingOccurrences(of: "Customer orders", with: "Customer orders, usually")).write(
      toFile: file, atomically: true, encoding: .utf8)
    let after = try Self.run(["lint", ".", "--baseline", "baseline.json"], in: directory)
    #expect(after.status == 0)
    #expect(
      after.output
        == "planning/PLN-0001.yml:11:23: warning: option B uses the vague term 'usually'; state the condition or the number instead (vague-terms)\n"
    )
  }

  @Test func reportersProduceTheirFormats() throws {
    let json = try Self.run(["lint", "bank", "--reporter", "json"])
    #expect(json.status == 1)
    let array = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
    #expect(array.map { $0["rule"] as? String } == ["negative-stem", "unknown-domain", "all-of-the-above"])
    let sarif = try Self.run(["lint", "bank", "--reporter", "sarif"])
    #expect(sarif.output.contains("\"version\": \"2.1.0\""))
    let github = try Self.run(["lint", "bank", "--reporter", "github"])
    #expect(github.output.hasPrefix("::warning file=bank/inventory/INV-0002.yml,line=8,col=3,title=negative-stem::"))
    let junit = try Self.run(["lint", "bank", "--reporter", "junit"])
    #expect(
      junit.output.hasPrefix(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"itembench lint\" tests=\"6\" failures=\"3\""))
  }

  @Test func rulesListsEveryRuleWithExamples() throws {
    let result = try Self.run(["rules"])
    #expect(result.status == 0)
    for id in ["negative-stem", "near-duplicate", "yaml-syntax", "missing-distractor-rationale"] {
      #expect(result.output.contains("\n\(id)\n  severity: "), "\(id)")
    }
    #expect(result.output.contains("opt-in (enable with opt_in_rules)"))
    #expect(result.output.contains("  triggers:\n") && result.output.contains("  does not trigger:\n"))
    let unknown = try Self.run(["rules", "negativ-stem"])
    #expect(unknown.status == 2)
    #expect(unknown.error == "error: unknown rule id 'negativ-stem' (did you mean 'negative-stem'?)\n")
  }

  static func temporaryCopy(of fixture: String) throws -> String {
    let directory = NSTemporaryDirectory() + "itembench-cli-" + UUID().uuidString
    try FileManager.default.copyItem(atPath: fixtures + "/" + fixture, toPath: directory)
    return directory
  }
}
