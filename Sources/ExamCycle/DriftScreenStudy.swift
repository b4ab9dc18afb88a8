import Equating
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// A simulation of the anchor drift screen's operating characteristics: its false-alarm rate
/// with no drift and its power against a shift of one anchor's b (docs/cycle.md, "Drift
/// screen"). `itembench drift-study` runs it.
///
/// Design (known truth): one form pair with `anchorCount` common items and `uniqueCount` items
/// unique to each form. True 3PL parameters (D = 1) are drawn once from `seed` as in the sample
/// bank: a = exp(N(ln 1.1, 0.3)) clipped to [0.6, 2], b = N(0, 0.9) clipped to [−2, 2],
/// c = U(0.10, 0.25). In every replication the base group (θ ~ N(0, 1), `baseCandidates`) and
/// the new group (θ ~ N(0.25, 1), `candidates`) are simulated afresh, both forms are calibrated
/// (3PL, Beta(5, 17) prior on c, SEs from the observed information), the new form is linked to
/// the base by Stocking–Lord through all anchors and screened (``Linking/screenDrift``, nothing
/// dropped) by each of the ``DriftStatistic``s on the same link. Two conditions share the
/// replication's base data:
///
/// - **no drift**: every anchor as in the truth; the false-alarm rate is the share of all anchor
///   screens that flag;
/// - **drift**: anchor r mod `anchorCount` (rotating, so every anchor takes its turn) has its b
///   raised by `shift` on the new form; the power is the share of replications in which that
///   anchor is flagged (also reported per anchor's turn, the lowest).
public struct DriftScreenStudy: Sendable {
  public var replications = 100
  /// The first replication's number: runs with `firstReplication` 0 and `replications` n, and
  /// with `firstReplication` n and `replications` m, together are exactly the run of n + m
  /// replications (each replication's data depend only on the seed and its number).
  public var firstReplication = 0
  public var candidates = 2000
  public var baseCandidates = 3000
  public var anchorCount = 20
  public var uniqueCount = 30
  public var shift = 0.5
  public var alpha = 0.05
  public var seed: UInt64 = 20261201

  public init() {}

  /// The operating characteristics of every ``DriftStatistic``, in `DriftStatistic.allCases` order.
  public struct Results: Sendable {
    public var byStatistic: [(statistic: DriftStatistic, result: Result)]
    public func result(_ statistic: DriftStatistic) -> Result? {
      byStatistic.first { $0.statistic == statistic }?.result
    }
  }

  public struct Result: Sendable {
    public var falseAlarms: Int
    public var screens: Int
    public var detections: Int
    public var replications: Int
    /// How many of the screens used the statistic itself (not its fallback).
    public var ownRule: Int = 0
    /// Detections per anchor's turns: (anchor id, flagged, turns).
    public var byAnchor: [(id: String, flagged: Int, turns: Int)]
    public var falseAlarmRate: Double { Double(falseAlarms) / Double(max(screens, 1)) }
    public var power: Double { Double(detections) / Double(max(replications, 1)) }
  }

  /// Runs the study; `progress` receives the replication number after each one.
  public func run(progress: (Int) -> Void = { _ in }) throws -> Results {
    var generator = Xoshiro256StarStar(seed: seed)
    func draw(_ id: String) -> ItemParameters {
      let a = min(max(exp(log(1.1) + 0.3 * generator.nextNormal()), 0.6), 2)
      let b = min(max(0.9 * generator.nextNormal(), -2), 2)
      let c = 0.10 + 0.15 * generator.nextUniform()
      return ItemParameters(id: id, a: a, b: b, c: c)
    }
    let anchors = (1...anchorCount).map { draw(String(format: "ANC-%03d", $0)) }
    let baseUnique = (1...uniqueCount).map { draw(String(format: "BAS-%03d", $0)) }
    let newUnique = (1...uniqueCount).map { draw(String(format: "NEW-%03d", $0)) }
    // The study is of the 3PL itself (its data are 3PL draws), so it uses the built-in model
    // rather than whatever a registry calls "3pl".
    let model = ThreeParameterLogisticModel(priors: ItemPriors(guessing: ItemPriors.defaultGuessing))
    let calibrator = Calibrator(model: model, options: CalibrationOptions())
    var options = LinkingOptions(method: .stockingLord)
    options.driftAlpha = alpha
    options.anchors = anchors.map(\.id)
    let statistics = DriftStatistic.allCases
    let ownRule: [DriftStatistic: AnchorDrift.Rule] = [
      .icc: .iccDisplacement, .lord: .lordChiSquare, .bAndA: .standardError,
    ]

    var results = statistics.map { _ in
      Result(
        falseAlarms: 0, screens: 0, detections: 0, replications: replications, byAnchor: anchors.map { ($0.id, 0, 0) })
    }
    for replication in firstReplication..<(firstReplication + replications) {
      let stream = seed &+ UInt64(replication) &* 0x9E37_79B9
      let base = ResponseSimulator(items: anchors + baseUnique, latent: LatentDistribution(mean: 0, sd: 1))
        .simulate(candidates: baseCandidates, seed: stream &+ 1)
      let baseParameters = try calibrator.calibrate(base.responses).parameters
      for drifting in [false, true] {
        var newAnchors = anchors
        let turn = replication % anchorCount
        if drifting { newAnchors[turn].b += shift }
        let new = ResponseSimulator(items: newAnchors + newUnique, latent: LatentDistribution(mean: 0.25, sd: 1))
          .simulate(candidates: candidates, seed: stream &+ (drifting ? 3 : 2))
        let newParameters = try calibrator.calibrate(new.responses).parameters
        for (position, statistic) in statistics.enumerated() {
          var screened = options
          screened.driftStatistic = statistic
          let linking = try Linking.link(base: baseParameters, new: newParameters, options: screened)
          results[position].ownRule += linking.drift.filter { $0.rule == ownRule[statistic] }.count
          if drifting {
            let flagged = linking.drift.first { $0.id == anchors[turn].id }?.flagged == true
            if flagged { results[position].detections += 1 }
            results[position].byAnchor[turn].flagged += flagged ? 1 : 0
            results[position].byAnchor[turn].turns += 1
          } else {
            results[position].screens += linking.drift.count
            results[position].falseAlarms += linking.drift.filter(\.flagged).count
          }
        }
      }
      progress(replication - firstReplication + 1)
    }
    return Results(byStatistic: Array(zip(statistics, results)))
  }
}
