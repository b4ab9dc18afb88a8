import Foundation
import ItemBenchCore
import Yams

/// A problem in a scale file, at `file:line:column`.
public struct ScaleFileError: DiagnosticError, Equatable {
  public var location: SourceLocation
  public var message: String
  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }
  public var diagnosticLocation: SourceLocation? { location }
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
    try reader.rejectUnknown(root, allowed: keys, context: "the scale file")
    if let node = top["format"] {
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
      _ = try reader.mapping(node, context: "'standard_setting'")
    }
    // range
    guard let rangeNode = top["range"] else {
      throw reader.missing("range", "[min, max], for example [200, 350]", in: root)
    }
    let (low, high) = try reader.range(rangeNode)
    guard low < high else {
      throw reader.error("expected range min < max; got [\(formatNumber(low)), \(formatNumber(high))]", at: rangeNode)
    }
    guard let passingNode = top["passing_score"] else {
      throw reader.missing("passing_score", "a number within the range, for example 300", in: root)
    }
    let passing = try reader.number(passingNode, field: "passing_score")
    guard passing > low, passing <= high else {
      throw reader.error(
        "expected passing_score above the range minimum and at most the maximum (\(formatNumber(low)) < passing ≤ \(formatNumber(high))); got \(formatNumber(passing))",
        at: passingNode)
    }
    // cut
    guard let cutNode = top["cut"] else {
      throw reader.missing("cut", "{theta: θ on the base scale} or {raw: number correct on the base form}", in: root)
    }
    let cutMap = try reader.mapping(cutNode, context: "'cut'")
    try reader.rejectUnknown(cutNode, allowed: ["theta", "raw"], context: "'cut'")
    let cut: Cut
    switch (cutMap["theta"], cutMap["raw"]) {
    case (let theta?, nil): cut = .theta(try reader.number(theta, field: "cut.theta"))
    case (nil, let raw?):
      let value = try reader.number(raw, field: "cut.raw")
      guard value >= 0, value <= Double(InputLimits.formLength.upperBound) else {
        throw reader.error(
          InputLimits.message("cut.raw", value, 0...Double(InputLimits.formLength.upperBound)), at: raw)
      }
      cut = .raw(value)
    case (_?, _?): throw reader.error("give the cut either as 'theta' or as 'raw', not both", at: cutNode)
    case (nil, nil):
      throw reader.error(
        "expected 'cut' to have 'theta' (θ on the base scale) or 'raw' (number correct on the base form)", at: cutNode)
    }
    // mapping
    guard let mappingNode = top["mapping"] else {
      throw reader.missing("mapping", "{type: linear-theta, slope: …} or piecewise-raw", in: root)
    }
    let mapping: Mapping
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
      mapping = .linearTheta(slope: slope)
    case "piecewise-raw":
      if let slopeNode { throw reader.error("'slope' applies only to mapping type linear-theta", at: slopeNode) }
      mapping = .piecewiseRaw
    default:
      throw reader.error(
        "unknown mapping type '\(type)'\(EditDistance.didYouMean(type, among: ["linear-theta", "piecewise-raw"])); expected linear-theta or piecewise-raw",
        at: typeNode)
    }
    var specification = ScaleSpecification(
      minimum: low, maximum: high, passingScore: passing, cut: cut, mapping: mapping)
    if let node = top["rounding"] {
      let name = try reader.text(node, field: "rounding")
      guard let rounding = Rounding(rawValue: name) else {
        throw reader.error(
          "unknown rounding '\(name)'\(EditDistance.didYouMean(name, among: Rounding.allCases.map(\.rawValue))); expected nearest, floor or ceiling",
          at: node)
      }
      specification.rounding = rounding
    }
    if let node = top["decimals"] {
      let decimals = try reader.integer(node, field: "decimals")
      guard (0...4).contains(decimals) else {
        throw reader.error("expected decimals between 0 and 4; got \(decimals)", at: node)
      }
      specification.decimals = decimals
    }
    if let node = top["clamp"] {
      guard case .scalar(let scalar) = node, scalar.style == .plain, let value = node.bool else {
        throw reader.error("expected 'clamp' to be true or false", at: node)
      }
      specification.clamp = value
    }
    guard passing - specification.unit >= low || !specification.clamp else {
      throw reader.error(
        "the range minimum must be at least one reported unit below passing_score so that failing scores can be reported",
        at: rangeNode)
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
