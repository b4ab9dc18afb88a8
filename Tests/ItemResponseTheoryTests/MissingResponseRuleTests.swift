import Foundation
import Testing

@testable import ItemResponseTheory

/// The one scoring rule for omitted and not-reached responses (issue 17), checked across the
/// library entry points every command uses, on data small enough to work out by hand.
@Suite struct MissingResponseRuleTests {
  /// Three Rasch items (a = 1, c = 0, D = 1) with b = −1, 0, 1.
  static let rasch = ParameterFile(
    model: "rasch",
    items: [
      ItemParameters(id: "Q1", a: 1, b: -1), ItemParameters(id: "Q2", a: 1, b: 0), ItemParameters(id: "Q3", a: 1, b: 1),
    ])

  /// C1: right, omitted, not reached. C2: wrong, right, right. C3: right, right, omitted.
  /// C4: omitted, wrong, not reached. C5: not presented, right, wrong.
  static let text = "id,Q1,Q2,Q3\nC1,1,,NR\nC2,0,1,1\nC3,1,1,\nC4,,0,NR\nC5,.,1,0\n"

  static func data() throws -> ResponseMatrix { try ResponseReader.parse(text: text) }

  static func p(_ theta: Double, _ b: Double) -> Double { 1 / (1 + exp(-(theta - b))) }

  /// The Rasch ML estimate for `raw` correct out of the items with difficulties `bs`: the root
  /// of Σ P(θ; b) = raw, by bisection (an independent solver).
  static func mlTheta(raw: Double, bs: [Double]) -> Double {
    var low = -10.0, high = 10.0
    for _ in 0..<200 {
      let mid = (low + high) / 2
      if bs.reduce(0, { $0 + p(mid, $1) }) < raw { low = mid } else { high = mid }
    }
    return (low + high) / 2
  }

  @Test func theRuleSaysWhatEachKindCountsAs() {
    let standard = MissingResponseRule.standard
    #expect(standard.omitted == .wrong && standard.notReached == .wrongInScores)
    #expect(standard.score(ResponseCode.omitted, in: .candidateScores) == 0)
    #expect(standard.score(ResponseCode.omitted, in: .itemStatistics) == 0)
    #expect(standard.score(ResponseCode.notReached, in: .candidateScores) == 0)
    #expect(standard.score(ResponseCode.notReached, in: .itemStatistics) == nil)
    #expect(standard.score(ResponseCode.notPresented, in: .candidateScores) == nil)
    let lenient = MissingResponseRule(omitted: .notAdministered, notReached: .notAdministered)
    #expect(lenient.score(ResponseCode.omitted, in: .candidateScores) == nil)
    #expect(standard.score(ResponseCode.answered(score: 1, optionIndex: 2), in: .itemStatistics) == 1)
  }

  @Test func rawScoresCountCorrectAnswersWhateverTheRule() throws {
    let data = try Self.data()
    // By hand: C1 1, C2 2, C3 2, C4 0, C5 1.
    #expect(ResponseScoring.numberCorrect(data) == [1, 2, 2, 0, 1])
    for omitted in MissingTreatment.allCases {
      for notReached in MissingTreatment.allCases {
        var options = ScoringOptions(method: .ml)
        options.missingResponses = MissingResponseRule(omitted: omitted, notReached: notReached)
        let result = try ThetaScoring.score(data, parameters: Self.rasch, options: options)
        #expect(result.estimates.map(\.rawScore) == [1, 2, 2, 0, 1])
      }
    }
  }

  @Test func candidateScoresFollowTheRule() throws {
    let data = try Self.data()
    // Default: omits and not-reached responses are wrong in candidates' scores. C1 has 1 right
    // of all 3 items; C3 2 of 3.
    let standard = try ThetaScoring.score(data, parameters: Self.rasch, options: ScoringOptions(method: .ml))
    #expect(standard.estimates.map(\.itemsUsed) == [3, 3, 3, 3, 2])
    #expect(abs(standard.estimates[0].theta! - Self.mlTheta(raw: 1, bs: [-1, 0, 1])) < 1e-5)
    #expect(abs(standard.estimates[2].theta! - Self.mlTheta(raw: 2, bs: [-1, 0, 1])) < 1e-5)
    // By symmetry, 1 right of b = −1 and 0 is θ = −0.5: C1 under "omitted wrong, not reached
    // left out", which is how item fit sees C1 under the default rule.
    var itemView = ScoringOptions(method: .ml)
    itemView.use = .itemStatistics
    let fitView = try ThetaScoring.score(data, parameters: Self.rasch, options: itemView)
    #expect(fitView.estimates[0].itemsUsed == 2)
    #expect(abs(fitView.estimates[0].theta! - -0.5) < 1e-5)
    // Omits and not reached left out: C1 answered Q1 only, correctly: all correct, at the fence.
    var lenient = ScoringOptions(method: .ml)
    lenient.missingResponses = MissingResponseRule(omitted: .notAdministered, notReached: .notAdministered)
    let left = try ThetaScoring.score(data, parameters: Self.rasch, options: lenient)
    #expect(left.estimates.map(\.itemsUsed) == [1, 3, 2, 1, 2])
    #expect(left.estimates[0].flags == [.allCorrect])
    // C3: 2 right of Q1, Q2 (b = −1, 0), θ solves P(θ; −1) + P(θ; 0) = 2 → all correct.
    #expect(left.estimates[2].flags == [.allCorrect])
  }

  @Test func classicalStatisticsFollowTheRule() throws {
    let data = try Self.data()
    // Default (item statistics): omits wrong, not reached left out. Q1: C1 1, C2 0, C3 1, C4
    // omitted (0): 2 of 4; Q3: C2 1, C3 omitted 0, C5 0 (C1, C4 not reached): 1 of 3.
    let standard = ClassicalAnalysis.analyze(data)
    #expect(standard.items.map(\.administered) == [4, 5, 3])
    #expect(standard.items.map(\.pValue) == [0.5, 3.0 / 5.0, 1.0 / 3.0])
    #expect(standard.items.map(\.omitRate) == [0.25, 0.2, 1.0 / 3.0])
    #expect(standard.items[2].notReachedRate == 2.0 / 5.0)
    // Omits left out: Q1 2 of 3, Q2 3 of 4, Q3 1 of 2; omit rates unchanged (they describe the
    // data, not the rule).
    let lenient = ClassicalAnalysis.analyze(
      data, missingResponses: MissingResponseRule(omitted: .notAdministered, notReached: .wrongInScores))
    #expect(lenient.items.map(\.administered) == [3, 4, 2])
    #expect(lenient.items.map(\.pValue) == [2.0 / 3.0, 0.75, 0.5])
    #expect(lenient.items.map(\.omitRate) == [0.25, 0.2, 1.0 / 3.0])
    // Not reached wrong in item statistics too: Q3 1 of 5.
    let strict = ClassicalAnalysis.analyze(
      data, missingResponses: MissingResponseRule(omitted: .wrong, notReached: .wrong))
    #expect(strict.items[2].administered == 5 && strict.items[2].pValue == 0.2)
  }

  /// log L = Σᵢ log Σₖ wₖ Πⱼ P(xᵢⱼ | θₖ), the quadrature θₖ = zₖ on 61 equally spaced points of
  /// [−6, 6] with weights ∝ φ(zₖ) (2PL: the latent N(0, 1) is fixed), computed here from the
  /// estimates and the responses as the rule says: an omit is a wrong answer, a not-reached
  /// response is skipped.
  static func marginalLogLikelihood(
    _ matrix: ResponseMatrix, items: [ItemParameters], omitsWrong: Bool
  ) -> Double {
    let z = (0..<61).map { -6 + 12 * Double($0) / 60 }
    let density = z.map { exp(-$0 * $0 / 2) }
    let total = density.reduce(0, +)
    let weights = density.map { $0 / total }
    let column = Dictionary(uniqueKeysWithValues: matrix.itemIDs.enumerated().map { ($1, $0) })
    var logL = 0.0
    for i in 0..<matrix.candidateCount {
      var likelihood = 0.0
      var any = false
      for (k, theta) in z.enumerated() {
        var product = weights[k]
        for item in items {
          guard let position = column[item.id] else { continue }
          let code = matrix.code(candidate: i, item: position)
          let x: Double
          if code == ResponseCode.omitted && omitsWrong {
            x = 0
          } else if ResponseCode.isMissing(code) {
            continue
          } else {
            x = Double(code & 1)
          }
          any = true
          let p = item.probability(at: theta, scalingConstant: 1)
          product *= x == 1 ? p : 1 - p
        }
        likelihood += product
      }
      if any { logL += log(likelihood) }
    }
    return logL
  }

  /// 6 items, 1,500 simulated 2PL candidates, then every 13th cell omitted and the last two
  /// items not reached for every 17th candidate.
  static func calibrationData() -> ResponseMatrix {
    let items = (0..<6).map { ItemParameters(id: "I\($0)", a: 1 + 0.1 * Double($0), b: Double($0 - 3) / 2) }
    var matrix = ResponseSimulator(items: items).simulate(candidates: 1500, seed: 17).responses
    for index in stride(from: 5, to: matrix.codes.count, by: 13) { matrix.codes[index] = ResponseCode.omitted }
    for candidate in stride(from: 0, to: matrix.candidateCount, by: 17) {
      matrix.codes[candidate * 6 + 4] = ResponseCode.notReached
      matrix.codes[candidate * 6 + 5] = ResponseCode.notReached
    }
    return matrix
  }

  @Test func calibrationLikelihoodFollowsTheRule() throws {
    let matrix = Self.calibrationData()
    let standard = try Calibrator(model: TwoParameterLogisticModel()).calibrate(matrix)
    let reported = try #require(standard.parameters.logLikelihood)
    let byHand = Self.marginalLogLikelihood(matrix, items: standard.parameters.items, omitsWrong: true)
    #expect(abs(reported - byHand) < 1e-3, "reported \(reported), by hand \(byHand)")
    // The same parameters with omits skipped give a clearly different likelihood: the check
    // above can tell the rules apart.
    let skipped = Self.marginalLogLikelihood(matrix, items: standard.parameters.items, omitsWrong: false)
    #expect(abs(skipped - byHand) > 50)

    // Omits not administered: calibrating equals calibrating the data with omits recoded as
    // not presented; the default equals the data with omits recoded as wrong answers.
    var options = CalibrationOptions()
    options.missingResponses = MissingResponseRule(omitted: .notAdministered, notReached: .wrongInScores)
    let lenient = try Calibrator(model: TwoParameterLogisticModel(), options: options).calibrate(matrix)
    var asNotPresented = matrix
    var asWrong = matrix
    for index in matrix.codes.indices where matrix.codes[index] == ResponseCode.omitted {
      asNotPresented.codes[index] = ResponseCode.notPresented
      asWrong.codes[index] = ResponseCode.answered(score: 0)
    }
    let reference = try Calibrator(model: TwoParameterLogisticModel()).calibrate(asNotPresented)
    #expect(lenient.parameters.items == reference.parameters.items)
    let wrong = try Calibrator(model: TwoParameterLogisticModel()).calibrate(asWrong)
    #expect(standard.parameters.items == wrong.parameters.items)
    let lenientByHand = Self.marginalLogLikelihood(matrix, items: lenient.parameters.items, omitsWrong: false)
    #expect(abs((lenient.parameters.logLikelihood ?? .nan) - lenientByHand) < 1e-3)
  }

  @Test func itemFitFollowsTheRule() throws {
    let data = try Self.data()
    // S-X² uses candidates whose every response counts: by default (omits wrong, not reached
    // left out) C2 and C3; with not reached wrong also C1 and C4.
    let standard = try ItemFit.analyze(data, parameters: Self.rasch)
    #expect(standard.sx2Candidates == 2)
    var options = FitOptions()
    options.missingResponses = MissingResponseRule(omitted: .wrong, notReached: .wrong)
    #expect(try ItemFit.analyze(data, parameters: Self.rasch, options: options).sx2Candidates == 4)
    options.missingResponses = MissingResponseRule(omitted: .notAdministered, notReached: .notAdministered)
    #expect(try ItemFit.analyze(data, parameters: Self.rasch, options: options).sx2Candidates == 1)
  }

  @Test func applyingTheRuleIsIdempotentAndKeepsOtherCodes() throws {
    let data = try Self.data()
    let once = MissingResponseRule.standard.applied(to: data, for: .candidateScores)
    #expect(MissingResponseRule.standard.applied(to: once, for: .candidateScores) == once)
    #expect(once.codes.filter { $0 == ResponseCode.notPresented }.count == 1)
    #expect(!once.codes.contains(ResponseCode.omitted) && !once.codes.contains(ResponseCode.notReached))
    let items = MissingResponseRule.standard.applied(to: data, for: .itemStatistics)
    #expect(items.codes.filter { $0 == ResponseCode.notReached }.count == 2)
  }
}
