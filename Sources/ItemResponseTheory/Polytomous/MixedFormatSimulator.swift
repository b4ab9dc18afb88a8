import Foundation

/// Simulated category scores for mixed-format items, for recovery studies and benchmarks.
///
/// Candidate i's θ is drawn from N(mean, sd²) (Box–Muller on ``Xoshiro256StarStar``); the
/// score on item j is the category k whose cumulative probability P₀ + … + Pₖ first exceeds a
/// uniform draw. The same seed gives the same scores.
public enum MixedFormatSimulator {
  public static func simulate(
    items: [MixedFormatItem], candidates: Int, scalingConstant D: Double = 1, mean: Double = 0, sd: Double = 1,
    seed: UInt64
  ) throws -> (responses: ScoredResponses, thetas: [Double]) {
    guard candidates > 0, !items.isEmpty else { throw CalibrationError("nothing to simulate") }
    var random = Xoshiro256StarStar(seed: seed)
    var scores = [UInt8](repeating: 0, count: candidates * items.count)
    var thetas: [Double] = []
    thetas.reserveCapacity(candidates)
    for i in 0..<candidates {
      let theta = mean + sd * random.nextNormal()
      thetas.append(theta)
      for (j, item) in items.enumerated() {
        let u = random.nextUniform()
        var cumulative = 0.0
        var score = item.maximumScore
        for (k, p) in item.categoryProbabilities(at: theta, scalingConstant: D).enumerated() {
          cumulative += p
          if u < cumulative {
            score = k
            break
          }
        }
        scores[i * items.count + j] = UInt8(score)
      }
    }
    let width = String(candidates).count
    let ids = (1...candidates).map { "C" + String(repeating: "0", count: width - String($0).count) + String($0) }
    return (try ScoredResponses(candidateIDs: ids, itemIDs: items.map(\.id), scores: scores), thetas)
  }
}
