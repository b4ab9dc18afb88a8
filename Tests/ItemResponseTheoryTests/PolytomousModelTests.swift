import Foundation
import Testing

@testable import ItemResponseTheory

/// GPCM and GRM category curves against hand computations, and the calibrator against
/// simulations with known parameters.
@Suite struct PolytomousModelTests {
  /// GPCM a = 1, b = (−1, 0.5), D = 1 at θ = 0: z = (0, 1, 1 − 0.5) = (0, 1, 0.5), so
  /// P ∝ (1, e, e^0.5) = (1, 2.718282, 1.648721), total 5.367003:
  /// P = (0.186324, 0.506480, 0.307196).
  @Test func gpcmCategoryProbabilitiesByHand() {
    let item = PolytomousItemParameters(id: "G", model: .gpcm, a: 1, thresholds: [-1, 0.5])
    let p = item.categoryProbabilities(at: 0, scalingConstant: 1)
    let e = exp(1.0)
    let root = exp(0.5)
    let total = 1 + e + root
    #expect(abs(p[0] - 1 / total) < 1e-15)
    #expect(abs(p[1] - e / total) < 1e-15)
    #expect(abs(p[2] - root / total) < 1e-15)
    #expect(abs(p[0] - 0.186324) < 1e-6 && abs(p[1] - 0.506480) < 1e-6 && abs(p[2] - 0.307196) < 1e-6)
  }

  /// GRM a = 1.5, b = (−1, 1), D = 1 at θ = 0: P*₁ = L(1.5) = 0.817574, P*₂ = L(−1.5) = 0.182426,
  /// so P = (0.182426, 0.635149, 0.182426).
  @Test func grmCategoryProbabilitiesByHand() {
    let item = PolytomousItemParameters(id: "R", model: .grm, a: 1.5, thresholds: [-1, 1])
    let p = item.categoryProbabilities(at: 0, scalingConstant: 1)
    let high = 1 / (1 + exp(-1.5))
    #expect(abs(p[0] - (1 - high)) < 1e-15)
    #expect(abs(p[1] - (high - (1 - high))) < 1e-15)
    #expect(abs(p[2] - (1 - high)) < 1e-15)
    #expect(abs(p[1] - 0.635149) < 1e-6)
  }

  /// With one threshold both models are the 2PL.
  @Test func oneThresholdIsTheTwoParameterLogistic() {
    let twoPL = ItemParameters(id: "D", a: 1.3, b: 0.4)
    for model in PolytomousModel.allCases {
      let item = PolytomousItemParameters(id: "D", model: model, a: 1.3, thresholds: [0.4])
      for theta in stride(from: -3.0, through: 3.0, by: 0.5) {
        let p = item.categoryProbabilities(at: theta, scalingConstant: 1.7)
        #expect(abs(p[1] - twoPL.probability(at: theta, scalingConstant: 1.7)) < 1e-14)
      }
    }
  }

  /// θ derivatives and information against central differences of the probabilities.
  @Test func derivativesMatchCentralDifferences() {
    let items: [any CategoryResponseFunction] = [
      PolytomousItemParameters(id: "G", model: .gpcm, a: 0.8, thresholds: [-1.5, 0.3, 0.1]),
      PolytomousItemParameters(id: "R", model: .grm, a: 1.7, thresholds: [-1.2, -0.1, 0.9]),
      ItemParameters(id: "M", a: 1.1, b: 0.2, c: 0.2),
    ]
    let h = 1e-5
    for item in items {
      for theta in [-2.0, -0.3, 0.0, 1.1, 2.5] {
        let (p, dp) = item.categoryCurves(at: theta, scalingConstant: 1.7)
        let up = item.categoryProbabilities(at: theta + h, scalingConstant: 1.7)
        let down = item.categoryProbabilities(at: theta - h, scalingConstant: 1.7)
        #expect(abs(p.reduce(0, +) - 1) < 1e-14)
        var information = 0.0
        for k in p.indices {
          let numeric = (up[k] - down[k]) / (2 * h)
          #expect(abs(dp[k] - numeric) < 1e-8, "\(item.id) θ = \(theta) k = \(k)")
          information += numeric * numeric / p[k]
        }
        #expect(abs(item.fisherInformation(at: theta, scalingConstant: 1.7) - information) < 1e-7)
      }
    }
  }

  /// GPCM information is D²a²·Var(X | θ) (Muraki 1993): a closed form independent of the
  /// derivative code.
  @Test func gpcmInformationIsScaledScoreVariance() {
    let item = PolytomousItemParameters(id: "G", model: .gpcm, a: 1.2, thresholds: [-0.5, 0.4, 1.3])
    for theta in [-1.0, 0.0, 0.7] {
      let p = item.categoryProbabilities(at: theta, scalingConstant: 1)
      let mean = p.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
      let variance = p.enumerated().reduce(0) {
        $0 + (Double($1.offset) - mean) * (Double($1.offset) - mean) * $1.element
      }
      #expect(abs(item.fisherInformation(at: theta, scalingConstant: 1) - 1.44 * variance) < 1e-12)
    }
  }

  /// The M-step gradients ∂Pₖ/∂x of every calibration model against central differences.
  @Test func parameterGradientsMatchCentralDifferences() {
    let cases: [(MixedFormatItemModel, Int, [Double])] = [
      (.twoPL, 2, [1.2, -0.4]),
      (.threePL, 2, [1.4, 0.3, 0.18]),
      (.gpcm, 4, [0.9, -1.1, 0.2, 0.6]),
      (.grm, 4, [1.6, -1.3, 0.1, 1.2]),
    ]
    let h = 1e-6
    for (model, categories, x) in cases {
      let kernel = MixedFormatItemKernel(model: model, categoryCount: categories)
      let p = kernel.parameterCount
      for theta in [-1.7, 0.2, 1.4] {
        var probabilities = [Double](repeating: 0, count: categories)
        var gradients = [Double](repeating: 0, count: categories * p)
        kernel.evaluate(
          x[...], theta: theta, D: 1.7, probabilities: &probabilities, gradients: &gradients, withGradients: true)
        for s in 0..<p {
          var up = x
          var down = x
          up[s] += h
          down[s] -= h
          var pu = probabilities
          var pd = probabilities
          var none: [Double] = []
          kernel.evaluate(up[...], theta: theta, D: 1.7, probabilities: &pu, gradients: &none, withGradients: false)
          kernel.evaluate(down[...], theta: theta, D: 1.7, probabilities: &pd, gradients: &none, withGradients: false)
          for k in 0..<categories {
            let numeric = (pu[k] - pd[k]) / (2 * h)
            #expect(abs(gradients[k * p + s] - numeric) < 1e-7, "\(model) θ \(theta) k \(k) s \(s)")
          }
        }
      }
    }
  }

  /// The generalised Lord–Wingersky recursion against full enumeration of every response pattern.
  @Test func summedScoreDistributionMatchesEnumeration() {
    let items: [any CategoryResponseFunction] = [
      PolytomousItemParameters(id: "G", model: .gpcm, a: 0.8, thresholds: [-1.5, 0.3]),
      ItemParameters(id: "M", a: 1.1, b: 0.2, c: 0.2),
      PolytomousItemParameters(id: "R", model: .grm, a: 1.7, thresholds: [-1.2, -0.1, 0.9]),
    ]
    let theta = 0.35
    let curves = items.map { $0.categoryProbabilities(at: theta, scalingConstant: 1) }
    var enumerated = [Double](repeating: 0, count: 2 + 1 + 3 + 1)
    for x in 0..<3 {
      for y in 0..<2 { for z in 0..<4 { enumerated[x + y + z] += curves[0][x] * curves[1][y] * curves[2][z] } }
    }
    let recursion = SummedScoreDistribution.conditional(items: items, theta: theta, scalingConstant: 1)
    #expect(recursion.count == enumerated.count)
    for x in enumerated.indices { #expect(abs(recursion[x] - enumerated[x]) < 1e-15) }
  }
}
