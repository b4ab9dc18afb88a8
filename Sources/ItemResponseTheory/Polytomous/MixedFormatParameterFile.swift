import Foundation
import ItemBenchCore

/// The parameters of a mixed-format form (dichotomous and GPCM/GRM items) on one θ scale.
///
/// JSON layout (format 1), the parameter-file layout with `"model": "mixed"` and every item
/// naming its own model:
///
///     {"format": 1, "model": "mixed", "scaling_constant": 1, "form": "F1",
///      "log_likelihood": -1234.5, "converged": true, "iterations": 41,
///      "latent": {"mean": 0, "sd": 1},
///      "items": [
///        {"id": "MC1", "model": "3pl", "a": 1.1, "b": -0.2, "c": 0.18, "se_a": 0.1, "se_b": 0.08, "se_c": 0.03},
///        {"id": "CR1", "model": "gpcm", "a": 0.9, "thresholds": [-1.2, 0.1, 1.4],
///         "se_a": 0.07, "se_thresholds": [0.12, 0.09, 0.13]}]}
///
/// Dichotomous items are `rasch`, `1pl`, `2pl` or `3pl` with P(θ) = c + (1 − c)/(1 + exp(−D·a·(θ − b)));
/// polytomous items `gpcm` or `grm` as ``PolytomousModel`` defines them. An ordinary
/// (dichotomous) parameter file reads as a mixed-format file of dichotomous items, so every
/// command that takes mixed-format parameters also takes the files `calibrate` writes.
public struct MixedFormatParameterFile: Sendable, Hashable {
  public var scalingConstant: Double
  public var form: String?
  public var date: String?
  public var logLikelihood: Double?
  public var converged: Bool?
  public var iterations: Int?
  public var latent: LatentDistribution
  public var items: [MixedFormatItem]

  public init(
    scalingConstant: Double = 1, form: String? = nil, date: String? = nil, logLikelihood: Double? = nil,
    converged: Bool? = nil, iterations: Int? = nil, latent: LatentDistribution = LatentDistribution(),
    items: [MixedFormatItem]
  ) {
    self.scalingConstant = scalingConstant
    self.form = form
    self.date = date
    self.logLikelihood = logLikelihood
    self.converged = converged
    self.iterations = iterations
    self.latent = latent
    self.items = items
  }

  /// The items of a dichotomous parameter file.
  public init(_ file: ParameterFile) {
    self.init(
      scalingConstant: file.scalingConstant, form: file.form, date: file.date, logLikelihood: file.logLikelihood,
      converged: file.converged, iterations: file.iterations, latent: file.latent,
      items: file.items.map(MixedFormatItem.dichotomous))
  }

  /// Σⱼ mⱼ, the highest raw score of the form.
  public var maximumScore: Int { items.reduce(0) { $0 + $1.maximumScore } }

  /// The item with id `id`, if present.
  public func item(_ id: String) -> MixedFormatItem? { items.first { $0.id == id } }

  /// Number of decimals written for parameters and standard errors (as ``ParameterFile``).
  public static let decimals = ParameterFile.decimals

  /// The keys of a polytomous item.
  public static let polytomousItemKeys = ["id", "model", "a", "thresholds", "se_a", "se_thresholds"]
  /// The keys of a dichotomous item of a mixed-format file.
  public static let dichotomousItemKeys = ["id", "model", "a", "b", "c", "se_a", "se_b", "se_c"]
  /// The top-level keys of a mixed-format file.
  public static let keys = [
    "format", "model", "scaling_constant", "form", "date", "log_likelihood", "converged", "iterations", "latent",
    "items",
  ]

  /// The JSON document; deterministic.
  public func jsonValue() -> JSONValue {
    func number(_ value: Double?) -> JSONValue { value.map { .rounded($0, places: Self.decimals) } ?? .null }
    var members: [(String, JSONValue)] = [
      ("format", 1), ("model", "mixed"), ("scaling_constant", .number(scalingConstant)),
    ]
    if let form { members.append(("form", .string(form))) }
    if let date { members.append(("date", .string(date))) }
    members += [
      ("log_likelihood", number(logLikelihood)),
      ("converged", converged.map(JSONValue.bool) ?? .null),
      ("iterations", iterations.map(JSONValue.int) ?? .null),
      ("latent", .object([("mean", number(latent.mean)), ("sd", number(latent.sd))])),
      (
        "items",
        .array(
          items.map { item in
            switch item {
            case .dichotomous(let item):
              let model = item.c != 0 ? "3pl" : "2pl"
              return .object([
                ("id", .string(item.id)), ("model", .string(model)), ("a", number(item.a)), ("b", number(item.b)),
                ("c", number(item.c)), ("se_a", number(item.seA)), ("se_b", number(item.seB)),
                ("se_c", number(item.seC)),
              ])
            case .polytomous(let item):
              return .object([
                ("id", .string(item.id)), ("model", .string(item.model.rawValue)), ("a", number(item.a)),
                ("thresholds", .array(item.thresholds.map(number))), ("se_a", number(item.seA)),
                ("se_thresholds", .array(item.seThresholds.map(number))),
              ])
            }
          })
      ),
    ]
    return .object(members)
  }

  /// The JSON text, pretty-printed, ending in a newline.
  public func jsonText() -> String { jsonValue().rendered(pretty: true) + "\n" }

  /// Reads a mixed-format file, or an ordinary parameter file (JSON or CSV) as one of
  /// dichotomous items.
  public static func read(path: String, models: IRTModelRegistry = .shared) throws -> MixedFormatParameterFile {
    try parse(ParameterFile.readText(path: path), file: path, models: models)
  }

  /// Parses `text`: `"model": "mixed"` JSON strictly (every problem a ``ParameterFileError``
  /// at its line and column; wrong types are errors, never defaults; unknown keys are errors),
  /// anything else through ``ParameterFile/parseJSON(_:file:models:)`` or
  /// ``ParameterFile/parseCSV(_:file:scalingConstant:)``.
  public static func parse(_ text: String, file: String, models: IRTModelRegistry = .shared) throws
    -> MixedFormatParameterFile
  {
    guard text.drop(while: { $0.isWhitespace }).first == "{" else {
      return MixedFormatParameterFile(try ParameterFile.parseCSV(text, file: file))
    }
    let root = try ParameterJSONReader(file: file).parse(text)
    guard root["model"]?.string == "mixed" else {
      return MixedFormatParameterFile(try ParameterFile.parseJSON(text, file: file, models: models))
    }
    return try MixedFormatJSONReader(file: file).read(root)
  }
}

/// The strict reader of the `"model": "mixed"` layout.
private struct MixedFormatJSONReader {
  let file: String
  var values: ParameterJSONReader { ParameterJSONReader(file: file) }

  func at(_ value: LocatedJSON) -> SourceLocation { values.at(value) }
  func fail(_ message: String, _ value: LocatedJSON) -> ParameterFileError { values.fail(message, value) }
  func checkKeys(_ object: LocatedJSON, known: [String], context: String) throws {
    try values.checkKeys(object, known: known, context: context)
  }
  func text(_ value: LocatedJSON?, _ name: String) throws -> String? { try values.text(value, name) }

  /// A finite number (JSON cannot write ±∞, but a literal like 1e999 overflows to it).
  func number(_ value: LocatedJSON?, _ name: String, nullable: Bool = true) throws -> Double? {
    let number = try values.number(value, name, nullable: nullable)
    if let number, !number.isFinite, let value {
      throw fail("expected '\(name)' to be a finite number, found \(value.kindDescription)", value)
    }
    return number
  }

  func numbers(_ value: LocatedJSON?, _ name: String, nullable: Bool) throws -> [Double?]? {
    guard let value else { return nil }
    guard let elements = value.elements else {
      throw fail("expected '\(name)' to be a list of numbers, found \(value.kindDescription)", value)
    }
    guard elements.count <= 255 else {
      throw fail("'\(name)' has \(elements.count) entries; at most 255 thresholds are supported", value)
    }
    return try elements.enumerated().map { index, element in
      try number(element, "\(name)[\(index)]", nullable: nullable)
    }
  }

  func read(_ root: LocatedJSON) throws -> MixedFormatParameterFile {
    try checkKeys(root, known: MixedFormatParameterFile.keys, context: "the mixed-format parameter file")
    if let format = root["format"] {
      guard format.integer == 1 else {
        throw fail("unsupported format \(format.kindDescription); this ItemBench reads format 1", format)
      }
    }
    var result = MixedFormatParameterFile(items: [])
    if let value = root["scaling_constant"] {
      guard let D = try number(value, "scaling_constant", nullable: false), D > 0, D <= 10 else {
        throw fail("expected 'scaling_constant' (D) to be a positive number of at most 10", value)
      }
      result.scalingConstant = D
    }
    result.form = try text(root["form"], "form")
    if let form = result.form, let problem = Identifier.problem(form), let value = root["form"] {
      throw fail("'form': \(problem)", value)
    }
    result.date = try text(root["date"], "date")
    if let date = result.date, let problem = CalendarDate.problem(date), let value = root["date"] {
      throw fail("'date': \(problem)", value)
    }
    result.logLikelihood = try number(root["log_likelihood"], "log_likelihood")
    if let value = root["converged"], !value.isNull {
      guard let flag = value.bool else {
        throw fail("expected 'converged' to be true, false or null, found \(value.kindDescription)", value)
      }
      result.converged = flag
    }
    if let value = root["iterations"], !value.isNull {
      guard let count = value.integer, count >= 0 else {
        throw fail("expected 'iterations' to be a whole number ≥ 0 or null, found \(value.kindDescription)", value)
      }
      result.iterations = count
    }
    if let latentValue = root["latent"] {
      guard latentValue.members != nil else {
        throw fail("expected 'latent' to be an object {mean, sd}, found \(latentValue.kindDescription)", latentValue)
      }
      try checkKeys(latentValue, known: ["mean", "sd"], context: "'latent'")
      let mean = try number(latentValue["mean"], "latent.mean") ?? 0
      let sd = try number(latentValue["sd"], "latent.sd") ?? 1
      guard abs(mean) <= 100, sd > 0, sd <= 100 else {
        throw fail("expected 'latent' to have a mean within ±100 and an sd in (0, 100]", latentValue)
      }
      result.latent = LatentDistribution(mean: mean, sd: sd)
    }
    guard let itemsValue = root["items"] else {
      throw ParameterFileError("missing required key 'items'", at: at(root))
    }
    guard let rawItems = itemsValue.elements, !rawItems.isEmpty else {
      throw fail("expected 'items' to be a non-empty list of items, found \(itemsValue.kindDescription)", itemsValue)
    }
    var seen: [String: Int] = [:]
    for (index, raw) in rawItems.enumerated() {
      let item = try readItem(raw, index: index)
      if let first = seen[item.id] {
        throw fail("items[\(index)]: duplicate item id '\(item.id)' (first at items[\(first)])", raw)
      }
      seen[item.id] = index
      result.items.append(item)
    }
    return result
  }

  func readItem(_ raw: LocatedJSON, index: Int) throws -> MixedFormatItem {
    let context = "items[\(index)]"
    guard raw.members != nil else {
      throw fail("expected \(context) to be an object, found \(raw.kindDescription)", raw)
    }
    guard let idValue = raw["id"], let id = idValue.string else {
      throw fail("\(context) needs an 'id' (text)", raw["id"] ?? raw)
    }
    if let problem = Identifier.problem(id) { throw fail("\(context).id: \(problem)", idValue) }
    let modelNames = ["rasch", "1pl", "2pl", "3pl"] + PolytomousModel.allCases.map(\.rawValue)
    guard let modelValue = raw["model"], let model = modelValue.string else {
      throw fail(
        "\(context) ('\(id)') needs a 'model' (one of \(modelNames.joined(separator: ", "))) in a mixed-format file",
        raw["model"] ?? raw)
    }
    if let polytomous = PolytomousModel(rawValue: model) {
      try checkKeys(raw, known: MixedFormatParameterFile.polytomousItemKeys, context: context)
      guard let a = try number(raw["a"], "\(context).a", nullable: false) else {
        throw fail("\(context) ('\(id)') is missing 'a'", raw)
      }
      guard let written = try numbers(raw["thresholds"], "\(context).thresholds", nullable: false) else {
        throw fail("\(context) ('\(id)') is missing 'thresholds'", raw)
      }
      let thresholds = written.compactMap { $0 }
      var seThresholds: [Double?]? = nil
      if let value = raw["se_thresholds"] {
        let errors = try numbers(value, "\(context).se_thresholds", nullable: true) ?? []
        guard errors.count == thresholds.count else {
          throw fail(
            "\(context) ('\(id)'): 'se_thresholds' has \(errors.count) entries for \(thresholds.count) thresholds",
            value)
        }
        seThresholds = errors
      }
      let item = PolytomousItemParameters(
        id: id, model: polytomous, a: a, thresholds: thresholds, seA: try number(raw["se_a"], "\(context).se_a"),
        seThresholds: seThresholds)
      if let problem = item.parameterProblem { throw fail("\(context) ('\(id)'): \(problem)", raw) }
      return .polytomous(item)
    }
    guard ["rasch", "1pl", "2pl", "3pl"].contains(model) else {
      throw fail(
        "\(context): unknown model '\(model)'\(EditDistance.didYouMean(model, among: modelNames)); expected one of \(modelNames.joined(separator: ", "))",
        modelValue)
    }
    try checkKeys(raw, known: MixedFormatParameterFile.dichotomousItemKeys, context: context)
    guard let b = try number(raw["b"], "\(context).b", nullable: false) else {
      throw fail("\(context) ('\(id)') is missing 'b'", raw)
    }
    let a = try number(raw["a"], "\(context).a", nullable: false)
    if model == "2pl" || model == "3pl", a == nil { throw fail("\(context) ('\(id)') is missing 'a'", raw) }
    let c = try number(raw["c"], "\(context).c", nullable: false)
    if model == "3pl", c == nil { throw fail("\(context) ('\(id)') is missing 'c'", raw) }
    if model != "3pl", let c, c != 0, let node = raw["c"] {
      throw fail("\(context) ('\(id)'): model \(model) has no lower asymptote, but c is \(c)", node)
    }
    let item = ItemParameters(
      id: id, a: a ?? 1, b: b, c: c ?? 0, seA: try number(raw["se_a"], "\(context).se_a"),
      seB: try number(raw["se_b"], "\(context).se_b"), seC: try number(raw["se_c"], "\(context).se_c"))
    if let problem = item.parameterProblem { throw fail("\(context) ('\(id)'): \(problem)", raw) }
    return .dichotomous(item)
  }
}
