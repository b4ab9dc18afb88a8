import Foundation
import ItemBank
import ItemBenchCore
import Testing

/// Hostile numbers and ids in blueprint, form and item files: each is a located error, never a
/// trap, and never a different value than the one written.
@Suite struct HostileInputTests {
  static func blueprint(
    formLength: String = "10", scored: String = "10", pretest: String = "0", tolerance: String = "5",
    id: String = "bp", domainID: String = "alpha", scale: String = ""
  ) -> String {
    """
    format: 1
    id: \(id)
    exam: Test
    form_length: \(formLength)
    scored: \(scored)
    pretest: \(pretest)
    weights: {unit: percent, source: test}
    domains:
      - {id: \(domainID), title: Alpha, weight: 100, tolerance: \(tolerance)}
    \(scale)
    """
  }

  @Test func hugeCountsAreRangeErrorsNotTraps() {
    // Before: Int.max + 0 pretest compared fine but later `forms * count` trapped; sexagesimal
    // 1:2:3:…:12 trapped inside Yams' construction.
    for value in ["9223372036854775807", "10001", "-1", "1:2:3:4:5:6:7:8:9:10:11:12", "99999999999999999999999"] {
      let (parsed, diagnostics) = BlueprintParser.parse(Self.blueprint(formLength: value), file: "bp.yml")
      #expect(parsed == nil, "\(value)")
      let error = diagnostics.first { $0.location.line == 4 }
      #expect(error != nil, "\(value): \(diagnostics)")
      #expect(error?.location.column == 14)
      if value == "10001" || value == "-1" {
        #expect(error?.message.contains("from 0 to 10000") == true, "\(error?.message ?? "")")
      }
    }
  }

  @Test func hugeTolerancesAndScaleValuesAreRangeErrors() {
    let (_, tolerance) = BlueprintParser.parse(Self.blueprint(tolerance: "1e300"), file: "bp.yml")
    #expect(
      tolerance.contains {
        $0.message.contains("'tolerance'") && $0.message.contains("1000000") && $0.location.line == 9
      })
    let scale = "scale: {min: -1e300, max: 350, passing: 300}"
    let (_, scaleProblems) = BlueprintParser.parse(Self.blueprint(scale: scale), file: "bp.yml")
    #expect(scaleProblems.contains { $0.message.contains("'min'") && $0.message.contains("1000000000") })
  }

  @Test func sexagesimalIntegersStillRead() {
    #expect(YAMLSource.yamlInteger("1:30") == 90)
    #expect(YAMLSource.yamlInteger("-0x1F") == -31)
    #expect(YAMLSource.yamlInteger("0o17") == 15)
    #expect(YAMLSource.yamlInteger("017") == 15)
    #expect(YAMLSource.yamlInteger("1_000") == 1000)
    #expect(YAMLSource.yamlInteger("1:2:3:4:5:6:7:8:9:10:11:12") == nil)  // overflows Int
    #expect(YAMLSource.yamlInteger("abc") == nil)
  }

  @Test func badIDsAreLocatedErrors() {
    let bad = ["'../../Items/responses/form-a'", "'a/b'", "''", "\"x\\u202Ey\"", "\"x\\u200By\"", "'a b'", "'-x'"]
    for id in bad {
      let (parsed, diagnostics) = BlueprintParser.parse(Self.blueprint(id: id), file: "bp.yml")
      #expect(parsed == nil, "\(id)")
      #expect(diagnostics.contains { $0.code == "invalid-id" && $0.location.line == 2 }, "\(id): \(diagnostics)")
      let (_, domainProblems) = BlueprintParser.parse(Self.blueprint(domainID: id), file: "bp.yml")
      #expect(domainProblems.contains { $0.code == "invalid-id" && $0.location.line == 9 }, "\(id)")
    }
    let form = "format: 1\nid: ../../escape\nblueprint: bp\nitems: [A-1, 'x/y']\n"
    let (_, formProblems) = FormParser.parse(form, file: "f.yml")
    #expect(formProblems.filter { $0.code == "invalid-id" }.map(\.location.line) == [2, 4])
  }

  @Test func badItemIDIsALocatedError() throws {
    let text = """
      format: 1
      id: "INV\\u202E-1"
      status: draft
      domain: inventory
      cognitive_level: recall
      stem: What is it?
      options: {A: one, B: two}
      key: A
      """
    let root = try temporaryBank(["inventory/x.yml": text])
    defer { try? FileManager.default.removeItem(atPath: root) }
    let bank = BankLoader.load(root: root)
    #expect(bank.items.isEmpty)
    let problem = bank.diagnostics.first { $0.code == "invalid-id" }
    #expect(problem?.location.line == 2)
    #expect(problem?.message.contains("U+202E") == true, "\(problem?.message ?? "")")
  }
}
