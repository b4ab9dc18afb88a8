import ArgumentParser
import Equating
import FormAssembly
import Foundation
import ItemBank
import ItemBenchCore
import ItemResponseTheory

/// `itembench assemble`: automated test assembly of new forms to the blueprint.
struct AssembleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "assemble",
    abstract: "Assemble new exam forms to the blueprint and a psychometric target.",
    discussion: """
      Selects items from the bank for N new forms at once as a mixed-integer program: the \
      blueprint's length, scored and pretest counts and domain and cognitive-level ranges \
      (coverage's rules), item statuses, enemies, anchors, overlap, usage limits and included or \
      excluded items. The objective matches a reference form's TCC (and/or TIF) at θ points \
      (minimax), or maximises information at the θ cut. Writes one form file per new form and \
      a report (Markdown and JSON) into --out-dir; never overwrites a file without --force. \
      Exits 0 when assembled, 1 when the constraints conflict (with the reason), 2 for bad \
      input. See docs/assembly.md.
      """
  )

  @OptionGroup var bankOptions: BankOptions

  @Option(help: ArgumentHelp("The blueprint: an id in <bank>/blueprints, or a blueprint file.", valueName: "id"))
  var blueprint: String

  @Option(
    help: ArgumentHelp("Item parameters on the program's scale (a parameter file, JSON or CSV).", valueName: "file"))
  var parameters: String

  @Option(help: ArgumentHelp("How many new forms to assemble.", valueName: "n"))
  var forms: Int

  @Option(
    name: .customLong("out-dir"), help: ArgumentHelp("Folder for the form files and the report.", valueName: "dir"))
  var outDir: String

  @Option(
    name: .customLong("form-id"),
    help: ArgumentHelp("Ids of the new forms, one per form (default: <blueprint>-new-1 …).", valueName: "id"))
  var formIDs: [String] = []

  @Option(
    help: ArgumentHelp(
      "tcc, tif, tcc+tif or max-info (default: tcc with --reference, max-info without).", valueName: "name"))
  var objective: String?

  @Option(
    help: ArgumentHelp(
      "The reference form whose TCC/TIF is the target (an id in the bank or a form file).", valueName: "form"))
  var reference: String?

  @Option(name: .customLong("theta-cut"), help: ArgumentHelp("θ cut on the parameters' scale.", valueName: "theta"))
  var thetaCut: Double?

  @Option(
    help: ArgumentHelp("A scale file whose cut (raw on the reference form, or θ) gives the θ cut.", valueName: "file"))
  var scale: String?

  @Option(
    name: .customLong("theta-points"),
    help: ArgumentHelp("Comma-separated θ points of the target (default: cut, cut ± 0.5, cut ± 1).", valueName: "list"))
  var thetaPoints: String?

  @Option(
    name: .customLong("tif-weight"), help: ArgumentHelp("Weight of TIF deviations under tcc+tif.", valueName: "w"))
  var tifWeight: Double = 1

  @Option(
    help: ArgumentHelp(
      "Put this form's anchor items on every new form (an id in the bank or a form file).", valueName: "form"))
  var anchors: String?

  @Option(
    name: .customLong("anchor-item"),
    help: ArgumentHelp("An anchor item for every new form (repeatable).", valueName: "id"))
  var anchorItems: [String] = []

  @Option(
    name: .customLong("assemble-anchors"),
    help: ArgumentHelp("Assemble a common anchor set of this many items, a miniature of the blueprint.", valueName: "n")
  )
  var assembleAnchors: Int?

  @Option(
    name: .customLong("max-uses"),
    help: ArgumentHelp(
      "Each non-anchor item at most this many times over the new and --previous forms.", valueName: "u"))
  var maxUses: Int = 1

  @Option(
    name: .customLong("max-overlap"),
    help: ArgumentHelp("At most this many non-anchor items shared by any two new forms.", valueName: "k"))
  var maxOverlap: Int?

  @Option(
    help: ArgumentHelp(
      "A form already used whose items count toward --max-uses (id or file; repeatable).", valueName: "form"))
  var previous: [String] = []

  @Option(help: ArgumentHelp("An item to put on every new form (repeatable).", valueName: "id"))
  var include: [String] = []

  @Option(help: ArgumentHelp("An item never to use (repeatable).", valueName: "id"))
  var exclude: [String] = []

  @Option(help: ArgumentHelp("builtin, or cbc in builds with the CBC trait.", valueName: "name"))
  var solver: String = "builtin"

  @Option(name: .customLong("time-limit"), help: ArgumentHelp("Solver time limit in seconds.", valueName: "s"))
  var timeLimit: Double = 60

  @Option(help: ArgumentHelp("Restarts of the built-in solver's local search.", valueName: "n"))
  var restarts: Int = 8

  @Option(help: ArgumentHelp("Seed of the built-in solver.", valueName: "n"))
  var seed: UInt64 = 1

  @Option(
    name: .customLong("report-name"),
    help: ArgumentHelp("Base name of the report files in --out-dir.", valueName: "name"))
  var reportName: String = "assembly-report"

  @Flag(help: "Overwrite existing form or report files.")
  var force = false

  @Flag(help: "Leave the solver time out of the report files, so the same input gives byte-identical files.")
  var reproducible = false

  func run() throws {
    do {
      try assemble()
    } catch let error as AssemblyInputError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as ParameterFileError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as ScaleFileError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as AtomicFile.WriteError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as AssemblyInfeasibility {
      Console.error(
        "error: the forms cannot be assembled"
          + (error.proven ? ":" : " (the built-in solver found no feasible assembly):"))
      for reason in error.reasons { Console.error("  - " + reason) }
      throw ExitStatus.findings
    }
  }

  private func assemble() throws {
    guard forms >= 1 else { throw AssemblyInputError("--forms must be at least 1, found \(forms)") }
    guard formIDs.isEmpty || formIDs.count == forms else {
      throw AssemblyInputError("--form-id given \(formIDs.count) time(s) for \(forms) form(s); give one id per form")
    }
    guard timeLimit > 0, timeLimit.isFinite else {
      throw AssemblyInputError("--time-limit must be positive, found \(timeLimit)")
    }
    guard restarts >= 0 else { throw AssemblyInputError("--restarts must be 0 or more, found \(restarts)") }
    guard tifWeight > 0, tifWeight.isFinite else {
      throw AssemblyInputError("--tif-weight must be positive, found \(tifWeight)")
    }
    guard let solverKind = AssemblySolverKind(rawValue: solver) else {
      throw AssemblyInputError("unknown solver '\(solver)'; expected builtin or cbc")
    }
    guard solverKind.isAvailable else {
      throw AssemblyInputError(
        "this itembench was built without CBC; rebuild with `swift build --traits CBC` (Debian package coinor-libcbc-dev) or use --solver builtin"
      )
    }
    let anchorOptions = [anchors != nil, !anchorItems.isEmpty, assembleAnchors != nil].filter { $0 }.count
    guard anchorOptions <= 1 else {
      throw AssemblyInputError("give at most one of --anchors, --anchor-item and --assemble-anchors")
    }

    let bank = BankLoader.load(root: bankOptions.bank)
    let loadErrors = bank.diagnostics.filter { $0.severity == .error }
    guard !loadErrors.isEmpty || !bank.items.isEmpty else {
      throw AssemblyInputError("no items in \(bankOptions.bank)")
    }
    if !loadErrors.isEmpty {
      Console.print(diagnostics: loadErrors.sortedByLocation())
      throw AssemblyInputError(
        "\(loadErrors.count) problem(s) loading the bank \(bankOptions.bank); assembly needs a bank that loads")
    }
    let blueprint = try resolveBlueprint(bank)
    let parameterFile = try ParameterFile.read(path: parameters)
    let source = IndexedParameters(parameterFile)
    let ids = formIDs.isEmpty ? (1...forms).map { "\(blueprint.id)-new-\($0)" } : formIDs
    for id in ids
    where id.isEmpty || id.hasPrefix(".") || !id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) {
      throw AssemblyInputError(
        "form id '\(id)' must be letters, digits, '-', '_' or '.' (it names the form file), not starting with '.'")
    }

    // Objective, θ cut and target.
    let referenceForm = try reference.map { try resolveForm($0, bank: bank, option: "--reference") }
    let objectiveKind: AssemblyObjective
    if let objective {
      guard let kind = AssemblyObjective(rawValue: objective) else {
        throw AssemblyInputError(
          "unknown objective '\(objective)'; expected "
            + AssemblyObjective.allCases.map(\.rawValue).joined(separator: ", "))
      }
      objectiveKind = kind
    } else {
      objectiveKind = referenceForm == nil ? .maxInformation : .tcc
    }
    if objectiveKind.matchesTarget, referenceForm == nil {
      throw AssemblyInputError(
        "objective '\(objectiveKind.rawValue)' matches a reference form's curves; give --reference FORM")
    }
    var referenceParameters: [ItemParameters] = []
    if let form = referenceForm {
      for id in form.scoredItemIDs {
        guard let p = source.parameters(for: id) else {
          throw AssemblyInputError(
            "reference form '\(form.id)' has scored item '\(id)' without parameters in \(parameters)")
        }
        referenceParameters.append(p)
      }
    }
    let cut = try resolveThetaCut(
      reference: referenceForm, parameters: referenceParameters, scalingConstant: source.scalingConstant)
    let thetas = try resolveThetaPoints(cut: cut)
    let target = referenceForm.map {
      TargetCurves(
        items: referenceParameters, scalingConstant: source.scalingConstant, thetas: thetas, source: "form '\($0.id)'")
    }

    // Anchors, previous forms.
    var anchorPolicy = AnchorPolicy.none
    if let anchors {
      let form = try resolveForm(anchors, bank: bank, option: "--anchors")
      guard !form.anchorItemIDs.isEmpty else {
        throw AssemblyInputError("form '\(form.id)' (--anchors) has no anchor items")
      }
      anchorPolicy = .given(form.anchorItemIDs)
    } else if !anchorItems.isEmpty {
      anchorPolicy = .given(anchorItems)
    } else if let assembleAnchors {
      anchorPolicy = .assembled(count: assembleAnchors)
    }
    let previousForms = try previous.map { try resolveForm($0, bank: bank, option: "--previous") }

    let options = AssemblyOptions(
      formIDs: ids, objective: objectiveKind, thetaCut: cut, target: target, tifWeight: tifWeight,
      anchors: anchorPolicy, maxUses: maxUses, maxOverlap: maxOverlap, previousForms: previousForms,
      include: include, exclude: exclude, solver: solverKind, timeLimit: timeLimit, restarts: restarts,
      seed: seed)

    // Refuse to overwrite before doing the work.
    let outputs = ids.map { "\($0).yml" } + ["\(reportName).md", "\(reportName).json"]
    let paths = outputs.map { URL(fileURLWithPath: outDir).appendingPathComponent($0).path }
    if !force, let existing = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
      throw AssemblyInputError("\(existing) exists; pass --force to overwrite it")
    }

    let result = try Assembler.assemble(bank: bank, blueprint: blueprint, parameters: source, options: options)
    let seconds = result.outcome.seconds
    for (index, form) in result.forms.enumerated() {
      let note =
        "Assembled by itembench assemble to blueprint '\(blueprint.id)' (objective \(objectiveKind.rawValue)\(target.map { ", target \($0.source)" } ?? "")); see \(reportName).md."
      try AtomicFile.write(form.yamlText(notes: note), to: paths[index])
    }
    try AtomicFile.write(result.markdown(timing: !reproducible), to: paths[ids.count])
    try AtomicFile.write(result.jsonText(timing: !reproducible), to: paths[ids.count + 1])

    let o = result.outcome
    var summary =
      "assembled \(ids.count) form(s) to blueprint '\(blueprint.id)' with \(o.solver): status \(o.status.rawValue), objective \(formatDecimal(o.objective, places: 6))"
    if let gap = o.absoluteGap {
      summary += ", bound \(formatDecimal(o.bound ?? 0, places: 6)), gap \(formatDecimal(gap, places: 6))"
    }
    summary += ", \(formatDecimal(seconds, places: 2)) s"
    print(summary)
    if let target, let k = target.thetas.firstIndex(where: { abs($0 - cut) < 1e-12 }) {
      for (f, curve) in result.curves.enumerated() {
        print(
          "\(ids[f]): TCC at the θ cut \(formatDecimal(cut, places: 4)) is \(formatDecimal(curve.tcc[k], places: 4)), target \(formatDecimal(target.tcc[k], places: 4)) (deviation \(formatDecimal(curve.tcc[k] - target.tcc[k], places: 4)))"
        )
      }
    }
    for path in paths { print("wrote \(path)") }
  }

  private func resolveBlueprint(_ bank: ItemBank) throws -> Blueprint {
    if let found = bank.blueprint(blueprint) { return found }
    if FileManager.default.fileExists(atPath: blueprint) {
      var problems: [Diagnostic] = []
      guard let parsed = CoverageCommand.read(blueprint, parse: BlueprintParser.parse, problems: &problems) else {
        Console.print(diagnostics: problems.sortedByLocation())
        throw AssemblyInputError("cannot read blueprint file \(blueprint)")
      }
      return parsed
    }
    throw AssemblyInputError(
      "no blueprint '\(blueprint)' in \(bankOptions.bank)/blueprints"
        + EditDistance.didYouMean(blueprint, among: bank.blueprints.map(\.id)))
  }

  private func resolveForm(_ name: String, bank: ItemBank, option: String) throws -> Form {
    if let form = bank.form(name) { return form }
    if FileManager.default.fileExists(atPath: name) {
      var problems: [Diagnostic] = []
      guard let parsed = CoverageCommand.read(name, parse: FormParser.parse, problems: &problems) else {
        Console.print(diagnostics: problems.sortedByLocation())
        throw AssemblyInputError("cannot read form file \(name) (\(option))")
      }
      return parsed
    }
    throw AssemblyInputError(
      "\(option): no form '\(name)' in \(bankOptions.bank)/forms and no such file"
        + EditDistance.didYouMean(name, among: bank.forms.map(\.id)))
  }

  private func resolveThetaCut(reference: Form?, parameters: [ItemParameters], scalingConstant: Double) throws -> Double
  {
    if let thetaCut {
      guard thetaCut.isFinite else { throw AssemblyInputError("--theta-cut must be a finite number") }
      guard scale == nil else { throw AssemblyInputError("give --theta-cut or --scale, not both") }
      return thetaCut
    }
    guard let scale else { return 0 }
    let specification = try ScaleSpecification.read(path: scale)
    switch specification.cut {
    case .theta(let theta): return theta
    case .raw(let raw):
      guard let reference else {
        throw AssemblyInputError(
          "the scale file \(scale) sets a raw cut; converting it to θ needs --reference (the base form)")
      }
      let curve = TestCharacteristicCurve(items: parameters, scalingConstant: scalingConstant)
      guard let theta = try? curve.theta(forTrueScore: raw) else {
        throw AssemblyInputError(
          "the raw cut \(formatDecimal(raw, places: 4)) of \(scale) is outside the TCC of form '\(reference.id)' (\(formatDecimal(curve.lowerAsymptote, places: 4))…\(parameters.count))"
        )
      }
      return theta
    }
  }

  private func resolveThetaPoints(cut: Double) throws -> [Double] {
    guard let thetaPoints else { return AssemblyOptions.defaultThetaPoints(cut: cut) }
    var points: [Double] = []
    for (index, field) in thetaPoints.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
      let text = field.trimmingCharacters(in: .whitespaces)
      guard let value = Double(text), value.isFinite else {
        throw AssemblyInputError("--theta-points: item \(index + 1) ('\(text)') is not a number")
      }
      points.append(value)
    }
    guard !points.isEmpty, points.count <= 101 else {
      throw AssemblyInputError("--theta-points needs 1 to 101 numbers")
    }
    return points
  }
}
