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
    let root = try Section(node, file: file, context: "project file", path: "")
    // Each setting is read on its own and every problem is kept: one is thrown as it is, several
    // together (``ProjectFileProblems``). An unsupported format stops at once (its fields may
    // differ).
    var problems: [Diagnostic] = []
    func collect(_ body: () throws -> Void) throws {
      do {
        try body()
      } catch let diagnostic as Diagnostic {
        problems.append(diagnostic)
      }
    }
    try collect {
      try root.checkKeys([
        "format", "bank", "output", "blueprint", "scale", "base_scale", "administrations", "forms", "calibration",
        "linking", "drift", "equating", "scoring",
      ])
    }
    let format = try root.int("format", in: 1...Self.format) ?? Self.format
    guard format == 1 || format == 2 else {
      throw Diagnostic.error(
        "unsupported format version \(format); this ItemBench reads formats 1 and 2", at: root.location(of: "format"))
    }
    try collect { configuration.bank = try root.string("bank") ?? configuration.bank }
    try collect { configuration.output = try root.string("output") ?? configuration.output }
    try collect { configuration.blueprint = try root.string("blueprint") }
    try collect { configuration.scale = try root.string("scale") ?? configuration.scale }
    try collect { configuration.baseScale = try root.string("base_scale") }
    try collect {
      if root.has("forms") && root.has("administrations") {
        throw Diagnostic.error(
          "give either 'administrations' (format 2) or 'forms' (format 1), not both", at: root.location(of: "forms"),
          code: "invalid-value")
      }
      if let forms = try root.section("forms") {
        // Format 1: a two-administration program, base then new.
        try forms.checkKeys(["base", "new"])
        var pair = Array(sampleAdministrations.prefix(2)).map {
          FormData(id: $0.id, responses: $0.responses, date: $0.date)
        }
        if let base = try forms.section("base") { pair[0] = try formData(base, defaults: pair[0]) }
        if let new = try forms.section("new") { pair[1] = try formData(new, defaults: pair[1]) }
        configuration.administrations = pair
      } else if let list = try root.list("administrations") {
        guard !list.isEmpty else {
          throw Diagnostic.error(
            "expected at least one administration", at: root.location(of: "administrations"), code: "invalid-value")
        }
        var administrations: [FormData] = []
        for entry in list {
          try entry.checkKeys(["id", "form", "responses", "date"])
          guard let form = try entry.identifier("form") else {
            throw Diagnostic.error(
              "an administration needs 'form' (the form id)", at: entry.location, code: "missing-field")
          }
          guard let responses = try entry.string("responses") else {
            throw Diagnostic.error(
              "an administration needs 'responses' (the response file)", at: entry.location, code: "missing-field")
          }
          guard !responses.isEmpty else {
            throw Diagnostic.error(
              "expected 'responses' to name a response file", at: entry.location(of: "responses"), code: "invalid-value"
            )
          }
          let administration = FormData(
            id: form, responses: responses, date: try entry.date("date"), administration: try entry.identifier("id"))
          if administrations.contains(where: { $0.administration == administration.administration }) {
            throw Diagnostic.error(
              "administration '\(administration.administration)' appears twice; give each an 'id' of its own",
              at: entry.location, code: "invalid-value")
          }
          administrations.append(administration)
        }
        configuration.administrations = administrations
      }
    }
    try collect {
      if let calibration = try root.section("calibration") {
        try calibration.checkKeys(["model", "scaling_constant"])
        configuration.model = try calibration.string("model") ?? configuration.model
        configuration.scalingConstant =
          try calibration.double("scaling_constant", in: InputLimits.scalingConstant) ?? configuration.scalingConstant
      }
    }
    try collect {
      if let linking = try root.section("linking") {
        try linking.checkKeys(["method", "placement"])
        configuration.linkingMethod = try linking.string("method") ?? configuration.linkingMethod
        configuration.placement = try linking.choice("placement", Placement.self) ?? configuration.placement
      }
    }
    try collect {
      if let drift = try root.section("drift") {
        try drift.checkKeys(["alpha", "action", "minimum_anchors", "statistic"])
        configuration.driftAlpha = try drift.double("alpha", in: 0...1) ?? configuration.driftAlpha
        guard configuration.driftAlpha > 0, configuration.driftAlpha < 1 else {
          throw Diagnostic.error(
            "expected 'alpha' (the false-alarm rate per anchor) between 0 and 1", at: drift.location(of: "alpha"),
            code: "invalid-value")
        }
        configuration.driftAction = try drift.choice("action", DriftAction.self) ?? configuration.driftAction
        configuration.driftStatistic =
          try drift.choice("statistic", DriftStatistic.self) ?? configuration.driftStatistic
        configuration.minimumAnchors =
          try drift.int("minimum_anchors", in: 1...InputLimits.formLength.upperBound) ?? configuration.minimumAnchors
      }
    }
    try collect {
      if let equating = try root.section("equating") {
        try equating.checkKeys(["method"])
        configuration.equatingMethod = try equating.string("method") ?? configuration.equatingMethod
      }
    }
    try collect {
      if let scoring = try root.section("scoring") {
        try scoring.checkKeys(["omitted", "not_reached"])
        configuration.missingResponses = MissingResponseRule(
          omitted: try scoring.choice("omitted", MissingTreatment.self) ?? MissingResponseRule.standard.omitted,
          notReached: try scoring.choice("not_reached", MissingTreatment.self)
            ?? MissingResponseRule.standard.notReached)
      }
    }
    if problems.count == 1 { throw problems[0] }
    if problems.count > 1 { throw ProjectFileProblems(diagnostics: problems) }
    configuration.locations = root.recorded.locations
    try configuration.validateNames(configuration.locations, models: models)
    try configuration.validateAdministrationNames(configuration.locations)
    return configuration
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

  private static func formData(_ section: Section, defaults: FormData) throws -> FormData {
    try section.checkKeys(["id", "responses", "date"])
    return FormData(
      id: try section.identifier("id") ?? defaults.id,
      responses: try section.string("responses") ?? defaults.responses,
      date: try section.date("date") ?? defaults.date)
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

  /// Collects the location of every value read, by key path.
  private final class LocationRecorder {
    var locations: [String: SourceLocation] = [:]
  }

  /// A mapping of the project file, read strictly: the first problem is thrown with its position.
  private struct Section {
    let node: Node
    let file: String
    let context: String
    let path: String
    let recorded: LocationRecorder
    let keys: [String]
    let values: [Node]
    let keyNodes: [Node]

    init(_ node: Node, file: String, context: String, path: String, recorded: LocationRecorder = LocationRecorder())
      throws
    {
      guard case .mapping(let mapping) = node else {
        throw Diagnostic.error(
          "expected \(context) to be a mapping", at: YAMLSource.location(of: node, in: file), code: "invalid-value")
      }
      self.node = node
      self.file = file
      self.context = context
      self.path = path
      self.recorded = recorded
      keys = mapping.map { $0.key.scalar?.string ?? "" }
      keyNodes = mapping.map(\.key)
      values = mapping.map(\.value)
    }

    func location(of key: String) -> SourceLocation {
      guard let index = keys.firstIndex(of: key) else { return YAMLSource.location(of: node, in: file) }
      return YAMLSource.location(of: values[index], in: file)
    }

    func checkKeys(_ known: [String]) throws {
      for (index, key) in keys.enumerated() where !known.contains(key) {
        throw Diagnostic.error(
          "unknown key '\(key)' in \(context)\(EditDistance.didYouMean(key, among: known)); expected one of \(known.joined(separator: ", "))",
          at: YAMLSource.location(of: keyNodes[index], in: file), code: "unknown-field")
      }
    }

    private func value(_ key: String) -> Node? {
      guard let index = keys.firstIndex(of: key) else { return nil }
      recorded.locations[path.isEmpty ? key : path + "." + key] = YAMLSource.location(of: values[index], in: file)
      return values[index]
    }

    func string(_ key: String) throws -> String? {
      guard let value = value(key) else { return nil }
      guard case .scalar(let scalar) = value, !(scalar.style == .plain && value.null != nil) else {
        throw Diagnostic.error(
          "expected '\(key)' in \(context) to be text", at: location(of: key), code: "invalid-value")
      }
      return scalar.string
    }

    /// What a scalar holds, for messages: "text 'x'", "an empty value", "a list".
    private func describe(_ node: Node) -> String {
      switch node {
      case .scalar(let scalar):
        if scalar.style == .plain && node.null != nil { return "an empty value" }
        let shown = scalar.string.count > 20 ? String(scalar.string.prefix(20)) + "…" : scalar.string
        return scalar.style == .plain ? "'\(shown)'" : "the quoted text \"\(shown)\""
      case .mapping: return "a mapping"
      case .sequence: return "a list"
      case .alias: return "an alias"
      }
    }

    /// The plain (unquoted) scalar text of `value`, or nil.
    private func plainText(_ value: Node) -> String? {
      guard case .scalar(let scalar) = value, scalar.style == .plain || scalar.style == .any else { return nil }
      return scalar.string
    }

    /// A whole number written in decimal (`[-+]digits`, no leading zeros), inside `range`. Quoted
    /// numbers, `1_000`, `0x10`, `010` and `1:30` are errors, never silently converted; a number
    /// too large for `Int` is reported, never trapped on.
    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
      guard let value = value(key) else { return nil }
      let expected =
        "expected '\(key)' in \(context) to be a whole number from \(range.lowerBound) to \(range.upperBound)"
      guard let text = plainText(value), let number = Self.decimalInteger(text) else {
        if let text = plainText(value), Self.isDecimalIntegerSyntax(text) {
          throw Diagnostic.error(
            "\(expected); \(text.prefix(40)) is too large", at: location(of: key), code: "invalid-value")
        }
        throw Diagnostic.error("\(expected), found \(describe(value))", at: location(of: key), code: "invalid-value")
      }
      guard range.contains(number) else {
        throw Diagnostic.error("\(expected), found \(number)", at: location(of: key), code: "invalid-value")
      }
      return number
    }

    /// A finite number written in decimal (`1`, `-0.5`, `1.7e0`), inside `range`.
    func double(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
      guard let value = value(key) else { return nil }
      guard let text = plainText(value), Self.isDecimalNumberSyntax(text), let number = Double(text), number.isFinite
      else {
        throw Diagnostic.error(
          "\(InputLimits.expectation("'\(key)' in \(context)", range)), found \(describe(value))",
          at: location(of: key), code: "invalid-value")
      }
      guard InputLimits.contains(range, number) else {
        throw Diagnostic.error(
          InputLimits.message("'\(key)' in \(context)", number, range), at: location(of: key), code: "invalid-value")
      }
      return number
    }

    /// An id (``Identifier``).
    func identifier(_ key: String) throws -> String? {
      guard let text = try string(key) else { return nil }
      if let problem = Identifier.problem(text) {
        throw Diagnostic.error("'\(key)' in \(context): \(problem)", at: location(of: key), code: "invalid-id")
      }
      return text
    }

    /// A real calendar date `YYYY-MM-DD` (``CalendarDate``).
    func date(_ key: String) throws -> String? {
      guard let text = try string(key) else { return nil }
      if let problem = CalendarDate.problem(text) {
        throw Diagnostic.error("'\(key)' in \(context): \(problem)", at: location(of: key), code: "invalid-value")
      }
      return text
    }

    static func isDecimalIntegerSyntax(_ text: String) -> Bool {
      var digits = Substring(text)
      if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
      guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
      return digits.count == 1 || digits.first != "0"
    }

    /// `text` as an `Int` when it is decimal-integer syntax and fits; nil otherwise.
    static func decimalInteger(_ text: String) -> Int? {
      guard isDecimalIntegerSyntax(text) else { return nil }
      return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    /// `[-+]` digits, optional `.` fraction, optional exponent: what a decimal number looks like
    /// (no `.inf`, `.nan`, hexadecimal or `_` separators).
    static func isDecimalNumberSyntax(_ text: String) -> Bool {
      var rest = Substring(text)
      if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
      var mantissaDigits = 0
      while let c = rest.first, c.isASCII, c.isNumber {
        mantissaDigits += 1
        rest = rest.dropFirst()
      }
      if rest.first == "." {
        rest = rest.dropFirst()
        while let c = rest.first, c.isASCII, c.isNumber {
          mantissaDigits += 1
          rest = rest.dropFirst()
        }
      }
      guard mantissaDigits > 0 else { return false }
      if rest.first == "e" || rest.first == "E" {
        rest = rest.dropFirst()
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        var exponentDigits = 0
        while let c = rest.first, c.isASCII, c.isNumber {
          exponentDigits += 1
          rest = rest.dropFirst()
        }
        guard exponentDigits > 0, exponentDigits <= 4 else { return false }
      }
      return rest.isEmpty
    }

    var location: SourceLocation { YAMLSource.location(of: node, in: file) }

    func has(_ key: String) -> Bool { keys.contains(key) }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T?
    where T.RawValue == String {
      guard let text = try string(key) else { return nil }
      guard let value = T(rawValue: text) else {
        let names = T.allCases.map(\.rawValue)
        throw Diagnostic.error(
          "unknown \(key) '\(text)'\(EditDistance.didYouMean(text, among: names)); expected one of \(names.joined(separator: ", "))",
          at: location(of: key), code: "invalid-value")
      }
      return value
    }

    /// A list of mappings (`administrations`), each read as a section `key.N`.
    func list(_ key: String) throws -> [Section]? {
      guard let value = value(key) else { return nil }
      guard case .sequence(let sequence) = value else {
        throw Diagnostic.error(
          "expected '\(key)' in \(context) to be a list", at: location(of: key), code: "invalid-value")
      }
      return try sequence.enumerated().map { index, element in
        try Section(
          element, file: file, context: "'\(key)' entry \(index + 1)",
          path: (path.isEmpty ? key : path + "." + key) + ".\(index)", recorded: recorded)
      }
    }

    func section(_ key: String) throws -> Section? {
      guard let value = value(key) else { return nil }
      return try Section(
        value, file: file, context: "'\(key)'", path: path.isEmpty ? key : path + "." + key, recorded: recorded)
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
