import Foundation
import FuzzSupport
import ItemBenchCore
import ItemResponseTheory

/// Parameter files as JSON and as CSV, and the positioned JSON reader under the JSON layout.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParameters(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let data = start.map { Data(bytes: $0, count: count) } ?? Data()
  guard case .success(let text) = UTF8Text.decode(data) else { return 0 }
  _ = try? LocatedJSON.parse(text)
  if let file = try? ParameterFile.parseJSON(text, file: "p.json") {
    // What a reader does next: write it back and read that again.
    _ = try? ParameterFile.parseJSON(file.jsonText(), file: "again.json")
  }
  // The same text with a registered model outside the a/b/c family, whose items carry
  // "parameters": read, evaluate every item's response function, write and read back.
  if let file = try? ParameterFile.parseJSON(text, file: "p.json", models: slipRegistry) {
    for item in file.items {
      _ = item.probabilityAndDerivative(at: 0.5, scalingConstant: file.scalingConstant)
      _ = item.information(at: -1, scalingConstant: file.scalingConstant)
      _ = (item.lowerAsymptote, item.upperAsymptote)
    }
    _ = try? ParameterFile.parseJSON(file.jsonText(), file: "again.json", models: slipRegistry)
  }
  _ = try? ParameterFile.parseCSV(text, file: "p.csv")
  return 0
}

@_cdecl("FuzzParameters_main")
public func fuzzParametersMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
  runFuzzer(fuzzParameters)
}

/// A 2PL with an upper asymptote d, P = d / (1 + exp(−D·a·(θ − b))), vector [a, b, d]: a model
/// outside the a/b/c family, so the parser's per-item `parameters` path is fuzzed too.
struct SlipModel: IRTModel {
  var name: String { "slip" }
  var parameterNames: [String] { ["a", "b", "d"] }
  var sharedParameterIndices: [Int] { [] }
  var estimatesLatentSD: Bool { false }
  func evaluate(theta: Double, parameters: [Double], scalingConstant D: Double, gradient: inout [Double]) -> (
    probability: Double, thetaDerivative: Double
  ) {
    let l = 1 / (1 + exp(-D * parameters[0] * (theta - parameters[1])))
    gradient[0] = parameters[2] * l * (1 - l) * D * (theta - parameters[1])
    gradient[1] = -parameters[2] * l * (1 - l) * D * parameters[0]
    gradient[2] = l
    return (parameters[2] * l, parameters[2] * l * (1 - l) * D * parameters[0])
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
    ItemParameters(id: id, a: vector[0], b: vector[1], modelParameters: ModelParameters(model: self, values: vector))
  }
}

let slipRegistry: IRTModelRegistry = {
  let models = IRTModelRegistry()
  models.register("slip") { _ in SlipModel() }
  return models
}()
