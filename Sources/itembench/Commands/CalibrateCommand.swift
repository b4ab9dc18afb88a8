import ArgumentParser
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// `itembench calibrate`: IRT item parameters from a response file by marginal maximum likelihood.
struct CalibrateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calibrate",
    abstract: "Estimate IRT item parameters (Rasch, 1PL, 2PL, 3PL) by Bock–Aitkin EM.",
    discussion: """
      Model: P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))), D = --scaling-constant (1; 1.7 for the \
      normal-ogive metric). rasch: slopes fixed at 1, latent SD estimated; 1pl: one common slope, \
      θ ~ N(0, 1); 2pl; 3pl with a Beta(5, 17) prior on c unless --c-prior says otherwise. \
      Marginal maximum likelihood (MAP with priors) by EM on 61 quadrature points over [−6, 6], \
      SQUAREM acceleration; converged when no parameter changes by more than --tolerance (1e-4) \
      in an EM step. Standard errors: observed information (numerically differentiated analytic \
      score) for small problems, cross-product information for large ones (--se). With --fixed, \
      the listed items keep their parameters and the others are put on their scale (latent mean \
      and SD estimated). Progress goes to standard error; -q silences it. Exit status 1 when EM \
      did not converge (the output is still written). See docs/calibration.md.
      """
  )

  @Argument(help: "The response CSV file.")
  var responses: String

  @Option(help: "The model: \(IRTModelRegistry.shared.names.joined(separator: ", ")).")
  var model: String = "2pl"

  @Option(
    name: .customLong("scaling-constant"), parsing: .unconditional,
    help: "D in P(θ); 1.7 approximates the normal-ogive metric.")
  var scalingConstant: Double = 1

  @Option(name: .customLong("fixed"), help: "A parameter file whose items are held at their values (anchors).")
  var fixed: String?

  @Option(name: .customLong("out"), help: "Write the parameter file here (atomically) instead of standard output.")
  var out: String?

  @Option(help: "json or csv.")
  var format: String = "json"

  @Option(name: .customLong("quadrature-points"), parsing: .unconditional, help: "Number of quadrature points.")
  var quadraturePoints: Int = 61

  @Option(
    name: .customLong("quadrature-bound"), parsing: .unconditional, help: "Quadrature on [−B, B] in latent SD units.")
  var quadratureBound: Double = 6

  @Option(parsing: .unconditional, help: "Convergence: largest parameter change in one EM step.")
  var tolerance: Double = 1e-4

  @Option(name: .customLong("max-iterations"), parsing: .unconditional, help: "The most EM iterations.")
  var maxIterations: Int = 2000

  @Option(help: "EM acceleration: squarem or none.")
  var acceleration: String = EMAcceleration.squarem.rawValue

  @Option(name: .customLong("se"), help: "Standard errors: auto, observed, crossproduct or none.")
  var standardErrors: String = StandardErrorMethod.automatic.rawValue

  @Option(name: .customLong("c-prior"), help: "Beta prior on c as ALPHA,BETA, or none (3pl default 5,17).")
  var cPrior: String?

  @Option(
    name: .customLong("a-prior"), parsing: .unconditional,
    help: "Log-normal prior on a as MEAN,SD of log a, or none (default none).")
  var aPrior: String?

  @Option(
    name: .customLong("b-prior"), parsing: .unconditional, help: "Normal prior on b as MEAN,SD, or none (default none)."
  )
  var bPrior: String?

  @Option(help: "The form the responses come from (written to the parameter file).")
  var form: String?

  @Option(help: "The administration date YYYY-MM-DD (written to the parameter file).")
  var date: String?

  @Flag(name: .shortAndLong, help: "No progress output.")
  var quiet = false

  @Flag(help: "Print the time spent reading, estimating and in standard errors to standard error.")
  var timing = false

  @OptionGroup var responseOptions: ResponseOptions

  func validate() throws {
    guard IRTModelRegistry.shared.model(named: model) != nil else {
      let names = IRTModelRegistry.shared.names
      throw ValidationError(
        "unknown model '\(model)'\(EditDistance.didYouMean(model, among: names)); expected one of \(names.joined(separator: ", "))"
      )
    }
    guard ["json", "csv"].contains(format) else {
      throw ValidationError("--format must be json or csv; got '\(format)'")
    }
    try OptionCheck.number("--scaling-constant", scalingConstant, in: 0...10, excludingLower: true)
    try OptionCheck.integer("--quadrature-points", quadraturePoints, in: 5...InputLimits.quadraturePoints.upperBound)
    try OptionCheck.number("--quadrature-bound", quadratureBound, in: 0...100, excludingLower: true)
    try OptionCheck.number("--tolerance", tolerance, in: 0...1, excludingLower: true)
    try OptionCheck.integer("--max-iterations", maxIterations, in: InputLimits.iterations)
    guard EMAcceleration(rawValue: acceleration) != nil else {
      throw ValidationError("--acceleration must be squarem or none")
    }
    guard StandardErrorMethod(rawValue: standardErrors) != nil else {
      throw ValidationError("--se must be auto, observed, crossproduct or none")
    }
    if let date, let problem = CalendarDate.problem(date) { throw ValidationError("--date: \(problem)") }
    if let form, let problem = Identifier.problem(form) { throw ValidationError("--form: \(problem)") }
    _ = try priors()
  }

  /// Parses `MEAN,SD` / `ALPHA,BETA` / `none`.
  static func pair(_ text: String, option: String) throws -> (Double, Double)? {
    if text == "none" { return nil }
    let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard parts.count == 2, let first = parts[0], let second = parts[1], second > 0 else {
      throw ValidationError("\(option) expects two numbers 'X,Y' (the second positive) or 'none'; got '\(text)'")
    }
    return (first, second)
  }

  /// The priors asked for, or nil for the model's default.
  func priors() throws -> ItemPriors? {
    guard cPrior != nil || aPrior != nil || bPrior != nil else { return nil }
    var priors = ItemPriors()
    if model.lowercased() == "3pl" { priors.guessing = ItemPriors.defaultGuessing }
    if let cPrior {
      if let pair = try Self.pair(cPrior, option: "--c-prior") {
        guard pair.0 > 0 else { throw ValidationError("--c-prior needs ALPHA > 0") }
        priors.guessing = (alpha: pair.0, beta: pair.1)
      } else {
        priors.guessing = nil
      }
    }
    if let aPrior { priors.slope = try Self.pair(aPrior, option: "--a-prior").map { (mean: $0.0, sd: $0.1) } }
    if let bPrior { priors.difficulty = try Self.pair(bPrior, option: "--b-prior").map { (mean: $0.0, sd: $0.1) } }
    return priors
  }

  func run() throws {
    let clock = ContinuousClock()
    let started = clock.now
    let chosenPriors = try priors()
    guard let irtModel = IRTModelRegistry.shared.model(named: model, priors: chosenPriors) else {
      throw ExitStatus.usage
    }
    if chosenPriors?.slope != nil && !irtModel.sharedParameterIndices.isEmpty {
      Console.error(
        "warning: --a-prior is not applied to a common slope (\(irtModel.name)): it would count once per item")
    }
    var fixedItems: [ItemParameters] = []
    if let fixed {
      let file = try readParameters(fixed)
      if abs(file.scalingConstant - scalingConstant) > 1e-12 {
        Console.error(
          "warning: \(fixed): scaling constant D = \(formatDecimal(file.scalingConstant, places: 3)) differs from --scaling-constant \(formatDecimal(scalingConstant, places: 3)); the fixed parameters are used as written"
        )
      }
      fixedItems = file.items
    }
    let matrix = try responseOptions.load(responses)
    let loaded = clock.now
    let report: @Sendable (CalibrationProgress) -> Void = { progress in
      Console.error(
        "iteration \(progress.iteration): log-likelihood \(formatDecimal(progress.logLikelihood, places: 4)), largest change \(formatDecimal(progress.largestChange, places: 6))"
      )
    }
    var options = CalibrationOptions(
      scalingConstant: scalingConstant, quadraturePoints: quadraturePoints,
      quadratureRange: -quadratureBound...quadratureBound, tolerance: tolerance,
      maximumIterations: maxIterations, acceleration: EMAcceleration(rawValue: acceleration) ?? .squarem,
      standardErrors: StandardErrorMethod(rawValue: standardErrors) ?? .automatic, fixed: fixedItems,
      progress: quiet ? nil : report)
    options.missingResponses = responseOptions.missingResponses
    let result: CalibrationResult
    do {
      result = try Calibrator(model: irtModel, options: options).calibrate(matrix)
    } catch let error as CalibrationError {
      Console.report(error, in: responses)
      throw ExitStatus.usage
    }
    for warning in result.warnings { Console.error(warning.description) }
    var file = result.parameters
    file.form = form
    file.date = date
    let text = format == "csv" ? file.csvText() : file.jsonText()
    if format == "csv" {
      // The CSV layout holds item parameters only; say what a reader of it will not know.
      var lost: [String] = []
      if file.scalingConstant != 1 { lost.append("D = \(file.scalingConstant) (CSV readers assume D = 1)") }
      if abs(file.latent.mean) > 1e-9 || abs(file.latent.sd - 1) > 1e-9 {
        lost.append(
          "the latent distribution N(\(formatDecimal(file.latent.mean, places: 4)), \(formatDecimal(file.latent.sd, places: 4))²)"
        )
      }
      if !lost.isEmpty {
        Console.error(
          "warning: --format csv does not record \(lost.joined(separator: " or ")); use --format json to keep them")
      }
    }
    do {
      try Console.emit(text, to: out)
    } catch let error as AtomicFile.WriteError {
      Console.report(error)
      throw ExitStatus.usage
    }
    let finished = clock.now
    if !quiet {
      let converged = file.converged == true ? "converged" : "NOT converged"
      Console.error(
        "\(file.model): \(file.items.count) items, \(result.candidateCount) candidates (\(result.patternCount) distinct patterns); log-likelihood \(formatDecimal(file.logLikelihood ?? 0, places: 4)); \(converged) after \(file.iterations ?? 0) iterations; standard errors: \(result.standardErrorMethod.rawValue)"
      )
    }
    if timing {
      Console.error(
        "timing: read \(Console.seconds(loaded - started)), EM \(formatDecimal(result.emSeconds, places: 3)) s, standard errors \(formatDecimal(result.standardErrorSeconds, places: 3)) s, total \(Console.seconds(finished - started)), E-step additions \(CalibrationWork.eStepAdditions)"
      )
    }
    if file.converged != true { throw ExitStatus.findings }
  }
}
