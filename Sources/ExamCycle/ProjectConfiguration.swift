import Equating
import Foundation
import ItemBank
import ItemResponseTheory
import ItemBenchCore
import ItemBenchYAML
import Yams

/// The project file `itembench.yml`: where the bank, data and outputs are, the program's
/// administrations in order, and the settings of each step. Every key is optional; the defaults
/// describe the shipped sample (three administrations, docs/cycle.md).
///
/// ```yaml
/// format: 2
/// bank: Items                      # the item bank directory
/// output: output                   # where `itembench cycle` writes (git-ignored)
/// blueprint: cpim-demo             # the blueprint the forms are built to
/// scale: Items/scales/cpim.yml     # the reporting-scale file
/// base_scale: bank.yml             # optional: continue an existing bank scale
/// administrations:                 # in order; the first defines the scale (without base_scale)
///   - {id: 2026-05-form-a, form: form-a, responses: Items/responses/form-a.csv, date: "2026-05-01"}
///   - {id: 2026-11-form-b, form: form-b, responses: Items/responses/form-b.csv, date: "2026-11-01"}
/// calibration: {model: 3pl, scaling_constant: 1}
/// linking: {method: stocking-lord, placement: separate}   # separate | fixed
/// drift: {alpha: 0.05, action: drop, minimum_anchors: 5}  # action: drop | flag
/// equating: {method: true-score}
/// scoring: {omitted: wrong, not_reached: wrong-in-scores}  # wrong | not-administered | wrong-in-scores
/// ```
///
/// Strict reading: numbers must be plain decimal numbers in their documented range (no quoted
/// numbers, hexadecimal, octal or sexagesimal forms), form and administration ids follow
/// ``Identifier``, dates are real `YYYY-MM-DD` dates; every problem is an error at its line and
/// column.
///
/// Format 1 files (`forms: {base: …, new: …}`) still read, as a two-administration program.
public struct ProjectConfiguration: Sendable, Equatable {
  /// One administration: a form given to a group of candidates on a date, and its responses.
  public struct FormData: Sendable, Equatable {
    /// The administration's name (unique in the program; default: the form id).
    public var administration: String
    /// The form id (`Items/forms/<id>.yml`).
    public var id: String
    public var responses: String
    /// The administration date, written into parameter files, tables and the bank.
    public var date: String?
    public init(id: String, responses: String, date: String? = nil, administration: String? = nil) {
      self.administration = administration ?? id
      self.id = id
      self.responses = responses
      self.date = date
    }
  }

  /// How each later administration is put on the bank scale.
  public enum Placement: String, Sendable, CaseIterable {
    /// Separate calibration, then linking through the anchors (``linkingMethod``).
    case separate
    /// Calibration with the banked anchors held at their values (after the drift screen).
    case fixed
  }

  /// What the drift screen does with a flagged anchor.
  public enum DriftAction: String, Sendable, CaseIterable {
    /// Drop it from linking (one at a time, largest ``AnchorDrift/severity`` first, relinking in
    /// between) and mark it
    /// in the bank.
    case drop
    /// Report it only.
    case flag
  }

  public static let sampleAdministrations = [
    FormData(
      id: "form-a", responses: "Items/responses/form-a.csv", date: "2026-05-01", administration: "2026-05-form-a"),
    FormData(
      id: "form-b", responses: "Items/responses/form-b.csv", date: "2026-11-01", administration: "2026-11-form-b"),
    FormData(
      id: "form-c", responses: "Items/responses/form-c.csv", date: "2027-05-01", administration: "2027-05-form-c"),
  ]

  public var bank = "Items"
  public var output = "output"
  public var blueprint: String?
  public var scale = "Items/scales/cpim.yml"
  /// A bank-scale file to continue (nil: the first administration defines the scale).
  public var baseScale: String?
  /// The administrations, in order.
  public var administrations: [FormData] = sampleAdministrations
  public var model = "3pl"
  public var scalingConstant = 1.0
  public var linkingMethod = "stocking-lord"
  public var placement = Placement.separate
  public var driftAlpha = 0.05
  public var driftAction = DriftAction.drop
  /// The drift screen's test (`drift.statistic`: `icc`, the default, `lord` or `b-and-a`;
  /// docs/cycle.md, "Drift screen").
  public var driftStatistic = DriftStatistic.icc
  /// Dropping stops when this many anchors are left.
  public var minimumAnchors = 5
  public var equatingMethod = "true-score"
  /// How omitted and not-reached responses count (`scoring:`), for every step of the cycle.
  public var missingResponses = MissingResponseRule.standard
  /// Where the settings came from (`nil`: the defaults).
  public var file: String?
  /// Where each setting is written in ``file``, by key path (`administrations.2.form`,
  /// `calibration.model`).
  public var locations: [String: SourceLocation] = [:]

  /// The first administration (format 1: `forms.base`).
  public var base: FormData {
    get { administrations[0] }
    set { administrations[0] = newValue }
  }

  /// The second administration (format 1: `forms.new`).
  public var new: FormData {
    get { administrations[1] }
    set { administrations[1] = newValue }
  }

  /// The location of the setting at `keyPath`, or of the file, or nil for the defaults.
  public func location(of keyPath: String) -> SourceLocation? {
    locations[keyPath] ?? file.map { SourceLocation(file: $0) }
  }

  public init() {}

  /// The file name looked for in the current directory.
  public static let defaultFileName = "itembench.yml"
  /// The newest project-file format.
  public static let format = 2

  /// Reads `path`. Unknown keys and wrong types are errors with line and column; the model name
  /// must be in `models`.
  public static func read(path: String, models: IRTModelRegistry = .shared) throws -> ProjectConfiguration {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw Diagnostic.error("cannot read project file", at: SourceLocation(file: path))
    }
    return try parse(text, file: path, models: models)
  }

  /// Parses the text of a project file (the model name looked up in `models`).
  public static func parse(_ text: String, file: String, models: IRTModelRegistry = .shared) throws
    -> ProjectConfiguration
  {
    var configuration = ProjectConfiguration()
    configuration.file = file
    let node: Node
    switch YAMLSource.compose(text, file: file) {
    case .failure(let diagnostic): throw diagnostic
    case .success(nil): return configuration
    case .success(let composed?): node = composed
    }
    var problems: [Diagnostic] = []
    guard var root = MappingReader(node, file: file, context: "the project file", diagnostics: &problems) else {
      throw problems[0]
    }
    // Every setting is read and every problem kept: one is thrown as it is, several together
    // (``ProjectFileProblems``). An unsupported format stops at once (its fields may differ).
    root.reportUnknownKeysListing(known: [
      "format", "bank", "output", "blueprint", "scale", "base_scale", "administrations", "forms", "calibration",
      "linking", "drift", "equating", "scoring",
    ])
    let known = root.diagnostics.count
    _ = root.decimalInteger("format", in: 1...Self.format)
    if root.diagnostics.count > known, let problem = root.diagnostics.last { throw problem }
    configuration.bank = root.text("bank") ?? configuration.bank
    configuration.output = root.text("output") ?? configuration.output
    configuration.blueprint = root.text("blueprint")
    configuration.scale = root.text("scale") ?? configuration.scale
    configuration.baseScale = root.text("base_scale")
    if root.has("forms") && root.has("administrations"), let forms = root.value("forms") {
      root.error("give either 'administrations' (format 2) or 'forms' (format 1), not both", at: forms)
    } else if var forms = root.section("forms") {
      // Format 1: a two-administration program, base then new.
      forms.reportUnknownKeysListing(known: ["base", "new"])
      var pair = Array(sampleAdministrations.prefix(2)).map {
        FormData(id: $0.id, responses: $0.responses, date: $0.date)
      }
      for (index, key) in ["base", "new"].enumerated() {
        if var entry = forms.section(key) {
          pair[index] = formData(&entry, defaults: pair[index])
          forms.absorb(entry)
        }
      }
      root.absorb(forms)
      configuration.administrations = pair
    } else if let entries = root.sections("administrations") {
      configuration.administrations = readAdministrations(entries, in: &root)
    }
    if var calibration = root.section("calibration") {
      calibration.reportUnknownKeysListing(known: ["model", "scaling_constant"])
      configuration.model = calibration.text("model") ?? configuration.model
      configuration.scalingConstant =
        calibration.decimalNumber("scaling_constant", in: InputLimits.scalingConstant)
        ?? configuration.scalingConstant
      root.absorb(calibration)
    }
    if var linking = root.section("linking") {
      linking.reportUnknownKeysListing(known: ["method", "placement"])
      configuration.linkingMethod = linking.text("method") ?? configuration.linkingMethod
      configuration.placement = linking.choice("placement", Placement.self) ?? configuration.placement
      root.absorb(linking)
    }
    if var drift = root.section("drift") {
      drift.reportUnknownKeysListing(known: ["alpha", "action", "minimum_anchors", "statistic"])
      if let alpha = drift.decimalNumber("alpha", in: 0...1) {
        if alpha > 0, alpha < 1 {
          configuration.driftAlpha = alpha
        } else if let node = drift.value("alpha") {
          drift.error("expected 'alpha' (the false-alarm rate per anchor) between 0 and 1", at: node)
        }
      }
      configuration.driftAction = drift.choice("action", DriftAction.self) ?? configuration.driftAction
      configuration.driftStatistic = drift.choice("statistic", DriftStatistic.self) ?? configuration.driftStatistic
      configuration.minimumAnchors =
        drift.decimalInteger("minimum_anchors", in: 1...InputLimits.formLength.upperBound)
        ?? configuration.minimumAnchors
      root.absorb(drift)
    }
    if var equating = root.section("equating") {
      equating.reportUnknownKeysListing(known: ["method"])
      configuration.equatingMethod = equating.text("method") ?? configuration.equatingMethod
      root.absorb(equating)
    }
    if var scoring = root.section("scoring") {
      scoring.reportUnknownKeysListing(known: ["omitted", "not_reached"])
      configuration.missingResponses = MissingResponseRule(
        omitted: scoring.choice("omitted", MissingTreatment.self) ?? MissingResponseRule.standard.omitted,
        notReached: scoring.choice("not_reached", MissingTreatment.self) ?? MissingResponseRule.standard.notReached)
      root.absorb(scoring)
    }
    problems += root.diagnostics
    if problems.count == 1 { throw problems[0] }
    if problems.count > 1 { throw ProjectFileProblems(diagnostics: problems) }
    configuration.locations = root.locations
    try configuration.validateNames(configuration.locations, models: models)
    try configuration.validateAdministrationNames(configuration.locations)
    return configuration
  }

  /// The `administrations` list (format 2): each entry's form, responses, date and id; problems
  /// are recorded in `root`.
  private static func readAdministrations(
    _ entries: [MappingReader<Node>], in root: inout MappingReader<Node>
  ) -> [FormData] {
    if entries.isEmpty, let node = root.value("administrations") {
      root.error("expected at least one administration", at: node)
    }
    var administrations: [FormData] = []
    for var entry in entries {
      defer { root.absorb(entry) }
      entry.reportUnknownKeysListing(known: ["id", "form", "responses", "date"])
      let form = entry.identifier("form")
      let responses = entry.text("responses")
      let date = entry.date("date")
      let id = entry.identifier("id")
      if !entry.has("form") {
        entry.error("an administration needs 'form' (the form id)", at: entry.node, code: "missing-field")
      }
      if !entry.has("responses") {
        entry.error("an administration needs 'responses' (the response file)", at: entry.node, code: "missing-field")
      } else if responses?.isEmpty == true, let node = entry.value("responses") {
        entry.error("expected 'responses' to name a response file", at: node)
      }
      guard let form, let responses, !responses.isEmpty else { continue }
      let administration = FormData(id: form, responses: responses, date: date, administration: id)
      if administrations.contains(where: { $0.administration == administration.administration }) {
        entry.error(
          "administration '\(administration.administration)' appears twice; give each an 'id' of its own",
          at: entry.node)
      }
      administrations.append(administration)
    }
    return administrations
  }

  /// Administration ids name output folders: they follow ``Identifier`` (letters, digits, `.`,
  /// `_` and `-`, starting with a letter or digit, no `..`, at most 64 characters) and are unique.
  private func validateAdministrationNames(_ locations: [String: SourceLocation]) throws {
    var seen = Set<String>()
    for (index, administration) in administrations.enumerated() {
      let name = administration.administration
      let where_ =
        locations["administrations.\(index).id"] ?? locations["administrations.\(index).form"]
        ?? locations[index == 0 ? "forms.base.id" : "forms.new.id"] ?? SourceLocation(file: file ?? "itembench.yml")
      if let problem = Identifier.problem(name) {
        throw Diagnostic.error(
          "administration id \(Identifier.quoted(name)) names an output folder: \(problem)", at: where_,
          code: "invalid-id")
      }
      guard seen.insert(name).inserted else {
        throw Diagnostic.error(
          "administration '\(name)' appears twice; give each an 'id' of its own", at: where_, code: "invalid-value")
      }
    }
  }

  private static func formData(_ section: inout MappingReader<Node>, defaults: FormData) -> FormData {
    section.reportUnknownKeysListing(known: ["id", "responses", "date"])
    return FormData(
      id: section.identifier("id") ?? defaults.id,
      responses: section.text("responses") ?? defaults.responses,
      date: section.date("date") ?? defaults.date)
  }

  /// Checks the names of the model and methods and the scaling constant, so a typo is reported
  /// at its line before any step runs.
  private func validateNames(_ locations: [String: SourceLocation], models registry: IRTModelRegistry) throws {
    func fail(_ message: String, _ keyPath: String) -> Diagnostic {
      .error(message, at: locations[keyPath] ?? SourceLocation(file: file ?? "itembench.yml"), code: "invalid-value")
    }
    let models = registry.names
    if !models.contains(model.lowercased()) {
      throw fail(
        "unknown IRT model '\(model)'\(EditDistance.didYouMean(model, among: models)); expected one of \(models.joined(separator: ", "))",
        "calibration.model")
    }
    guard InputLimits.contains(InputLimits.scalingConstant, scalingConstant) else {
      throw fail(
        InputLimits.message("'scaling_constant' (D)", scalingConstant, InputLimits.scalingConstant),
        "calibration.scaling_constant")
    }
    let linking = LinkingMethod.allCases.map(\.rawValue)
    if !linking.contains(linkingMethod) {
      throw fail(
        "unknown linking method '\(linkingMethod)'\(EditDistance.didYouMean(linkingMethod, among: linking)); expected one of \(linking.joined(separator: ", "))",
        "linking.method")
    }
    let equating = EquatingMethod.allCases.map(\.rawValue)
    if !equating.contains(equatingMethod) {
      throw fail(
        "unknown equating method '\(equatingMethod)'\(EditDistance.didYouMean(equatingMethod, among: equating)); expected one of \(equating.joined(separator: ", "))",
        "equating.method")
    }
  }
}

/// Several problems in one project file, in the order of the settings (one problem alone is
/// thrown as its ``Diagnostic``). Printed one per line.
public struct ProjectFileProblems: Error, CustomStringConvertible, Sendable {
  public var diagnostics: [Diagnostic]
  public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
