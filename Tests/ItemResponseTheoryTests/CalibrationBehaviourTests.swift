import Foundation
import Testing

@testable import ItemResponseTheory

/// Degenerate data, warnings, determinism, the model registry and the output format.
@Suite struct CalibrationBehaviourTests {
  static func data(seed: UInt64 = 3, candidates: Int = 800) -> ResponseMatrix {
    let items = (0..<8).map { ItemParameters(id: "Q\($0)", a: 1.2, b: Double($0 - 4) / 2) }
    return ResponseSimulator(items: items).simulate(candidates: candidates, seed: seed).responses
  }

  @Test func itemsWithoutVarianceAreExcludedWithAWarningNamingThem() throws {
    var matrix = Self.data()
    for candidate in 0..<matrix.candidateCount {
      matrix.codes[candidate * 8 + 2] = 1
      // Not reached everywhere: left out of calibration by the default rule (an omit would
      // count as a wrong answer).
      matrix.codes[candidate * 8 + 5] = ResponseCode.notReached
    }
    let result = try Calibrator(model: TwoParameterLogisticModel()).calibrate(matrix)
    #expect(result.excludedItems == ["Q2", "Q5"])
    #expect(result.parameters.items.map(\.id) == ["Q0", "Q1", "Q3", "Q4", "Q6", "Q7"])
    #expect(result.warnings.contains { $0.itemID == "Q2" && $0.message.contains("all 800 responses are correct") })
    #expect(result.warnings.contains { $0.itemID == "Q5" && $0.message.contains("no responses") })
    #expect(!result.parameters.jsonText().contains("nan"))
  }

  @Test func candidatesWithoutResponsesAreExcluded() throws {
    var matrix = Self.data()
    for item in 0..<8 { matrix.codes[3 * 8 + item] = ResponseCode.notReached }
    let result = try Calibrator(model: TwoParameterLogisticModel()).calibrate(matrix)
    #expect(result.candidateCount == 799)
    #expect(
      result.warnings.contains { $0.message.contains("1 candidate has no responses") && $0.message.contains("C000004") }
    )
  }

  @Test func nonConvergenceIsReportedAndNothingIsNaN() throws {
    let options = CalibrationOptions(tolerance: 1e-12, maximumIterations: 3)
    let result = try Calibrator(model: ThreeParameterLogisticModel(), options: options).calibrate(Self.data())
    #expect(result.parameters.converged == false)
    #expect(result.parameters.iterations == 3)
    #expect(result.warnings.contains { $0.message.contains("did not converge in 3 iterations") })
    #expect(result.warnings.contains { $0.message.contains("3PL with only 800 candidates") })
    let json = result.parameters.jsonText().lowercased()
    #expect(!json.contains("nan") && !json.contains("inf"))
  }

  @Test func aNegativelyDiscriminatingItemIsFlagged() throws {
    var matrix = Self.data()
    for candidate in 0..<matrix.candidateCount { matrix.codes[candidate * 8 + 4] ^= 1 }  // miskeyed
    let result = try Calibrator(model: TwoParameterLogisticModel()).calibrate(matrix)
    #expect(result.warnings.contains { $0.itemID == "Q4" && $0.message.contains("check the key") })
    #expect(result.parameters.items.allSatisfy { $0.a.isFinite && $0.b.isFinite && ($0.seA ?? 0).isFinite })
  }

  @Test func sameInputGivesByteIdenticalOutput() throws {
    let matrix = Self.data(candidates: 5000)
    let first = try Calibrator(model: TwoParameterLogisticModel()).calibrate(matrix).parameters
    let second = try Calibrator(model: TwoParameterLogisticModel()).calibrate(matrix).parameters
    #expect(first.jsonText() == second.jsonText())
    #expect(first.csvText() == second.csvText())
    #expect(first.csvText().hasPrefix("id,a,b,c,se_a,se_b,se_c\nQ0,"))
  }

  @Test func fixedItemsMissingFromTheDataAreNamed() throws {
    let options = CalibrationOptions(fixed: [ItemParameters(id: "ZZ9", a: 1, b: 0)])
    let result = try Calibrator(model: TwoParameterLogisticModel(), options: options).calibrate(Self.data())
    #expect(result.warnings.contains { $0.itemID == "ZZ9" && $0.message.contains("not in the response data") })
  }

  @Test func registryHoldsTheBuiltInsAndAcceptsNewModels() {
    let registry = IRTModelRegistry()
    #expect(registry.names == ["1pl", "2pl", "3pl", "rasch"])
    #expect(registry.model(named: "3PL")?.parameterNames == ["a", "b", "c"])
    #expect((registry.model(named: "3pl") as? ThreeParameterLogisticModel)?.priors.guessing?.alpha == 5)
    #expect(
      (registry.model(named: "3pl", priors: ItemPriors.none) as? ThreeParameterLogisticModel)?.priors.guessing == nil)
    registry.register("2pl-d17") { TwoParameterLogisticModel(priors: $0 ?? .none) }
    #expect(registry.model(named: "2pl-d17") != nil)
    #expect(registry.model(named: "4pl") == nil)
  }

  /// The priors' derivatives against central differences of their values.
  @Test func priorGradientsMatchFiniteDifferences() {
    let model = ThreeParameterLogisticModel(priors: ItemPriors(slope: (0, 0.5), difficulty: (0, 2), guessing: (5, 17)))
    let x = [1.3, -0.4, 0.18]
    var gradient = [0.0, 0, 0]
    var hessian = [Double](repeating: 0, count: 9)
    _ = model.logPrior(x, gradient: &gradient, hessian: &hessian)
    for index in 0..<3 {
      let h = 1e-5
      var plus = x
      plus[index] += h
      var minus = x
      minus[index] -= h
      var scratch = [0.0, 0, 0]
      var scratchH = [Double](repeating: 0, count: 9)
      let fPlus = model.logPrior(plus, gradient: &scratch, hessian: &scratchH)
      scratch = [0, 0, 0]
      let fMinus = model.logPrior(minus, gradient: &scratch, hessian: &scratchH)
      #expect(abs((fPlus - fMinus) / (2 * h) - gradient[index]) < 1e-6)
      var gp = [0.0, 0, 0]
      var gm = [0.0, 0, 0]
      _ = model.logPrior(plus, gradient: &gp, hessian: &scratchH)
      _ = model.logPrior(minus, gradient: &gm, hessian: &scratchH)
      #expect(abs((gp[index] - gm[index]) / (2 * h) - hessian[index * 3 + index]) < 1e-4)
    }
  }

  /// Each model's ∂P/∂ψ and ∂P/∂θ against central differences.
  @Test func modelGradientsMatchFiniteDifferences() {
    let models: [(any IRTModel, [Double])] = [
      (RaschModel(), [0.3]), (OneParameterLogisticModel(), [1.2, -0.5]),
      (TwoParameterLogisticModel(), [0.8, 0.7]), (ThreeParameterLogisticModel(), [1.5, 0.2, 0.22]),
    ]
    for (model, x) in models {
      for theta in [-1.5, 0.1, 2.2] {
        var gradient = [Double](repeating: 0, count: x.count)
        let value = model.evaluate(theta: theta, parameters: x, scalingConstant: 1.7, gradient: &gradient)
        var scratch = gradient
        let h = 1e-6
        for index in 0..<x.count {
          var plus = x
          plus[index] += h
          var minus = x
          minus[index] -= h
          let numeric =
            (model.evaluate(theta: theta, parameters: plus, scalingConstant: 1.7, gradient: &scratch).probability
              - model.evaluate(theta: theta, parameters: minus, scalingConstant: 1.7, gradient: &scratch).probability)
            / (2 * h)
          #expect(abs(numeric - gradient[index]) < 1e-7, "\(model.name) ∂P/∂\(model.parameterNames[index])")
        }
        let numericTheta =
          (model.evaluate(theta: theta + h, parameters: x, scalingConstant: 1.7, gradient: &scratch).probability
            - model.evaluate(theta: theta - h, parameters: x, scalingConstant: 1.7, gradient: &scratch).probability)
          / (2 * h)
        #expect(abs(numericTheta - value.thetaDerivative) < 1e-7)
        let item = model.itemParameters(id: "x", vector: x, covariance: nil)
        #expect(abs(item.probability(at: theta, scalingConstant: 1.7) - value.probability) < 1e-12)
      }
    }
  }

  /// The scaling constant only rescales slopes: D = 1.7 estimates are the D = 1 slopes / 1.7.
  @Test func scalingConstantRescalesSlopes() throws {
    let matrix = Self.data()
    let d1 = try Calibrator(
      model: TwoParameterLogisticModel(), options: CalibrationOptions(tolerance: 1e-7, standardErrors: .none)
    ).calibrate(matrix).parameters
    let d17 = try Calibrator(
      model: TwoParameterLogisticModel(),
      options: CalibrationOptions(scalingConstant: 1.7, tolerance: 1e-7, standardErrors: .none)
    ).calibrate(matrix).parameters
    #expect(d17.scalingConstant == 1.7)
    for (x, y) in zip(d1.items, d17.items) {
      #expect(abs(x.a / 1.7 - y.a) < 1e-4)
      #expect(abs(x.b - y.b) < 1e-4)
    }
    #expect(abs((d1.logLikelihood ?? 0) - (d17.logLikelihood ?? 1)) < 1e-6)
  }
}

/// The example model of docs/calibration.md: an outside model driven through `IRTModel`.
struct FixedSlopeModel: IRTModel {
  var slope = 1.7
  var name: String { "fixed-slope" }
  var parameterNames: [String] { ["b"] }
  var sharedParameterIndices: [Int] { [] }
  var estimatesLatentSD: Bool { false }
  func evaluate(theta: Double, parameters: [Double], scalingConstant D: Double, gradient: inout [Double]) -> (
    probability: Double, thetaDerivative: Double
  ) {
    let p = 1 / (1 + exp(-D * slope * (theta - parameters[0])))
    gradient[0] = -D * slope * p * (1 - p)
    return (p, D * slope * p * (1 - p))
  }
  func logPrior(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double { 0 }
  func clamp(_ parameters: inout [Double]) { parameters[0] = min(max(parameters[0], -15), 15) }
  func startingValues(proportionCorrect p: Double, biserial: Double, scalingConstant D: Double) -> [Double] {
    [-log(max(p, 0.01) / max(1 - p, 0.01)) / (D * slope)]
  }
  func vector(from item: ItemParameters) -> [Double] { [item.b] }
  func itemParameters(id: String, vector: [Double], covariance: [Double]?) -> ItemParameters {
    ItemParameters(id: id, a: slope, b: vector[0], seB: covariance.map { $0[0].squareRoot() })
  }
}

@Suite struct CalibrationCustomModelTests {
  @Test func anOutsideModelIsCalibratedThroughTheRegistry() throws {
    let registry = IRTModelRegistry()
    registry.register("fixed-slope") { _ in FixedSlopeModel() }
    let model = try #require(registry.model(named: "fixed-slope"))
    let truth = (0..<10).map { ItemParameters(id: "F\($0)", a: 1.7, b: Double($0 - 5) / 3) }
    let data = ResponseSimulator(items: truth).simulate(candidates: 3000, seed: 9).responses
    let result = try Calibrator(model: model).calibrate(data)
    #expect(result.parameters.model == "fixed-slope")
    for (estimate, true_) in zip(result.parameters.items, truth) {
      #expect(estimate.a == 1.7)
      // se(b) ≈ .03–.05 at N = 3000 with a = 1.7; allow 4 SE.
      #expect(abs(estimate.b - true_.b) < 4 * (estimate.seB ?? 0), "\(estimate.id)")
    }
  }
}
