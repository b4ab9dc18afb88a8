import BlueprintCoverage
import Equating
import Foundation
import ItemBank
import ItemBankScale
import ItemBenchCore
import ItemLint
import ItemResponseTheory

/// Runs the exam program: lint and coverage once, then every administration in order —
/// classical analysis → pre-equated table from the bank (when the form's scored items are all
/// banked) → calibration → placement on the bank scale (defining it, or through the anchors with
/// the drift screen) → pretest recommendations → the bank after the administration →
/// post-equated table and its comparison with the pre-equated one → candidate scores through the
/// post-equated table (``ScoresStep``) — then the program's technical report (``ProgramReport``,
/// `report.html`) and a summary across administrations.
///
/// Outputs are built in a staging folder and swapped in whole (``OutputStaging``); the same
/// inputs give byte-identical files. Steps can be selected; a step's prerequisites run without
/// writing their files.
public struct ExamCycleRunner: Sendable {
  public var configuration: ProjectConfiguration
  public var steps: [CycleStep]
  /// Receives one line per step as the run goes.
  public var progress: @Sendable (String) -> Void
  /// The tool version the program report's provenance names.
  public var toolVersion = "unknown"
  /// The models `calibration.model` is looked up in (the same registry the configuration was
  /// read with).
  public var models: IRTModelRegistry
  /// The table exporters every table is written with (`<stem>.<extension>` for each).
  public var exporters: ExporterRegistry

  public init(
    configuration: ProjectConfiguration, steps: [CycleStep] = CycleStep.allCases,
    models: IRTModelRegistry = .shared, exporters: ExporterRegistry = .shared,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.configuration = configuration
    self.steps = steps.sorted()
    self.models = models
    self.exporters = exporters
    self.progress = progress
  }

  /// Runs the selected steps. Throws ``CycleError`` when a step cannot run at all (the previous
  /// output is then left as it was); findings (lint errors, coverage gaps, drift) are recorded in
  /// the report instead.
  public func run() throws -> CycleReport {
    let itemBank = BankLoader.load(root: configuration.bank)
    let loadErrors = itemBank.diagnostics.filter { $0.severity == .error && $0.code == nil }
    if !loadErrors.isEmpty {
      throw CycleError(wrapping: LoadErrors(diagnostics: loadErrors))
    }
    let forms = try configuration.administrations.enumerated().map { index, settings in
      let listed = "administrations.\(index).form"
      return try form(
        settings.id, in: itemBank,
        keyPath: configuration.locations[listed] != nil ? listed : (index == 0 ? "forms.base.id" : "forms.new.id"))
    }
    let blueprint = try blueprint(for: forms[0], in: itemBank)
    let staging = try OutputStaging(destination: configuration.output)
    do {
      var writer = OutputWriter(directory: staging.staging.path, exporters: exporters)
      let report = try run(itemBank: itemBank, forms: forms, blueprint: blueprint, writer: &writer)
      try staging.commit()
      return report
    } catch {
      staging.discard()
      throw error
    }
  }

  private func run(itemBank: ItemBank, forms: [Form], blueprint: Blueprint, writer: inout OutputWriter) throws
    -> CycleReport
  {
    let needed = Set(steps + steps.flatMap(\.prerequisites))
    var report = CycleReport(steps: steps, itemCount: itemBank.items.count)
    var position = 0
    func announce(_ step: String, _ text: String) {
      position += 1
      progress("[\(position)] \(step): \(text)")
    }

    if needed.contains(.lint) {
      announce(
        "lint",
        try LintStep(bankPath: configuration.bank).run(into: &report, writer: &writer, write: steps.contains(.lint)))
    }
    if needed.contains(.coverage) {
      let step = CoverageStep(bank: itemBank, blueprint: blueprint, forms: Self.distinct(forms))
      announce("coverage", try step.run(into: &report, writer: &writer, write: steps.contains(.coverage)))
    }
    guard needed.contains(where: { $0 >= .analyze }) else {
      return try finish(report, blueprint: blueprint, writer: &writer)
    }
    for form in Self.distinct(forms) { try Self.requireMultipleChoice(form, in: itemBank) }

    guard let model = models.model(named: configuration.model) else {
      throw CycleError(
        "unknown IRT model '\(configuration.model)'; known: \(models.names.joined(separator: ", "))",
        at: configuration.location(of: "calibration.model"))
    }
    guard model.isLogisticFamily else {
      // The bank scale file and the program's tables store a, b and c per item: a model with
      // other parameters would lose them there, so it is refused rather than truncated.
      throw CycleError(
        "model '\(model.name)' has parameters beyond a, b and c (\(model.parameterNames.joined(separator: ", "))), which the bank scale cannot hold yet; the program cycle runs rasch, 1pl, 2pl or 3pl (calibrate, score, link and equate accept it)",
        at: configuration.location(of: "calibration.model"))
    }
    let linkingMethod = try self.linkingMethod()
    let equatingMethod = try self.equatingMethod()
    let scale: ScaleSpecification? = needed.contains(.tables) || needed.contains(.equate) ? try readScale() : nil
    var bank: BankScale? = try configuration.baseScale.map { path in
      do { return try BankScaleFile.read(path: path) } catch { throw CycleError(wrapping: error) }
    }
    let retired = Set(itemBank.items.filter { $0.status == .retired }.map(\.id))
    var referenceCut: Int?
    var programReport = ProgramReport(
      configuration: configuration, itemBank: itemBank, blueprint: blueprint, toolVersion: toolVersion)

    for (index, settings) in configuration.administrations.enumerated() {
      let form = forms[index]
      let administration = try AdministrationResponses(
        settings: settings, form: form, bank: itemBank, missingResponses: configuration.missingResponses)
      let name = administration.name
      let moments = administration.rawMoments
      var outcome = AdministrationOutcome(
        administration: name, formID: form.id, date: settings.date, candidates: administration.responses.candidateCount,
        scoredItems: form.scoredItemIDs.count, pretestItems: form.pretestItemIDs.count, meanRaw: moments.mean,
        sdRaw: moments.sd)

      let analysis = try AnalysisStep(administration: administration).run(
        into: &outcome, writer: &writer, write: steps.contains(.analyze))
      if needed.contains(.analyze) {
        announce(
          "\(name) analyze",
          "\(administration.responses.candidateCount) candidates, \(outcome.classicalFlags.count) flagged item(s)")
      }
      guard needed.contains(.calibrate) else {
        report.administrations.append(outcome)
        continue
      }

      // Pre-equating: the bank as the previous administrations left it.
      let tables = scale.map { TableStep(administration: administration, scale: $0, method: equatingMethod) }
      var preTable: ConversionTable?
      if let tables, let bank, needed.contains(.tables) {
        switch try tables.preEquate(bank: bank) {
        case .success(let table):
          preTable = table
          if steps.contains(.tables) {
            try writer.writeTable(table.dataTable(), stem: "\(name)/tables/\(form.id)-pre-equated")
          }
          announce(
            "\(name) pre-equate",
            "\(form.id) from the bank alone: lowest passing raw \(table.lowestPassingRaw.map(String.init) ?? "none")")
        case .failure(let missing):
          outcome.notPreEquatable = missing.ids
          announce("\(name) pre-equate", "\(form.id) cannot be pre-equated: \(missing)")
        }
      }

      let calibration = CalibrationStep(
        administration: administration, model: model, scalingConstant: configuration.scalingConstant)
      let calibrated = try calibration.run()
      outcome.converged = calibrated.parameters.converged
      outcome.iterations = calibrated.parameters.iterations
      outcome.calibrationWarnings = calibrated.warnings.map(\.description)
      if steps.contains(.calibrate) {
        try writer.write(calibrated.parameters.jsonText(), to: "\(name)/parameters/\(form.id).json")
        // The latest administration of each form also at the single-cycle paths other tools read.
        try writer.write(calibrated.parameters.jsonText(), to: "parameters/\(form.id).json")
      }
      announce(
        "\(name) calibrate",
        "\(configuration.model) \(calibrated.parameters.converged == true ? "converged" : "DID NOT CONVERGE") in \(calibrated.parameters.iterations ?? 0) iterations"
      )
      guard needed.contains(.link) else {
        report.administrations.append(outcome)
        continue
      }

      let placement = PlacementStep(administration: administration, configuration: configuration, method: linkingMethod)
      var warnings = calibrated.warnings
      let placed: PlacementStep.Result
      if let current = bank {
        placed = try placement.place(calibrated.parameters, on: current) { fixed in
          let result = try calibration.run(fixed: fixed)
          warnings = result.warnings
          outcome.converged = result.parameters.converged
          outcome.iterations = result.parameters.iterations
          return result.parameters
        }
      } else {
        placed = placement.defineScale(calibrated.parameters)
      }
      outcome.placement = placed.placement
      outcome.linking = placed.linking
      outcome.drift = placed.drift
      outcome.calibrationWarnings = warnings.map(\.description)
      outcome.pretest = try PretestStep(administration: administration).run(
        placed: placed.placed, analysis: analysis, warnings: warnings, writer: &writer,
        write: steps.contains(.calibrate))
      let bankBefore = bank
      let update = BankUpdateStep(administration: administration)
      if var current = bank {
        outcome.promoted = update.update(&current, placement: placed, pretest: outcome.pretest, retired: retired)
        bank = current
      } else {
        bank = update.define(
          configuration: configuration, placement: placed, pretest: outcome.pretest, retired: retired)
      }
      guard let bankNow = bank else { continue }
      if steps.contains(.link) {
        try writer.write(placed.placed.jsonText(), to: "\(name)/parameters/\(form.id)-on-bank-scale.json")
        if form.id != bankNow.referenceForm {
          try writer.write(placed.placed.jsonText(), to: "parameters/\(form.id)-on-\(bankNow.referenceForm)-scale.json")
        }
        if let linking = placed.linking {
          try writer.write(linking.jsonValue().rendered(pretty: true) + "\n", to: "\(name)/linking.json")
          try writer.write(try CSVExporter().export(ProgramTables.drift(outcome.drift)), to: "\(name)/drift.csv")
        }
        try writer.write(BankScaleFile.text(bankNow), to: "\(name)/bank.yml")
      }
      announce("\(name) link", Self.describe(placed, promoted: outcome.promoted))

      guard let tables, needed.contains(.equate) else {
        report.administrations.append(outcome)
        continue
      }
      let post = try tables.postEquate(placed: placed.placed, bank: bankNow, linking: placed.linking)
      if steps.contains(.equate) {
        try writer.write(try CSVExporter().export(post.equating.dataTable()), to: "\(name)/equating.csv")
      }
      announce(
        "\(name) equate",
        "\(post.equating.method.rawValue): \(form.id) raw 0…\(form.scoredItemIDs.count) to \(bankNow.referenceForm) raw 0…\(bankNow.reference.count)"
      )
      if needed.contains(.tables) {
        if index == 0 && configuration.baseScale == nil { referenceCut = post.lowestPassingRaw }
        tables.record(post, into: &outcome, referenceCut: referenceCut)
        if steps.contains(.tables) {
          try writer.writeTable(post.dataTable(), stem: "\(name)/tables/\(form.id)")
          try writer.writeTable(post.dataTable(), stem: "tables/\(form.id)")
        }
        var line = "\(form.id) passes at raw \(post.lowestPassingRaw.map(String.init) ?? "none")"
        if let preTable {
          let (pre, comparison) = tables.compare(pre: preTable, post: post)
          outcome.preEquated = pre
          if steps.contains(.tables) {
            try writer.write(
              try CSVExporter().export(comparison.dataTable(form: form.id, decimals: scale?.decimals ?? 0)),
              to: "\(name)/pre-vs-post.csv")
          }
          line +=
            "; pre- vs post-equated: largest difference \(formatDecimal(pre.largestDifference, places: scale?.decimals ?? 0)) points, \(pre.changedDecisions.isEmpty ? "no pass/fail decision changes" : "decisions change at raw \(pre.changedDecisions.map(String.init).joined(separator: ", "))")"
        }
        announce("\(name) tables", line)
        if needed.contains(.scores) {
          let scores = try ScoresStep(administration: administration, bank: itemBank).run(
            table: post, placed: placed.placed, writer: &writer, write: steps.contains(.scores))
          outcome.scores = scores
          announce(
            "\(name) scores",
            "\(scores.scored) of \(scores.candidates) scored through the \(ScoresStep.tableKind) table, \(scores.passing) pass, \(scores.noResponses) with no responses"
          )
        }
      }
      if needed.contains(.report) {
        try programReport.add(
          administration, analysis: analysis, calibration: calibrated, placed: placed, bankBefore: bankBefore,
          post: post, pre: preTable, pretestOutcomes: outcome.pretest)
      }
      report.administrations.append(outcome)
    }
    if needed.contains(.report) {
      let clock = ContinuousClock()
      let started = clock.now
      let html = try programReport.render(drift: report.administrations.flatMap(\.drift))
      if steps.contains(.report) { try writer.write(html, to: "report.html") }
      let elapsed = clock.now - started
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      announce("report", "report.html, \(html.utf8.count) bytes, rendered in \(formatDecimal(seconds, places: 2)) s")
    }
    report.bank = bank
    if let bank, steps.contains(.link) {
      try writer.write(BankScaleFile.text(bank), to: "bank.yml")
      try writer.write(
        try CSVExporter().export(ProgramTables.drift(report.administrations.flatMap(\.drift))), to: "drift-history.csv")
    }
    if steps.contains(.tables) || steps.contains(.analyze) {
      try writer.write(try CSVExporter().export(ProgramTables.program(report.administrations)), to: "program.csv")
    }
    return try finish(report, blueprint: blueprint, writer: &writer)
  }

  private func finish(_ report: CycleReport, blueprint: Blueprint, writer: inout OutputWriter) throws -> CycleReport {
    var report = report
    report.files = writer.written + ["summary.md"]
    try writer.write(
      CycleSummary(report: report, configuration: configuration, blueprint: blueprint).markdown(), to: "summary.md")
    report.files = writer.written
    return report
  }

  private static func describe(_ placed: PlacementStep.Result, promoted: [String]) -> String {
    guard let linking = placed.linking else {
      return "defines the bank scale (\(placed.placed.items.count) items banked)"
    }
    let dropped = placed.record.dropped
    var text =
      placed.placement == .fixedParameter
      ? "fixed-parameter calibration with \(linking.anchors.count) anchors held"
      : "\(linking.method.rawValue) through \(linking.anchors.count) anchors: A = \(formatDecimal(linking.A, places: 4)), B = \(formatDecimal(linking.B, places: 4))"
    text += "; drift: \(dropped.isEmpty ? "none dropped" : "dropped \(dropped.joined(separator: ", "))")"
    if !promoted.isEmpty { text += "; \(promoted.count) pretest item(s) now operational" }
    return text
  }

  /// Each form once, in first-administration order.
  /// Throws at the first entry of `form` naming a partial-credit item: the cycle's analysis,
  /// calibration, equating, tables and scores are of items scored 0/1 from option responses.
  static func requireMultipleChoice(_ form: Form, in bank: ItemBank) throws {
    for entry in form.entries {
      guard let item = bank.item(entry.itemID), item.responseType != .multipleChoice else { continue }
      throw CycleError(
        "form '\(form.id)' has the \(item.responseType.rawValue) item '\(item.id)' (\(entry.role.rawValue)); the "
          + "cycle analyses, calibrates, equates and scores multiple-choice items only: take it off the form, or "
          + "run only the lint and coverage steps", at: entry.location)
    }
  }

  static func distinct(_ forms: [Form]) -> [Form] {
    var seen = Set<String>()
    return forms.filter { seen.insert($0.id).inserted }
  }

  private func form(_ id: String, in bank: ItemBank, keyPath: String) throws -> Form {
    guard let form = bank.form(id) else {
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

  private func readScale() throws -> ScaleSpecification {
    do {
      return try ScaleSpecification.read(path: configuration.scale)
    } catch {
      throw CycleError(wrapping: error)
    }
  }

  private func linkingMethod() throws -> LinkingMethod {
    guard let method = LinkingMethod(rawValue: configuration.linkingMethod) else {
      throw CycleError(
        "unknown linking method '\(configuration.linkingMethod)'; expected one of \(LinkingMethod.allCases.map(\.rawValue).joined(separator: ", "))",
        at: configuration.location(of: "linking.method"))
    }
    return method
  }

  private func equatingMethod() throws -> EquatingMethod {
    guard let method = EquatingMethod(rawValue: configuration.equatingMethod) else {
      throw CycleError(
        "unknown equating method '\(configuration.equatingMethod)'; expected one of \(EquatingMethod.allCases.map(\.rawValue).joined(separator: ", "))",
        at: configuration.location(of: "equating.method"))
    }
    return method
  }
}
