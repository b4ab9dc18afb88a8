import Equating
import Foundation
import ItemBank
import ItemResponseTheory
import ItemBenchCore
import Yams

/// The project file `itembench.yml`: where the bank, data and outputs are, and the settings of
/// each step of the exam cycle. Every key is optional; the defaults describe the shipped sample.
///
/// ```yaml
/// format: 1
/// bank: Items                      # the item bank directory
/// output: output                   # where `itembench cycle` writes (git-ignored)
/// blueprint: cpim-demo             # the blueprint the forms are built to
/// scale: Items/scales/cpim.yml     # the reporting-scale file
/// forms:
///   base: {id: form-a, responses: Items/responses/form-a.csv, date: "2026-05-01"}
///   new:  {id: form-b, responses: Items/responses/form-b.csv, date: "2026-11-01"}
/// calibration: {model: 3pl, scaling_constant: 1}
/// linking: {method: stocking-lord}
/// equating: {method: true-score}
/// ```
public struct ProjectConfiguration: Sendable, Equatable {
  /// One administered form and its data.
  public struct FormData: Sendable, Equatable {
    public var id: String
    public var responses: String
    /// The administration date, written into parameter files and tables.
    public var date: String?
    public init(id: String, responses: String, date: String? = nil) {
      self.id = id
      self.responses = responses
      self.date = date
    }
  }

  public var bank = "Items"
  public var output = "output"
  public var blueprint: String?
  public var scale = "Items/scales/cpim.yml"
  public var base = FormData(id: "form-a", responses: "Items/responses/form-a.csv", date: "2026-05-01")
  public var new = FormData(id: "form-b", responses: "Items/responses/form-b.csv", date: "2026-11-01")
  public var model = "3pl"
  public var scalingConstant = 1.0
  public var linkingMethod = "stocking-lord"
  public var equatingMethod = "true-score"
  /// Where the settings came from (`nil`: the defaults).
  public var file: String?
  /// Where each setting is written in ``file``, by key path (`forms.new.id`, `calibration.model`).
  public var locations: [String: SourceLocation] = [:]

  /// The location of the setting at `keyPath`, or of the file, or nil for the defaults.
  public func location(of keyPath: String) -> SourceLocation? {
    locations[keyPath] ?? file.map { SourceLocation(file: $0) }
  }

  public init() {}

  /// The file name looked for in the current directory.
  public static let defaultFileName = "itembench.yml"

  /// Reads `path`. Unknown keys and wrong types are errors with line and column.
  public static func read(path: String) throws -> ProjectConfiguration {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw Diagnostic.error("cannot read project file", at: SourceLocation(file: path))
    }
    return try parse(text, file: path)
  }

  /// Parses the text of a project file.
  public static func parse(_ text: String, file: String) throws -> ProjectConfiguration {
    var configuration = ProjectConfiguration()
    configuration.file = file
    let node: Node
    switch YAMLSource.compose(text, file: file) {
    case .failure(let diagnostic): throw diagnostic
    case .success(nil): return configuration
    case .success(let composed?): node = composed
    }
    let root = try Section(node, file: file, context: "project file", path: "")
    try root.checkKeys(["format", "bank", "output", "blueprint", "scale", "forms", "calibration", "linking", "equating"])
    if let format = try root.int("format"), format != 1 {
      throw Diagnostic.error("unsupported format version \(format); this ItemBench reads format 1", at: root.location(of: "format"))
    }
    configuration.bank = try root.string("bank") ?? configuration.bank
    configuration.output = try root.string("output") ?? configuration.output
    configuration.blueprint = try root.string("blueprint")
    configuration.scale = try root.string("scale") ?? configuration.scale
    if let forms = try root.section("forms") {
      try forms.checkKeys(["base", "new"])
      if let base = try forms.section("base") { configuration.base = try formData(base, defaults: configuration.base) }
      if let new = try forms.section("new") { configuration.new = try formData(new, defaults: configuration.new) }
    }
    if let calibration = try root.section("calibration") {
      try calibration.checkKeys(["model", "scaling_constant"])
      configuration.model = try calibration.string("model") ?? configuration.model
      configuration.scalingConstant = try calibration.double("scaling_constant") ?? configuration.scalingConstant
    }
    if let linking = try root.section("linking") {
      try linking.checkKeys(["method"])
      configuration.linkingMethod = try linking.string("method") ?? configuration.linkingMethod
    }
    if let equating = try root.section("equating") {
      try equating.checkKeys(["method"])
      configuration.equatingMethod = try equating.string("method") ?? configuration.equatingMethod
    }
    configuration.locations = root.recorded.locations
    try configuration.validateNames(configuration.locations)
    return configuration
  }

  private static func formData(_ section: Section, defaults: FormData) throws -> FormData {
    try section.checkKeys(["id", "responses", "date"])
    return FormData(
      id: try section.string("id") ?? defaults.id,
      responses: try section.string("responses") ?? defaults.responses,
      date: try section.string("date") ?? defaults.date)
  }

  /// Checks the names of the model and methods and the scaling constant, so a typo is reported
  /// at its line before any step runs.
  private func validateNames(_ locations: [String: SourceLocation]) throws {
    func fail(_ message: String, _ keyPath: String) -> Diagnostic {
      .error(message, at: locations[keyPath] ?? SourceLocation(file: file ?? "itembench.yml"), code: "invalid-value")
    }
    let models = IRTModelRegistry.shared.names
    if !models.contains(model.lowercased()) {
      throw fail("unknown IRT model '\(model)'\(EditDistance.didYouMean(model, among: models)); expected one of \(models.joined(separator: ", "))", "calibration.model")
    }
    guard scalingConstant.isFinite, scalingConstant > 0 else {
      throw fail("expected 'scaling_constant' (D) to be a positive number, found \(scalingConstant)", "calibration.scaling_constant")
    }
    let linking = LinkingMethod.allCases.map(\.rawValue)
    if !linking.contains(linkingMethod) {
      throw fail("unknown linking method '\(linkingMethod)'\(EditDistance.didYouMean(linkingMethod, among: linking)); expected one of \(linking.joined(separator: ", "))", "linking.method")
    }
    let equating = EquatingMethod.allCases.map(\.rawValue)
    if !equating.contains(equatingMethod) {
      throw fail("unknown equating method '\(equatingMethod)'\(EditDistance.didYouMean(equatingMethod, among: equating)); expected one of \(equating.joined(separator: ", "))", "equating.method")
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

    init(_ node: Node, file: String, context: String, path: String, recorded: LocationRecorder = LocationRecorder()) throws {
      guard case .mapping(let mapping) = node else {
        throw Diagnostic.error("expected \(context) to be a mapping", at: YAMLSource.location(of: node, in: file), code: "invalid-value")
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
        throw Diagnostic.error("expected '\(key)' in \(context) to be text", at: location(of: key), code: "invalid-value")
      }
      return scalar.string
    }

    func int(_ key: String) throws -> Int? {
      guard let value = value(key) else { return nil }
      guard let number = value.int else {
        throw Diagnostic.error("expected '\(key)' in \(context) to be a whole number", at: location(of: key), code: "invalid-value")
      }
      return number
    }

    func double(_ key: String) throws -> Double? {
      guard let value = value(key) else { return nil }
      guard let number = value.int.map(Double.init) ?? value.float, number.isFinite else {
        throw Diagnostic.error("expected '\(key)' in \(context) to be a number", at: location(of: key), code: "invalid-value")
      }
      return number
    }

    func section(_ key: String) throws -> Section? {
      guard let value = value(key) else { return nil }
      return try Section(value, file: file, context: "'\(key)'", path: path.isEmpty ? key : path + "." + key, recorded: recorded)
    }
  }
}
