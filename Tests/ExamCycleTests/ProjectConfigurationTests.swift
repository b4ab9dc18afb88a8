import ExamCycle
import ItemBenchCore
import ItemResponseTheory
import Testing

@Suite struct ProjectConfigurationTests {
  @Test func emptyFileGivesTheDefaults() throws {
    let configuration = try ProjectConfiguration.parse("", file: "itembench.yml")
    #expect(configuration.bank == "Items")
    #expect(configuration.base.id == "form-a")
    #expect(configuration.new.responses == "Items/responses/form-b.csv")
  }

  @Test func settingsOverrideDefaults() throws {
    let text = """
      format: 1
      bank: Bank
      forms:
        new: {id: form-z, responses: z.csv}
      calibration: {model: 2pl, scaling_constant: 1.7}
      linking: {method: haebara}
      """
    let configuration = try ProjectConfiguration.parse(text, file: "p.yml")
    #expect(configuration.bank == "Bank")
    #expect(configuration.new == ProjectConfiguration.FormData(id: "form-z", responses: "z.csv", date: "2026-11-01"))
    #expect(configuration.base.id == "form-a")
    #expect(configuration.model == "2pl")
    #expect(configuration.scalingConstant == 1.7)
    #expect(configuration.linkingMethod == "haebara")
  }

  @Test func unknownKeyIsLocatedWithASuggestion() {
    // `calibraton` is on line 2, column 1.
    let text = "bank: Items\ncalibraton: {model: 2pl}\n"
    #expect {
      try ProjectConfiguration.parse(text, file: "p.yml")
    } throws: { error in
      guard let diagnostic = error as? Diagnostic else { return false }
      return diagnostic.location == SourceLocation(file: "p.yml", line: 2, column: 1)
        && diagnostic.message.contains("did you mean 'calibration'?")
    }
  }

  @Test func wrongTypeIsLocated() {
    // `scaling_constant: high` — the value starts at line 3, column 21.
    let text = "calibration:\n  model: 2pl\n  scaling_constant: high\n"
    #expect {
      try ProjectConfiguration.parse(text, file: "p.yml")
    } throws: { error in
      (error as? Diagnostic)?.location == SourceLocation(file: "p.yml", line: 3, column: 21)
    }
  }
}

@Suite struct ProjectConfigurationNameTests {
  @Test func modelAndMethodTyposAreLocatedBeforeAnythingRuns() {
    // `3pk` is the value on line 3, column 10; `stocking-lords` on line 4, column 11.
    let model = "bank: Items\ncalibration:\n  model: 3pk\n"
    #expect {
      try ProjectConfiguration.parse(model, file: "p.yml")
    } throws: { error in
      guard let diagnostic = error as? Diagnostic else { return false }
      return diagnostic.location == SourceLocation(file: "p.yml", line: 3, column: 10)
        && diagnostic.message.contains("did you mean '3pl'?")
    }
    let method = "bank: Items\ncalibration: {model: 2pl}\nlinking:\n  method: stocking-lords\n"
    #expect {
      try ProjectConfiguration.parse(method, file: "p.yml")
    } throws: { error in
      (error as? Diagnostic)?.location == SourceLocation(file: "p.yml", line: 4, column: 11)
    }
    let constant = "calibration: {scaling_constant: -1.7}\n"
    #expect(throws: Diagnostic.self) { try ProjectConfiguration.parse(constant, file: "p.yml") }
  }

  @Test func settingsRememberWhereTheyAreWritten() throws {
    let configuration = try ProjectConfiguration.parse("forms:\n  new: {id: form-z}\n", file: "p.yml")
    // `form-z` starts at line 2, column 13.
    #expect(configuration.location(of: "forms.new.id") == SourceLocation(file: "p.yml", line: 2, column: 13))
    #expect(configuration.location(of: "bank") == SourceLocation(file: "p.yml"))
  }
}

@Suite struct ProgramConfigurationTests {
  @Test func administrationsAreReadInOrderWithTheirSettings() throws {
    let text = """
      format: 2
      administrations:
        - {id: spring, form: form-a, responses: a.csv, date: "2026-05-01"}
        - {form: form-b, responses: b.csv}
        - {id: retake, form: form-a, responses: a2.csv}
      linking: {method: haebara, placement: fixed}
      drift: {alpha: 0.01, action: flag, minimum_anchors: 8}
      """
    let configuration = try ProjectConfiguration.parse(text, file: "p.yml")
    #expect(configuration.administrations.map(\.administration) == ["spring", "form-b", "retake"])
    #expect(configuration.administrations.map(\.id) == ["form-a", "form-b", "form-a"])
    #expect(configuration.administrations[0].date == "2026-05-01")
    #expect(configuration.placement == .fixed)
    #expect(configuration.driftAlpha == 0.01 && configuration.driftAction == .flag && configuration.minimumAnchors == 8)
  }

  @Test func theFormatOneFileIsATwoAdministrationProgram() throws {
    let text = "format: 1\nforms:\n  base: {id: form-a, responses: a.csv}\n  new: {id: form-z, responses: z.csv}\n"
    let configuration = try ProjectConfiguration.parse(text, file: "p.yml")
    #expect(configuration.administrations.map(\.id) == ["form-a", "form-z"])
    #expect(configuration.administrations.map(\.administration) == ["form-a", "form-z"])
  }

  @Test func badAdministrationsAreLocated() {
    // A repeated id (line 4, column 5), an id that is not a folder name, and both layouts at once.
    let repeated =
      "administrations:\n  - {id: x, form: form-a, responses: a.csv}\n  - {id: y, form: form-b, responses: b.csv}\n  - {id: x, form: form-c, responses: c.csv}\n"
    #expect {
      try ProjectConfiguration.parse(repeated, file: "p.yml")
    } throws: { error in
      (error as? Diagnostic)?.location == SourceLocation(file: "p.yml", line: 4, column: 5)
    }
    let path = "administrations:\n  - {id: ../up, form: form-a, responses: a.csv}\n"
    #expect(throws: Diagnostic.self) { try ProjectConfiguration.parse(path, file: "p.yml") }
    let both = "forms: {base: {id: form-a}}\nadministrations:\n  - {form: form-a, responses: a.csv}\n"
    #expect(throws: Diagnostic.self) { try ProjectConfiguration.parse(both, file: "p.yml") }
    let placement = "linking: {placement: fixd}\n"
    #expect {
      try ProjectConfiguration.parse(placement, file: "p.yml")
    } throws: { error in
      (error as? Diagnostic)?.message.contains("did you mean 'fixed'?") == true
    }
  }
}

/// A project file with several problems reports every one, in the order of the settings; one
/// problem alone is thrown as its diagnostic.
@Suite struct ProjectConfigurationProblemsTests {
  @Test func everyProblemIsReportedAtItsLine() {
    let text = """
      format: 2
      bank: [Items]
      calibration: {model: 3pl, scaling_constant: big}
      drift: {alpha: 2}
      equating: {methd: true-score}
      """
    do {
      _ = try ProjectConfiguration.parse(text, file: "p.yml")
      Issue.record("expected problems")
    } catch let problems as ProjectFileProblems {
      #expect(problems.diagnostics.map(\.location.line) == [2, 3, 4, 5], "\(problems)")
      #expect(problems.diagnostics.allSatisfy { $0.severity == .error })
      #expect(problems.diagnostics[3].message.contains("did you mean 'method'"))
      #expect(problems.description.split(separator: "\n").count == 4)
    } catch {
      Issue.record("expected ProjectFileProblems, got \(error)")
    }
  }
}

/// Strict numbers, ids and dates (issue 17): a wrong type or an out-of-range value is an error
/// at its line and column, never a trap or a silently converted value.
@Suite struct ProjectConfigurationStrictnessTests {
  /// The diagnostic `text` gives, or nil when it parses.
  static func problem(_ text: String) -> Diagnostic? {
    do {
      _ = try ProjectConfiguration.parse(text, file: "p.yml")
      return nil
    } catch let diagnostic as Diagnostic {
      return diagnostic
    } catch {
      return nil
    }
  }

  static func expectError(_ text: String, line: Int, column: Int, saying words: String) {
    let diagnostic = problem(text)
    #expect(diagnostic?.location == SourceLocation(file: "p.yml", line: line, column: column), "\(text)")
    #expect(diagnostic?.message.contains(words) == true, "\(diagnostic?.message ?? "no error") for \(text)")
  }

  @Test func integersMustBeDecimalWholeNumbersInRange() {
    // `minimum_anchors` values start at line 2, column 20.
    let prefix = "drift:\n  minimum_anchors: "
    Self.expectError(prefix + "\"8\"\n", line: 2, column: 20, saying: "whole number from 1 to 10000")
    Self.expectError(prefix + "0x10\n", line: 2, column: 20, saying: "found '0x10'")
    Self.expectError(prefix + "1:30\n", line: 2, column: 20, saying: "found '1:30'")
    Self.expectError(prefix + "010\n", line: 2, column: 20, saying: "found '010'")
    Self.expectError(prefix + "1_000\n", line: 2, column: 20, saying: "found '1_000'")
    Self.expectError(prefix + "8.5\n", line: 2, column: 20, saying: "found '8.5'")
    Self.expectError(prefix + "0\n", line: 2, column: 20, saying: "found 0")
    Self.expectError(prefix + "20000\n", line: 2, column: 20, saying: "found 20000")
    // Far beyond Int (Yams' sexagesimal arithmetic trapped on such values).
    Self.expectError(prefix + "99999999999999999999999\n", line: 2, column: 20, saying: "too large")
    Self.expectError(prefix + "99999999999999:59:59:59:59:59:59\n", line: 2, column: 20, saying: "whole number")
    Self.expectError(prefix + "[8]\n", line: 2, column: 20, saying: "found a list")
    Self.expectError("format: 3\n", line: 1, column: 9, saying: "from 1 to 2")
    Self.expectError("format: \"2\"\n", line: 1, column: 9, saying: "quoted text")
    #expect(Self.problem(prefix + "8\n") == nil)
    #expect(Self.problem(prefix + "+8\n") == nil)
  }

  @Test func numbersMustBeFiniteDecimalsInRange() {
    // `alpha` values start at line 2, column 10; `scaling_constant` at line 1, column 33.
    Self.expectError("drift:\n  alpha: \"0.05\"\n", line: 2, column: 10, saying: "finite number from 0 to 1")
    Self.expectError("drift:\n  alpha: .nan\n", line: 2, column: 10, saying: "found '.nan'")
    Self.expectError("drift:\n  alpha: 1.5\n", line: 2, column: 10, saying: "found 1.5")
    Self.expectError("drift:\n  alpha: yes\n", line: 2, column: 10, saying: "found 'yes'")
    Self.expectError("calibration: {scaling_constant: .inf}\n", line: 1, column: 33, saying: "from 0.01 to 100")
    Self.expectError("calibration: {scaling_constant: 1e400}\n", line: 1, column: 33, saying: "from 0.01 to 100")
    Self.expectError("calibration: {scaling_constant: 1000}\n", line: 1, column: 33, saying: "found 1000")
    #expect(Self.problem("calibration: {scaling_constant: 1.702}\ndrift: {alpha: 5e-2}\n") == nil)
  }

  @Test func idsAndDatesAreChecked() {
    // Values of the first administration start at line 2: form at column 12, date at 44.
    let bidi = "administrations:\n  - {form: \"form\u{202E}a\", responses: a.csv}\n"
    Self.expectError(bidi, line: 2, column: 12, saying: "bidirectional control character")
    Self.expectError(
      "administrations:\n  - {form: ../a, responses: a.csv}\n", line: 2, column: 12, saying: "path syntax")
    Self.expectError(
      "administrations:\n  - {form: form-a, responses: a.csv, date: 2026-02-30}\n", line: 2, column: 44,
      saying: "2026-02 has 28 days")
    Self.expectError(
      "administrations:\n  - {form: form-a, responses: \"\"}\n", line: 2, column: 31, saying: "name a response file")
    Self.expectError("forms:\n  new: {id: a/b}\n", line: 2, column: 13, saying: "path syntax")
    let long = String(repeating: "x", count: 65)
    Self.expectError(
      "administrations:\n  - {id: \(long), form: form-a, responses: a.csv}\n", line: 2, column: 10,
      saying: "65 characters long")
  }

  @Test func theScoringRuleIsReadAndChecked() throws {
    let configuration = try ProjectConfiguration.parse(
      "scoring: {omitted: not-administered, not_reached: wrong}\n", file: "p.yml")
    #expect(configuration.missingResponses == MissingResponseRule(omitted: .notAdministered, notReached: .wrong))
    #expect(try ProjectConfiguration.parse("", file: "p.yml").missingResponses == .standard)
    Self.expectError(
      "scoring: {omitted: skip}\n", line: 1, column: 20,
      saying: "expected one of wrong, not-administered, wrong-in-scores")
    Self.expectError("scoring: {not-reached: wrong}\n", line: 1, column: 11, saying: "did you mean 'not_reached'?")
  }
}
