import Foundation
import ItemBenchCore
import Yams

/// A problem in a scale file, at `file:line:column`, with the file's further problems.
///
/// Reading a scale file collects every problem it can find (each field is checked on its own);
/// the first, in the order of the fields, is the error itself and the rest are ``others``.
public struct ScaleFileError: DiagnosticError, Equatable {
  public var location: SourceLocation
  public var message: String
  /// The file's further problems, in order (empty when there was only this one).
  public var others: [ScaleFileError] = []
  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }
  public var diagnosticLocation: SourceLocation? { location }

  /// Every problem, one per line, `file:line:column: message`.
  public var description: String {
    ([self.withoutOthers] + others).map { "\($0.location): \($0.message)" }.joined(separator: "\n")
  }

  /// Every problem, one per line, `file:line:column: severity: message`.
  public func compilerStyle(severity: String) -> String {
    ([self.withoutOthers] + others).map { "\($0.location): \(severity): \($0.message)" }.joined(separator: "\n")
  }

  var withoutOthers: ScaleFileError { ScaleFileError(message, at: location) }
}

/// The reporting scale: how base-form equivalents become reported scores (a scale file).
///
/// ```yaml
/// format: 1
/// range: [200, 350]        # lowest and highest reported score
/// passing_score: 300
/// cut:
///   theta: -0.25           # the cut as θ on the base scale …
///   # raw: 24              # … or as a number-correct score on the base form (exactly one)
/// mapping:
///   type: linear-theta     # scaled = passing + slope·(θ − θ_cut)
///   slope: 25              # reported points per θ unit (linear-theta only)
///   # type: piecewise-raw  # base-form raw 0 → min, raw cut → passing, n_base → max
/// rounding: nearest        # nearest (half up) | floor | ceiling
/// decimals: 0              # decimals of reported scores (0…4)
/// clamp: true              # keep reported scores within the range
/// standard_setting: {…}    # optional provenance of the cut (docs/standard-setting.md), not read
/// ```
public struct ScaleSpecification: Sendable, Hashable {
  public enum Cut: Sendable, Hashable {
    /// θ on the base scale.
    case theta(Double)
    /// A number-correct score on the base form (may be fractional).
    case raw(Double)
  }

  public enum Mapping: Sendable, Hashable {
    /// scaled = passing + slope·(θ − θ_cut), θ the base-scale θ of the equated score.
    case linearTheta(slope: Double)
    /// Piecewise linear in the base-form equivalent e: (0, min) – (raw cut, passing) – (n_base, max).
    case piecewiseRaw
  }

  public enum Rounding: String, Sendable, Hashable, CaseIterable {
    /// To the nearest reported unit, halves up.
    case nearest
    case floor
    case ceiling
  }

  public var minimum: Double
  public var maximum: Double
  public var passingScore: Double
  public var cut: Cut
  public var mapping: Mapping
  public var rounding: Rounding = .nearest
  public var decimals: Int = 0
  public var clamp: Bool = true

  public init(
    minimum: Double, maximum: Double, passingScore: Double, cut: Cut, mapping: Mapping,
    rounding: Rounding = .nearest, decimals: Int = 0, clamp: Bool = true
  ) {
    self.minimum = minimum
    self.maximum = maximum
    self.passingScore = passingScore
    self.cut = cut
    self.mapping = mapping
    self.rounding = rounding
    self.decimals = decimals
    self.clamp = clamp
  }

  /// The smallest reported step, 10^−decimals.
  public var unit: Double { pow(10, Double(-decimals)) }

  /// Rounds a scaled value to the reported precision with ``rounding``. A tolerance of 1e-9
  /// reported units absorbs floating-point noise (299.49999999999997 counts as 299.5).
  public func round(_ value: Double) -> Double {
    let scale = pow(10, Double(decimals))
    let scaled = value * scale
    let result: Double
    switch rounding {
    case .nearest: result = (scaled + 0.5 + 1e-9).rounded(.down)
    case .floor: result = (scaled + 1e-9).rounded(.down)
    case .ceiling: result = (scaled - 1e-9).rounded(.up)
    }
    return result / scale
  }

  // MARK: Parsing

  static let supportedFormat = 1
  static let keys = [
    "format", "range", "passing_score", "cut", "mapping", "rounding", "decimals", "clamp", "standard_setting",
  ]

  /// Reads a scale file.
  public static func read(path: String) throws -> ScaleSpecification {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScaleFileError("cannot read scale file", at: SourceLocation(file: path))
    }
    let text: String
    switch UTF8Text.decode(data) {
    case .success(let decoded): text = decoded
    case .failure(let problem):
      throw ScaleFileError(problem.message, at: SourceLocation(file: path, line: problem.line, column: problem.column))
    }
    return try parse(text, file: path)
  }

  /// Parses scale-file YAML; errors carry the line and column of the value at fault.
  public static func parse(_ text: String, file: String) throws -> ScaleSpecification {
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw ScaleFileError(
          "the scale file is empty; expected a mapping with range, passing_score, cut and mapping",
          at: SourceLocation(file: file, line: 1, column: 1))
      }
      root = node
    } catch let error as ScaleFileError {
      throw error
    } catch let error as YamlError {
      throw yamlError(error, file: file)
    }
    let reader = NodeReader(file: file)
    let top = try reader.mapping(root, context: "the scale file")
    // Each field is checked on its own, and every problem is kept (in field order).
    var problems: [ScaleFileError] = []
    func attempt<T>(_ body: () throws -> T) -> T? {
      do {
        return try body()
      } catch let error as ScaleFileError {
        problems.append(error)
        return nil
      } catch {
        problems.append(ScaleFileError("\(error)", at: SourceLocation(file: file, line: 1, column: 1)))
        return nil
      }
    }
    for unknown in reader.unknownKeys(root, allowed: keys, context: "the scale file") { problems.append(unknown) }
    if let node = top["format"] {
      // A newer format may have other fields: nothing else is checked against this one's.
      let format = try reader.integer(node, field: "format")
      guard format <= supportedFormat else {
        throw reader.error(
          "unsupported format version \(format); this ItemBench reads scale files up to format \(supportedFormat)",
          at: node)
      }
    }
    // standard_setting: provenance written by `itembench standard-setting` (docs/standard-setting.md);
    // a mapping, not used for scoring.
    if let node = top["standard_setting"] {
      _ = attempt { try reader.mapping(node, context: "'standard_setting'") }
    }
    // range
    let range: (low: Double, high: Double, node: Node)? = attempt {
      guard let rangeNode = top["range"] else {
        throw reader.missing("range", "[min, max], for example [200, 350]", in: root)
      }
      let (low, high) = try reader.range(rangeNode)
      guard low < high else {
        throw reader.error(
          "expected range min < max; got [\(formatNumber(low)), \(formatNumber(high))]", at: rangeNode)
      }
      return (low, high, rangeNode)
    }
    let passing: Double? = attempt {
      guard let passingNode = top["passing_score"] else {
        throw reader.missing("passing_score", "a number within the range, for example 300", in: root)
      }
      let passing = try reader.number(passingNode, field: "passing_score")
      if let (low, high, _) = range, !(passing > low && passing <= high) {
        throw reader.error(
          "expected passing_score above the range minimum and at most the maximum (\(formatNumber(low)) < passing ≤ \(formatNumber(high))); got \(formatNumber(passing))",
          at: passingNode)
      }
      return passing
    }
    // cut
    let cut: Cut? = attempt {
      guard let cutNode = top["cut"] else {
        throw reader.missing(
          "cut", "{theta: θ on the base scale} or {raw: number correct on the base form}", in: root)
      }
      let cutMap = try reader.mapping(cutNode, context: "'cut'")
      try reader.rejectUnknown(cutNode, allowed: ["theta", "raw"], context: "'cut'")
      switch (cutMap["theta"], cutMap["raw"]) {
      case (let theta?, nil): return .theta(try reader.number(theta, field: "cut.theta"))
      case (nil, let raw?):
        let value = try reader.number(raw, field: "cut.raw")
        guard value >= 0, value <= Double(InputLimits.formLength.upperBound) else {
          throw reader.error(
            InputLimits.message("cut.raw", value, 0...Double(InputLimits.formLength.upperBound)), at: raw)
        }
        return .raw(value)
      case (_?, _?): throw reader.error("give the cut either as 'theta' or as 'raw', not both", at: cutNode)
      case (nil, nil):
        throw reader.error(
          "expected 'cut' to have 'theta' (θ on the base scale) or 'raw' (number correct on the base form)",
          at: cutNode)
      }
    }
    // mapping
    let mapping: Mapping? = attempt {
      guard let mappingNode = top["mapping"] else {
        throw reader.missing("mapping", "{type: linear-theta, slope: …} or piecewise-raw", in: root)
      }
      var typeNode = mappingNode
      var slopeNode: Node?
      if case .mapping = mappingNode {
        let map = try reader.mapping(mappingNode, context: "'mapping'")
        try reader.rejectUnknown(mappingNode, allowed: ["type", "slope"], context: "'mapping'")
        guard let type = map["type"] else {
          throw reader.error("expected 'mapping' to have 'type' (linear-theta or piecewise-raw)", at: mappingNode)
        }
        typeNode = type
        slopeNode = map["slope"]
      }
      let type = try reader.text(typeNode, field: "mapping.type")
      switch type {
      case "linear-theta":
        guard let slopeNode else {
          throw reader.error(
            "mapping 'linear-theta' needs 'slope' (reported points per θ unit), for example {type: linear-theta, slope: 25}",
            at: mappingNode)
        }
        let slope = try reader.number(slopeNode, field: "mapping.slope")
        guard slope > 0 else {
          throw reader.error("expected mapping.slope > 0; got \(formatNumber(slope))", at: slopeNode)
        }
        return .linearTheta(slope: slope)
      case "piecewise-raw":
        if let slopeNode { throw reader.error("'slope' applies only to mapping type linear-theta", at: slopeNode) }
        return .piecewiseRaw
      default:
        throw reader.error(
          "unknown mapping type '\(type)'\(EditDistance.didYouMean(type, among: ["linear-theta", "piecewise-raw"])); expected linear-theta or piecewise-raw",
          at: typeNode)
      }
    }
    let rounding: Rounding? = attempt {
      guard let node = top["rounding"] else { return .nearest }
      let name = try reader.text(node, field: "rounding")
      guard let rounding = Rounding(rawValue: name) else {
        throw reader.error(
          "unknown rounding '\(name)'\(EditDistance.didYouMean(name, among: Rounding.allCases.map(\.rawValue))); expected nearest, floor or ceiling",
          at: node)
      }
      return rounding
    }
    let decimals: Int?? = attempt {
      guard let node = top["decimals"] else { return nil }
      let decimals = try reader.integer(node, field: "decimals")
      guard (0...4).contains(decimals) else {
        throw reader.error("expected decimals between 0 and 4; got \(decimals)", at: node)
      }
      return decimals
    }
    let clamp: Bool?? = attempt {
      guard let node = top["clamp"] else { return nil }
      guard case .scalar(let scalar) = node, scalar.style == .plain, let value = node.bool else {
        throw reader.error("expected 'clamp' to be true or false", at: node)
      }
      return value
    }
    if var first = problems.first {
      first.others = Array(problems.dropFirst())
      throw first
    }
    // Every field that failed left a problem, so all of them are here.
    guard let range, let passing, let cut, let mapping, let rounding, let decimals, let clamp else {
      throw ScaleFileError("the scale file could not be read", at: SourceLocation(file: file, line: 1, column: 1))
    }
    var specification = ScaleSpecification(
      minimum: range.low, maximum: range.high, passingScore: passing, cut: cut, mapping: mapping)
    specification.rounding = rounding
    if let decimals { specification.decimals = decimals }
    if let clamp { specification.clamp = clamp }
    guard passing - specification.unit >= range.low || !specification.clamp else {
      throw reader.error(
        "the range minimum must be at least one reported unit below passing_score so that failing scores can be reported",
        at: range.node)
    }
    return specification
  }

  static func yamlError(_ error: YamlError, file: String) -> ScaleFileError {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let prefix = context.map { "\($0.text) " } ?? ""
      return ScaleFileError(
        "invalid YAML: \(prefix)\(problem)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
    case .duplicatedKeysInMapping(let duplicates, let context):
      return ScaleFileError(
        "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in mapping",
        at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
    default:
      return ScaleFileError("invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
    }
  }
}

/// Reads typed values from Yams nodes, turning problems into ``ScaleFileError``s at the node.
private struct NodeReader {
  let file: String

  func location(_ node: Node) -> SourceLocation {
    guard let mark = node.mark else { return SourceLocation(file: file, line: 1, column: 1) }
    return SourceLocation(file: file, line: mark.line, column: mark.column)
  }

  func error(_ message: String, at node: Node) -> ScaleFileError { ScaleFileError(message, at: location(node)) }

  func missing(_ key: String, _ expected: String, in node: Node) -> ScaleFileError {
    error("the scale file is missing required field '\(key)' (\(expected))", at: node)
  }

  func kind(_ node: Node) -> String {
    switch node {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar(let scalar):
      if scalar.style == .plain, node.null != nil { return "an empty value" }
      return "'\(scalar.string)'"
    }
  }

  func mapping(_ node: Node, context: String) throws -> [String: Node] {
    guard case .mapping(let mapping) = node else {
      throw error("expected \(context) to be a mapping, found \(kind(node))", at: node)
    }
    var result: [String: Node] = [:]
    for (key, value) in mapping { result[key.string ?? "\(key)"] = value }
    return result
  }

  /// Every key (in file order) that is not in `allowed`, as an error at the key.
  func unknownKeys(_ node: Node, allowed: [String], context: String) -> [ScaleFileError] {
    guard case .mapping(let mapping) = node else { return [] }
    return mapping.compactMap { keyNode, _ in
      let key = keyNode.string ?? "\(keyNode)"
      guard !allowed.contains(key) else { return nil }
      return error(
        "unknown field '\(key)' in \(context)\(EditDistance.didYouMean(key, among: allowed)); expected one of \(allowed.joined(separator: ", "))",
        at: keyNode)
    }
  }

  /// Throws at the first key (in file order) that is not in `allowed`, pointing at the key.
  func rejectUnknown(_ node: Node, allowed: [String], context: String) throws {
    guard case .mapping(let mapping) = node else { return }
    for (keyNode, _) in mapping {
      let key = keyNode.string ?? "\(keyNode)"
      guard !allowed.contains(key) else { continue }
      throw error(
        "unknown field '\(key)' in \(context)\(EditDistance.didYouMean(key, among: allowed)); expected one of \(allowed.joined(separator: ", "))",
        at: keyNode)
    }
  }

  func number(_ node: Node, field: String) throws -> Double {
    guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Double(scalar.string), value.isFinite
    else {
      throw error("expected '\(field)' to be a number, found \(kind(node))", at: node)
    }
    guard InputLimits.scaleValue.contains(value) else {
      throw error(InputLimits.message("'\(field)'", value, InputLimits.scaleValue), at: node)
    }
    return value
  }

  func integer(_ node: Node, field: String) throws -> Int {
    guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) else {
      throw error("expected '\(field)' to be a whole number, found \(kind(node))", at: node)
    }
    return value
  }

  func text(_ node: Node, field: String) throws -> String {
    guard case .scalar(let scalar) = node, !(scalar.style == .plain && node.null != nil) else {
      throw error("expected '\(field)' to be text, found \(kind(node))", at: node)
    }
    return scalar.string
  }

  /// `[min, max]` or `{min: …, max: …}`.
  func range(_ node: Node) throws -> (Double, Double) {
    switch node {
    case .sequence(let sequence):
      guard sequence.count == 2 else {
        throw error("expected 'range' to be [min, max] with two numbers, found \(sequence.count)", at: node)
      }
      return (try number(sequence[0], field: "range min"), try number(sequence[1], field: "range max"))
    case .mapping:
      let map = try mapping(node, context: "'range'")
      try rejectUnknown(node, allowed: ["min", "max"], context: "'range'")
      guard let low = map["min"], let high = map["max"] else {
        throw error("expected 'range' to have 'min' and 'max'", at: node)
      }
      return (try number(low, field: "range.min"), try number(high, field: "range.max"))
    default:
      throw error("expected 'range' to be [min, max], for example [200, 350], found \(kind(node))", at: node)
    }
  }
}
