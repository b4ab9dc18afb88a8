import ArgumentParser
import BlueprintCoverage
import Foundation
import ItemBank
import ItemBenchCore

/// `itembench coverage`: check the bank and exam forms against the blueprint.
struct CoverageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "coverage",
    abstract: "Check the bank and every exam form against the blueprint.",
    discussion: """
      Bank level: items per domain, subdomain and cognitive level by status; operational items \
      against what one form (or --forms N forms without reuse) needs, worst gaps first; the \
      pretest pipeline; items whose domain is not in the blueprint and blueprint domains with no \
      items. Form level: length, scored and pretest counts; scored items per domain and \
      cognitive level against the weights; missing items, status not allowed for the role, \
      duplicates, enemy pairs; anchors as a miniature of the form; key-letter balance; overlap \
      between forms. Defaults: every blueprint and form under the bank. Exits 0 when everything \
      meets the blueprint, 1 when something does not, 2 for usage or input problems. See \
      docs/coverage.md.
      """
  )

  @OptionGroup var bankOptions: BankOptions

  @Option(
    help: ArgumentHelp(
      "A blueprint file, or the id of a blueprint in <bank>/blueprints (default: every blueprint there).",
      valueName: "file|id"))
  var blueprint: String?

  @Option(
    name: .customLong("form"), parsing: .upToNextOption,
    help: ArgumentHelp(
      "Form files to check (default: every form in <bank>/forms built to the blueprint).", valueName: "file"))
  var formFiles: [String] = []

  @Option(
    name: .customLong("forms"), parsing: .unconditional,
    help: ArgumentHelp("How many forms the bank must support without reusing an item.", valueName: "n"))
  var plannedForms: Int = 1

  @Option(help: ArgumentHelp("Output format: text, json or markdown.", valueName: "name"))
  var reporter: String = "text"

  @Option(
    name: [.short, .long],
    help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
  var output: String?

  func run() throws {
    guard let format = CoverageReportFormat(rawValue: reporter) else {
      let names = CoverageReportFormat.allCases.map(\.rawValue)
      Console.error(
        "error: unknown reporter '\(reporter)'; expected one of \(names.joined(separator: ", "))"
          + EditDistance.didYouMean(reporter, among: names))
      throw ExitStatus.usage
    }
    guard InputLimits.plannedForms.contains(plannedForms) else {
      Console.error(
        "error: --forms: \(InputLimits.message("a number of forms", plannedForms, InputLimits.plannedForms))")
      throw ExitStatus.usage
    }

    let bank = BankLoader.load(root: bankOptions.bank)
    // Forms naming missing items or blueprints are coverage's own business (reported below, for
    // the forms being checked); every other loading error is an input problem.
    var inputProblems = bank.diagnostics.filter {
      $0.severity == .error && $0.code != "item-not-found" && $0.code != "unknown-blueprint"
    }

    let blueprints: [Blueprint]
    if var path = blueprint {
      // An id (`cpim-full`) names <bank>/blueprints/<id>.yml when no file of that name exists.
      let byID = bankOptions.bank + "/blueprints/" + path + ".yml"
      if !FileManager.default.fileExists(atPath: path), FileManager.default.fileExists(atPath: byID) { path = byID }
      guard let parsed = Self.read(path, parse: BlueprintParser.parse, problems: &inputProblems) else {
        Console.print(diagnostics: inputProblems.sortedByLocation())
        throw ExitStatus.usage
      }
      blueprints = [parsed]
    } else {
      blueprints = bank.blueprints
      if blueprints.isEmpty && !inputProblems.containsErrors {
        Console.error("error: no blueprint in \(bankOptions.bank)/blueprints; pass --blueprint FILE")
        throw ExitStatus.usage
      }
    }

    var forms: [Form] = []
    if formFiles.isEmpty {
      forms = bank.forms
    } else {
      for path in formFiles {
        if let form = Self.read(path, parse: FormParser.parse, problems: &inputProblems) { forms.append(form) }
      }
    }
    let blueprintIDs = blueprints.map(\.id)
    var formsByBlueprint: [String: [Form]] = [:]
    for form in forms {
      if blueprintIDs.contains(form.blueprintID) {
        formsByBlueprint[form.blueprintID, default: []].append(form)
      } else if !formFiles.isEmpty || blueprint == nil {
        inputProblems.append(
          .error(
            "form '\(form.id)' names blueprint '\(form.blueprintID)', which is not "
              + (blueprint == nil
                ? "in \(bankOptions.bank)/blueprints"
                : "the blueprint given with --blueprint ('\(blueprintIDs.joined())')")
              + EditDistance.didYouMean(form.blueprintID, among: blueprintIDs),
            at: form.location, code: "unknown-blueprint"))
      }
      // With --blueprint and the bank's forms, forms built to other blueprints are not checked.
    }

    let allBlueprints = blueprints + bank.blueprints.filter { !blueprintIDs.contains($0.id) }
    let reports = blueprints.map { checked in
      let others = Set(allBlueprints.filter { $0.id != checked.id }.flatMap { $0.domains.map(\.id) })
        .subtracting(checked.domains.map(\.id))
      return CoverageChecker.check(
        bank: bank, blueprint: checked, forms: formsByBlueprint[checked.id] ?? [],
        options: CoverageOptions(plannedForms: plannedForms, otherBlueprintDomains: others))
    }

    Console.print(diagnostics: inputProblems.sortedByLocation())
    if !reports.isEmpty {
      do {
        try Console.emit(CoverageRenderer.render(reports, as: format), to: output)
      } catch let error as AtomicFile.WriteError {
        Console.report(error)
        throw ExitStatus.usage
      }
    }
    if inputProblems.containsErrors {
      if !reports.isEmpty {
        Console.error(
          "error: \(inputProblems.filter { $0.severity == .error }.count) input problem(s); the coverage report is incomplete until they are fixed"
        )
      }
      throw ExitStatus.usage
    }
    if !reports.allSatisfy(\.passed) { throw ExitStatus.findings }
  }

  /// Reads and parses the file at `path`, adding every problem to `problems`; nil when the file
  /// cannot be read or has errors.
  static func read<Value>(
    _ path: String, parse: (String, String) -> (Value?, [Diagnostic]), problems: inout [Diagnostic]
  ) -> Value? {
    guard let data = FileManager.default.contents(atPath: path) else {
      problems.append(.error("cannot read file", at: SourceLocation(file: path)))
      return nil
    }
    let text: String
    switch UTF8Text.decode(data) {
    case .success(let decoded): text = decoded
    case .failure(let problem):
      problems.append(
        .error(problem.message, at: SourceLocation(file: path, line: problem.line, column: problem.column)))
      return nil
    }
    let (value, diagnostics) = parse(text, path)
    problems += diagnostics.filter { $0.severity == .error }
    return diagnostics.containsErrors ? nil : value
  }
}
