import Foundation
import ItemBenchCore
import ItemResponseTheory
import Testing

/// EAP scoring places its grid at the prior mean ± bound × SD (issue 17). Checked against an
/// independent integral: the posterior mean of a perfect Rasch score by the trapezoid rule with
/// 60,000 intervals on the prior mean ± 12 SD (written here, without the library).
@Suite struct EAPGridPrecisionTests {
  static let difficulties = [-1.5, -1.0, -0.5, -0.2, 0.0, 0.3, 0.6, 1.0, 1.4, 2.0]

  func referenceEAP(allCorrect: Bool, mean: Double, sd: Double) -> Double {
    let low = mean - 12 * sd
    let high = mean + 12 * sd
    let n = 60_000
    let h = (high - low) / Double(n)
    var numerator = 0.0
    var denominator = 0.0
    for k in 0...n {
      let theta = low + Double(k) * h
      var likelihood = exp(-0.5 * pow((theta - mean) / sd, 2))
      for b in Self.difficulties {
        let p = 1 / (1 + exp(-(theta - b)))
        likelihood *= allCorrect ? p : 1 - p
      }
      let weight = (k == 0 || k == n) ? 0.5 : 1
      numerator += weight * theta * likelihood
      denominator += weight * likelihood
    }
    return numerator / denominator
  }

  @Test func perfectRaschScoreWithAWidePrior() throws {
    let latent = LatentDistribution(mean: 0.2, sd: 1.38)
    let parameters = ParameterFile(
      model: "rasch", latent: latent,
      items: Self.difficulties.enumerated().map { ItemParameters(id: "Q\($0.offset + 1)", b: $0.element) })
    let header = (1...Self.difficulties.count).map { "Q\($0)" }.joined(separator: ",")
    let text =
      "candidate,\(header)\nc1," + Array(repeating: "1", count: Self.difficulties.count).joined(separator: ",")
      + "\nc2," + Array(repeating: "0", count: Self.difficulties.count).joined(separator: ",") + "\n"
    let matrix = try ResponseReader.parse(text: text, file: "r.csv")
    let options = ScoringOptions(
      prior: latent, quadratureRange: ScoringOptions.quadratureRange(prior: latent, bound: 6))
    let result = try ThetaScoring.score(matrix, parameters: parameters, options: options)
    let perfect = try #require(result.estimates[0].theta)
    let zero = try #require(result.estimates[1].theta)
    let referencePerfect = referenceEAP(allCorrect: true, mean: latent.mean, sd: latent.sd)
    let referenceZero = referenceEAP(allCorrect: false, mean: latent.mean, sd: latent.sd)
    #expect(abs(perfect - referencePerfect) < 1e-4, "EAP \(perfect), reference \(referencePerfect)")
    #expect(abs(zero - referenceZero) < 1e-4, "EAP \(zero), reference \(referenceZero)")

    // The old fixed [−6, 6] grid cuts the posterior's upper tail off.
    let fixed = try ThetaScoring.score(
      matrix, parameters: parameters, options: ScoringOptions(prior: latent, quadratureRange: -6...6))
    let fixedPerfect = try #require(fixed.estimates[0].theta)
    #expect(abs(fixedPerfect - referencePerfect) > 5e-4, "fixed grid \(fixedPerfect), reference \(referencePerfect)")
  }
}
