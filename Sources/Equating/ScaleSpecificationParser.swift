import ItemBenchCore
import ItemBenchYAML
import Yams

/// Reading a scale file (the format is shown on ``ScaleSpecification``) with the shared
/// ``MappingReader``: every field is checked on its own and every problem is reported, in field
/// order after the unknown fields, each at the line and column of the value at fault.
///
/// Invalid YAML, an empty file, a top level that is not a mapping and a `format` this build does
/// not read stop at once (a newer format may have other fields, so nothing else is checked).
/// Numbers are decimal only (``DecimalSyntax``): `"300"`, `0x12C` or `.inf` are errors, never a
/// converted value; `clamp` takes the YAML 1.1 booleans (`true`, `yes`, `on`, …) written plainly.
extension ScaleSpecification {
  static let supportedFormat = 1
  static let keys = [
    "format", "range", "passing_score", "cut", "mapping", "rounding", "decimals", "clamp", "standard_setting",
  ]

  /// Parses scale-file YAML; errors carry the line and column of the value at fault.
  public static func parse(_ text: String, file: String) throws -> ScaleSpecification {
    let root: Node
    switch YAMLSource.compose(text, file: file) {
    case .failure(let problem): throw failure([problem], file)
    case .success(nil):
      throw ScaleFileError(
        "the scale file is empty; expected a mapping with range, passing_score, cut and mapping",
        at: SourceLocation(file: file, line: 1, column: 1))
    case .success(let node?): root = node
    }
    var problems: [Diagnostic] = []
    guard var top = MappingReader(root, file: file, context: "the scale file", diagnostics: &problems) else {
      throw failure(problems, file)
    }
    try checkFormat(&top)
    top.reportUnknownKeysListing(known: keys)
    // standard_setting: provenance written by `itembench standard-setting`
    // (docs/standard-setting.md); a mapping, not used for scoring.
    if let node = top.value("standard_setting"), node.kind != .mapping {
      top.error("expected 'standard_setting' to be a mapping, found \(top.written(node))", at: node)
    }
    let range = readRange(&top)
    let passing = readPassingScore(&top, range: range)
    let cut = readCut(&top)
    let mapping = readMapping(&top)
    // Optional fields: absent means the default; a value that is present but wrong leaves a
    // problem, so the defaults below are never used in its place.
    let rounding = top.choice("rounding", Rounding.self) ?? .nearest
    let decimals = readDecimals(&top) ?? 0
    let clamp = readClamp(&top) ?? true
    guard top.diagnostics.isEmpty, let range, let passing, let cut, let mapping else {
      throw failure(top.diagnostics, file)
    }
    let specification = ScaleSpecification(
      minimum: range.low, maximum: range.high, passingScore: passing, cut: cut, mapping: mapping,
      rounding: rounding, decimals: decimals, clamp: clamp)
    guard passing - specification.unit >= range.low || !specification.clamp else {
      throw ScaleFileError(
        "the range minimum must be at least one reported unit below passing_score so that failing scores can be reported",
        at: top.location(range.node))
    }
    return specification
  }

  /// Throws unless `format` is absent or a version this build reads.
  private static func checkFormat(_ top: inout MappingReader<Node>) throws {
    guard let node = top.value("format") else { return }
    guard let version = top.decimalWholeNumber(node), version >= 1 else {
      throw ScaleFileError(
        "expected 'format' to be the file-format version, a whole number from 1, found \(top.written(node))",
        at: top.location(node))
    }
    guard version <= supportedFormat else {
      throw ScaleFileError(
        "unsupported format version \(version); this ItemBench reads scale files up to format \(supportedFormat)",
        at: top.location(node))
    }
  }

  /// A number anywhere in ``InputLimits/scaleValue``.
  private static func scaleNumber(_ node: Node, _ label: String, _ reader: inout MappingReader<Node>) -> Double? {
    reader.decimalNumber(node, in: InputLimits.scaleValue, label: label, expected: "a number")
  }

  /// `range: [min, max]` or `range: {min: …, max: …}`, min < max.
  private static func readRange(_ top: inout MappingReader<Node>) -> (low: Double, high: Double, node: Node)? {
    guard let node = top.value("range") else {
      top.missing("range", expected: "[min, max], for example [200, 350]")
      return nil
    }
    let low: Double?
    let high: Double?
    switch node.kind {
    case .sequence:
      let bounds = node.elements
      guard bounds.count == 2 else {
        top.error("expected 'range' to be [min, max] with two numbers, found \(bounds.count)", at: node)
        return nil
      }
      low = scaleNumber(bounds[0], "'range min'", &top)
      high = scaleNumber(bounds[1], "'range max'", &top)
    case .mapping:
      guard var section = top.section("range") else { return nil }
      section.reportUnknownKeysListing(known: ["min", "max"])
      if !section.has("min") || !section.has("max") {
        section.error("expected 'range' to have 'min' and 'max'", at: node)
      }
      low = section.value("min").flatMap { scaleNumber($0, "'range.min'", &section) }
      high = section.value("max").flatMap { scaleNumber($0, "'range.max'", &section) }
      top.absorb(section)
    default:
      top.error("expected 'range' to be [min, max], for example [200, 350], found \(top.written(node))", at: node)
      return nil
    }
    guard let low, let high else { return nil }
    guard low < high else {
      top.error("expected range min < max; got [\(formatNumber(low)), \(formatNumber(high))]", at: node)
      return nil
    }
    return (low, high, node)
  }

  /// `passing_score`: above the range minimum and at most its maximum.
  private static func readPassingScore(
    _ top: inout MappingReader<Node>, range: (low: Double, high: Double, node: Node)?
  ) -> Double? {
    guard let node = top.value("passing_score") else {
      top.missing("passing_score", expected: "a number within the range, for example 300")
      return nil
    }
    guard let passing = scaleNumber(node, "'passing_score'", &top) else { return nil }
    if let (low, high, _) = range, !(passing > low && passing <= high) {
      top.error(
        "expected passing_score above the range minimum and at most the maximum "
          + "(\(formatNumber(low)) < passing ≤ \(formatNumber(high))); got \(formatNumber(passing))", at: node)
      return nil
    }
    return passing
  }

  /// `cut: {theta: …}` or `cut: {raw: …}`, exactly one of the two.
  private static func readCut(_ top: inout MappingReader<Node>) -> Cut? {
    guard top.has("cut") else {
      top.missing("cut", expected: "{theta: θ on the base scale} or {raw: number correct on the base form}")
      return nil
    }
    guard var section = top.section("cut") else { return nil }
    defer { top.absorb(section) }
    section.reportUnknownKeysListing(known: ["theta", "raw"])
    switch (section.value("theta"), section.value("raw")) {
    case (let theta?, nil):
      return scaleNumber(theta, "'cut.theta'", &section).map(Cut.theta)
    case (nil, let raw?):
      let longestForm = Double(InputLimits.formLength.upperBound)
      return section.decimalNumber(raw, in: 0...longestForm, label: "'cut.raw'", expected: "a number").map(Cut.raw)
    case (_?, _?):
      section.error("give the cut either as 'theta' or as 'raw', not both", at: section.node)
    case (nil, nil):
      section.error(
        "expected 'cut' to have 'theta' (θ on the base scale) or 'raw' (number correct on the base form)",
        at: section.node)
    }
    return nil
  }

  /// `mapping: {type: linear-theta, slope: …}` or `mapping: piecewise-raw` (also as `{type: …}`).
  private static func readMapping(_ top: inout MappingReader<Node>) -> Mapping? {
    guard let node = top.value("mapping") else {
      top.missing("mapping", expected: "{type: linear-theta, slope: …} or piecewise-raw")
      return nil
    }
    var typeNode = node
    var slopeNode: Node?
    if node.kind == .mapping, var section = top.section("mapping") {
      section.reportUnknownKeysListing(known: ["type", "slope"])
      let type = section.value("type")
      slopeNode = section.value("slope")
      if type == nil { section.error("expected 'mapping' to have 'type' (linear-theta or piecewise-raw)", at: node) }
      top.absorb(section)
      guard let type else { return nil }
      typeNode = type
    }
    guard let type = top.scalarText(typeNode, field: "mapping.type") else { return nil }
    switch type {
    case "linear-theta":
      guard let slopeNode else {
        top.error(
          "mapping 'linear-theta' needs 'slope' (reported points per θ unit), for example {type: linear-theta, slope: 25}",
          at: node)
        return nil
      }
      guard let slope = scaleNumber(slopeNode, "'mapping.slope'", &top) else { return nil }
      guard slope > 0 else {
        top.error("expected mapping.slope > 0; got \(formatNumber(slope))", at: slopeNode)
        return nil
      }
      return .linearTheta(slope: slope)
    case "piecewise-raw":
      if let slopeNode {
        top.error("'slope' applies only to mapping type linear-theta", at: slopeNode)
        return nil
      }
      return .piecewiseRaw
    default:
      let types = ["linear-theta", "piecewise-raw"]
      top.error(
        "unknown mapping type '\(type)'\(EditDistance.didYouMean(type, among: types)); expected linear-theta or piecewise-raw",
        at: typeNode)
      return nil
    }
  }

  /// `decimals`: 0 to 4 decimals of reported scores.
  private static func readDecimals(_ top: inout MappingReader<Node>) -> Int? {
    guard let node = top.value("decimals") else { return nil }
    guard let decimals = top.decimalWholeNumber(node) else {
      top.error("expected 'decimals' to be a whole number, found \(top.written(node))", at: node)
      return nil
    }
    guard (0...4).contains(decimals) else {
      top.error("expected decimals between 0 and 4; got \(decimals)", at: node)
      return nil
    }
    return decimals
  }

  /// `clamp`: a YAML 1.1 boolean written plainly (`true`, `false`, `yes`, `no`, `on`, `off`).
  private static func readClamp(_ top: inout MappingReader<Node>) -> Bool? {
    guard let node = top.value("clamp") else { return nil }
    guard node.kind == .scalar, node.isPlainScalar, let clamp = node.bool else {
      top.error("expected 'clamp' to be true or false, found \(top.written(node))", at: node)
      return nil
    }
    return clamp
  }

  /// The error for `problems` (the first, with the rest as its others).
  private static func failure(_ problems: [Diagnostic], _ file: String) -> ScaleFileError {
    ScaleFileError(problems: problems, unreadable: "the scale file could not be read", file: file)
  }
}
