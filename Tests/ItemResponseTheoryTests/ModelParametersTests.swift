import Foundation
import ItemResponseTheory
import Testing

/// A model outside the a/b/c family, defined here as another package would: the 2PL with an
/// upper asymptote d, P(θ) = d / (1 + exp(−D·a·(θ − b))). Item vector `[a, b, d]`. It does not
/// say how it rescales (the protocol's default), so linking its items must fail plainly.
struct SlipModel: IRTModel {
  var name: String { "slip" }
  var parameterNames: [String] { ["a", "b", "d"] }
  var sharedParameterIndices: [Int] { [] }
  var estimatesLatentSD: Bool { false }
  func evaluate(theta: Double, parameters: [Double], scalingConstant D: Double, gradient: inout [Double]) -> (
    probability: Double, thetaDerivative: Double
  ) {
    let l = 1 / (1 + exp(-D * parameters[0] * (theta - parameters[1])))
    let d = parameters[2]
    gradient[0] = d * l * (1 - l) * D * (theta - parameters[1])
    gradient[1] = -d * l * (1 - l) * D * parameters[0]
    gradient[2] = l
    return (d * l, d * l * (1 - l) * D * parameters[0])
  }
  func logPrior(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double { 0 }
  func clamp(_ parameters: inout [Double]) {
    parameters[0] = min(max(parameters[0], 0.01), 20)
    parameters[1] = min(max(parameters[1], -15), 15)
    parameters[2] = min(max(parameters[2], 0.5), 1)
  }
  func startingValues(proportionCorrect: Double, biserial: Double, scalingConstant: Double) -> [Double] {
    [1, 0, 0.95]
  }
  func vector(from item: ItemParameters) -> [Double] { item.modelParameters?.values ?? [item.a, item.b, 1] }
  func itemParameters(id: String, vector: [Double], covariance: [Double]?) -> ItemParameters {
    ItemParameters(
      id: id, a: vector[0], b: vector[1], c: 0, modelParameters: ModelParameters(model: self, values: vector))
  }
}

@Suite struct ModelParametersTests {
  static func registry() -> IRTModelRegistry {
    let models = IRTModelRegistry()
    models.register("slip") { _ in SlipModel() }
    return models
  }

  static let fileText = """
    {"format": 1, "model": "slip", "scaling_constant": 1, "items": [
      {"id": "S1", "a": 1.5, "b": 0.25, "c": 0, "parameters": {"a": 1.5, "b": 0.25, "d": 0.9}, "se": {"d": 0.02}},
      {"id": "S2", "a": 0.8, "b": -1, "c": 0, "model": "3pl"}
    ]}
    """

  /// By hand: at θ = 0.25 (= b) the logistic part is ½, so P = d/2 = 0.45, P′ = d·¼·a = 0.3375,
  /// I = P′²/(P·Q) = 0.11390625 / (0.45·0.55) = 0.4602272727…
  @Test func itemsOfARegisteredModelUseItsResponseFunction() throws {
    let file = try ParameterFile.parseJSON(Self.fileText, file: "slip.json", models: Self.registry())
    let item = file.items[0]
    #expect(item.modelParameters?.values == [1.5, 0.25, 0.9])
    #expect(item.modelParameters?.standardErrors == [nil, nil, 0.02])
    #expect(abs(item.probability(at: 0.25, scalingConstant: 1) - 0.45) < 1e-15)
    #expect(abs(item.probabilityAndDerivative(at: 0.25, scalingConstant: 1).derivative - 0.3375) < 1e-15)
    #expect(abs(item.information(at: 0.25, scalingConstant: 1) - 0.11390625 / (0.45 * 0.55)) < 1e-14)
    #expect(item.upperAsymptote == 0.9)
    // The second item names a built-in a/b/c model and stays a plain 3PL item.
    #expect(file.items[1].modelParameters == nil)
    #expect(file.items[1].upperAsymptote == 1)
  }

  @Test func theFileRoundTripsWithTheVector() throws {
    let file = try ParameterFile.parseJSON(Self.fileText, file: "slip.json", models: Self.registry())
    let again = try ParameterFile.parseJSON(file.jsonText(), file: "again.json", models: Self.registry())
    #expect(again.items == file.items)
  }

  @Test(arguments: [
    ("{\"id\": \"S1\", \"a\": 1.5, \"b\": 0.25}", "needs \"parameters\""),
    (
      "{\"id\": \"S1\", \"a\": 1.5, \"b\": 0.25, \"parameters\": {\"a\": 1.5, \"d\": 0.9, \"b\": 0.25}}",
      "in that order"
    ),
    ("{\"id\": \"S1\", \"a\": 1.4, \"b\": 0.25, \"parameters\": {\"a\": 1.5, \"b\": 0.25, \"d\": 0.9}}", "must agree"),
    (
      "{\"id\": \"S1\", \"a\": 1.5, \"b\": 0.25, \"parameters\": {\"a\": 1.5, \"b\": 0.25, \"d\": \"0.9\"}}",
      "to be a number"
    ),
    (
      "{\"id\": \"S1\", \"a\": 1.5, \"b\": 0.25, \"parameters\": {\"a\": 1.5, \"b\": 0.25, \"d\": 1.4}}",
      "outside model slip's range"
    ),
    (
      "{\"id\": \"S1\", \"a\": 1.5, \"b\": 0.25, \"model\": \"4pl\", \"parameters\": {\"a\": 1.5}}",
      "unknown model '4pl'"
    ),
  ])
  func badItemsAreErrorsAtTheirLine(item: String, message: String) {
    let text = "{\"model\": \"slip\",\n\"items\": [\n\(item)]}"
    do {
      _ = try ParameterFile.parseJSON(text, file: "bad.json", models: Self.registry())
      Issue.record("expected an error containing \(message)")
    } catch let error as ParameterFileError {
      #expect(error.message.contains(message), "\(error.message)")
      #expect(error.location.line == 3)
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func aFileOfAnUnregisteredModelIsAnError() {
    #expect(throws: ParameterFileError.self) {
      try ParameterFile.parseJSON(Self.fileText, file: "slip.json", models: IRTModelRegistry())
    }
  }

  /// Scoring goes through the model: the EAP of one correct answer to S1 equals the posterior
  /// mean Σ θₖ φ(θₖ) P(θₖ) / Σ φ(θₖ) P(θₖ) with P = 0.9 / (1 + e^(−1.5(θ − 0.25))), summed here
  /// directly over the same 121 points.
  @Test func eapScoresUseTheModelsCurve() throws {
    let file = try ParameterFile.parseJSON(Self.fileText, file: "slip.json", models: Self.registry())
    let responses = ResponseMatrix(candidateIDs: ["X"], itemIDs: ["S1"], codes: [1])
    let options = ScoringOptions(quadraturePoints: 121, quadratureRange: -6...6)
    let result = try ThetaScoring.score(responses, parameters: file, options: options)
    var mass = 0.0
    var first = 0.0
    for k in 0..<121 {
      let theta = -6 + 12 * Double(k) / 120
      let weight = exp(-0.5 * theta * theta) * 0.9 / (1 + exp(-1.5 * (theta - 0.25)))
      mass += weight
      first += weight * theta
    }
    let theta = try #require(result.estimates.first?.theta)
    #expect(abs(theta - first / mass) < 1e-9)
  }
}
