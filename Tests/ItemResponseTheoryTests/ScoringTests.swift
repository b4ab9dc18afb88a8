import Foundation
import Testing

@testable import ItemResponseTheory
import TestSupport

/// P(θ) = c + (1 − c)/(1 + exp(−D·a·(θ − b))), written out again so the reference does not use
/// the library.
func referenceProbability(_ item: ItemParameters, _ theta: Double, D: Double) -> Double {
  item.c + (1 - item.c) / (1 + exp(-D * item.a * (theta - item.b)))
}

/// Log likelihood of a 0/1 pattern by the definition.
func referenceLogLikelihood(_ items: [ItemParameters], _ pattern: [Int], _ theta: Double, D: Double) -> Double {
  zip(items, pattern).reduce(0) { total, pair in
    let p = referenceProbability(pair.0, theta, D: D)
    return total + (pair.1 == 1 ? log(p) : log(1 - p))
  }
}

/// A seeded 2PL/3PL response generator for tests (the library's simulator is the calibration
/// helper's; this one is independent by design).
func simulate(items: [ItemParameters], thetas: [Double], D: Double, generator: inout SplitMix64) -> [[UInt8]] {
  thetas.map { theta in
    items.map { referenceProbability($0, theta, D: D) > generator.uniform() ? 1 : 0 }
  }
}

@Suite struct ScoringTests {
  let items = [
    ItemParameters(id: "A", a: 1.2, b: -1.0, c: 0.0),
    ItemParameters(id: "B", a: 0.8, b: -0.3, c: 0.2),
    ItemParameters(id: "C", a: 1.6, b: 0.4, c: 0.15),
    ItemParameters(id: "E", a: 1.0, b: 1.1, c: 0.0),
    ItemParameters(id: "F", a: 2.0, b: 0.0, c: 0.25),
    ItemParameters(id: "G", a: 0.6, b: 1.8, c: 0.0),
  ]
  let patterns = [
    [1, 0, 0, 0, 0, 0], [1, 1, 0, 1, 0, 0], [1, 1, 1, 0, 1, 0], [0, 1, 0, 1, 1, 1], [1, 1, 1, 1, 1, 0],
  ]

  func matrix(_ patterns: [[Int]]) -> ResponseMatrix {
    ResponseMatrix(
      candidateIDs: patterns.indices.map { "c\($0)" }, itemIDs: items.map(\.id),
      scores: patterns.map { $0.map { UInt8($0) } })
  }

  func parameters(D: Double = 1) -> ParameterFile {
    ParameterFile(model: "3pl", scalingConstant: D, items: items)
  }

  /// EAP and posterior SD against a fine trapezoidal integration over [−10, 10] with the exact
  /// normal prior density (20,001 points), for N(0, 1) and N(0.5, 1.2²) priors and D = 1, 1.7.
  @Test(arguments: [(1.0, 0.0, 1.0), (1.7, 0.5, 1.2)])
  func eapAgainstNumericalIntegration(D: Double, mean: Double, sd: Double) throws {
    let options = ScoringOptions(method: .eap, prior: LatentDistribution(mean: mean, sd: sd))
    let result = try ThetaScoring.score(matrix(patterns), parameters: parameters(D: D), options: options)
    for (pattern, estimate) in zip(patterns, result.estimates) {
      var total = 0.0, first = 0.0, second = 0.0
      let h = 0.001
      for step in 0...20_000 {
        let theta = -10 + Double(step) * h
        let z = (theta - mean) / sd
        let weight =
          (step == 0 || step == 20_000 ? 0.5 : 1)
          * exp(-0.5 * z * z + referenceLogLikelihood(items, pattern, theta, D: D))
        total += weight
        first += weight * theta
        second += weight * theta * theta
      }
      let eap = first / total
      let psd = (second / total - eap * eap).squareRoot()
      #expect(abs(estimate.theta! - eap) < 1e-4, "pattern \(pattern)")
      #expect(abs(estimate.standardError! - psd) < 1e-4, "pattern \(pattern)")
    }
  }

  /// ML and MAP against a brute-force search of the objective over the fence: a 0.001 grid,
  /// then a 1e-5 grid around its best point.
  @Test(arguments: [ScoringMethod.ml, .map])
  func modesAgainstBruteForce(method: ScoringMethod) throws {
    let options = ScoringOptions(method: method)
    let result = try ThetaScoring.score(matrix(patterns), parameters: parameters(), options: options)
    for (pattern, estimate) in zip(patterns, result.estimates) {
      func objective(_ theta: Double) -> Double {
        referenceLogLikelihood(items, pattern, theta, D: 1) - (method == .map ? 0.5 * theta * theta : 0)
      }
      var best = (theta: 0.0, value: -Double.infinity)
      for step in 0...8_000 {
        let theta = -4 + Double(step) * 1e-3
        if objective(theta) > best.value { best = (theta, objective(theta)) }
      }
      let coarse = best.theta
      for step in -200...200 {
        let theta = min(4, max(-4, coarse + Double(step) * 1e-5))
        if objective(theta) > best.value { best = (theta, objective(theta)) }
      }
      #expect(abs(estimate.theta! - best.theta) < 2e-5, "pattern \(pattern): \(estimate.theta!) vs \(best.theta)")
      if best.theta > -4 && best.theta < 4 {
        #expect(estimate.flags.isEmpty, "pattern \(pattern)")
        // SE: ML 1/√I, MAP 1/√(I + 1), with I the test information by the definition P′²/(PQ).
        var information = 0.0
        for item in items {
          let p = referenceProbability(item, estimate.theta!, D: 1)
          let derivative = item.a * (p - item.c) * (1 - p) / (1 - item.c)
          information += derivative * derivative / (p * (1 - p))
        }
        let expected = 1 / (information + (method == .map ? 1 : 0)).squareRoot()
        #expect(abs(estimate.standardError! - expected) < 1e-6)
      }
    }
  }

  /// All correct / all incorrect: ML reports the fence with a flag; EAP and MAP stay finite.
  @Test func extremePatterns() throws {
    let data = [[1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0]]
    let ml = try ThetaScoring.score(matrix(data), parameters: parameters(), options: ScoringOptions(method: .ml))
    #expect(ml.estimates[0].theta == 4 && ml.estimates[0].flags == [.allCorrect])
    #expect(ml.estimates[1].theta == -4 && ml.estimates[1].flags == [.allIncorrect])
    #expect(ml.estimates[0].standardError!.isFinite)
    let fenced = try ThetaScoring.score(
      matrix(data), parameters: parameters(), options: ScoringOptions(method: .ml, bounds: -3...5))
    #expect(fenced.estimates[0].theta == 5 && fenced.estimates[1].theta == -3)
    // EAP and MAP give finite, flag-free estimates for the same patterns.
    let eap = try ThetaScoring.score(matrix(data), parameters: parameters())
    #expect(eap.estimates.allSatisfy { $0.flags.isEmpty && abs($0.theta!) < 3 })
    let map = try ThetaScoring.score(matrix(data), parameters: parameters(), options: ScoringOptions(method: .map))
    #expect(map.estimates.allSatisfy { $0.flags.isEmpty && abs($0.theta!) < 3 })
  }

  @Test func missingResponsesAndUnknownItems() throws {
    let text = "id,A,B,C,X\nc1,1,,NR,1\nc2,.,NP,.,0\n"
    let data = try ResponseReader.parse(text: text)
    // The default rule scores omits and not-reached responses wrong in candidates' scores:
    // c1 is the pattern A right, B wrong, C wrong; the raw score counts A and X.
    let result = try ThetaScoring.score(data, parameters: parameters())
    #expect(result.itemsWithoutParameters == ["X"])
    #expect(result.estimates[0].itemsUsed == 3 && result.estimates[0].rawScore == 2)
    let complete = try ThetaScoring.score(
      try ResponseReader.parse(text: "id,A,B,C\nc1,1,0,0\n"), parameters: parameters())
    #expect(abs(result.estimates[0].theta! - complete.estimates[0].theta!) < 1e-12)
    // Omits and not reached left out: only item A counts.
    let lenient = try ThetaScoring.score(
      data, parameters: parameters(),
      options: ScoringOptions(
        missingResponses: MissingResponseRule(omitted: .notAdministered, notReached: .notAdministered)))
    #expect(lenient.estimates[0].itemsUsed == 1)
    let single = try ThetaScoring.score(matrix([[1, 0, 0, 0, 0, 0]]).restricted(to: ["A"]), parameters: parameters())
    #expect(abs(lenient.estimates[0].theta! - single.estimates[0].theta!) < 1e-12)
    // c2: nothing scored: the prior.
    #expect(result.estimates[1].flags == [.noResponses])
    #expect(result.estimates[1].theta == 0 && result.estimates[1].standardError == 1)
    let ml = try ThetaScoring.score(data, parameters: parameters(), options: ScoringOptions(method: .ml))
    #expect(ml.estimates[1].theta == nil)
    // Omits as incorrect, not reached left out: c1's omitted B counts as wrong, C does not.
    let strict = try ThetaScoring.score(
      data, parameters: parameters(),
      options: ScoringOptions(
        missingResponses: MissingResponseRule(omitted: .notAdministered, notReached: .notAdministered),
        omittedAsIncorrect: true))
    #expect(strict.estimates[0].itemsUsed == 2)
    #expect(strict.estimates[0].theta! < lenient.estimates[0].theta!)
    #expect(throws: ScoringError.self) {
      _ = try ThetaScoring.score(data, parameters: ParameterFile(model: "2pl", items: [ItemParameters(id: "Z", b: 0)]))
    }
  }

  /// Known truth: 40 2PL items, 2,000 simulated candidates θ ~ N(0, 1). EAP must track θ
  /// (correlation > 0.9) and its posterior SD must describe its error: mean squared error
  /// within ±20% of the mean posterior variance (both about 0.09 here; the sampling error of
  /// the ratio at n = 2000 is about 3%). ML must be nearly unbiased away from the fences.
  @Test(arguments: [11 as UInt64, 12, 13])
  func recoversSimulatedAbilities(seed: UInt64) throws {
    var generator = SplitMix64(seed: seed)
    let items = (0..<40).map { j in
      ItemParameters(id: "Q\(j)", a: 0.8 + 1.2 * generator.uniform(), b: -2 + 4 * generator.uniform())
    }
    let thetas = (0..<2000).map { _ in generator.normal() }
    let data = simulate(items: items, thetas: thetas, D: 1, generator: &generator)
    let matrix = ResponseMatrix(
      candidateIDs: thetas.indices.map { "c\($0)" }, itemIDs: items.map(\.id),
      scores: data.map { $0.map(Optional.some) })
    let parameters = ParameterFile(model: "2pl", items: items)
    let eap = try ThetaScoring.score(matrix, parameters: parameters)
    let estimates = eap.estimates.map { $0.theta! }
    #expect(pearson(estimates, thetas) > 0.9, "seed \(seed)")
    let mse = zip(estimates, thetas).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(thetas.count)
    let meanVariance = eap.estimates.reduce(0) { $0 + $1.standardError! * $1.standardError! } / Double(thetas.count)
    #expect(abs(mse / meanVariance - 1) < 0.2, "seed \(seed): mse \(mse), mean posterior variance \(meanVariance)")

    let ml = try ThetaScoring.score(matrix, parameters: parameters, options: ScoringOptions(method: .ml))
    let inside = zip(ml.estimates, thetas).filter { $0.0.flags.isEmpty && abs($0.1) < 2 }
    let bias = inside.reduce(0) { $0 + $1.0.theta! - $1.1 } / Double(inside.count)
    #expect(abs(bias) < 0.05, "seed \(seed): ML bias \(bias)")
  }
}

extension ResponseMatrix {
  /// The matrix with every item outside `kept` set to not presented.
  func restricted(to kept: Set<String>) -> ResponseMatrix {
    var copy = self
    for i in 0..<candidateCount {
      for (j, id) in itemIDs.enumerated() where !kept.contains(id) {
        copy.codes[i * itemCount + j] = ResponseCode.notPresented
      }
    }
    return copy
  }
}
