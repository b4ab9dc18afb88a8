import ExamCycle
import Foundation
import ItemBenchCore
import ItemResponseTheory
import Testing

/// A model another package might register: the 2PL's curve under another name, declared
/// outside the a/b/c family (the protocol's default), so its items would carry their own vector.
private struct RelabelledModel: IRTModel {
  let base = TwoParameterLogisticModel()
  var name: String { "relabelled" }
  var parameterNames: [String] { base.parameterNames }
  var sharedParameterIndices: [Int] { [] }
  var estimatesLatentSD: Bool { false }
  func evaluate(theta: Double, parameters: [Double], scalingConstant: Double, gradient: inout [Double]) -> (
    probability: Double, thetaDerivative: Double
  ) { base.evaluate(theta: theta, parameters: parameters, scalingConstant: scalingConstant, gradient: &gradient) }
  func logPrior(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double { 0 }
  func clamp(_ parameters: inout [Double]) { base.clamp(&parameters) }
  func startingValues(proportionCorrect: Double, biserial: Double, scalingConstant: Double) -> [Double] {
    base.startingValues(proportionCorrect: proportionCorrect, biserial: biserial, scalingConstant: scalingConstant)
  }
  func vector(from item: ItemParameters) -> [Double] { [item.a, item.b] }
  func itemParameters(id: String, vector: [Double], covariance: [Double]?) -> ItemParameters {
    ItemParameters(id: id, a: vector[0], b: vector[1], modelParameters: ModelParameters(model: self, values: vector))
  }
}

/// The project file and the runner look models up in the registry they are given.
@Suite struct CycleModelRegistryTests {
  static func registry() -> IRTModelRegistry {
    let models = IRTModelRegistry()
    models.register("relabelled") { _ in RelabelledModel() }
    return models
  }

  @Test func theProjectFileKnowsTheModelsOfItsRegistry() throws {
    let text = "calibration: {model: relabelled}\n"
    #expect(throws: Diagnostic.self) { try ProjectConfiguration.parse(text, file: "p.yml") }
    #expect(try ProjectConfiguration.parse(text, file: "p.yml", models: Self.registry()).model == "relabelled")
  }

  /// The bank scale stores a, b and c only: a model outside that family is refused at
  /// calibration.model rather than having its vector cut down.
  @Test func theCycleRefusesAModelTheBankScaleCannotHold() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cycle-model-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    var configuration = try ExamCycleRunTests.makeProject(at: root)
    configuration.model = "relabelled"
    #expect {
      try ExamCycleRunner(configuration: configuration, models: Self.registry()).run()
    } throws: { error in
      "\(error)".contains("bank scale cannot hold")
    }
  }
}
