import BlueprintCoverage
import Equating
import FairnessAnalysis
import Foundation
import ItemBank
import ItemBankScale
import ItemBenchCore
import ItemResponseTheory
import TechnicalReport

/// `report`: the technical report of the whole program run (`report.html`, rendered by
/// ``TechnicalReportRenderer``), collected administration by administration as the run goes:
///
/// - every administration's form (coverage, score distribution, reliability and decision
///   statistics of its post-equated table), items (classical statistics, option curves, ICCs
///   with observed proportions, Wright map) and calibration on its own scale;
/// - its pretest items with the program's recommendation;
/// - every linking to the bank scale (banked against new anchor parameters with SE bars, flagged
///   ones marked) and the drift history over administrations (`drift-history.csv`'s records);
/// - the TCCs of all forms on the bank scale, each form's raw-to-scaled conversion with the cut,
///   the CSEM along the scale, and the pre- minus post-equated difference of each pre-equated
///   form;
/// - DIF for an administration whose responses file has a candidates file beside it
///   (`<responses without .csv>-candidates.csv`, variable `group`, groups `reference` and
///   `focal`, at least 100 candidates per group, matching on the form's scored items; docs/dif.md);
/// - the provenance: the project file, every input with its size and FNV-1a digest, the
///   settings.
///
/// A form given in more than one administration is labelled by the administration's id (ids in
/// the HTML must be unique); otherwise by its form id. No item text; the same run gives the same
/// bytes. Cost: dominated by the EAP scoring of each administration's candidates for the ICC
/// groups and Wright map, O(candidates × items × 61) per administration.
struct ProgramReport {
  var configuration: ProjectConfiguration
  var itemBank: ItemBank
  var blueprint: Blueprint
  var toolVersion: String

  private(set) var forms: [FormAdministration] = []
  private(set) var linkings: [LinkingSection] = []
  private(set) var preEquating: [PreEquatingComparison] = []
  private(set) var pretest: [PretestReportRow] = []
  private(set) var fairness: [FairnessSection] = []
  private(set) var inputs: [ProvenanceInput] = []

  init(configuration: ProjectConfiguration, itemBank: ItemBank, blueprint: Blueprint, toolVersion: String) {
    self.configuration = configuration
    self.itemBank = itemBank
    self.blueprint = blueprint
    self.toolVersion = toolVersion
  }

  /// The label of an administration's form in the report.
  func label(_ settings: ProjectConfiguration.FormData) -> String {
    configuration.administrations.filter { $0.id == settings.id }.count > 1 ? settings.administration : settings.id
  }

  /// The candidates file the report's DIF reads for a responses file, by convention.
  static func candidatesFile(for responses: String) -> String {
    (responses.hasSuffix(".csv") ? String(responses.dropLast(4)) : responses) + "-candidates.csv"
  }

  /// Records one administration after its tables are built. `bankBefore` is the bank as the
  /// previous administrations left it (the anchors' banked values); nil for the scale-defining one.
  mutating func add(
    _ administration: AdministrationResponses, analysis: ClassicalReport, calibration: CalibrationResult,
    placed: PlacementStep.Result, bankBefore: BankScale?, post: ConversionTable, pre: ConversionTable?,
    pretestOutcomes: [PretestOutcome]
  ) throws {
    let form = administration.form
    let label = label(administration.settings)
    let name = administration.name
    record("responses (\(name))", administration.settings.responses)

    let entries = form.entries.map(\.itemID)
    let responses = administration.responses.selecting(itemIDs: entries)
    let coverage = FormCoverage(form: form, bank: itemBank, blueprint: blueprint)
    let titles = Dictionary(blueprint.domains.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
    func rows(_ counts: [FormCount], titles: [String: String]) -> [CoverageRow] {
      counts.map {
        CoverageRow(
          id: $0.id, title: titles[$0.id] ?? $0.id, count: $0.count, target: $0.target.target,
          minimum: $0.target.minimum, maximum: $0.target.maximum, weightPercent: $0.weight.weight)
      }
    }
    var domains: [String: String] = [:]
    for id in entries { domains[id] = itemBank.item(id)?.domain }
    var scoredOnScale = placed.placed
    scoredOnScale.items = form.scoredItemIDs.compactMap { placed.placed.item($0) }
    forms.append(
      FormAdministration(
        formID: label, title: form.title, date: administration.settings.date, scoredItemIDs: form.scoredItemIDs,
        anchorItemIDs: form.anchorItemIDs, pretestItemIDs: form.pretestItemIDs,
        domains: rows(coverage.domains, titles: titles), cognitiveLevels: rows(coverage.cognitiveLevels, titles: [:]),
        itemDomains: domains, responses: responses,
        classical: analysis,
        scoredTest: ClassicalAnalysis.analyze(administration.scoredResponses, keys: administration.keys).test,
        calibration: CalibrationSummary(calibration), scoredParametersOnBaseScale: scoredOnScale, conversion: post))

    if let linking = placed.linking, let bankBefore {
      var banked = placed.placed
      banked.items = linking.anchors.compactMap { bankBefore.item($0)?.parameters }
      banked.form = bankBefore.referenceForm
      var observed = placed.placed
      let observations = Dictionary(
        placed.observations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      observed.items = linking.anchors.compactMap { observations[$0] ?? placed.placed.item($0) }
      linkings.append(LinkingSection(result: linking, banked: banked, newOnBaseScale: observed, label: name))
    }
    if let pre, pre.rows.count == post.rows.count {
      preEquating.append(
        PreEquatingComparison(
          formID: label, rows: zip(pre.rows, post.rows).map { (raw: $0.raw, pre: $0.scaled, post: $1.scaled) }))
    }
    pretest += pretestOutcomes.map {
      PretestReportRow(
        administration: name, itemID: $0.id, pValue: $0.pValue, pointBiserial: $0.pointBiserial,
        parameters: $0.parameters, recommendation: $0.recommendation.rawValue, reasons: $0.reasons)
    }

    let candidates = Self.candidatesFile(for: administration.settings.responses)
    if FileManager.default.fileExists(atPath: candidates) {
      do {
        let file = try CandidateFile.read(path: candidates)
        let groups = try file.groups(
          for: responses.candidateIDs, variable: "group", reference: "reference", focal: "focal")
        let report = try DIFAnalysis.analyze(
          responses, groups: groups,
          options: {
            var options = DIFOptions(minimumGroupSize: 100, matchingItems: form.scoredItemIDs)
            options.missingResponses = configuration.missingResponses
            return options
          }())
        fairness.append(FairnessSection(formID: label, report: report))
        record("candidates (\(name))", candidates)
      } catch let error as DIFDegenerate {
        throw CycleError("DIF of \(name) cannot be computed: \(error.reason)", at: SourceLocation(file: candidates))
      } catch {
        throw CycleError(wrapping: error)
      }
    }
  }

  /// The report's HTML.
  func render(drift: [DriftRecord]) throws -> String {
    var inputs: [ProvenanceInput] = []
    if let file = configuration.file { inputs.append(Self.input("project file", file)) }
    inputs.append(ProvenanceInput(role: "bank", path: configuration.bank))
    inputs.append(Self.input("scale", configuration.scale))
    if let base = configuration.baseScale { inputs.append(Self.input("base scale", base)) }
    inputs += self.inputs
    let D =
      configuration.scalingConstant == configuration.scalingConstant.rounded()
      ? String(Int(configuration.scalingConstant)) : String(configuration.scalingConstant)
    var options: [(key: String, value: String)] = [
      ("bank", configuration.bank), ("blueprint", blueprint.id), ("model", "\(configuration.model), D = \(D)"),
      (
        "placement",
        configuration.placement == .separate
          ? "separate calibration + \(configuration.linkingMethod)" : "fixed parameter"
      ),
      (
        "drift",
        "\(Linking.driftRule(alpha: configuration.driftAlpha, threshold: 2.7)); action \(configuration.driftAction.rawValue), minimum anchors \(configuration.minimumAnchors)"
      ),
      ("equating method", configuration.equatingMethod), ("scale", configuration.scale),
      ("reported scores", "through each form's \(ScoresStep.tableKind) table"),
      (
        "administrations",
        configuration.administrations.map { "\($0.administration) (\($0.id), \($0.date ?? "no date"))" }.joined(
          separator: ", ")
      ),
    ]
    if !fairness.isEmpty {
      options += [
        ("dif groups", "candidates file beside the responses: group = focal vs reference"),
        ("dif minimum group size", "100"), ("dif purification", "none"),
      ]
    }
    let command = "itembench cycle" + (configuration.file.map { " --config \($0)" } ?? "")
    var input = ReportInput(
      title: "Technical report: the program run", program: blueprint.exam, forms: forms, linkings: linkings,
      fairness: fairness,
      driftHistory: drift.map {
        DriftHistoryPoint(
          administration: $0.administration, itemID: $0.drift.id, bDisplacement: $0.drift.bDisplacement,
          flagged: $0.drift.flagged)
      }, preEquating: preEquating, pretest: pretest,
      provenance: Provenance(toolVersion: toolVersion, command: command, inputs: inputs, options: options))
    input.missingResponses = configuration.missingResponses
    do {
      return try TechnicalReportRenderer.render(input)
    } catch {
      throw CycleError("rendering report.html failed: \(error)")
    }
  }

  private mutating func record(_ role: String, _ path: String) {
    inputs.append(Self.input(role, path))
  }

  static func input(_ role: String, _ path: String) -> ProvenanceInput {
    let data = FileManager.default.contents(atPath: path)
    return ProvenanceInput(role: role, path: path, bytes: data?.count, digest: data.map { fnv1a64($0) })
  }
}
