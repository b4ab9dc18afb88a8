import Equating
import FairnessAnalysis
import Foundation
import ItemBenchCore
import ItemResponseTheory
import Testing

@testable import TechnicalReport

/// A small two-form program computed end to end through the real libraries: simulated letter
/// responses (form Y base, form X new, 6 shared anchors, one non-discriminating item), 2PL
/// calibrations, Stocking–Lord linking, true-score equating, conversion tables and a DIF run.
enum ReportFixture {
  static let scale = ScaleSpecification(
    minimum: 200, maximum: 350, passingScore: 300, cut: .raw(7), mapping: .piecewiseRaw)

  static func items(prefix: String, shift: Double) -> [ItemParameters] {
    var items: [ItemParameters] = []
    for j in 0..<6 {
      let index = Double(j)
      items.append(ItemParameters(id: "ANC-\(j + 1)", a: 0.9 + 0.1 * index, b: -1.2 + 0.5 * index))
    }
    for j in 0..<6 {
      let index = Double(j)
      let slope: Double = j == 5 ? 0.03 : 1.1
      items.append(ItemParameters(id: "\(prefix)-\(j + 1)", a: slope, b: -1 + 0.4 * index + shift))
    }
    return items
  }

  static func administration(id: String, prefix: String, shift: Double, mean: Double, seed: UInt64) throws -> (
    FormAdministration, ResponseMatrix
  ) {
    let truth = items(prefix: prefix, shift: shift)
    let options = truth.map { _ in ResponseSimulator.Options(ids: ["A", "B", "C", "D"], keyIndex: 1) }
    let simulated = ResponseSimulator(items: truth, latent: LatentDistribution(mean: mean, sd: 1), options: options)
      .simulate(candidates: 1200, seed: seed)
    let keys = Dictionary(
      uniqueKeysWithValues: truth.map { ($0.id, ItemKey(key: "B", options: ["A", "B", "C", "D"])) })
    let matrix = simulated.responses
    let model = try #require(IRTModelRegistry.shared.model(named: "2pl"))
    let calibration = try Calibrator(model: model).calibrate(matrix)
    var summary = CalibrationSummary(calibration)
    summary.parameters.form = id
    let scored = truth.map(\.id)
    let administration = FormAdministration(
      formID: id, title: "Form \(id)", date: "2026-0\(seed % 9 + 1)-01", scoredItemIDs: scored,
      anchorItemIDs: truth.prefix(6).map(\.id), pretestItemIDs: [],
      domains: [
        CoverageRow(id: "d1", title: "Domain one", count: 12, target: 12, minimum: 10, maximum: 14, weightPercent: 100)
      ],
      itemDomains: Dictionary(uniqueKeysWithValues: scored.map { ($0, "d1") }), responses: matrix,
      classical: ClassicalAnalysis.analyze(matrix, keys: keys),
      scoredTest: ClassicalAnalysis.analyze(matrix, keys: keys).test,
      calibration: summary)
    return (administration, matrix)
  }

  static func input() throws -> ReportInput {
    let (baseAdministration, baseMatrix) = try administration(id: "form-y", prefix: "Y", shift: 0, mean: 0, seed: 3)
    var base = baseAdministration
    var (new, _) = try administration(id: "form-x", prefix: "X", shift: 0.4, mean: 0.2, seed: 4)
    let baseParameters = try require_(base.calibration?.parameters)
    let newParameters = try require_(new.calibration?.parameters)
    var options = LinkingOptions(method: .stockingLord)
    options.anchors = (1...6).map { "ANC-\($0)" }
    let linking = try Linking.link(base: baseParameters, new: newParameters, options: options)
    let linked = try linking.transformation.transform(newParameters)
    let identity = try IRTEquating.equate(base: baseParameters, new: baseParameters)
    let equated = try IRTEquating.equate(base: baseParameters, new: linked)
    base.scoredParametersOnBaseScale = baseParameters
    base.conversion = try ScaleTableBuilder.build(
      equating: identity, base: baseParameters, new: baseParameters, scale: scale)
    new.scoredParametersOnBaseScale = linked
    new.conversion = try ScaleTableBuilder.build(equating: equated, base: baseParameters, new: linked, scale: scale)
    func only(_ file: ParameterFile, _ ids: [String]) -> ParameterFile {
      var copy = file
      copy.items = file.items.filter { ids.contains($0.id) }
      return copy
    }
    let groups = GroupAssignment(
      variable: "group", reference: "reference", focal: "focal",
      membership: (0..<baseMatrix.candidateCount).map { UInt8($0 % 3 == 0 ? 1 : 0) })
    let dif = try DIFAnalysis.analyze(baseMatrix, groups: groups)
    return ReportInput(
      title: "Fixture report", program: "Test program", forms: [base, new],
      linking: LinkingSection(
        result: linking, banked: only(baseParameters, linking.anchors), newOnBaseScale: only(linked, linking.anchors)),
      fairness: [FairnessSection(formID: "form-y", report: dif)],
      provenance: Provenance(
        toolVersion: "test", command: "itembench report",
        inputs: [ProvenanceInput(role: "responses", path: "r.csv", bytes: 3, digest: fnv1a64([1, 2, 3]))],
        options: [("model", "2pl")]))
  }
}

struct MissingValue: Error {}

/// `value` or a thrown error (a helper usable outside a test function).
func require_<T>(_ value: T?) throws -> T {
  guard let value else { throw MissingValue() }
  return value
}
