import ExamCycle
import ItemBenchCore
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
