import Foundation
import ItemBank
import ItemBenchCore
import Testing

@testable import ItemLint

@Suite struct BaselineTests {
  static let original = ExampleItem.text(
    stem: "Which is not a reason to hold safety stock?",
    options: ["Stable demand", "Variable demand", "Variable lead time", "Unreliable suppliers"], references: nil)

  static func lint(_ text: String, file: String = "/bank/inventory/a.yml") -> [LintFinding] {
    TestSupport.lint([file: text])
  }

  @Test func baselinedFindingsSurviveLineShifts() {
    let baseline = Baseline(findings: Self.lint(Self.original), directory: "/bank")
    #expect(baseline.counts.values.reduce(0, +) == 2)
    // Five lines inserted above everything, and a field moved: every finding moves.
    let shifted =
      "# header\n# written by\n#\n# reviewed\n\n"
      + Self.original
      .replacingOccurrences(of: "cognitive_level: recall\n", with: "")
      .replacingOccurrences(of: "key: A\n", with: "key: A\ncognitive_level: recall\n")
    let findings = Self.lint(shifted)
    #expect(findings.count == 2)
    #expect(findings.map(\.location.line) != Self.lint(Self.original).map(\.location.line))
    #expect(baseline.filter(findings, directory: "/bank").isEmpty)
  }

  @Test func newFindingsAreReported() {
    let baseline = Baseline(findings: Self.lint(Self.original), directory: "/bank")
    let changed = Self.original.replacingOccurrences(of: "Stable demand", with: "Usually stable demand")
    let remaining = baseline.filter(Self.lint(changed), directory: "/bank")
    #expect(remaining.map(\.ruleID) == ["vague-terms"])
  }

  @Test func identicalKeysAreCounted() {
    let finding = LintFinding(
      ruleID: "r", severity: .warning, message: "m", location: SourceLocation(file: "/b/a.yml", line: 3, column: 1),
      itemID: "I", field: "stem")
    var second = finding
    second.location.line = 9
    let baseline = Baseline(findings: [finding], directory: "/b")
    #expect(baseline.filter([finding, second], directory: "/b").count == 1)
  }

  @Test func keysIgnorePositionsInMessagesAndStoreRelativePaths() {
    let finding = LintFinding(
      ruleID: "duplicate-id", severity: .error, message: "duplicate item id 'X'; first defined at inventory/a.yml:12:5",
      location: SourceLocation(file: "/bank/inventory/b.yml", line: 1, column: 5))
    let key = Baseline.key(finding, directory: "/bank")
    #expect(key.message == "duplicate item id 'X'; first defined at inventory/a.yml")
    #expect(key.file == "inventory/b.yml")
    #expect(Baseline.key(finding, directory: "/bank/forms").file == "../inventory/b.yml")
    #expect(Baseline.withoutPositions("at a.yml:3 and b.yml:4:7, ratio 0.5") == "at a.yml and b.yml, ratio 0.5")
  }

  @Test func roundTripsThroughItsFile() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let findings = Self.lint(Self.original, file: directory + "/inventory/a.yml")
    let baseline = Baseline(findings: findings, directory: directory)
    let path = directory + "/baseline.json"
    try AtomicFile.write(baseline.rendered(), to: path)
    let loaded = try Baseline.load(from: path)
    #expect(loaded == baseline)
    #expect(loaded.filter(findings, directory: directory).isEmpty)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("\"file\": \"inventory/a.yml\""))
    #expect(!text.contains("\"line\""))
    #expect(throws: Baseline.ReadError.self) { try Baseline.load(from: directory + "/missing.json") }
  }
}
