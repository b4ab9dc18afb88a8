import ArgumentParser
import Equating
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// `itembench link`: put a new form's parameters on the base scale through its anchors.
struct LinkCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "link",
    abstract: "Find the linking constants A and B (θ_base = A·θ_new + B) from the anchor items.",
    discussion: """
      Anchors are the item ids present in both files (or --anchors). Characteristic-curve methods \
      use plink's criterion by default: new → base, θ grid −4:4:0.05, equal weights. Every anchor \
      is screened for drift (robust z of b* − b_base and ln(a*/a_base) above 2.7); flagged anchors \
      make the command exit 1 so you can --exclude them and relink. --out writes the new form's \
      parameters on the base scale (JSON, or CSV for a .csv path). See docs/equating.md.
      """
  )

  @Option(help: "The base form's parameter file (JSON or CSV).")
  var base: String

  @Option(help: "The new form's parameter file (JSON or CSV).")
  var new: String

  @Option(help: "mean-mean, mean-sigma, haebara or stocking-lord.")
  var method: String

  @Option(parsing: .unconditional, help: "θ points of the characteristic-curve criterion as MIN:MAX:STEP.")
  var grid: String = "-4:4:0.05"

  @Option(help: "Weights of the grid points: uniform or normal.")
  var weights: String = GridWeights.uniform.rawValue

  @Flag(help: "Minimise the criterion in both directions (new → base plus base → new).")
  var symmetric = false

  @Option(help: "Criterion direction when not symmetric: new-to-base (plink's default) or base-to-new.")
  var direction: String = LinkingDirection.newToBase.rawValue

  @Option(parsing: .singleValue, help: "Anchor ids (comma-separated or repeated); default: every id in both files.")
  var anchors: [String] = []

  @Option(
    parsing: .singleValue, help: "Anchor ids to leave out (comma-separated or repeated), for example a drifted item.")
  var exclude: [String] = []

  @Flag(name: .customLong("fix-slope"), help: "Hold A = 1 (automatic when both files are Rasch).")
  var fixSlope = false

  @Option(
    name: .customLong("drift-threshold"), parsing: .unconditional, help: "Robust-z threshold of the drift screen.")
  var driftThreshold: Double = 2.7

  @Option(
    name: .customLong("min-anchors"), parsing: .unconditional,
    help: "The fewest anchor items a link may rest on (default \(LinkingOptions.defaultMinimumAnchors)).")
  var minimumAnchors: Int = LinkingOptions.defaultMinimumAnchors

  @Option(help: "text (default) or json: {\"A\": …, \"B\": …, \"method\": …, \"anchors\": […], …}.")
  var format: String = "text"

  @Option(help: "Write the new form's parameters on the base scale to this file.")
  var out: String?

  func validate() throws {
    try OptionCheck.number("--drift-threshold", driftThreshold, in: 0...100, excludingLower: true)
    try OptionCheck.integer("--min-anchors", minimumAnchors, in: 1...InputLimits.formLength.upperBound)
  }

  func run() throws {
    guard let method = LinkingMethod(rawValue: method) else {
      Console.error(
        "error: unknown linking method '\(method)'\(EditDistance.didYouMean(method, among: LinkingMethod.allCases.map(\.rawValue))); expected mean-mean, mean-sigma, haebara or stocking-lord"
      )
      throw ExitStatus.usage
    }
    guard let weights = GridWeights(rawValue: weights) else {
      Console.error("error: unknown weights '\(weights)'; expected uniform or normal")
      throw ExitStatus.usage
    }
    guard let direction = LinkingDirection(rawValue: direction), direction != .symmetric || symmetric else {
      Console.error(
        "error: unknown direction '\(direction)'; expected new-to-base or base-to-new (use --symmetric for both)")
      throw ExitStatus.usage
    }
    guard format == "text" || format == "json" else {
      Console.error("error: unknown format '\(format)'; expected text or json")
      throw ExitStatus.usage
    }
    let baseFile = try EquatingInput.parameters(base)
    let newFile = try EquatingInput.parameters(new)
    var options = LinkingOptions(method: method)
    options.grid = try EquatingInput.run { try ThetaGrid.parse(grid) }
    options.weights = weights
    options.direction = symmetric ? .symmetric : direction
    let split = { (values: [String]) in
      values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }
    if !anchors.isEmpty { options.anchors = split(anchors) }
    options.exclude = split(exclude)
    if fixSlope { options.fixSlope = true }
    options.driftThreshold = driftThreshold
    options.minimumAnchors = minimumAnchors
    let result = try EquatingInput.run { try Linking.link(base: baseFile, new: newFile, options: options) }

    if let out {
      let linked = try result.transformation.transform(newFile)
      let text = URL(fileURLWithPath: out).pathExtension.lowercased() == "csv" ? linked.csvText() : linked.jsonText()
      try EquatingInput.emit(text, to: out)
    }
    if format == "json" {
      print(result.jsonValue().rendered(pretty: true))
    } else {
      print(render(result))
    }
    if !result.flaggedAnchors.isEmpty {
      Console.error(
        "warning: anchors flagged for drift: \(result.flaggedAnchors.joined(separator: ", ")); consider --exclude and relinking"
      )
      throw ExitStatus.findings
    }
  }

  func render(_ result: LinkingResult) -> String {
    var lines: [String] = []
    let forms = "\(result.newForm ?? new) -> \(result.baseForm ?? base)"
    var how = result.method.rawValue
    if let direction = result.direction { how += " (\(direction.rawValue); \(result.criterionPoints ?? ""))" }
    lines.append(
      "link \(forms): \(how), \(result.anchors.count) anchors\(result.excluded.isEmpty ? "" : ", excluded \(result.excluded.joined(separator: ", "))")"
    )
    lines.append("A = \(formatDecimal(result.A, places: 6))\(result.slopeFixed ? " (fixed)" : "")")
    lines.append("B = \(formatDecimal(result.B, places: 6))")
    if let criterion = result.criterion {
      lines.append(
        "criterion \(String(format: "%.6g", criterion)) after \(result.iterations) Levenberg-Marquardt iterations (converged)"
      )
    }
    lines.append("drift screen: \(result.driftRule)")
    let rows = result.drift.map { item -> [String] in
      [
        item.id, formatDecimal(item.bDisplacement, places: 4), item.bZ.map { formatDecimal($0, places: 2) } ?? "",
        formatDecimal(item.logSlopeRatio, places: 4), item.aZ.map { formatDecimal($0, places: 2) } ?? "",
        item.flagged ? "DRIFT" : "",
      ]
    }
    lines.append(TextTable.render(header: ["anchor", "b*-b", "z_b", "ln(a*/a)", "z_a", "flag"], rows: rows))
    return lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
  }
}
