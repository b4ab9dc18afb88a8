import ArgumentParser
import ExamCycle
import Foundation
import ItemBenchCore

/// `itembench drift-study`: the anchor drift screen's false-alarm rate and power by simulation.
struct DriftStudyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drift-study",
    abstract: "Measure the anchor drift screen's false-alarm rate and power by simulation (release mode).",
    discussion: """
      Simulates form pairs with known 3PL parameters, calibrates both forms, links them by \
      Stocking-Lord and screens the anchors with each drift statistic (icc, lord, b-and-a) on \
      the same link: with no drift (false-alarm rate over all anchor \
      screens) and with one anchor's b shifted on the new form (power, the anchor rotating over \
      the replications). Design and figures: docs/cycle.md. Deterministic for a seed.
      """
  )

  @Option(help: "Replications (each calibrates three forms).")
  var replications = 100
  @Option(
    name: .customLong("first-replication"),
    help: "The first replication's number (split a long study over several runs and add the counts).")
  var firstReplication = 0
  @Option(help: "Candidates of the new form's group.")
  var candidates = 2000
  @Option(name: .customLong("base-candidates"), help: "Candidates of the base form's group.")
  var baseCandidates = 3000
  @Option(help: "Anchors per form.")
  var anchors = 20
  @Option(help: "The drifting anchor's shift in b (logits).")
  var shift = 0.5
  @Option(help: "The screen's false-alarm rate per anchor.")
  var alpha = 0.05
  @Option(help: "Random seed.")
  var seed: UInt64 = 20261201
  @Flag(name: .shortAndLong, help: "Print no progress.")
  var quiet = false

  func validate() throws {
    guard replications >= 1, replications <= 100_000 else { throw ValidationError("--replications must be 1…100000") }
    guard candidates >= 100, baseCandidates >= 100, candidates <= 1_000_000, baseCandidates <= 1_000_000 else {
      throw ValidationError("--candidates and --base-candidates must be 100…1000000")
    }
    guard firstReplication >= 0, firstReplication <= 1_000_000 else {
      throw ValidationError("--first-replication must be 0…1000000")
    }
    guard anchors >= 3, anchors <= 500 else { throw ValidationError("--anchors must be 3…500") }
    guard shift.isFinite, alpha > 0, alpha < 1 else {
      throw ValidationError("--shift must be finite and --alpha in (0, 1)")
    }
  }

  func run() throws {
    var study = DriftScreenStudy()
    study.replications = replications
    study.firstReplication = firstReplication
    study.candidates = candidates
    study.baseCandidates = baseCandidates
    study.anchorCount = anchors
    study.shift = shift
    study.alpha = alpha
    study.seed = seed
    let quiet = quiet
    let total = replications
    let results = try study.run { done in
      if !quiet && (done % 10 == 0 || done == total) { Console.error("replication \(done)/\(total)") }
    }
    print(
      "replications: \(replications) (numbers \(firstReplication)…\(firstReplication + replications - 1)), new-form candidates: \(candidates), base candidates: \(baseCandidates), anchors: \(anchors), seed: \(seed)"
    )
    for (statistic, result) in results.byStatistic {
      print("statistic \(statistic.rawValue) (its own rule on \(result.ownRule) of \(2 * result.screens) screens):")
      report(result)
    }
  }

  func report(_ result: DriftScreenStudy.Result) {
    print(
      "  false-alarm rate (no drift): \(result.falseAlarms)/\(result.screens) = \(formatDecimal(100 * result.falseAlarmRate, places: 2))% (alpha \(alpha))"
    )
    print(
      "  power (b shift \(shift)): \(result.detections)/\(result.replications) = \(formatDecimal(100 * result.power, places: 1))%"
    )
    let turns = result.byAnchor.filter { $0.turns > 0 }
    if let lowest = turns.min(by: { Double($0.flagged) / Double($0.turns) < Double($1.flagged) / Double($1.turns) }) {
      print("  lowest per-anchor detection: \(lowest.id) \(lowest.flagged)/\(lowest.turns)")
    }
  }
}
