import ArgumentParser
import Equating
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// `itembench mixed`: forms with polytomous (partial-credit) items: calibration, linking,
/// equating and scoring under the GPCM and GRM beside 2PL/3PL items.
struct MixedFormatCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mixed",
    abstract: "Mixed-format forms (multiple choice + partial credit): calibrate, link, equate, score.",
    discussion: """
      Item scores are read from CSV (a header naming the items, optionally a first column \
      'candidate'; cells 0…m or empty). Parameter files use the mixed-format JSON layout \
      ("model": "mixed"); ordinary parameter files are read as forms of dichotomous items. \
      See docs/polytomous.md.
      """,
    subcommands: [
      MixedCalibrateCommand.self, MixedLinkCommand.self, MixedEquateCommand.self, MixedScoreCommand.self,
    ]
  )
}

/// Reading and writing shared by the `mixed` subcommands.
enum MixedFormatInput {
  static func parameters(_ path: String) throws -> MixedFormatParameterFile {
    do {
      var file = try MixedFormatParameterFile.read(path: path)
      if file.form == nil { file.form = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }
      return file
    } catch let error as ParameterFileError {
      Console.report(error)
      throw ExitStatus.usage
    }
  }

  static func scores(_ path: String) throws -> ScoredResponses {
    do {
      return try ScoredResponses.read(path: path)
    } catch let error as CSVRecordsError {
      Console.report(error)
      throw ExitStatus.usage
    } catch let error as CalibrationError {
      Console.report(error, in: path)
      throw ExitStatus.usage
    }
  }

  /// Runs `body`, turning library errors (calibration ones too) into a message and exit status 2.
  static func run<T>(_ body: () throws -> T) throws -> T {
    do {
      return try EquatingInput.run(body)
    } catch let error as CalibrationError {
      Console.report(error)
      throw ExitStatus.usage
    }
  }
}

/// `itembench mixed calibrate`.
struct MixedCalibrateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calibrate",
    abstract: "Calibrate 2PL/3PL and GPCM/GRM items together by marginal maximum likelihood (EM).",
    discussion: """
      Items scored 0/1 are calibrated under --dichotomous-model, items with scores above 1 under \
      --model; --item-model ID=MODEL overrides either for one item. θ ~ N(0, 1) fixes the scale.
      """
  )

  @Argument(help: "The item-score CSV file.")
  var scores: String

  @Option(help: "Model of the polytomous items: gpcm or grm.")
  var model: String = "gpcm"

  @Option(name: .customLong("dichotomous-model"), help: "Model of the 0/1 items: 2pl or 3pl.")
  var dichotomousModel: String = "2pl"

  @Option(name: .customLong("item-model"), help: "ID=MODEL for one item (repeatable): 2pl, 3pl, gpcm or grm.")
  var itemModels: [String] = []

  @Option(name: .customLong("scaling-constant"), parsing: .unconditional, help: "D in every item's formula.")
  var scalingConstant: Double = 1

  @Option(name: .customLong("quadrature-points"), parsing: .unconditional, help: "Points on [-6, 6].")
  var quadraturePoints: Int = 61

  @Option(parsing: .unconditional, help: "Convergence: largest parameter change in one EM step.")
  var tolerance: Double = 1e-6

  @Option(name: .customLong("max-iterations"), parsing: .unconditional, help: "The most EM steps.")
  var maxIterations: Int = 5000

  @Option(name: .customLong("se"), help: "Standard errors: crossproduct or none.")
  var standardErrors: String = "crossproduct"

  @Option(name: .customLong("c-prior"), help: "Beta prior on the 3PL c as ALPHA,BETA (default 5,17).")
  var cPrior: String = "5,17"

  @Option(help: "The form the scores come from (written to the parameter file).")
  var form: String?

  @Option(name: .customLong("out"), help: "Write the parameter file here (atomically) instead of standard output.")
  var output: String?

  func validate() throws {
    guard let polytomous = MixedFormatItemModel(rawValue: model), polytomous.isPolytomous else {
      throw ValidationError("--model must be gpcm or grm; got '\(model)'")
    }
    guard let dichotomous = MixedFormatItemModel(rawValue: dichotomousModel), !dichotomous.isPolytomous else {
      throw ValidationError("--dichotomous-model must be 2pl or 3pl; got '\(dichotomousModel)'")
    }
    _ = try overrides()
    try OptionCheck.number("--scaling-constant", scalingConstant, in: 0...10, excludingLower: true)
    try OptionCheck.integer("--quadrature-points", quadraturePoints, in: 5...InputLimits.quadraturePoints.upperBound)
    try OptionCheck.number("--tolerance", tolerance, in: 0...1, excludingLower: true)
    try OptionCheck.integer("--max-iterations", maxIterations, in: InputLimits.iterations)
    guard ["crossproduct", "none"].contains(standardErrors) else {
      throw ValidationError("--se must be crossproduct or none; got '\(standardErrors)'")
    }
    guard let prior = try CalibrateCommand.pair(cPrior, option: "--c-prior"), prior.0 > 0 else {
      throw ValidationError("--c-prior expects ALPHA,BETA with both positive")
    }
    if let form, let problem = Identifier.problem(form) { throw ValidationError("--form: \(problem)") }
  }

  /// `--item-model` as id → model.
  func overrides() throws -> [String: MixedFormatItemModel] {
    var result: [String: MixedFormatItemModel] = [:]
    for text in itemModels {
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let model = MixedFormatItemModel(rawValue: parts[1]) else {
        throw ValidationError("--item-model expects ID=MODEL with MODEL one of 2pl, 3pl, gpcm, grm; got '\(text)'")
      }
      guard result.updateValue(model, forKey: parts[0]) == nil else {
        throw ValidationError("--item-model names '\(parts[0])' twice")
      }
    }
    return result
  }

  func run() throws {
    let responses = try MixedFormatInput.scores(scores)
    let overrides = try overrides()
    for id in overrides.keys.sorted() where !responses.itemIDs.contains(id) {
      Console.error(
        "error: --item-model names '\(id)', which is not a column of \(scores)\(EditDistance.didYouMean(id, among: responses.itemIDs))"
      )
      throw ExitStatus.usage
    }
    let frequencies = responses.categoryFrequencies()
    let polytomous = MixedFormatItemModel(rawValue: model) ?? .gpcm
    let dichotomous = MixedFormatItemModel(rawValue: dichotomousModel) ?? .twoPL
    let models = responses.itemIDs.enumerated().map { j, id in
      overrides[id] ?? (frequencies[j].count > 2 ? polytomous : dichotomous)
    }
    var options = MixedFormatCalibrationOptions()
    options.scalingConstant = scalingConstant
    options.quadrature = .normal(count: quadraturePoints)
    options.tolerance = tolerance
    options.maximumIterations = maxIterations
    options.standardErrors = standardErrors == "crossproduct"
    if let prior = try CalibrateCommand.pair(cPrior, option: "--c-prior") { options.guessingPrior = prior }
    options.form = form
    let result = try MixedFormatInput.run {
      try MixedFormatCalibrator.calibrate(responses, models: models, options: options)
    }
    for warning in result.warnings { Console.error(warning.description) }
    try EquatingInput.emit(result.parameters.jsonText(), to: output)
  }
}

/// Characteristic-curve options shared by `mixed link`.
struct MixedLinkCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "link",
    abstract: "Link a mixed-format form to the base scale (Haebara or Stocking–Lord over category curves).",
    discussion: """
      Prints the constants as JSON (A, B, anchors, criterion); --out writes the new form's \
      parameters on the base scale.
      """
  )

  @Option(help: "The base form's parameter file.")
  var base: String

  @Option(help: "The new form's parameter file (its own scale).")
  var new: String

  @Option(help: "haebara (default) or stocking-lord.")
  var method: String = "haebara"

  @Option(help: "new-to-base (default), base-to-new or symmetric.")
  var direction: String = "new-to-base"

  @Option(name: .customLong("anchor"), help: "An anchor id (repeatable); default: every id in both files.")
  var anchors: [String] = []

  @Option(name: .customLong("min-anchors"), parsing: .unconditional, help: "The fewest anchors accepted.")
  var minimumAnchors: Int = LinkingOptions.defaultMinimumAnchors

  @Option(name: .customLong("out"), help: "Write the new parameters on the base scale here.")
  var output: String?

  @Option(name: .customLong("constants"), help: "Write the constants (JSON) here instead of standard output.")
  var constants: String?

  func validate() throws {
    guard let method = LinkingMethod(rawValue: method), method.isCharacteristicCurve else {
      throw ValidationError("--method must be haebara or stocking-lord; got '\(method)'")
    }
    guard LinkingDirection(rawValue: direction) != nil else {
      throw ValidationError("--direction must be new-to-base, base-to-new or symmetric; got '\(direction)'")
    }
    try OptionCheck.integer("--min-anchors", minimumAnchors, in: 1...10_000)
  }

  func run() throws {
    let baseFile = try MixedFormatInput.parameters(base)
    let newFile = try MixedFormatInput.parameters(new)
    var options = LinkingOptions(method: LinkingMethod(rawValue: method) ?? .haebara)
    options.direction = LinkingDirection(rawValue: direction) ?? .newToBase
    options.anchors = anchors.isEmpty ? nil : anchors
    options.minimumAnchors = minimumAnchors
    let result = try MixedFormatInput.run {
      try MixedFormatLinking.link(base: baseFile, new: newFile, options: options)
    }
    try EquatingInput.emit(result.jsonValue().rendered(pretty: true) + "\n", to: constants)
    if let output {
      // The mixed-format layout holds a/b/c and GPCM/GRM items; a registered model's vector
      // (a 4PL, say) would be lost, so such a file is not written.
      if let item = newFile.items.compactMap(\.dichotomous).first(where: { $0.modelParameters != nil }),
        let model = item.modelParameters?.name
      {
        Console.error(
          "error: \(new): item '\(item.id)' is of model \(model), which the mixed-format parameter file cannot hold; link it with 'itembench link' instead"
        )
        throw ExitStatus.usage
      }
      let linked = try MixedFormatInput.run { try result.transformation.transform(newFile) }
      try EquatingInput.emit(linked.jsonText(), to: output)
    }
  }
}

/// `itembench mixed equate`.
struct MixedEquateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "equate",
    abstract: "Equate a mixed-format form's raw scores 0…Σm to the base form; --scale adds the conversion table.",
    discussion: """
      Both parameter files must be on one scale (see 'itembench mixed link --out'). Columns raw, \
      theta, equated; with --scale those of 'itembench scale-table' (raw, theta, equated, scaled, \
      pass, csem).
      """
  )

  @Option(help: "The base form's parameter file.")
  var base: String

  @Option(help: "The new form's parameter file, on the base scale.")
  var new: String

  @Option(help: "true-score (default) or observed-score.")
  var method: String = "true-score"

  @Option(help: "A scale file (YAML): range, passing score, cut, mapping, rounding.")
  var scale: String?

  @Option(help: "Output file (CSV by default; .json or .md choose JSON or Markdown). Standard output when omitted.")
  var out: String?

  @Option(help: "csv, json or markdown (overrides the --out extension).")
  var format: String?

  func validate() throws {
    guard EquatingMethod(rawValue: method) != nil else {
      throw ValidationError("--method must be true-score or observed-score; got '\(method)'")
    }
  }

  func run() throws {
    let baseFile = try MixedFormatInput.parameters(base)
    let newFile = try MixedFormatInput.parameters(new)
    let exporter = try EquatingInput.exporter(format: format, out: out)
    let options = EquatingOptions(method: EquatingMethod(rawValue: method) ?? .trueScore)
    let result = try MixedFormatInput.run {
      try MixedFormatEquating.equate(base: baseFile, new: newFile, options: options)
    }
    var table = result.dataTable()
    if let scale {
      let specification: ScaleSpecification
      do {
        specification = try ScaleSpecification.read(path: scale)
      } catch let error as ScaleFileError {
        Console.report(error)
        throw ExitStatus.usage
      }
      let D = result.scalingConstant
      table = try MixedFormatInput.run {
        try ScaleTableBuilder.build(
          equating: result, base: MixedFormatCharacteristicCurve(items: baseFile.items, scalingConstant: D),
          new: MixedFormatCharacteristicCurve(items: newFile.items, scalingConstant: D), scale: specification
        ).dataTable()
      }
    }
    try EquatingInput.emit(try exporter.export(table), to: out)
  }
}

/// `itembench mixed score`.
struct MixedScoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "score",
    abstract: "EAP θ and posterior SD for each candidate from item scores on a mixed-format form.",
    discussion: """
      Columns candidate, raw, answered, theta, se. The prior is N(0, 1) on 61 points over [-6, 6] \
      unless --prior-mean/--prior-sd say otherwise. Items in the score file that the parameter \
      file lacks are an error.
      """
  )

  @Option(help: "The form's parameter file.")
  var parameters: String

  @Argument(help: "The item-score CSV file.")
  var scores: String

  @Option(name: .customLong("prior-mean"), parsing: .unconditional, help: "Mean of the normal prior.")
  var priorMean: Double = 0

  @Option(name: .customLong("prior-sd"), parsing: .unconditional, help: "SD of the normal prior.")
  var priorSD: Double = 1

  @Option(help: "Output file (CSV by default; .json or .md choose JSON or Markdown). Standard output when omitted.")
  var out: String?

  @Option(help: "csv, json or markdown (overrides the --out extension).")
  var format: String?

  func validate() throws {
    try OptionCheck.number("--prior-mean", priorMean, in: -10...10)
    try OptionCheck.number("--prior-sd", priorSD, in: 0...10, excludingLower: true)
  }

  func run() throws {
    let file = try MixedFormatInput.parameters(parameters)
    let responses = try MixedFormatInput.scores(scores)
    let exporter = try EquatingInput.exporter(format: format, out: out)
    var items: [MixedFormatItem] = []
    for id in responses.itemIDs {
      guard let item = file.item(id) else {
        Console.error(
          "error: \(scores): item '\(id)' has no parameters in \(parameters)\(EditDistance.didYouMean(id, among: file.items.map(\.id)))"
        )
        throw ExitStatus.usage
      }
      items.append(item)
    }
    let prior = Quadrature.normal(
      count: 61, lower: priorMean - 6 * priorSD, upper: priorMean + 6 * priorSD, mean: priorMean, sd: priorSD)
    var rows: [[DataTable.Cell]] = []
    for i in 0..<responses.candidateCount {
      let row = (0..<responses.itemCount).map { responses.score(candidate: i, item: $0) }
      let estimate: MixedFormatScoring.Estimate
      do {
        estimate = try MixedFormatScoring.expectedAPosteriori(
          scores: row, items: items, scalingConstant: file.scalingConstant, prior: prior)
      } catch let error as CalibrationError {
        Console.error("error: \(scores): candidate '\(responses.candidateIDs[i])': \(error.message)")
        throw ExitStatus.usage
      }
      let answered = row.compactMap { $0 }
      rows.append([
        .text(responses.candidateIDs[i]), .integer(answered.reduce(0, +)), .integer(answered.count),
        .decimal(estimate.theta, places: 4), .decimal(estimate.standardError, places: 4),
      ])
    }
    let table = DataTable(
      name: "mixed-scores",
      metadata: [
        ("parameters", URL(fileURLWithPath: parameters).lastPathComponent), ("method", "EAP"),
        (
          "prior",
          "N(\(formatDecimal(priorMean, places: 4)), \(formatDecimal(priorSD, places: 4))^2), 61 points on mean +/- 6 sd"
        ),
      ], columns: ["candidate", "raw", "answered", "theta", "se"], rows: rows)
    try EquatingInput.emit(try exporter.export(table), to: out)
  }
}
