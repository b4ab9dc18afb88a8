import ArgumentParser
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// `itembench bench`: release-mode benchmarks.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Benchmarks (build with -c release).",
    subcommands: [BenchCalibrateCommand.self]
  )
}

/// `itembench bench calibrate`: simulate, write, read, calibrate, write, with timings and the
/// recovery of the true parameters.
struct BenchCalibrateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calibrate",
    abstract: "Time calibration end to end on simulated data (CSV read + calibrate + write).",
    discussion: """
      True parameters (seeded): log a ~ N(0, 0.3²), b ~ N(0, 1), c ~ U(0.1, 0.3) for 3pl; \
      θ ~ N(0, 1). The responses are written as CSV to a temporary directory, then timed: \
      reading the CSV, calibration (EM and standard errors) and writing the parameter file. \
      Reports times and the correlation / RMSE of the estimates with the truth.
      """
  )

  @Option(parsing: .unconditional, help: "Number of candidates.")
  var candidates: Int = 100_000

  @Option(parsing: .unconditional, help: "Number of items.")
  var items: Int = 150

  @Option(help: "Model: rasch, 1pl, 2pl or 3pl.")
  var model: String = "2pl"

  @Option(parsing: .unconditional, help: "Random seed.")
  var seed: UInt64 = 20_261_125

  @Option(name: .customLong("se"), help: "Standard errors: auto, observed, crossproduct or none.")
  var standardErrors: String = StandardErrorMethod.automatic.rawValue

  @Option(name: .customLong("keep"), help: "Keep the simulated CSV and the parameter files in this directory.")
  var keep: String?

  func validate() throws {
    guard IRTModelRegistry.shared.model(named: model) != nil else { throw ValidationError("unknown model '\(model)'") }
    try OptionCheck.integer("--candidates", candidates, in: 1...InputLimits.simulatedCandidates.upperBound)
    try OptionCheck.integer("--items", items, in: 2...InputLimits.formLength.upperBound)
    guard candidates * items <= InputLimits.simulatedCells else {
      throw ValidationError(
        "--candidates × --items must be at most \(InputLimits.simulatedCells) response cells; got \(candidates * items)"
      )
    }
    guard StandardErrorMethod(rawValue: standardErrors) != nil else { throw ValidationError("bad --se") }
  }

  /// The seeded true parameters of the benchmark.
  static func trueParameters(items: Int, model: String, seed: UInt64) -> [ItemParameters] {
    var random = Xoshiro256StarStar(seed: seed ^ 0x5EED_1234)
    return (0..<items).map { index in
      let a = exp(0.3 * random.nextNormal())
      let b = random.nextNormal()
      let c = 0.1 + 0.2 * random.nextUniform()
      let id = "IT" + String(format: "%04d", index + 1)
      switch model {
      case "rasch": return ItemParameters(id: id, a: 1, b: b)
      case "1pl": return ItemParameters(id: id, a: 1.2, b: b)
      case "3pl": return ItemParameters(id: id, a: a, b: b, c: c)
      default: return ItemParameters(id: id, a: a, b: b)
      }
    }
  }

  func run() throws {
    guard let irtModel = IRTModelRegistry.shared.model(named: model) else { throw ExitStatus.usage }
    let truth = Self.trueParameters(items: items, model: model, seed: seed)
    let clock = ContinuousClock()
    let t0 = clock.now
    let simulated = ResponseSimulator(items: truth).simulate(candidates: candidates, seed: seed)
    let t1 = clock.now
    let directory = keep ?? (NSTemporaryDirectory() + "itembench-bench-\(ProcessInfo.processInfo.processIdentifier)")
    let csvPath = directory + "/responses.csv"
    try AtomicFile.write(simulated.responses.csvText(), to: csvPath)
    let t2 = clock.now
    let matrix = try ResponseReader.read(path: csvPath, keys: nil, missing: MissingCodes())
    let t3 = clock.now
    let options = CalibrationOptions(standardErrors: StandardErrorMethod(rawValue: standardErrors) ?? .automatic)
    let result = try Calibrator(model: irtModel, options: options).calibrate(matrix)
    let t4 = clock.now
    try AtomicFile.write(result.parameters.jsonText(), to: directory + "/parameters.json")
    let t5 = clock.now
    if keep == nil { try? FileManager.default.removeItem(atPath: directory) }

    func line(_ label: String, _ duration: Duration) -> String {
      label.padding(toLength: 40, withPad: " ", startingAt: 0) + Console.seconds(duration)
    }
    print(
      "bench calibrate: \(model), \(candidates) candidates × \(items) items, seed \(seed), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    )
    print(line("simulate", t1 - t0))
    print(line("write CSV (not in end to end)", t2 - t1))
    print(line("read CSV", t3 - t2))
    print(line("calibrate (EM)", .seconds(result.emSeconds)))
    print(line("standard errors (\(result.standardErrorMethod.rawValue))", .seconds(result.standardErrorSeconds)))
    print(line("write parameter file", t5 - t4))
    print(line("end to end (read + calibrate + write)", t5 - t2))
    print(
      "iterations: \(result.parameters.iterations ?? 0), converged: \(result.parameters.converged == true), log-likelihood: \(formatDecimal(result.parameters.logLikelihood ?? 0, places: 3))"
    )
    for warning in result.warnings.prefix(5) { print(warning.description) }
    let estimates = Dictionary(uniqueKeysWithValues: result.parameters.items.map { ($0.id, $0) })
    let pairs = truth.compactMap { item in estimates[item.id].map { (item, $0) } }
    for (name, path) in [("a", \ItemParameters.a), ("b", \ItemParameters.b), ("c", \ItemParameters.c)] {
      let x = pairs.map { $0.0[keyPath: path] }
      let y = pairs.map { $0.1[keyPath: path] }
      guard Set(x).count > 1 else { continue }
      let rmse = (zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(x.count)).squareRoot()
      let correlation = Self.correlation(x, y)
      let correlationText =
        correlation.isFinite ? formatDecimal(correlation, places: 4) : "undefined (constant estimates)"
      print("\(name): correlation with truth \(correlationText), RMSE \(formatDecimal(rmse, places: 4))")
    }
  }

  static func correlation(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for (u, v) in zip(x, y) {
      sxy += (u - mx) * (v - my)
      sxx += (u - mx) * (u - mx)
      syy += (v - my) * (v - my)
    }
    return sxy / (sxx * syy).squareRoot()
  }
}
