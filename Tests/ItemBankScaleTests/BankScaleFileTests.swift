import Equating
import Foundation
import ItemBankScale
import ItemBenchCore
import ItemResponseTheory
import Testing

@Suite struct BankScaleFileTests {
  /// Expects `text` (as `bank.yml`) to be refused with exactly `expected`, the problems as the
  /// error prints them, one per line.
  static func expectProblems(
    _ text: String, _ expected: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try BankScaleFile.parse(text, file: "bank.yml")
      Issue.record("expected \(expected.count) problem(s)", sourceLocation: sourceLocation)
    } catch {
      #expect("\(error)" == expected.joined(separator: "\n"), sourceLocation: sourceLocation)
    }
  }

  /// A small bank written by hand: two administrations, one anchor observed, one item replaced.
  static func sample() -> BankScale {
    let first = BankedAdministration(
      id: "2026-a", form: "form-a", date: "2026-05-01", candidates: 900, placement: .definesScale)
    let second = BankedAdministration(
      id: "2026-b", form: "form-b", date: "2026-11-01", candidates: 800, placement: .linked, method: "stocking-lord",
      A: 0.95, B: 0.25, anchors: ["ANC-1"], dropped: ["ANC-2"])
    let anchor = ItemParameters(id: "ANC-1", a: 1.2, b: -0.5, c: 0.2, seA: 0.1, seB: 0.08, seC: 0.03)
    let drifted = ItemParameters(id: "ANC-2", a: 0.9, b: 0.4, c: 0.15, seA: 0.09, seB: 0.12, seC: nil)
    var bank = BankScale(
      model: "3pl", scalingConstant: 1, definedBy: "2026-a", referenceForm: "form-a",
      reference: [anchor, drifted].map { ItemParameters(id: $0.id, a: $0.a, b: $0.b, c: $0.c) },
      administrations: [first, second])
    bank.upsert(
      BankedItem(
        id: "PRE-1", status: .pretest,
        current: BankedEstimate(
          ItemParameters(id: "PRE-1", a: 1, b: 1.5, c: 0.1), administration: "2026-b", placement: .linked,
          role: "pretest"),
        recommendation: .revise))
    bank.upsert(
      BankedItem(
        id: "ANC-1", status: .operational,
        current: BankedEstimate(anchor, administration: "2026-a", placement: .definesScale, role: "anchor")))
    bank.upsert(
      BankedItem(
        id: "ANC-2", status: .operational,
        current: BankedEstimate(
          ItemParameters(id: "ANC-2", a: 0.9, b: -0.2, c: 0.15), administration: "2026-b", placement: .linked,
          role: "anchor"),
        droppedAsAnchor: ["2026-b"]))
    bank.record(
      HistoryEntry(
        id: "ANC-2", event: .replaced,
        estimate: BankedEstimate(drifted, administration: "2026-a", placement: .definesScale, role: "anchor")))
    bank.record(
      HistoryEntry(
        id: "ANC-1", event: .observed,
        estimate: BankedEstimate(anchor, administration: "2026-b", placement: .linked, role: "anchor"), driftZ: 0.4))
    return bank
  }

  @Test func writingThenReadingGivesTheSameBankAndTheSameBytes() throws {
    let bank = Self.sample()
    #expect(bank.items.map(\.id) == ["ANC-1", "ANC-2", "PRE-1"])
    #expect(bank.history.map(\.id) == ["ANC-1", "ANC-2"])
    let text = BankScaleFile.text(bank)
    let read = try BankScaleFile.parse(text, file: "bank.yml")
    #expect(read == bank)
    #expect(BankScaleFile.text(read) == text)
    // One line per record: every item and history entry is one line of its own.
    #expect(text.split(separator: "\n").filter { $0.hasPrefix("  - {id: ANC-2") }.count == 3)
  }

  @Test func problemsAreLocated() {
    let text = BankScaleFile.text(Self.sample())
    // An unknown status, on the line of PRE-1.
    let broken = text.replacingOccurrences(of: "status: pretest", with: "status: pretets")
    let line =
      broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("status: pretets") }! + 1
    #expect {
      try BankScaleFile.parse(broken, file: "bank.yml")
    } throws: { error in
      guard let error = error as? BankScaleFileError else { return false }
      return error.location.line == line && error.message.contains("did you mean 'pretest'?")
    }
    // A number where a number belongs; text is an error, not a default.
    let wrong = text.replacingOccurrences(of: "a: 1.000000, b: 1.500000", with: "a: one, b: 1.500000")
    #expect(throws: BankScaleFileError.self) { try BankScaleFile.parse(wrong, file: "bank.yml") }
    // An estimate naming an administration the file does not list.
    let orphan = text.replacingOccurrences(
      of: "administration: 2026-b, placement: linked, role: pretest",
      with: "administration: 2027-x, placement: linked, role: pretest")
    #expect(throws: BankScaleFileError.self) { try BankScaleFile.parse(orphan, file: "bank.yml") }
  }

  /// One file with four independent problems in three sections: each is reported at its own line
  /// and column (worked out from the text below), the first as the error, the rest in file order.
  @Test func everyProblemOfAFileIsReportedAtItsPlace() {
    let text = """
      format: 1
      model: 3pl
      scaling_constant: 1.000000
      scale:
        defined_by: adm-a
        reference_form: form-a
        population: {mean: 0.000000, sd: 1.000000, spread: 2}
      administrations:
        - {id: adm-a, form: form-a, date: null, candidates: 900, placement: defines-scale}
      reference:
        - {id: R1, a: 1.200000, b: -0.500000, c: 0.200000}
      items:
        - {id: I1, status: retird, a: 1.000000, b: "0.5", c: 0.1, administration: adm-a, placement: linked, role: x}
      history:
        - {id: I1, event: replaced, a: one, b: 0.5, c: 0.1, administration: adm-a, placement: linked, role: x}

      """
    // Line 7: `spread` starts in column 46; line 13: `retird` in column 22 and `"0.5"` in column
    // 46; line 15: `one` in column 34.
    let expected = [
      "bank.yml:7:46: unknown field 'spread' in 'scale.population'; expected one of mean, sd",
      "bank.yml:13:22: unknown status 'retird' (did you mean 'retired'?); expected one of operational, pretest, retired",
      #"bank.yml:13:46: expected 'b' to be a number, found the quoted text "0.5""#,
      "bank.yml:15:34: expected 'a' to be a number, found 'one'",
    ]
    // The command-line form: `error:` after each location (the first ": " of each line).
    let printed = expected.map { $0.replacingOccurrences(of: ": ", with: ": error: ", range: $0.range(of: ": ")) }
    #expect {
      try BankScaleFile.parse(text, file: "bank.yml")
    } throws: { error in
      guard let error = error as? BankScaleFileError else { return false }
      return error.location == SourceLocation(file: "bank.yml", line: 7, column: 46) && error.others.count == 3
        && error.description == expected.joined(separator: "\n")
        && error.compilerStyle(severity: "error") == printed.joined(separator: "\n")
    }
  }

  /// The checks across records (listed administrations, ids once and in order, parameter
  /// ranges, correlations together) are each reported at the record or value at fault.
  @Test func inconsistentRecordsAreEachReported() {
    let text = """
      format: 1
      model: 3pl
      scaling_constant: 1
      scale:
        defined_by: adm-z
        reference_form: form-a
        population: {mean: 0, sd: 1}
      administrations:
        - {id: adm-a, form: form-a, date: null, candidates: 900, placement: defines-scale}
        - {id: adm-a, form: form-b, date: null, candidates: 800, placement: linked}
      reference:
        - {id: R1, a: 1, b: 0, c: 0.2}
        - {id: R1, a: -1, b: 0, c: 0.2}
      items:
        - {id: I2, status: operational, a: 1, b: 0, c: 0, administration: adm-a, placement: linked, role: x}
        - {id: I1, status: operational, a: 1, b: 0, c: 0, r_ab: 0.1, administration: adm-b, placement: linked, role: x}

      """
    // Line 5: `adm-z` starts in column 15; the records of lines 10, 13 and 16 open in column 5;
    // line 16's `adm-b` starts in column 80.
    let expected = [
      "bank.yml:5:15: 'defined_by' names administration 'adm-z', which is not listed under 'administrations'",
      "bank.yml:10:5: administration 'adm-a' appears twice",
      "bank.yml:13:5: reference item 'R1' appears twice",
      "bank.yml:13:5: reference item 'R1': slope a must be positive, found -1.0",
      "bank.yml:16:5: items must be sorted by id ('I1' follows 'I2')",
      "bank.yml:16:5: expected r_ab, r_ac and r_bc together, with se_a and se_b",
      "bank.yml:16:80: administration 'adm-b' is not listed under 'administrations'",
    ]
    Self.expectProblems(text, expected)
  }

  /// Missing fields, a value of the wrong kind and a `null` where no value may be absent.
  @Test func missingAndMistypedFieldsAreErrorsNotDefaults() {
    let text = """
      format: 1
      model: 3pl
      scale: {defined_by: a, reference_form: f, population: {mean: 0}}
      administrations:
        - {id: a, form: f, candidates: -3, placement: defines-scale, A: null, anchors: x}
      reference: []

      """
    // The top-level mapping starts at line 1, column 1; line 3's
    // population mapping opens in column 55; line 5: `-3` starts in column 34, `null` in 67 and
    // `x` in 82.
    let expected = [
      "bank.yml:1:1: the bank-scale file is missing required field 'scaling_constant' (a number)",
      "bank.yml:3:55: 'scale.population' is missing required field 'sd' (a number)",
      "bank.yml:5:34: expected 'candidates' to be a whole number ≥ 0, found '-3'",
      "bank.yml:5:67: expected 'A' to be a number, found an empty value",
      "bank.yml:5:82: expected 'anchors' to be a list, found 'x'",
      "bank.yml:6:12: the bank scale has no reference items",
    ]
    Self.expectProblems(text, expected)
  }

  /// YAML syntax errors, an unsupported format and bytes that are not UTF-8 stop at once, at
  /// their line and column.
  @Test func unreadableFilesStopAtTheFirstProblem() throws {
    // Line 3 opens a flow sequence that is never closed; `b` and `items` of line 4 run together
    // as one plain scalar, and the `:` after `items` (line 4, column 6) is where libyaml finds that
    // ',' or ']' was expected.
    #expect {
      try BankScaleFile.parse("format: 1\nmodel: 3pl\nreference: [a, b\nitems: []\n", file: "bank.yml")
    } throws: { error in
      guard let error = error as? BankScaleFileError else { return false }
      return error.location == SourceLocation(file: "bank.yml", line: 4, column: 6)
        && error.message.hasPrefix("invalid YAML") && error.others.isEmpty
    }
    // A newer format may have other fields: nothing else is reported (not the unknown `colour`).
    Self.expectProblems(
      "format: 2\nmodel: 3pl\ncolour: red\n",
      ["bank.yml:1:9: unsupported bank-scale format 2; this ItemBench reads format 1"])
    #expect {
      try BankScaleFile.parse("# nothing but a comment\n", file: "bank.yml")
    } throws: { error in
      "\(error)" == "bank.yml:1:1: the bank-scale file is empty"
    }
    // The byte 0xFF follows `model: ` (7 characters) on line 2.
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("bank-\(UUID().uuidString).yml").path
    try Data("format: 1\nmodel: ".utf8 + [0xFF] + "\n".utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect {
      try BankScaleFile.read(path: path)
    } throws: { error in
      "\(error)" == "\(path):2:8: invalid UTF-8 (byte 0xFF); save the file as UTF-8 text"
    }
  }

  /// What the writer writes reads back as the same bank: negative numbers, `null` for a missing
  /// date and SEs, ids that must be quoted (`"2026"`, `"null"`, `"-x"`), correlations and drift z.
  @Test func everythingTheWriterWritesReadsBack() throws {
    let defining = BankedAdministration(
      id: "2026", form: "null", date: nil, candidates: 0, placement: .definesScale)
    let linked = BankedAdministration(
      id: "adm-b", form: "form-b", date: "2026-11-01", candidates: 800, placement: .linked, method: "stocking-lord",
      A: 1.25, B: -0.375, anchors: ["-x"], dropped: ["yes"])
    let fixed = BankedAdministration(
      id: "adm-c", form: "form-c", date: nil, candidates: 12, placement: .fixedParameter)
    let reference = ItemParameters(id: "-x", a: 0.8, b: -2.125, c: 0)
    var bank = BankScale(
      model: "3pl", scalingConstant: 1.702, definedBy: "2026", referenceForm: "null",
      referencePopulation: LatentDistribution(mean: -0.125, sd: 1.5), reference: [reference],
      administrations: [defining, linked, fixed])
    bank.upsert(
      BankedItem(
        id: "-x", status: .operational,
        current: BankedEstimate(
          ItemParameters(id: "-x", a: 0.8, b: -2.125, c: 0, seA: 0.05), administration: "2026",
          placement: .definesScale, role: "anchor")))
    var correlated = BankedEstimate(
      ItemParameters(id: "yes", a: 1.5, b: -0.75, c: 0.125, seA: 0.1, seB: 0.2, seC: 0.05), administration: "adm-c",
      placement: .fixedParameter, role: "null")
    correlated.setCorrelations((ab: -0.3, ac: 0.25, bc: -0.5))
    bank.upsert(
      BankedItem(
        id: "yes", status: .retired, current: correlated, droppedAsAnchor: ["adm-b"], recommendation: .drop))
    bank.record(
      HistoryEntry(
        id: "-x", event: .drifted,
        estimate: BankedEstimate(
          ItemParameters(id: "-x", a: 0.9, b: -1.5, c: 0), administration: "adm-b", placement: .linked,
          role: "anchor"),
        driftZ: -2.5))
    let text = BankScaleFile.text(bank)
    // The forms the reader must take: quoted ids, `null`, negative numbers with 6 (drift z: 3)
    // decimals.
    for written in [
      #"{id: "2026", form: "null", date: null, candidates: 0"#, "B: -0.375000", "population: {mean: -0.125000",
      #"{id: "-x", a: 0.800000, b: -2.125000, c: 0.000000}"#, "se_b: null, se_c: null", "r_ab: -0.300000",
      "drift_z: -2.500", "recommendation: drop", #"anchors: ["-x"], dropped: ["yes"]"#,
    ] {
      #expect(text.contains(written), "\(written)")
    }
    let read = try BankScaleFile.parse(text, file: "bank.yml")
    #expect(read == bank)
    #expect(BankScaleFile.text(read) == text)
  }

  @Test func aFormWithUnbankedItemsCannotBePreEquatedAndTheItemsAreNamed() throws {
    let scale = ScaleSpecification(minimum: 200, maximum: 350, passingScore: 300, cut: .raw(1), mapping: .piecewiseRaw)
    #expect {
      try BankTables.preEquated(
        form: "form-c", scoredItems: ["ANC-1", "NEW-1", "NEW-2"], bank: Self.sample(), scale: scale)
    } throws: { error in
      (error as? MissingParameters)?.ids == ["NEW-1", "NEW-2"]
    }
  }

  /// The reference form pre-equated to itself from the bank is the identity: every raw score's
  /// equivalent is the raw score, and the pass decision is raw ≥ the cut.
  @Test func theReferenceFormPreEquatesToItself() throws {
    let scale = ScaleSpecification(minimum: 200, maximum: 350, passingScore: 300, cut: .raw(1), mapping: .piecewiseRaw)
    let bank = Self.sample()
    var same = bank
    for item in bank.reference {
      same.upsert(
        BankedItem(
          id: item.id, status: .operational,
          current: BankedEstimate(item, administration: "2026-a", placement: .definesScale, role: "anchor")))
    }
    let table = try BankTables.preEquated(form: "form-a", scoredItems: ["ANC-1", "ANC-2"], bank: same, scale: scale)
    for row in table.rows { #expect(abs(row.equated - Double(row.raw)) < 1e-6) }
    #expect(table.lowestPassingRaw == 1)
  }
}
