import Foundation
import ItemBank
import ItemBenchCore
import Testing

@Suite struct BankLoaderTests {
  @Test func validBankLoadsEveryFileKind() throws {
    let root = fixturesDirectory() + "/valid-bank"
    let bank = BankLoader.load(root: root)
    #expect(bank.diagnostics.isEmpty, "unexpected: \(bank.diagnostics)")
    #expect(bank.items.map(\.id).sorted() == ["DEM-0001", "DEM-0002", "INV-0001"])
    #expect(bank.blueprints.map(\.id) == ["demo"])
    #expect(bank.forms.map(\.id) == ["form-a"])

    let eoq = try #require(bank.item("INV-0001"))
    #expect(eoq.version == 2)
    #expect(eoq.status == .operational)
    #expect(eoq.subdomain == "lot-sizing")
    #expect(eoq.cognitiveLevel == .application)
    #expect(eoq.options.map(\.id) == ["A", "B", "C", "D"])
    #expect(eoq.options[3].text == "1,000 units")
    #expect(eoq.key == "B")
    #expect(eoq.keyIndex == 1)
    #expect(eoq.stem.hasSuffix("What is the economic order quantity?\n"))
    #expect(eoq.rationale.distractors == ["A": "Half the EOQ."])
    #expect(eoq.enemies == ["DEM-0001"])
    // Positions worked out from the fixture: the stem's `|` is line 9 with two text lines, so
    // `options:` is line 12, `B: 500 units` line 14 with its value at column 6; `key: B` is
    // line 17, value at column 6.
    #expect(
      eoq.source.location(of: "options.B")
        == SourceLocation(file: root + "/inventory/INV-0001.yml", line: 14, column: 6))
    #expect(eoq.source.location(of: "key").line == 17)
    #expect(eoq.source.location(of: "key").column == 6)

    // A list file: options as a list of {id, text}; rationale as plain text.
    let mad = try #require(bank.item("DEM-0001"))
    #expect(mad.options.map(\.id) == ["A", "B", "C"])
    #expect(mad.rationale.key == "MAD is the mean of the absolute forecast errors.")
    #expect(mad.version == 1)

    let blueprint = try #require(bank.blueprint("demo"))
    #expect(blueprint.formLength == 3 && blueprint.scoredCount == 2 && blueprint.pretestCount == 1)
    #expect(blueprint.weightUnit == .percent)
    #expect(blueprint.domains.map(\.id) == ["inventory", "demand"])
    #expect(blueprint.domains[0].target == WeightTarget(weight: 50, tolerance: 10))
    #expect(blueprint.cognitiveLevels[.recall] == WeightTarget(weight: 50, tolerance: 25))
    #expect(blueprint.scale == ReportingScale(minimum: 200, maximum: 350, passing: 300))

    let form = try #require(bank.form("form-a"))
    #expect(form.blueprintID == "demo")
    #expect(form.entries.map(\.role) == [.anchor, .scored, .pretest])
    #expect(form.scoredItemIDs == ["INV-0001", "DEM-0001"])
  }

  @Test func loadingNeverModifiesFiles() throws {
    let root = fixturesDirectory() + "/valid-bank"
    let files = BankLoader.yamlFiles(under: root)
    let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    _ = BankLoader.load(root: root)
    let after = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    #expect(before == after)
  }

  @Test func yamlSyntaxErrorIsLocated() {
    // Line 3 opens a flow sequence that is never closed; inside it, `b` and `domain` of line 4
    // run together as one plain scalar, and the `:` after `domain` (line 4, column 7) is where
    // libyaml finds that ',' or ']' was expected.
    let text = "id: X-1\nstatus: draft\ntags: [a, b\ndomain: inventory\nstem: x\n"
    let (items, diagnostics) = ItemParser.parse(text, file: "x.yml")
    #expect(items.isEmpty)
    #expect(diagnostics.count == 1)
    let diagnostic = diagnostics[0]
    #expect(diagnostic.code == "yaml-syntax")
    #expect(diagnostic.location.file == "x.yml")
    #expect(diagnostic.location.line == 4)
    #expect(diagnostic.location.column == 7)
    #expect(diagnostic.description.hasPrefix("x.yml:4:7: error: invalid YAML"))
  }

  /// A mapping key whose own key is a list (the fast path declines it and Yams composes the
  /// file; Yams' construction of such a key traps) is an unknown field at the key.
  @Test func aMappingAsAKeyIsReportedNotConstructed() {
    let text = "id: X-1\n? {[a]: b}\n: 1\nstatus: draft\n"
    let (_, diagnostics) = ItemParser.parse(text, file: "x.yml")
    #expect(
      diagnostics.contains {
        $0.location.line == 2 && $0.location.column == 3 && $0.message.contains("(a mapping as a key)")
      }, "\(diagnostics)")
  }

  @Test func wrongTypeIsLocatedAtTheValue() {
    let text = """
      id: X-1
      status: draft
      domain: inventory
      cognitive_level: recall
      stem: A question?
      options: [one, two]
      key: A
      enemies: {a: 1}
      """
    let (_, diagnostics) = ItemParser.parse(text, file: "x.yml")
    let invalid = diagnostics.with(code: "invalid-value")
    #expect(invalid.count == 3)
    // `options: [one, two]`: a list of bare text is not a list of {id, text} mappings, so each
    // element is reported at its own column: `one` at 11, `two` at 16.
    #expect(invalid.contains { $0.location.line == 6 && $0.location.column == 11 })
    #expect(invalid.contains { $0.location.line == 6 && $0.location.column == 16 })
    // `enemies: {a: 1}` is a mapping where a list is expected: line 8, column 10.
    #expect(
      invalid.contains {
        $0.location.line == 8 && $0.location.column == 10 && $0.message.contains("expected 'enemies' to be a list")
      })
  }

  @Test func unknownStatusGetsSuggestion() {
    let text = "id: X-1\nstatus: operatonal\ndomain: d\ncognitive_level: recall\nstem: Q?\noptions: {A: a}\nkey: A\n"
    let (items, diagnostics) = ItemParser.parse(text, file: "x.yml")
    #expect(items.isEmpty)  // status is required and could not be read
    let invalid = diagnostics.with(code: "invalid-value")
    #expect(invalid.count == 1)
    #expect(invalid.first?.location == SourceLocation(file: "x.yml", line: 2, column: 9))
    #expect(invalid.first?.message.contains("did you mean 'operational'?") == true)
  }

  @Test func missingRequiredFieldsAreAllReported() {
    let text = "id: X-1\nstatus: draft\ndomain: inventory\n"
    let (items, diagnostics) = ItemParser.parse(text, file: "x.yml")
    #expect(items.isEmpty)
    let missing = diagnostics.with(code: "missing-field")
    // cognitive_level, stem, options and key are missing; each is reported at the item's start.
    #expect(Set(missing.map { $0.message.split(separator: "'")[3] }) == ["cognitive_level", "stem", "options", "key"])
    #expect(missing.allSatisfy { $0.location == SourceLocation(file: "x.yml", line: 1, column: 1) })
  }

  @Test func unknownFieldIsReportedAtItsKeyButTheItemStillLoads() {
    let text =
      "id: X-1\nstatus: draft\ndomain: d\ncognitive_level: recall\nstem: Q?\noptions: {A: a, B: b}\nkey: A\n  \ndifficulty: 0.4\n"
    let (items, diagnostics) = ItemParser.parse(text, file: "x.yml")
    #expect(items.count == 1)
    let unknown = diagnostics.with(code: "unknown-field")
    #expect(unknown.count == 1)
    #expect(unknown.first?.location == SourceLocation(file: "x.yml", line: 9, column: 1))
    #expect(unknown.first?.message.contains("'difficulty'") == true)
  }

  @Test func unknownFormatVersionIsAClearError() {
    let text = "format: 2\nid: X-1\n"
    let (items, diagnostics) = ItemParser.parse(text, file: "x.yml")
    #expect(items.isEmpty)
    #expect(diagnostics.count == 1)
    #expect(diagnostics[0].location == SourceLocation(file: "x.yml", line: 1, column: 9))
    #expect(diagnostics[0].message.contains("unsupported format version 2"))
    #expect(diagnostics[0].message.contains("reads format 1"))
  }

  @Test func duplicateIDsAcrossFilesAndMissingFormItemsAreFound() throws {
    let item = { (id: String) in
      "id: \(id)\nstatus: operational\ndomain: d\ncognitive_level: recall\nstem: Q?\noptions: {A: a, B: b}\nkey: A\n"
    }
    let root = try temporaryBank([
      "d/one.yml": item("X-1"),
      "d/two.yml": "# a comment line\n" + item("X-1"),
      "blueprints/b.yml":
        "id: b\nexam: E\nform_length: 1\nscored: 1\nweights: {unit: count, source: test}\ndomains:\n  - {id: d, title: D, weight: 1}\n",
      "forms/f.yml": "id: f\nblueprint: b\nitems:\n  - {id: X-1, role: scored}\n  - {id: X-2, role: scored}\n",
    ])
    defer { try? FileManager.default.removeItem(atPath: root) }
    let bank = BankLoader.load(root: root)
    let duplicates = bank.diagnostics.with(code: "duplicate-id")
    #expect(duplicates.count == 1)
    // The second file has a comment first, so its `id:` value is at line 2, column 5.
    #expect(duplicates.first?.location == SourceLocation(file: root + "/d/two.yml", line: 2, column: 5))
    #expect(duplicates.first?.message.contains(root + "/d/one.yml:1:5") == true)
    let missing = bank.diagnostics.with(code: "item-not-found")
    #expect(missing.count == 1)
    // `  - {id: X-2, role: scored}` is line 5; `{` is column 5, so the id value starts at 10.
    #expect(missing.first?.location == SourceLocation(file: root + "/forms/f.yml", line: 5, column: 10))
    #expect(missing.first?.message.contains("did you mean 'X-1'?") == true)
  }

  @Test func allErrorsOfAllFilesAreCollectedInOnePass() throws {
    let root = try temporaryBank([
      "a/broken.yml": "id: [unclosed\n",
      "a/missing.yml": "id: A-2\n",
      "a/unknown.yml":
        "id: A-3\nstatus: draft\ndomain: d\ncognitive_level: recall\nstem: Q?\noptions: {A: a}\nkey: A\ncolour: red\n",
      "a/future.yml": "format: 9\n",
    ])
    defer { try? FileManager.default.removeItem(atPath: root) }
    let bank = BankLoader.load(root: root)
    let files = Set(bank.diagnostics.map { ($0.location.file as NSString).lastPathComponent })
    #expect(files == ["broken.yml", "missing.yml", "unknown.yml", "future.yml"])
    #expect(bank.items.map(\.id) == ["A-3"])
    // Sorted by file for stable output.
    #expect(bank.diagnostics == bank.diagnostics.sortedByLocation())
  }

  @Test func blueprintWeightsMustAddUp() {
    let text = """
      id: b
      exam: E
      form_length: 10
      scored: 8
      pretest: 1
      weights: {unit: percent, source: s}
      domains:
        - {id: d1, title: One, weight: 60}
        - {id: d2, title: Two, weight: 30}
      """
    let (_, diagnostics) = BlueprintParser.parse(text, file: "b.yml")
    let messages = diagnostics.map(\.message)
    #expect(messages.contains { $0.contains("form_length 10 must equal scored 8 + pretest 1") })
    #expect(messages.contains { $0.contains("add up to 90.0, not 100") })
  }

  @Test func formRoleMustBeKnown() {
    let text = "id: f\nblueprint: b\nitems:\n  - {id: X-1, role: scord}\n"
    let (form, diagnostics) = FormParser.parse(text, file: "f.yml")
    #expect(form?.entries.isEmpty == true)
    #expect(diagnostics.count == 1)
    // `  - {id: X-1, role: scord}`: `{` at column 5, `role` at 15, its value at 21.
    #expect(diagnostics[0].location == SourceLocation(file: "f.yml", line: 4, column: 21))
    #expect(diagnostics[0].message.contains("did you mean 'scored'?"))
  }

  @Test func administeredIsAnOptionalCalendarDate() {
    let given = FormParser.parse(
      "id: f\nblueprint: b\nadministered: \"2026-11-01\"\nitems:\n  - {id: X-1, role: scored}\n", file: "f.yml")
    #expect(given.diagnostics.isEmpty)
    #expect(given.form?.administered == "2026-11-01")
    #expect(FormParser.parse("id: f\nblueprint: b\nitems: [X-1]\n", file: "f.yml").form?.administered == nil)
    // 2026-02-30 is no date: the error points at the value (line 3, column 15).
    let wrong = FormParser.parse("id: f\nblueprint: b\nadministered: 2026-02-30\nitems: [X-1]\n", file: "f.yml")
    #expect(wrong.form?.administered == nil)
    #expect(wrong.diagnostics.count == 1)
    #expect(wrong.diagnostics.first?.location == SourceLocation(file: "f.yml", line: 3, column: 15))
    #expect(wrong.diagnostics.first?.message.contains("2026-02 has 28 days") == true)
  }

  @Test func dataDirectoriesAreNotItems() throws {
    let root = try temporaryBank([
      "scales/scale.yml": "range: [200, 350]\n",
      "responses/x.yml": "anything: 1\n",
    ])
    defer { try? FileManager.default.removeItem(atPath: root) }
    let bank = BankLoader.load(root: root)
    #expect(bank.diagnostics.isEmpty)
    #expect(bank.items.isEmpty)
  }
}
