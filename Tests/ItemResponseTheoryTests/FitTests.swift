import ItemBenchCore
import Foundation
import Testing

@testable import ItemResponseTheory
import TestSupport

@Suite struct FitTests {
  /// Upper-tail probabilities at tabulated χ² critical values (any statistics table).
  @Test func chiSquareTail() {
    let table: [(x: Double, df: Double, p: Double)] = [
      (3.841459, 1, 0.05), (6.634897, 1, 0.01), (5.991465, 2, 0.05), (11.070498, 5, 0.05),
      (18.307038, 10, 0.05), (23.209251, 10, 0.01), (50.892181, 30, 0.01), (124.342113, 100, 0.05),
      (0.454936, 1, 0.5), (2.0, 2, exp(-1.0)),
    ]
    for row in table {
      #expect(abs(ChiSquare.upperTail(row.x, degreesOfFreedom: row.df) - row.p) < 1e-6, "\(row)")
    }
    #expect(ChiSquare.upperTail(0, degreesOfFreedom: 3) == 1)
  }

  @Test func collapsingScoreGroups() {
    let groups = [
      ScoreGroup(count: 2, observed: 0, expected: 0.2), ScoreGroup(count: 5, observed: 1, expected: 1.5),
      ScoreGroup(count: 30, observed: 14, expected: 15), ScoreGroup(count: 3, observed: 2, expected: 2.5),
      ScoreGroup(count: 4, observed: 4, expected: 3.8),
    ]
    let collapsed = ScoreGroup.collapse(groups, minimumExpected: 1)
    // Low tail: 0.2 → merged with the next (1.7 correct, 5.3 incorrect expected: fine).
    // High tail: (4, 3.8) has 0.2 expected incorrect → merged with (3, 2.5): (7, 6.3) still
    // 0.7 incorrect → merged with (30, 15).
    #expect(collapsed.map(\.count) == [7, 37])
    #expect(collapsed.map(\.expected) == [1.7, 21.3])
    #expect(collapsed.allSatisfy { !$0.isSmall(1) })
  }

  /// S-X² by the definition on 4 items: expected proportions by enumerating all 16 patterns at
  /// every quadrature point (no Lord–Wingersky), no collapsing.
  @Test func sx2MatchesEnumeration() throws {
    let items = [
      ItemParameters(id: "A", a: 1.0, b: -0.5), ItemParameters(id: "B", a: 1.5, b: 0.0),
      ItemParameters(id: "C", a: 0.7, b: 0.8, c: 0.2), ItemParameters(id: "E", a: 1.2, b: 0.3),
    ]
    var generator = SplitMix64(seed: 5)
    let thetas = (0..<400).map { _ in generator.normal() }
    let data = simulate(items: items, thetas: thetas, D: 1.7, generator: &generator)
    let matrix = ResponseMatrix(
      candidateIDs: thetas.indices.map { "c\($0)" }, itemIDs: items.map(\.id),
      scores: data.map { $0.map(Optional.some) })
    let parameters = ParameterFile(model: "3pl", scalingConstant: 1.7, items: items)
    let report = try ItemFit.analyze(matrix, parameters: parameters, options: FitOptions(minimumExpected: 0))

    let points = (0..<61).map { -6 + Double($0) * 0.2 }
    let density = points.map { exp(-0.5 * $0 * $0) }
    for j in 0..<4 {
      var joint = [Double](repeating: 0, count: 5)  // P(xⱼ = 1, S = s)
      var marginal = [Double](repeating: 0, count: 5)  // P(S = s)
      for (theta, weight) in zip(points, density) {
        for pattern in 0..<16 {
          let bits = (0..<4).map { (pattern >> $0) & 1 }
          let probability = zip(items, bits).reduce(1.0) { product, pair in
            let p = referenceProbability(pair.0, theta, D: 1.7)
            return product * (pair.1 == 1 ? p : 1 - p)
          }
          let s = bits.reduce(0, +)
          marginal[s] += weight * probability
          if bits[j] == 1 { joint[s] += weight * probability }
        }
      }
      var statistic = 0.0
      var groups = 0
      for s in 1...3 {
        let members = data.filter { $0.reduce(0) { $0 + Int($1) } == s }
        guard !members.isEmpty else { continue }
        groups += 1
        let observed = Double(members.filter { $0[j] == 1 }.count) / Double(members.count)
        let expected = joint[s] / marginal[s]
        statistic += Double(members.count) * (observed - expected) * (observed - expected) / (expected * (1 - expected))
      }
      #expect(abs(report.items[j].sx2! - statistic) < 1e-8, "item \(items[j].id)")
      #expect(report.items[j].groups == groups)
      #expect(report.items[j].degreesOfFreedom == groups - 3)
    }
    #expect(report.sx2Candidates == 400)
  }

  /// Generates `count` candidates' responses from `truth` and fits `stated`.
  func fit(truth: [ItemParameters], stated: [ItemParameters], model: String, count: Int, seed: UInt64) throws
    -> FitReport
  {
    var generator = SplitMix64(seed: seed)
    let thetas = (0..<count).map { _ in generator.normal() }
    let data = simulate(items: truth, thetas: thetas, D: 1, generator: &generator)
    let matrix = ResponseMatrix(
      candidateIDs: thetas.indices.map { "c\($0)" }, itemIDs: stated.map(\.id),
      scores: data.map { $0.map(Optional.some) })
    return try ItemFit.analyze(matrix, parameters: ParameterFile(model: model, items: stated))
  }

  func randomItems(_ count: Int, seed: UInt64) -> [ItemParameters] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { j in
      ItemParameters(id: "Q\(j)", a: 0.7 + generator.uniform(), b: -1.8 + 3.6 * generator.uniform())
    }
  }

  /// Known truth: 2PL responses generated from exactly the parameters given to the fit. S-X²
  /// should then behave like χ²(df): across 4 seeds × 25 items, few flags at p < 0.01 (expected
  /// 1; at most 5 allowed, P(Binomial(100, 0.01) > 5) ≈ 0.0006), and the mean of S-X² / groups
  /// within 0.1 of 1: with the true parameters nothing is estimated from these data, so
  /// E[S-X²] ≈ groups (the reported df = groups − 2 is for estimated parameters and
  /// makes the test conservative here). The mean's standard error over 100 items is about 0.03.
  @Test func sx2HoldsItsSizeUnderTheModel() throws {
    var falseFlags = 0
    var ratios: [Double] = []
    for seed in [21 as UInt64, 22, 23, 24] {
      let items = randomItems(25, seed: seed + 100)
      let report = try fit(truth: items, stated: items, model: "2pl", count: 3000, seed: seed)
      for item in report.items {
        if item.flags.contains(.sx2Misfit) { falseFlags += 1 }
        ratios.append(item.sx2! / Double(item.groups))
      }
      #expect(!report.meanSquares && report.items[0].infit == nil)
    }
    #expect(falseFlags <= 5)
    let meanRatio = ratios.reduce(0, +) / Double(ratios.count)
    #expect(abs(meanRatio - 1) < 0.1, "mean S-X²/groups \(meanRatio)")
  }

  /// An item whose responses come from a much steeper curve (a = 3) than the parameter file
  /// says (a = 0.8) is flagged, for every seed.
  @Test(arguments: [31 as UInt64, 32, 33])
  func sx2FlagsAMisfittingItem(seed: UInt64) throws {
    let items = randomItems(25, seed: seed + 100)
    var truth = items
    truth[24].a = 3
    var stated = items
    stated[24].a = 0.8
    let report = try fit(truth: truth, stated: stated, model: "2pl", count: 3000, seed: seed)
    #expect(report.items[24].flags.contains(.sx2Misfit), "p = \(report.items[24].pValue!)")
  }

  /// Rasch data from known difficulties (30 items, 3000 candidates): infit within 0.1 and outfit
  /// within 0.15 of 1 (mean squares with θ estimated from the same responses run slightly below
  /// 1, most for the extreme items). Checked against the definition computed here from the
  /// library's ML θ.
  @Test func meanSquaresUnderTheModel() throws {
    let items = (0..<30).map { j in ItemParameters(id: "R\(j)", a: 1, b: -2 + 4 * Double(j) / 29) }
    var generator = SplitMix64(seed: 41)
    let thetas = (0..<3000).map { _ in generator.normal() }
    let data = simulate(items: items, thetas: thetas, D: 1, generator: &generator)
    let matrix = ResponseMatrix(
      candidateIDs: thetas.indices.map { "c\($0)" }, itemIDs: items.map(\.id),
      scores: data.map { $0.map(Optional.some) })
    let parameters = ParameterFile(model: "rasch", items: items)
    let report = try ItemFit.analyze(matrix, parameters: parameters)
    #expect(report.meanSquares)
    for item in report.items {
      #expect(abs(item.infit! - 1) < 0.1 && abs(item.outfit! - 1) < 0.15, "\(item.id): \(item.infit!) \(item.outfit!)")
      #expect(!item.flags.contains(.infitHigh) && !item.flags.contains(.infitLow))
    }

    let scores = try ThetaScoring.score(matrix, parameters: parameters, options: ScoringOptions(method: .ml))
    let j = 7
    var z2 = 0.0, residual2 = 0.0, variance = 0.0, count = 0
    for (row, estimate) in zip(data, scores.estimates) where estimate.flags.isEmpty {
      let p = referenceProbability(items[j], estimate.theta!, D: 1)
      let x = Double(row[j])
      z2 += (x - p) * (x - p) / (p * (1 - p))
      residual2 += (x - p) * (x - p)
      variance += p * (1 - p)
      count += 1
    }
    #expect(report.items[j].meanSquareCandidates == count)
    #expect(abs(report.items[j].outfit! - z2 / Double(count)) < 1e-9)
    #expect(abs(report.items[j].infit! - residual2 / variance) < 1e-9)
  }

  /// An item generated with slope 0.25 (noisy) has mean squares above 1.3; one with slope 4
  /// (too deterministic) below 0.7.
  @Test func meanSquaresFlagMisfit() throws {
    let items = (0..<30).map { j in ItemParameters(id: "R\(j)", a: 1, b: -2 + 4 * Double(j) / 29) }
    var truth = items
    truth[10].a = 0.25
    truth[16].a = 4
    let report = try fit(truth: truth, stated: items, model: "1pl", count: 3000, seed: 42)
    #expect(report.items[10].flags.contains(.infitHigh) && report.items[10].flags.contains(.outfitHigh))
    #expect(report.items[16].flags.contains(.infitLow) && report.items[16].flags.contains(.outfitLow))
  }
}

@Suite struct FitInformationTests {
  /// I(θ) against the definition P′(θ)²/(P(θ)Q(θ)) with P′ by a central difference, CSEM = 1/√I,
  /// and the expected score Σ P(θ).
  @Test func informationByDefinition() {
    let items = [
      ItemParameters(id: "A", a: 1.3, b: -0.4, c: 0.2), ItemParameters(id: "B", a: 0.9, b: 0.7),
      ItemParameters(id: "C", a: 2.1, b: 0.1, c: 0.1),
    ]
    let thetas = TestInformation.grid(from: -3, to: 3, step: 0.25)
    #expect(thetas.count == 25 && thetas.first == -3 && thetas.last == 3)
    for D in [1.0, 1.7] {
      for point in TestInformation.evaluate(items: items, scalingConstant: D, at: thetas) {
        var information = 0.0, expected = 0.0
        for item in items {
          let h = 1e-5
          let p = referenceProbability(item, point.theta, D: D)
          let derivative =
            (referenceProbability(item, point.theta + h, D: D) - referenceProbability(item, point.theta - h, D: D))
            / (2 * h)
          information += derivative * derivative / (p * (1 - p))
          expected += p
        }
        #expect(abs(point.information - information) < 1e-7 * max(1, information))
        #expect(abs(point.csem! - 1 / information.squareRoot()) < 1e-6)
        #expect(abs(point.expectedScore - expected) < 1e-12)
      }
    }
    let table = TestInformation.table(parameters: ParameterFile(model: "3pl", items: items), thetas: [0], perItem: true)
    #expect(table.columns == ["theta", "information", "csem", "expected_score", "info:A", "info:B", "info:C"])
  }
}
