import Foundation
import ItemBank
import ItemBenchCore
import ItemBenchYAML
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

/// The bytes of an item file: a byte-order mark is skipped, and a byte that is not UTF-8 text is
/// reported where it is, not at 1:1 (issue 17).
@Suite struct ItemFileBytesTests {
  /// The valid fixture item, its text as bytes, and the bank holding `bytes` in its place.
  static func bank(_ transform: (Data) -> Data) throws -> (root: String, original: String) {
    let fixture = fixturesDirectory() + "/valid-bank/inventory/INV-0001.yml"
    let original = try String(contentsOfFile: fixture, encoding: .utf8)
    let root = try temporaryBank([:])
    try FileManager.default.createDirectory(atPath: root + "/inventory", withIntermediateDirectories: true)
    try transform(Data(original.utf8)).write(to: URL(fileURLWithPath: root + "/inventory/INV-0001.yml"))
    return (root, original)
  }

  /// 1-based line and column (in scalars) of byte offset `offset` of `text`, counted here by hand.
  static func position(of offset: Int, in text: String) -> (line: Int, column: Int) {
    let prefix = String(decoding: Array(text.utf8)[..<offset], as: UTF8.self)
    let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.count, (lines.last?.unicodeScalars.count ?? 0) + 1)
  }

  @Test func aByteOrderMarkIsSkipped() throws {
    let (root, _) = try Self.bank { Data([0xEF, 0xBB, 0xBF]) + $0 }
    defer { try? FileManager.default.removeItem(atPath: root) }
    let bank = BankLoader.load(root: root)
    #expect(bank.diagnostics.filter { $0.severity == .error }.isEmpty, "\(bank.diagnostics)")
    #expect(bank.items.map(\.id) == ["INV-0001"])
  }

  @Test func invalidUTF8AndNULAreLocatedWhereTheyAre() throws {
    for bad: UInt8 in [0xFF, 0x00, 0xC3] {
      var offset = 0
      let (root, original) = try Self.bank { data in
        // Put the byte inside the stem's text, after its first word.
        let bytes = Array(data)
        let stem = Array("stem:".utf8)
        let start = (0...(bytes.count - stem.count)).first { Array(bytes[$0..<($0 + stem.count)]) == stem } ?? 0
        offset = start + stem.count + 4
        var changed = bytes
        changed.insert(bad, at: offset)
        if bad == 0xC3 { changed.insert(0x41, at: offset + 1) }  // a lead byte without its continuation
        return Data(changed)
      }
      defer { try? FileManager.default.removeItem(atPath: root) }
      let bank = BankLoader.load(root: root)
      let expected = Self.position(of: offset, in: original)
      let error = bank.diagnostics.first { $0.severity == .error }
      #expect(error?.location.line == expected.line, "byte \(bad): \(bank.diagnostics)")
      #expect(error?.location.column == expected.column, "byte \(bad): \(bank.diagnostics)")
      #expect(error?.message.contains(bad == 0 ? "NUL" : "UTF-8") == true, "\(error?.message ?? "")")
      #expect(error?.location.line ?? 1 > 1)
    }
  }
}
