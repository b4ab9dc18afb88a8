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

  @Option(help: "Number of candidates.")
  var candidates: Int

  @Option(help: "Random seed (an unsigned 64-bit integer).")
  var seed: UInt64

  @Option(parsing: .unconditional, help: "Mean of θ.")
  var mean: Double = 0

  @Option(help: "Standard deviation of θ.")
  var sd: Double = 1

  @Flag(help: "Write option letters (keys and options from the bank) instead of 0/1.")
  var letters = false

  @Option(name: .customLong("out"), help: "Write the response CSV here (atomically) instead of standard output.")
  var out: String?

  @OptionGroup var responseOptions: ResponseOptions

  func validate() throws {
    guard candidates >= 0 else { throw ValidationError("--candidates must not be negative") }
    guard sd > 0, sd.isFinite else { throw ValidationError("--sd must be a positive number") }
    guard mean.isFinite else { throw ValidationError("--mean must be a finite number") }
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
          Console.error("error: item '\(item.id)' has \(key.options.count) options; response data can record at most \(ItemKey.maximumOptionCount)")
          throw ExitStatus.usage
        }
        list.append(ResponseSimulator.Options(ids: key.options, keyIndex: keyIndex))
      }
      options = list
    }
    let simulator = ResponseSimulator(
      items: file.items, scalingConstant: file.scalingConstant,
      latent: LatentDistribution(mean: mean, sd: sd), options: options)
    let simulated = simulator.simulate(candidates: candidates, seed: seed)
    do {
      try Console.emit(simulated.responses.csvText(), to: out)
    } catch let error as AtomicFile.WriteError {
      Console.error(error.description)
      throw ExitStatus.usage
    }
  }
}
