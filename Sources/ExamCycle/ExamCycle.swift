import BlueprintCoverage
import Equating
import Foundation
import ItemBank
import ItemBenchCore
import ItemLint
import ItemResponseTheory

/// One step of the exam cycle, in pipeline order.
public enum CycleStep: String, CaseIterable, Sendable, Comparable {
  case lint, coverage, analyze, calibrate, link, equate, tables

  public static func < (lhs: CycleStep, rhs: CycleStep) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }

  /// The steps a step needs the results of (run implicitly, without writing their files).
  var prerequisites: [CycleStep] {
    switch self {
    case .lint, .coverage, .analyze, .calibrate: return []
    case .link: return [.calibrate]
    case .equate: return [.calibrate, .link]
    case .tables: return [.calibrate, .link, .equate]
    }
  }
}

/// A problem that stops the cycle (unreadable input, a calibration that cannot run).
public struct CycleError: Error, CustomStringConvertible, Sendable {
  public var message: String
  /// Where the problem is (a project-file setting), if known.
  public var location: SourceLocation?
  /// Whether `message` already reads `file:line:column: error: …` (an underlying error's text).
  private var preformatted: Bool

  /// An error in the cycle's own terms, rendered `location: error: message` or `error: message`.
  public init(_ message: String, at location: SourceLocation? = nil) {
    self.message = message
    self.location = location
    self.preformatted = false
  }

  /// Wraps an error whose description is already a located diagnostic.
  public init(wrapping error: Error) {
    self.message = "\(error)"
    self.location = nil
    self.preformatted = true
  }

  public var description: String {
    if preformatted { return message }
    if let location { return "\(location): error: \(message)" }
    return "error: \(message)"
  }
}

/// What one form's administration gave.
public struct FormOutcome: Sendable {
  public var formID: String
  public var candidates: Int
  public var scoredItems: Int
  public var pretestItems: Int
  /// Mean and SD of the raw (number-correct) score on the scored items; omitted and not-reached
  /// responses count as wrong, as in operational scoring.
  public var meanRaw: Double
  public var sdRaw: Double
  public var alpha: Double?
  /// The lowest raw score that passes, from the form's conversion table.
  public var lowestPassingRaw: Int?
  /// Share of this form's candidates at or above ``lowestPassingRaw``.
  public var observedPassRate: Double?
  public var expectedPassRate: Double?
  public var classificationAccuracy: Double?
  public var classificationConsistency: Double?
  /// Items flagged by classical analysis: id → flags.
  public var classicalFlags: [(id: String, flags: [String])]
  public var calibrationWarnings: [String]
  public var converged: Bool?
  public var iterations: Int?
}

/// Everything the cycle found, for the summary and the exit status.
public struct CycleReport: Sendable {
  public var steps: [CycleStep]
  public var itemCount: Int
  public var lintErrors = 0
  public var lintWarnings = 0
  public var lintInfos = 0
  public var coveragePassed: Bool?
  public var coverageErrors = 0
  public var coverageWarnings = 0
  public var forms: [FormOutcome] = []
  public var linking: LinkingResult?
  /// The base form's raw cut applied to the new form at face value: the pass rate it would give.
  public var faceValuePassRate: Double?
  /// Files written, relative to the output directory, in the order written.
  public var files: [String] = []

  /// Whether anything checked failed: lint errors, coverage errors, or a calibration that did
  /// not converge.
  public var failed: Bool {
    lintErrors > 0 || coveragePassed == false || forms.contains { $0.converged == false }
  }
}

/// Runs the exam cycle on a project: lint → coverage → classical analysis → calibration of each
/// form → linking of the new form to the base form through the anchors (with drift screening) →
/// IRT equating → conversion tables for both forms → a short summary.
///
/// Every step writes its outputs under the project's output directory (atomically); the same
/// inputs give byte-identical files. Steps can be selected; a step's prerequisites run without
/// writing their files (for example `tables` alone still calibrates and links).
public struct ExamCycleRunner: Sendable {
  public var configuration: ProjectConfiguration
  public var steps: [CycleStep]
  /// Receives one line per step as the cycle goes.
  public var progress: @Sendable (String) -> Void

  public init(
    configuration: ProjectConfiguration, steps: [CycleStep] = CycleStep.allCases,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.configuration = configuration
    self.steps = steps.sorted()
    self.progress = progress
  }

  /// Runs the selected steps. Throws ``CycleError`` when a step cannot run at all; findings
  /// (lint errors, coverage gaps, drift) are recorded in the report instead.
  public func run() throws -> CycleReport {
    let needed = Set(steps + steps.flatMap(\.prerequisites)).sorted()
    var writer = OutputWriter(directory: configuration.output)
    let bank = BankLoader.load(root: configuration.bank)
    var report = CycleReport(steps: steps, itemCount: bank.items.count)
    let loadErrors = bank.diagnostics.filter { $0.severity == .error && $0.code == nil }
    if !loadErrors.isEmpty {
      throw CycleError(wrapping: LoadErrors(diagnostics: loadErrors))
    }
    let baseForm = try form(configuration.base.id, in: bank)
    let newForm = try form(configuration.new.id, in: bank)
    let blueprint = try blueprint(for: baseForm, in: bank)
    let total = needed.count
    var position = 0
    func announce(_ step: CycleStep, _ text: String) {
      position += 1
      progress("[\(position)/\(total)] \(step.rawValue): \(text)")
    }

    if needed.contains(.lint) {
      let lint = try LintRunner.run(paths: [configuration.bank], toolVersion: "")
      report.lintErrors = lint.count(.error)
      report.lintWarnings = lint.count(.warning)
      report.lintInfos = lint.count(.info)
      try writer.write(TextReporter().render(lint), to: "lint.txt")
      try writer.write(JSONReporter().render(lint), to: "lint.json")
      announce(.lint, "\(lint.files.count) files, \(report.lintErrors) error(s), \(report.lintWarnings) warning(s), \(report.lintInfos) info")
    }

    if needed.contains(.coverage) {
      let coverage = CoverageChecker.check(bank: bank, blueprint: blueprint, forms: [baseForm, newForm])
      report.coveragePassed = coverage.passed
      report.coverageErrors = coverage.errorCount
      report.coverageWarnings = coverage.warningCount
      try writer.write(coverage.rendered(as: .markdown), to: "coverage.md")
      try writer.write(coverage.rendered(as: .json), to: "coverage.json")
      announce(.coverage, "blueprint '\(blueprint.id)', forms \(baseForm.id) and \(newForm.id): \(coverage.passed ? "passed" : "FAILED") (\(coverage.errorCount) error(s), \(coverage.warningCount) warning(s))")
    }

    // Responses are read once per form and shared by the later steps.
    let needsResponses = needed.contains { $0 >= .analyze }
    let administrations = try (needsResponses ? [configuration.base, configuration.new] : []).map { data in
      try Administration(data: data, form: data.id == baseForm.id ? baseForm : newForm, bank: bank)
    }
    var outcomes = administrations.map { $0.outcome() }

    if needed.contains(.analyze) {
      var described: [String] = []
      for (index, administration) in administrations.enumerated() {
        let analysis = ClassicalAnalysis.analyze(administration.responses, keys: administration.keys)
        outcomes[index].alpha = ClassicalAnalysis.analyze(administration.scoredResponses, keys: administration.keys).test.alpha
        outcomes[index].classicalFlags = analysis.items.filter { !$0.flags.isEmpty }.map { ($0.id, $0.flags.map(\.rawValue)) }
        try writer.write(try CSVExporter().export(analysis.itemTable()), to: "analysis/\(administration.formID)-items.csv")
        try writer.write(try CSVExporter().export(analysis.optionTable()), to: "analysis/\(administration.formID)-options.csv")
        described.append("\(administration.formID) \(administration.responses.candidateCount) candidates, \(outcomes[index].classicalFlags.count) flagged item(s)")
      }
      announce(.analyze, described.joined(separator: "; "))
    }

    var calibrations: [ParameterFile] = []
    if needed.contains(.calibrate) {
      guard let model = IRTModelRegistry.shared.model(named: configuration.model) else {
        throw CycleError("unknown IRT model '\(configuration.model)'; known: \(IRTModelRegistry.shared.names.joined(separator: ", "))", at: configuration.location(of: "calibration.model"))
      }
      var described: [String] = []
      for (index, administration) in administrations.enumerated() {
        let options = CalibrationOptions(scalingConstant: configuration.scalingConstant)
        let result: CalibrationResult
        do {
          result = try Calibrator(model: model, options: options).calibrate(administration.responses)
        } catch {
          throw CycleError("calibration of \(administration.formID) failed: \(error)", at: SourceLocation(file: administration.data.responses))
        }
        var parameters = result.parameters
        parameters.form = administration.formID
        parameters.date = administration.data.date
        calibrations.append(parameters)
        outcomes[index].converged = parameters.converged
        outcomes[index].iterations = parameters.iterations
        outcomes[index].calibrationWarnings = result.warnings.map(\.description)
        if steps.contains(.calibrate) {
          try writer.write(parameters.jsonText(), to: "parameters/\(administration.formID).json")
        }
        described.append("\(administration.formID) \(configuration.model) \(parameters.converged == true ? "converged" : "DID NOT CONVERGE") in \(parameters.iterations ?? 0) iterations")
      }
      announce(.calibrate, described.joined(separator: "; "))
    }

    var linking: LinkingResult?
    var linkedNew: ParameterFile?
    if needed.contains(.link) {
      var options = LinkingOptions(method: try linkingMethod())
      let baseScoredIDs = Set(baseForm.scoredItemIDs)
      options.anchors = newForm.anchorItemIDs.filter { baseScoredIDs.contains($0) }
      let result = try Linking.link(base: calibrations[0], new: calibrations[1], options: options)
      let transformed = result.transformation.transform(calibrations[1])
      linking = result
      linkedNew = transformed
      report.linking = result
      if steps.contains(.link) {
        try writer.write(result.jsonValue().rendered(pretty: true) + "\n", to: "linking/\(newForm.id)-to-\(baseForm.id).json")
        try writer.write(transformed.jsonText(), to: "parameters/\(newForm.id)-on-\(baseForm.id)-scale.json")
      }
      let flagged = result.flaggedAnchors
      announce(.link, "\(result.method.rawValue) through \(result.anchors.count) anchors: A = \(formatDecimal(result.A, places: 4)), B = \(formatDecimal(result.B, places: 4)); drift flagged: \(flagged.isEmpty ? "none" : flagged.joined(separator: ", "))")
    }

    // Equating and tables use the scored items only: the raw score counts them alone.
    let baseScored = needed.contains(.equate) ? restrict(calibrations[0], to: baseForm.scoredItemIDs) : nil
    let newScored = needed.contains(.equate) ? linkedNew.map { restrict($0, to: newForm.scoredItemIDs) } : nil
    var equatingResults: [EquatingResult] = []
    if needed.contains(.equate), let baseScored, let newScored, let linking {
      var options = EquatingOptions(method: try equatingMethod())
      options.linking = LinkingSummary(linking)
      options.baseForm = baseForm.id
      options.newForm = newForm.id
      let identity = try IRTEquating.equate(base: baseScored, new: baseScored, options: {
        var own = options
        own.newForm = baseForm.id
        own.linking = nil
        return own
      }())
      let equated = try IRTEquating.equate(base: baseScored, new: newScored, options: options)
      equatingResults = [identity, equated]
      if steps.contains(.equate) {
        try writer.write(try CSVExporter().export(equated.dataTable()), to: "equating/\(newForm.id)-to-\(baseForm.id).csv")
      }
      announce(.equate, "\(equated.method.rawValue): \(newForm.id) raw 0…\(newScored.items.count) to \(baseForm.id) raw 0…\(baseScored.items.count)")
    }

    if needed.contains(.tables), let baseScored, let newScored {
      let scale: ScaleSpecification
      do {
        scale = try ScaleSpecification.read(path: configuration.scale)
      } catch {
        throw CycleError(wrapping: error)
      }
      var described: [String] = []
      for (index, (equating, parameters)) in zip(equatingResults, [baseScored, newScored]).enumerated() {
        let table = try ScaleTableBuilder.build(equating: equating, base: baseScored, new: parameters, scale: scale)
        let formID = administrations[index].formID
        let data = table.dataTable()
        // Every registered exporter (CSV, JSON and Markdown built in, plus any a package adds).
        for name in ExporterRegistry.shared.formatNames {
          guard let exporter = ExporterRegistry.shared.exporter(named: name) else { continue }
          try writer.write(try exporter.export(data), to: "tables/\(formID).\(exporter.fileExtension)")
        }
        outcomes[index].lowestPassingRaw = table.lowestPassingRaw
        outcomes[index].expectedPassRate = table.decision.expectedPassRate
        outcomes[index].classificationAccuracy = table.decision.accuracy
        outcomes[index].classificationConsistency = table.decision.consistency
        outcomes[index].observedPassRate = administrations[index].passRate(atRaw: table.lowestPassingRaw)
        described.append("\(formID) passes at raw \(table.lowestPassingRaw.map(String.init) ?? "none")")
      }
      report.faceValuePassRate = administrations[1].passRate(atRaw: outcomes[0].lowestPassingRaw)
      announce(.tables, described.joined(separator: "; "))
    }

    report.forms = outcomes
    report.files = writer.written
    try writer.write(CycleSummary(report: report, configuration: configuration, blueprint: blueprint).markdown(), to: "summary.md")
    report.files = writer.written
    return report
  }

  private func form(_ id: String, in bank: ItemBank) throws -> Form {
    guard let form = bank.form(id) else {
      let keyPath = id == configuration.base.id ? "forms.base.id" : "forms.new.id"
      throw CycleError(
        "form '\(id)' is not in \(configuration.bank)/forms\(EditDistance.didYouMean(id, among: bank.forms.map(\.id)))",
        at: configuration.location(of: keyPath))
    }
    return form
  }

  private func blueprint(for form: Form, in bank: ItemBank) throws -> Blueprint {
    let id = configuration.blueprint ?? form.blueprintID
    guard let blueprint = bank.blueprint(id) else {
      throw CycleError(
        "blueprint '\(id)' is not in \(configuration.bank)/blueprints\(EditDistance.didYouMean(id, among: bank.blueprints.map(\.id)))",
        at: configuration.blueprint == nil ? form.location : configuration.location(of: "blueprint"))
    }
    return blueprint
  }

  private func linkingMethod() throws -> LinkingMethod {
    guard let method = LinkingMethod(rawValue: configuration.linkingMethod) else {
      throw CycleError("unknown linking method '\(configuration.linkingMethod)'; expected one of \(LinkingMethod.allCases.map(\.rawValue).joined(separator: ", "))", at: configuration.location(of: "linking.method"))
    }
    return method
  }

  private func equatingMethod() throws -> EquatingMethod {
    guard let method = EquatingMethod(rawValue: configuration.equatingMethod) else {
      throw CycleError("unknown equating method '\(configuration.equatingMethod)'; expected one of \(EquatingMethod.allCases.map(\.rawValue).joined(separator: ", "))", at: configuration.location(of: "equating.method"))
    }
    return method
  }

  /// `parameters` with only the items in `ids`, in that order.
  private func restrict(_ parameters: ParameterFile, to ids: [String]) -> ParameterFile {
    var restricted = parameters
    let byID = Dictionary(parameters.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    restricted.items = ids.compactMap { byID[$0] }
    return restricted
  }
}

/// Loading errors of the bank, one per line.
struct LoadErrors: Error, CustomStringConvertible {
  var diagnostics: [Diagnostic]
  var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// One form's response data, read with the bank's keys.
struct Administration: Sendable {
  var data: ProjectConfiguration.FormData
  var form: Form
  var keys: [String: ItemKey]
  /// Every item of the form (scored, anchor, pretest).
  var responses: ResponseMatrix
  /// The scored and anchor items only.
  var scoredResponses: ResponseMatrix

  var formID: String { form.id }

  init(data: ProjectConfiguration.FormData, form: Form, bank: ItemBank) throws {
    self.data = data
    self.form = form
    var keys: [String: ItemKey] = [:]
    for entry in form.entries {
      if let item = bank.item(entry.itemID) {
        keys[item.id] = ItemKey(key: item.key, options: item.options.map(\.id))
      }
    }
    self.keys = keys
    do {
      responses = try ResponseReader.read(path: data.responses, keys: keys)
    } catch {
      throw CycleError(wrapping: error)
    }
    let present = Set(responses.itemIDs)
    let missing = form.entries.map(\.itemID).filter { !present.contains($0) }
    guard missing.isEmpty else {
      throw CycleError(
        "the responses have no column for \(missing.count) item(s) of form '\(form.id)': \(missing.prefix(5).joined(separator: ", "))",
        at: SourceLocation(file: data.responses, line: 1, column: 1))
    }
    scoredResponses = responses.selecting(itemIDs: form.scoredItemIDs)
  }

  /// Raw (number-correct) scores on the scored items; missing responses count as wrong.
  var rawScores: [Int] { ResponseScoring.numberCorrect(scoredResponses) }

  func outcome() -> FormOutcome {
    let scores = rawScores.map(Double.init)
    let mean = scores.reduce(0, +) / Double(max(scores.count, 1))
    let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(scores.count - 1, 1))
    return FormOutcome(
      formID: form.id, candidates: responses.candidateCount, scoredItems: form.scoredItemIDs.count,
      pretestItems: form.pretestItemIDs.count, meanRaw: mean, sdRaw: variance.squareRoot(),
      classicalFlags: [], calibrationWarnings: [])
  }

  /// The share of candidates whose raw score is at least `raw` (nil when there is no cut).
  func passRate(atRaw raw: Int?) -> Double? {
    guard let raw else { return nil }
    let scores = rawScores
    guard !scores.isEmpty else { return nil }
    return Double(scores.filter { $0 >= raw }.count) / Double(scores.count)
  }
}

/// Writes the cycle's files under one directory, atomically, remembering what it wrote.
struct OutputWriter {
  var directory: String
  var written: [String] = []

  mutating func write(_ text: String, to relative: String) throws {
    try AtomicFile.write(text, to: directory + "/" + relative)
    if !written.contains(relative) { written.append(relative) }
  }
}
