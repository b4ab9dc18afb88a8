import ArgumentParser
import BlueprintCoverage
import Equating
import FairnessAnalysis
import Foundation
import ItemBank
import ItemBenchCore
import ItemResponseTheory
import TechnicalReport

/// `itembench report`: the technical report of an administration as one self-contained HTML file.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write the technical report (HTML with inline SVG plots) of an administration.",
    discussion: """
      Computes what the report shows from the inputs, as the cycle does: classical analysis, \
      calibration of each form (or the given parameter files, e.g. a cycle's output/parameters), \
      linking of the new form to the base form through the anchors with drift screening, IRT \
      equating, conversion tables, and DIF when a candidates file is given. Defaults are the \
      shipped sample's files. Writes one HTML file (no scripts, no fonts, printable, no item \
      text). See docs/report.md.
      """
  )

  @OptionGroup var bankOptions: BankOptions

  @Option(name: .customLong("base-form"), help: "The base form's id (in the bank's forms/).")
  var baseForm: String = "form-a"

  @Option(name: .customLong("base-responses"), help: "The base form's response CSV.")
  var baseResponses: String = "Items/responses/form-a.csv"

  @Option(name: .customLong("base-params"), help: "The base form's parameter file (default: calibrate the responses).")
  var baseParameters: String?

  @Option(name: .customLong("base-date"), help: "The base administration's date, shown in the report.")
  var baseDate: String?

  @Option(name: .customLong("new-form"), help: "The new form's id; 'none' for a report on the base form only.")
  var newForm: String = "form-b"

  @Option(name: .customLong("new-responses"), help: "The new form's response CSV.")
  var newResponses: String = "Items/responses/form-b.csv"

  @Option(name: .customLong("new-params"), help: "The new form's parameter file on its own scale (default: calibrate).")
  var newParameters: String?

  @Option(name: .customLong("new-date"), help: "The new administration's date.")
  var newDate: String?

  @Option(
    name: .customLong("cycle-output"),
    help:
      "Take the parameter files from a cycle's output folder (DIR/parameters/<form>.json), and its drift history and pre- vs post-equated tables."
  )
  var cycleOutput: String?

  @Option(help: "The blueprint id (default: the base form's).")
  var blueprint: String?

  @Option(help: "The reporting-scale file.")
  var scale: String = "Items/scales/cpim.yml"

  @Option(help: "IRT model for calibration: rasch, 1pl, 2pl, 3pl or a registered model.")
  var model: String = "3pl"

  @Option(name: .customLong("linking-method"), help: "mean-mean, mean-sigma, haebara or stocking-lord.")
  var linkingMethod: String = LinkingMethod.stockingLord.rawValue

  @Option(name: .customLong("equating-method"), help: "true-score or observed-score.")
  var equatingMethod: String = EquatingMethod.trueScore.rawValue

  @Option(
    name: .customLong("candidates"),
    help:
      "Candidates file with group variables for DIF (default: Items/responses/<base-form>-candidates.csv when it exists; 'none' to skip)."
  )
  var candidates: String?

  @Option(help: "The DIF group variable.")
  var variable: String = "group"

  @Option(help: "The DIF reference group's value.")
  var reference: String = "reference"

  @Option(help: "The DIF focal group's value.")
  var focal: String = "focal"

  @Option(
    name: .customLong("dif-form"),
    help: "The form whose candidates the candidates file describes (default: the base form).")
  var difForm: String?

  @Option(name: .customLong("min-group-size"), help: "DIF: fewest candidates per group for an item to be analysed.")
  var minimumGroupSize: Int = 100

  @Flag(help: "DIF: two-stage purification of the matching score.")
  var purify = false

  @OptionGroup var scoringRule: ScoringRuleOptions

  @Option(help: "The report title.")
  var title: String = "Technical report"

  @Option(name: .customLong("out"), help: "The HTML file to write (atomically).")
  var out: String = "output/report.html"

  @Flag(help: "Print the time spent computing and rendering on standard error.")
  var timing = false

  @Flag(name: .shortAndLong, help: "No progress output.")
  var quiet = false

  func validate() throws {
    guard LinkingMethod(rawValue: linkingMethod) != nil else {
      throw ValidationError(
        "--linking-method must be one of \(LinkingMethod.allCases.map(\.rawValue).joined(separator: ", ")); got '\(linkingMethod)'"
      )
    }
    guard EquatingMethod(rawValue: equatingMethod) != nil else {
      throw ValidationError(
        "--equating-method must be one of \(EquatingMethod.allCases.map(\.rawValue).joined(separator: ", ")); got '\(equatingMethod)'"
      )
    }
    guard minimumGroupSize >= 1 else { throw ValidationError("--min-group-size must be at least 1") }
  }

  func run() throws {
    let clock = ContinuousClock()
    let start = clock.now
    var pipeline = ReportPipeline(command: self)
    let input = try pipeline.build()
    let computed = clock.now
    let html: String
    do {
      html = try TechnicalReportRenderer.render(input)
    } catch {
      Console.error("error: cannot render the report: \(error)")
      throw ExitStatus.usage
    }
    do {
      try AtomicFile.write(html, to: out)
    } catch let error as AtomicFile.WriteError {
      Console.report(error)
      throw ExitStatus.usage
    }
    if timing {
      Console.error(
        "computed in \(Console.seconds(computed - start)), rendered in \(Console.seconds(clock.now - computed))")
    }
    if !quiet { Console.error("wrote \(out) (\(html.utf8.count) bytes)") }
  }
}

/// Computes a ``ReportInput`` from the command's inputs (bank, forms, responses, scale,
/// optional parameter and candidates files), the way `itembench cycle` does.
struct ReportPipeline {
  var command: ReportCommand
  private var inputs: [ProvenanceInput] = []

  init(command: ReportCommand) { self.command = command }

  func progress(_ text: String) {
    if !command.quiet { Console.error(text) }
  }

  mutating func build() throws -> ReportInput {
    let bankDirectory = command.bankOptions.bank
    let bank = BankLoader.load(root: bankDirectory)
    let loadErrors = bank.diagnostics.filter { $0.severity == .error && $0.code == nil }
    if !loadErrors.isEmpty {
      Console.print(diagnostics: loadErrors)
      throw ExitStatus.usage
    }
    let base = try form(command.baseForm, in: bank)
    let new = command.newForm == "none" ? nil : try form(command.newForm, in: bank)
    let blueprintID = command.blueprint ?? base.blueprintID
    guard let blueprint = bank.blueprint(blueprintID) else {
      Console.error(
        "error: blueprint '\(blueprintID)' is not in \(bankDirectory)/blueprints\(EditDistance.didYouMean(blueprintID, among: bank.blueprints.map(\.id)))"
      )
      throw ExitStatus.usage
    }
    let scaleSpecification: ScaleSpecification
    do {
      scaleSpecification = try ScaleSpecification.read(path: command.scale)
    } catch {
      Console.report(error)
      throw ExitStatus.usage
    }
    record("scale", command.scale)
    guard let model = IRTModelRegistry.shared.model(named: command.model) else {
      Console.error(
        "error: unknown IRT model '\(command.model)'; known: \(IRTModelRegistry.shared.names.joined(separator: ", "))")
      throw ExitStatus.usage
    }

    var administrations: [FormAdministration] = []
    var calibrations: [ParameterFile] = []
    let specs: [(Form, String, String?, String?)] =
      [(base, command.baseResponses, parametersPath(command.baseParameters, form: base.id), command.baseDate)]
      + (new.map { [($0, command.newResponses, parametersPath(command.newParameters, form: $0.id), command.newDate)] }
        ?? [])
    for (form, responsesPath, parametersFile, date) in specs {
      var keys: [String: ItemKey] = [:]
      for entry in form.entries {
        if let item = bank.item(entry.itemID), item.isMultipleChoice {
          keys[item.id] = ItemKey(key: item.key, options: item.options.map(\.id))
        }
      }
      let responses: ResponseMatrix
      do {
        responses = try ResponseReader.read(path: responsesPath, keys: keys)
      } catch {
        Console.report(error)
        throw ExitStatus.usage
      }
      record("responses (\(form.id))", responsesPath)
      let present = Set(responses.itemIDs)
      let missing = form.entries.map(\.itemID).filter { !present.contains($0) }
      guard missing.isEmpty else {
        Console.error(
          "\(responsesPath):1:1: error: the responses have no column for \(missing.count) item(s) of form '\(form.id)': \(missing.prefix(5).joined(separator: ", "))"
        )
        throw ExitStatus.usage
      }
      let formResponses = responses.selecting(itemIDs: form.entries.map(\.itemID))
      let rule = command.scoringRule.rule
      let classical = ClassicalAnalysis.analyze(
        formResponses, keys: keys, scoredItems: form.scoredItemIDs, missingResponses: rule)
      let scoredTest = classical.test
      var summary: CalibrationSummary
      if let parametersFile {
        do {
          var parameters = try ParameterFile.read(path: parametersFile)
          if parameters.date == nil { parameters.date = date }
          summary = CalibrationSummary(
            parameters: parameters, warnings: [], standardErrorMethod: "from \(parametersFile)",
            candidates: formResponses.candidateCount, excludedItems: [])
        } catch {
          Console.report(error)
          throw ExitStatus.usage
        }
        record("parameters (\(form.id))", parametersFile)
        progress("\(form.id): parameters from \(parametersFile)")
      } else {
        do {
          var calibrationOptions = CalibrationOptions()
          calibrationOptions.missingResponses = rule
          let result = try Calibrator(model: model, options: calibrationOptions).calibrate(formResponses)
          summary = CalibrationSummary(result)
          summary.parameters.form = form.id
          summary.parameters.date = date
        } catch {
          Console.error("\(responsesPath): error: calibration of \(form.id) failed: \(error)")
          throw ExitStatus.usage
        }
        progress(
          "\(form.id): \(command.model) calibration \(summary.parameters.converged == true ? "converged" : "DID NOT CONVERGE") in \(summary.parameters.iterations ?? 0) iterations"
        )
      }
      calibrations.append(summary.parameters)
      let coverage = FormCoverage(form: form, bank: bank, blueprint: blueprint)
      let domainTitles = Dictionary(
        blueprint.domains.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
      func rows(_ counts: [FormCount], titles: [String: String]) -> [CoverageRow] {
        counts.map {
          CoverageRow(
            id: $0.id, title: titles[$0.id] ?? $0.id, count: $0.count, target: $0.target.target,
            minimum: $0.target.minimum,
            maximum: $0.target.maximum, weightPercent: $0.weight.weight)
        }
      }
      var domains: [String: String] = [:]
      for entry in form.entries { domains[entry.itemID] = bank.item(entry.itemID)?.domain }
      administrations.append(
        FormAdministration(
          formID: form.id, title: form.title, date: date ?? summary.parameters.date, scoredItemIDs: form.scoredItemIDs,
          anchorItemIDs: form.anchorItemIDs, pretestItemIDs: form.pretestItemIDs,
          domains: rows(coverage.domains, titles: domainTitles),
          cognitiveLevels: rows(coverage.cognitiveLevels, titles: [:]),
          itemDomains: domains, responses: formResponses, classical: classical, scoredTest: scoredTest,
          calibration: summary))
    }

    // Linking, equating, tables: scored items only, as operational scoring.
    let baseScored = restrict(calibrations[0], to: base.scoredItemIDs)
    var linkingSection: LinkingSection?
    var newScoredOnBase: ParameterFile?
    var linkingResult: LinkingResult?
    if let new {
      var options = LinkingOptions(method: LinkingMethod(rawValue: command.linkingMethod) ?? .stockingLord)
      let baseScoredIDs = Set(base.scoredItemIDs)
      options.anchors = new.anchorItemIDs.filter { baseScoredIDs.contains($0) }
      do {
        let result = try Linking.link(base: calibrations[0], new: calibrations[1], options: options)
        let transformed = try result.transformation.transform(calibrations[1])
        linkingResult = result
        newScoredOnBase = restrict(transformed, to: new.scoredItemIDs)
        linkingSection = LinkingSection(
          result: result, banked: restrict(calibrations[0], to: result.anchors),
          newOnBaseScale: restrict(transformed, to: result.anchors))
        progress(
          "linking: \(result.method.rawValue) A = \(formatDecimal(result.A, places: 4)), B = \(formatDecimal(result.B, places: 4)); drift flagged: \(result.flaggedAnchors.isEmpty ? "none" : result.flaggedAnchors.joined(separator: ", "))"
        )
      } catch {
        Console.report(error)
        throw ExitStatus.usage
      }
    }
    do {
      var options = EquatingOptions(method: EquatingMethod(rawValue: command.equatingMethod) ?? .trueScore)
      options.baseForm = base.id
      options.newForm = base.id
      let identity = try IRTEquating.equate(base: baseScored, new: baseScored, options: options)
      administrations[0].scoredParametersOnBaseScale = baseScored
      administrations[0].conversion = try ScaleTableBuilder.build(
        equating: identity, base: baseScored, new: baseScored, scale: scaleSpecification)
      if let new, let newScoredOnBase, let linkingResult {
        options.newForm = new.id
        options.linking = LinkingSummary(linkingResult)
        let equated = try IRTEquating.equate(base: baseScored, new: newScoredOnBase, options: options)
        administrations[1].scoredParametersOnBaseScale = newScoredOnBase
        administrations[1].conversion = try ScaleTableBuilder.build(
          equating: equated, base: baseScored, new: newScoredOnBase, scale: scaleSpecification)
      }
    } catch {
      Console.report(error)
      throw ExitStatus.usage
    }

    // DIF.
    var fairness: [FairnessSection] = []
    let difFormID = command.difForm ?? base.id
    let defaultCandidates = "\(bankDirectory)/responses/\(difFormID)-candidates.csv"
    let candidatesPath =
      command.candidates ?? (FileManager.default.fileExists(atPath: defaultCandidates) ? defaultCandidates : nil)
    if let candidatesPath, candidatesPath != "none" {
      guard let index = administrations.firstIndex(where: { $0.formID == difFormID }) else {
        Console.error(
          "error: --dif-form '\(difFormID)' is not one of the report's forms (\(administrations.map(\.formID).joined(separator: ", ")))"
        )
        throw ExitStatus.usage
      }
      let administration = administrations[index]
      let report = try DIFRunner.run(
        matrix: administration.responses, candidatesPath: candidatesPath, variable: command.variable,
        reference: command.reference,
        focal: command.focal, form: nil, bankDirectory: nil,
        options: {
          var options = DIFOptions(
            minimumGroupSize: command.minimumGroupSize, purify: command.purify,
            matchingItems: administration.scoredItemIDs)
          options.missingResponses = command.scoringRule.rule
          return options
        }())
      record("candidates (\(difFormID))", candidatesPath)
      fairness.append(FairnessSection(formID: difFormID, report: report))
      progress("dif: " + DIFRunner.summary(report))
    }

    var options: [(key: String, value: String)] = [
      ("bank", bankDirectory), ("blueprint", blueprint.id), ("model", command.model),
      ("linking method", command.linkingMethod),
      ("equating method", command.equatingMethod), ("scale", command.scale),
      ("scoring rule", command.scoringRule.rule.description),
    ]
    if !fairness.isEmpty {
      options += [
        ("dif variable", "\(command.variable): focal \(command.focal), reference \(command.reference)"),
        ("dif minimum group size", String(command.minimumGroupSize)),
        ("dif purification", command.purify ? "two-stage" : "none"),
      ]
    }
    var driftHistory: [DriftHistoryPoint] = []
    var preEquating: [PreEquatingComparison] = []
    if let cycle = command.cycleOutput {
      do {
        driftHistory = try ReportCycleOutput.driftHistory(directory: cycle)
        preEquating = try ReportCycleOutput.preEquating(directory: cycle, forms: administrations.map(\.formID))
      } catch let error as CSVRecordsError {
        Console.report(error)
        throw ExitStatus.usage
      }
      if !driftHistory.isEmpty { record("drift history", "\(cycle)/drift-history.csv") }
      progress(
        "cycle output: \(driftHistory.count) anchor drift record(s), pre- vs post-equated tables of \(preEquating.isEmpty ? "no form" : preEquating.map(\.formID).joined(separator: ", "))"
      )
    }
    var input = ReportInput(
      title: command.title, program: blueprint.exam, forms: administrations, linking: linkingSection,
      fairness: fairness, driftHistory: driftHistory, preEquating: preEquating,
      provenance: Provenance(toolVersion: ItemBench.version, command: commandLine(), inputs: inputs, options: options))
    input.missingResponses = command.scoringRule.rule
    return input
  }

  private func parametersPath(_ given: String?, form: String) -> String? {
    if let given { return given }
    if let cycle = command.cycleOutput { return "\(cycle)/parameters/\(form).json" }
    return nil
  }

  private func form(_ id: String, in bank: ItemBank) throws -> Form {
    guard let form = bank.form(id) else {
      Console.error(
        "error: form '\(id)' is not in \(command.bankOptions.bank)/forms\(EditDistance.didYouMean(id, among: bank.forms.map(\.id)))"
      )
      throw ExitStatus.usage
    }
    return form
  }

  private mutating func record(_ role: String, _ path: String) {
    let data = FileManager.default.contents(atPath: path)
    inputs.append(ProvenanceInput(role: role, path: path, bytes: data?.count, digest: data.map { fnv1a64($0) }))
  }

  /// The command as it would be retyped (the output path left as given).
  private func commandLine() -> String {
    let arguments = CommandLine.arguments.dropFirst().map { argument in
      argument.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" })
        ? "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'" : argument
    }
    return (["itembench"] + arguments).joined(separator: " ")
  }

  private func restrict(_ parameters: ParameterFile, to ids: [String]) -> ParameterFile {
    var restricted = parameters
    let byID = Dictionary(parameters.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    restricted.items = ids.compactMap { byID[$0] }
    return restricted
  }
}
