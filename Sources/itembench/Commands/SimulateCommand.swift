import ArgumentParser
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// `itembench simulate`: responses generated from item parameters, reproducibly from a seed.
struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Simulate a response file from a parameter file (reproducible from --seed).",
    discussion: """
      θ ~ N(--mean, --sd²); a response is correct when a uniform draw is below \
      P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))) (D from the parameter file). Random numbers: \
      xoshiro256** seeded through SplitMix64, in blocks of 4096 candidates, so the same seed \
      gives the same file on any machine. --letters writes option letters using the keys in the \
      bank (incorrect answers pick a distractor uniformly). See docs/calibration.md.
      """
  )

  @Option(name: [.customLong("params"), .customLong("parameters")], help: "The parameter file (JSON or CSV).")
  var params: String

  @Option(parsing: .unconditional, help: "Number of candidates.")
  var candidates: Int

  @Option(parsing: .unconditional, help: "Random seed (an unsigned 64-bit integer).")
  var seed: UInt64

  @Option(parsing: .unconditional, help: "Mean of θ.")
  var mean: Double = 0

  @Option(parsing: .unconditional, help: "Standard deviation of θ.")
  var sd: Double = 1

  @Flag(help: "Write option letters (keys and options from the bank) instead of 0/1.")
  var letters = false

  @Option(name: .customLong("out"), help: "Write the response CSV here (atomically) instead of standard output.")
  var out: String?

  @OptionGroup var responseOptions: ResponseOptions

  func validate() throws {
    try OptionCheck.integer("--candidates", candidates, in: InputLimits.simulatedCandidates)
    try OptionCheck.number("--sd", sd, in: 0...100, excludingLower: true)
    try OptionCheck.number("--mean", mean, in: -100...100)
  }

  func run() throws {
    let file = try readParameters(params)
    var options: [ResponseSimulator.Options]? = nil
    if letters {
      guard let keys = try responseOptions.keys() else {
        Console.error("error: --letters needs the items' keys: give --bank DIR (or run where ./Items exists)")
        throw ExitStatus.usage
      }
      var list: [ResponseSimulator.Options] = []
      for item in file.items {
        guard let key = keys[item.id], let keyIndex = key.options.firstIndex(of: key.key), key.options.count >= 2 else {
          Console.error("error: \(params): item '\(item.id)' has no key with at least two options in the bank")
          throw ExitStatus.usage
        }
        guard key.options.count <= ItemKey.maximumOptionCount else {
          Console.error(
            "error: item '\(item.id)' has \(key.options.count) options; response data can record at most \(ItemKey.maximumOptionCount)"
          )
          throw ExitStatus.usage
        }
        list.append(ResponseSimulator.Options(ids: key.options, keyIndex: keyIndex))
      }
      options = list
    }
    guard file.items.isEmpty || candidates <= InputLimits.simulatedCells / file.items.count else {
      Console.error(
        "error: --candidates \(candidates) × \(file.items.count) items exceeds the limit of \(InputLimits.simulatedCells) response cells"
      )
      throw ExitStatus.usage
    }
    let simulator = ResponseSimulator(
      items: file.items, scalingConstant: file.scalingConstant,
      latent: LatentDistribution(mean: mean, sd: sd), options: options)
    let simulated = simulator.simulate(candidates: candidates, seed: seed)
    do {
      try Console.emit(simulated.responses.csvText(), to: out)
    } catch let error as AtomicFile.WriteError {
      Console.report(error)
      throw ExitStatus.usage
    }
  }
}
