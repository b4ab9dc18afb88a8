import ArgumentParser
import ItemBenchCore
import ItemResponseTheory

/// `itembench score`: θ for each candidate from a parameter file.
struct ScoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "score",
    abstract: "Estimate each candidate's θ (EAP, MAP or ML) with its standard error and raw score.",
    discussion: """
      Model: P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))), D from the parameter file. EAP \
      (default): posterior mean and SD over 61 points on the prior mean ± 6 SDs with the parameter file's \
      latent N(mean, sd²) as prior. MAP: posterior mode, SE 1/√(I + 1/σ²). ML: likelihood \
      maximum by Fisher scoring within [−4, 4], SE 1/√I; all-correct / all-incorrect \
      candidates are reported at the fence with a flag. Omitted and not-reached responses follow \
      the scoring rule (--omitted, --not-reached; default: both wrong in candidates' scores). \
      See docs/analysis.md and docs/responses.md.
      """
  )

  @Argument(help: "The response CSV file.")
  var responses: String

  @Option(name: [.customLong("parameters"), .customLong("params")], help: "The parameter file (JSON or CSV).")
  var parameters: String

  @OptionGroup var responseOptions: ResponseOptions
  @OptionGroup var output: TableOutputOptions

  @Option(help: "eap, map or ml.")
  var method: String = ScoringMethod.eap.rawValue

  @Option(
    name: .customLong("prior-mean"), parsing: .unconditional,
    help: "Prior mean for EAP/MAP (default: the parameter file's latent mean).")
  var priorMean: Double?

  @Option(
    name: .customLong("prior-sd"), parsing: .unconditional,
    help: "Prior SD for EAP/MAP (default: the parameter file's latent SD).")
  var priorSD: Double?

  @Option(name: .customLong("quadrature-points"), parsing: .unconditional, help: "EAP quadrature points.")
  var quadraturePoints: Int = 61

  @Option(
    name: .customLong("quadrature-bound"), parsing: .unconditional,
    help: "EAP quadrature on the prior mean ± B prior SDs.")
  var quadratureBound: Double = 6

  @Option(
    name: .customLong("theta-bound"), parsing: .unconditional,
    help: "ML/MAP estimates are confined to [−B, B] (the fence).")
  var thetaBound: Double = 4

  @Flag(
    name: .customLong("omitted-as-incorrect"),
    help: "Score omitted responses as incorrect (the default now; kept for scripts: the same as --omitted wrong).")
  var omittedAsIncorrect = false

  func validate() throws {
    guard ScoringMethod(rawValue: method) != nil else {
      throw ValidationError("--method must be eap, map or ml; got '\(method)'")
    }
    try OptionCheck.integer("--quadrature-points", quadraturePoints, in: InputLimits.quadraturePoints)
    try OptionCheck.number("--quadrature-bound", quadratureBound, in: 0...100, excludingLower: true)
    try OptionCheck.number("--theta-bound", thetaBound, in: 0...100, excludingLower: true)
    if let priorMean { try OptionCheck.number("--prior-mean", priorMean, in: -100...100) }
    if let priorSD { try OptionCheck.number("--prior-sd", priorSD, in: 0...100, excludingLower: true) }
  }

  func run() throws {
    let parameterFile = try readParameters(parameters)
    let matrix = try responseOptions.load(responses)
    let prior = LatentDistribution(
      mean: priorMean ?? parameterFile.latent.mean, sd: priorSD ?? parameterFile.latent.sd)
    let options = ScoringOptions(
      method: ScoringMethod(rawValue: method) ?? .eap, prior: prior,
      quadraturePoints: quadraturePoints,
      quadratureRange: ScoringOptions.quadratureRange(prior: prior, bound: quadratureBound),
      bounds: -thetaBound...thetaBound, missingResponses: responseOptions.missingResponses,
      omittedAsIncorrect: omittedAsIncorrect ? true : nil)
    let result: ScoringResult
    do {
      result = try ThetaScoring.score(matrix, parameters: parameterFile, options: options)
    } catch let error as ScoringError {
      Console.report(error)
      throw ExitStatus.usage
    }
    warnAboutItemsWithoutParameters(result.itemsWithoutParameters)
    try output.emit(result.table())
  }
}

/// Reads a parameter file; problems are printed and become exit status 2.
func readParameters(_ path: String) throws -> ParameterFile {
  do {
    return try ParameterFile.read(path: path)
  } catch let error as ParameterFileError {
    Console.report(error)
    throw ExitStatus.usage
  }
}

/// A warning naming (up to ten of) the response items that have no parameters.
func warnAboutItemsWithoutParameters(_ ids: [String]) {
  guard !ids.isEmpty else { return }
  let shown = ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? ", …" : "")
  Console.error("warning: \(ids.count) item(s) in the responses have no parameters and are not used: \(shown)")
}
