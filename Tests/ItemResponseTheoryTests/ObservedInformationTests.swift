import Foundation
import Testing

@testable import ItemResponseTheory

/// The observed information by Louis's identity (what `--se observed` computes) against the
/// independent route: central differences of the marginal score, two full E-steps per
/// parameter. Both are the Hessian of the same quadrature log-posterior, so they agree to the
/// differences' O(h²) truncation error; compared entry by entry relative to the diagonal.
@Suite struct ObservedInformationTests {
  static func problem(
    _ model: any IRTModel, _ responses: ResponseMatrix, fixed: [ItemParameters] = []
  ) -> EMProblem {
    var emptyRows: [Int] = []
    let columns = Array(0..<responses.itemCount)
    let patterns = ResponsePatterns(responses: responses, columns: columns, emptyRows: &emptyRows)
    let byID = Dictionary(uniqueKeysWithValues: fixed.map { ($0.id, $0) })
    return EMProblem(
      model: model, options: CalibrationOptions(fixed: fixed), patterns: patterns,
      itemIDs: responses.itemIDs, fixed: responses.itemIDs.map { byID[$0] }, hasFixed: !fixed.isEmpty)
  }

  /// Largest |Louis − differences| / √(Iₐₐ I_bb) over all entries, at a state a few EM steps in.
  static func largestDiscrepancy(_ problem: EMProblem) -> Double {
    var state = problem.initialState()
    for _ in 0..<5 { state = problem.mStep(state, counts: problem.eStep(state)) }
    let louis = problem.louisInformation(state)
    let differences = problem.observedInformationByDifferences(state)
    let n = problem.dimension
    var largest = 0.0
    for a in 0..<n {
      for b in 0..<n {
        let scale = (abs(differences[a * n + a]) * abs(differences[b * n + b])).squareRoot()
        largest = max(largest, abs(louis[a * n + b] - differences[a * n + b]) / scale)
      }
    }
    return largest
  }

  static func simulated(_ count: Int, guessing: Double = 0, missingEvery: Int? = nil) -> ResponseMatrix {
    let truth = RecoveryTests.items(count, seed: 5, guessing: guessing)
    var responses = ResponseSimulator(items: truth).simulate(candidates: 400, seed: 5).responses
    if let missingEvery {
      // Two "forms": every other candidate did not see every `missingEvery`-th item.
      for candidate in stride(from: 0, to: responses.candidateCount, by: 2) {
        for item in stride(from: 0, to: count, by: missingEvery) {
          responses.codes[candidate * count + item] = ResponseCode.notPresented
        }
      }
    }
    return responses
  }

  @Test func twoParameterLSAT7() {
    let problem = Self.problem(TwoParameterLogisticModel(), ClassicData.matrix(ClassicData.lsat7))
    #expect(Self.largestDiscrepancy(problem) < 1e-6)
  }

  @Test func threeParameterWithPriorAndMissingResponses() {
    let problem = Self.problem(ThreeParameterLogisticModel(), Self.simulated(8, guessing: 0.2, missingEvery: 3))
    #expect(Self.largestDiscrepancy(problem) < 1e-6)
  }

  @Test func raschWithLatentSD() {
    let problem = Self.problem(RaschModel(), ClassicData.matrix(ClassicData.lsat6))
    #expect(Self.largestDiscrepancy(problem) < 1e-6)
  }

  @Test func onePLCommonSlope() {
    let problem = Self.problem(OneParameterLogisticModel(), ClassicData.matrix(ClassicData.lsat7))
    #expect(Self.largestDiscrepancy(problem) < 1e-6)
  }

  @Test func fixedAnchorsWithLatentMeanAndSD() {
    let responses = Self.simulated(10, missingEvery: 4)
    let anchors = RecoveryTests.items(10, seed: 5).prefix(4).map { $0 }
    let problem = Self.problem(TwoParameterLogisticModel(), responses, fixed: anchors)
    #expect(problem.estimateMean && problem.estimateSD)
    #expect(Self.largestDiscrepancy(problem) < 1e-6)
  }

  /// Windows are indexed past 255 points (quadrature up to the input limit); the SEs of a finer
  /// grid agree with the default grid's (the quadrature error at 61 points is far below 1%).
  @Test func moreThan255QuadraturePoints() throws {
    let responses = ClassicData.matrix(ClassicData.lsat7)
    let fine = try Calibrator(
      model: TwoParameterLogisticModel(), options: CalibrationOptions(quadraturePoints: 301, standardErrors: .observed)
    ).calibrate(responses)
    let standard = try Calibrator(
      model: TwoParameterLogisticModel(), options: CalibrationOptions(standardErrors: .observed)
    ).calibrate(responses)
    for (a, b) in zip(fine.parameters.items, standard.parameters.items) {
      let seA = try #require(a.seA)
      let seB = try #require(b.seA)
      #expect(abs(seA - seB) < 0.01 * seB)
    }
  }
}
