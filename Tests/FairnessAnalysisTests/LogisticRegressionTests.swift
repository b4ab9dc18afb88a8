import Foundation
import Testing

@testable import FairnessAnalysis

/// Logistic-regression DIF against statsmodels (`Tools/dif_logistic_reference.py`, statsmodels
/// 0.15 binomial GLM) on grouped data: matching score 0…10, two groups, 20 candidates per cell.
@Suite struct LogisticRegressionTests {
  static let successes: [[Double]] = [
    [3, 1], [4, 2], [5, 3], [7, 4], [9, 6], [11, 7], [12, 10], [14, 11], [16, 13], [17, 16], [18, 18],
  ]

  static func cells() -> (scores: [Double], groups: [Double], correct: [Double], trials: [Double]) {
    var scores: [Double] = [], groups: [Double] = [], correct: [Double] = [], trials: [Double] = []
    for (x, row) in successes.enumerated() {
      for g in 0..<2 {
        scores.append(Double(x))
        groups.append(Double(g))
        correct.append(row[g])
        trials.append(20)
      }
    }
    return (scores, groups, correct, trials)
  }

  @Test func modelsMatchStatsmodels() {
    let data = Self.cells()
    func cells(_ covariates: (Int) -> [Double]) -> [BinomialCell] {
      data.scores.indices.map {
        BinomialCell(covariates: covariates($0), successes: data.correct[$0], trials: data.trials[$0])
      }
    }
    let fit0 = LogisticRegression.fit(cells { [data.scores[$0]] }, covariateCount: 1)
    let fit1 = LogisticRegression.fit(cells { [data.scores[$0], data.groups[$0]] }, covariateCount: 2)
    let fit2 = LogisticRegression.fit(
      cells { [data.scores[$0], data.groups[$0], data.scores[$0] * data.groups[$0]] }, covariateCount: 3)
    #expect(fit0.converged && fit1.converged && fit2.converged)
    #expect(abs(fit0.logLikelihood - -236.89884055223172) < 1e-8)
    #expect(abs(fit1.logLikelihood - -232.91226576327574) < 1e-8)
    #expect(abs(fit2.logLikelihood - -232.64689178700803) < 1e-8)
    let expected0 = [-2.2151707567096954, 0.4101474527193388]
    let expected1 = [-1.9411436041163175, 0.41892334645591656, -0.6423682048569264]
    let expected2 = [-1.8015612231672615, 0.38989876133402623, -0.9648191614879302, 0.061478197943869994]
    for (fit, expected) in [(fit0, expected0), (fit1, expected1), (fit2, expected2)] {
      for (value, reference) in zip(fit.coefficients, expected) {
        #expect(abs(value - reference) < 1e-6, "\(fit.coefficients) vs \(expected)")
      }
    }
  }

  @Test func difStatisticsFollowFromTheStatsmodelsFits() throws {
    let data = Self.cells()
    let result = try LogisticRegressionDIF.analyze(
      scores: data.scores, groups: data.groups, correct: data.correct, trials: data.trials)
    // LR χ² from the statsmodels log-likelihoods; Nagelkerke R² printed by the script.
    #expect(abs(result.uniformChiSquare - 2 * (-232.91226576327574 - -236.89884055223172)) < 1e-7)
    #expect(abs(result.nonUniformChiSquare - 2 * (-232.64689178700803 - -232.91226576327574)) < 1e-7)
    #expect(abs(result.totalChiSquare - 2 * (-232.64689178700803 - -236.89884055223172)) < 1e-7)
    #expect(abs(result.uniformDeltaR2 - (0.36953538582169315 - 0.3518829261508914)) < 1e-9)
    #expect(abs(result.nonUniformDeltaR2 - (0.37069913909315566 - 0.36953538582169315)) < 1e-9)
    #expect(abs(result.totalDeltaR2 - (0.37069913909315566 - 0.3518829261508914)) < 1e-9)
    // χ²(2) = 8.504, p = .0142 < .05, but ΔR² = .0188 < .035: negligible (A).
    #expect(abs(result.totalPValue - exp(-result.totalChiSquare / 2)) < 1e-12)  // χ²₂ tail = e^{−x/2}
    #expect(result.category == .A)
    #expect(result.converged)
  }

  @Test func separationIsReportedAsNonConvergence() {
    // Everyone at score ≥ 3 right, everyone below wrong: the slope runs off to infinity.
    let cells = (0..<6).map { x in
      BinomialCell(covariates: [Double(x)], successes: x >= 3 ? 10 : 0, trials: 10)
    }
    let fit = LogisticRegression.fit(cells, covariateCount: 1)
    #expect(!fit.converged)
    #expect(fit.coefficients.allSatisfy { $0.isFinite })
  }
}
