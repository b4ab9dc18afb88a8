import Foundation
import Testing

/// The README's tour, run as written (issue 17): every `swift run itembench …` line of the
/// "A tour" block, in order, in a temporary copy of the shipped bank. A line exits 0 unless its
/// comment says "exits 1".
///
/// Two gaps of the README as it stands are bridged here and reported to the maintainers (see
/// docs/hardening.md): nothing in the tour makes `b.json`, which `link --new b.json` reads (the
/// test calibrates form B first, as the tour does form A), and `lint` after `new` reports the
/// new draft's template placeholders (`template-placeholder`), so it exits 1 until the draft is
/// filled in.
@Suite struct ReadmeTourTests {
  /// The tour's commands: the lines of the "## A tour" code block that start with
  /// `swift run itembench`, without that prefix and without trailing comments.
  static func tourCommands() throws -> [(arguments: [String], comment: String)] {
    let readme = try String(
      contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    guard let start = readme.range(of: "## A tour") else { return [] }
    let rest = readme[start.upperBound...]
    guard let open = rest.range(of: "```sh\n"), let close = rest[open.upperBound...].range(of: "```") else { return [] }
    var commands: [(arguments: [String], comment: String)] = []
    for line in rest[open.upperBound..<close.lowerBound].split(separator: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("#"), !commands.isEmpty {
        commands[commands.count - 1].comment += " " + trimmed
        continue
      }
      guard trimmed.hasPrefix("swift run itembench") else { continue }
      let body = trimmed.dropFirst("swift run itembench".count)
      let parts = body.split(separator: "#", maxSplits: 1)
      let arguments = (parts.first ?? "").split(separator: " ").map(String.init)
      commands.append((arguments, parts.count > 1 ? String(parts[1]) : ""))
    }
    return commands
  }

  static func copy(_ source: URL, to destination: URL) throws {
    try FileManager.default.copyItem(at: source, to: destination)
  }

  @Test func theTourRunsAsWritten() throws {
    let commands = try Self.tourCommands()
    #expect(commands.count >= 12, "the tour block was not found or lost commands")
    try withTemporaryDirectory { directory in
      try Self.copy(
        CLIRunner.packageRoot.appendingPathComponent("Items"), to: directory.appendingPathComponent("Items"))
      var madeB = false
      var ranNew = false
      for (arguments, comment) in commands {
        // Gap 1: the tour never makes b.json; calibrate form B like form A just before it is used.
        if arguments.contains("b.json"), !madeB {
          let calibrateB = try CLIRunner.run(
            ["calibrate", "Items/responses/form-b.csv", "--bank", "Items", "--model", "3pl", "--out", "b.json", "-q"],
            in: directory)
          #expect(calibrateB.status == 0, "calibrate form B: \(calibrateB.stderr)")
          madeB = true
        }
        let result = try CLIRunner.run(arguments, in: directory)
        var expected: Int32 = comment.contains("exits 1") ? 1 : 0
        // Gap 2: lint after `new` reports the draft's placeholders.
        if arguments.first == "lint", ranNew {
          expected = 1
          #expect(result.stdout.contains("template-placeholder") || result.stderr.contains("template-placeholder"))
        }
        #expect(
          result.status == expected,
          "itembench \(arguments.joined(separator: " ")): exit \(result.status)\n\(result.stderr.prefix(2000))")
        #expect(!result.stderr.contains("Fatal error"), "\(arguments)")
        if arguments.first == "new" { ranNew = true }
      }
      // What the tour says it writes.
      for file in ["a.json", "b-on-a.json", "equating.csv", "table.csv", "sim.csv"] {
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path), "\(file)")
      }
    }
  }
}
