import Foundation
import Testing

@testable import ItemResponseTheory
import TestSupport

@Suite struct SimulationTests {
  /// Reference outputs of Vigna's splitmix64.c / xoshiro256starstar.c, computed independently
  /// (Python big-integer transcription of the published C code). Seed-0 SplitMix64 values are
  /// the widely quoted 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
  @Test func generatorsMatchReferenceOutputs() {
    var splitMix = SplitMix64(seed: 0)
    #expect(splitMix.next() == 0xE220_A839_7B1D_CDAF)
    #expect(splitMix.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(splitMix.next() == 0x06C4_5D18_8009_454F)
    var xoshiro = Xoshiro256StarStar(seed: 42)
    #expect(xoshiro.next() == 1_546_998_764_402_558_742)
    #expect(xoshiro.next() == 6_990_951_692_964_543_102)
    #expect(xoshiro.next() == 12_544_586_762_248_559_009)
  }

  @Test func normalDeviatesHaveUnitMoments() {
    var random = Xoshiro256StarStar(seed: 7)
    let n = 200_000
    var sum = 0.0
    var sumSquares = 0.0
    for _ in 0..<n {
      let z = random.nextNormal()
      sum += z
      sumSquares += z * z
    }
    // Standard errors: 1/√n ≈ 0.0022 for the mean, √(2/n) ≈ 0.0032 for the variance; 5 SE.
    #expect(abs(sum / Double(n)) < 0.012)
    #expect(abs(sumSquares / Double(n) - 1) < 0.016)
  }

  @Test func sameSeedGivesIdenticalDataAndDifferentSeedsDiffer() {
    let items = (0..<12).map { ItemParameters(id: "I\($0)", a: 1.2, b: Double($0 - 6) / 3, c: 0.1) }
    let simulator = ResponseSimulator(items: items, scalingConstant: 1.7)
    let first = simulator.simulate(candidates: 9000, seed: 11)
    let second = simulator.simulate(candidates: 9000, seed: 11)
    let other = simulator.simulate(candidates: 9000, seed: 12)
    #expect(first == second)
    #expect(first.responses.codes != other.responses.codes)
    #expect(first.responses.candidateIDs.first == "C000001")
    #expect(first.responses.candidateIDs.last == "C009000")
  }

  /// The proportion correct of each item must match the marginal probability
  /// ∫ P(θ) φ(θ; μ, σ) dθ, computed here by a fine midpoint rule (independent of the simulator).
  @Test func proportionsCorrectMatchMarginalProbabilities() {
    let items = [
      ItemParameters(id: "easy", a: 0.8, b: -1.5, c: 0),
      ItemParameters(id: "mid", a: 1.5, b: 0.3, c: 0.2),
      ItemParameters(id: "hard", a: 2.0, b: 1.8, c: 0.05),
    ]
    let latent = LatentDistribution(mean: 0.5, sd: 1.3)
    let n = 40_000
    let simulated = ResponseSimulator(items: items, scalingConstant: 1, latent: latent)
      .simulate(candidates: n, seed: 2024)
    for (index, item) in items.enumerated() {
      var expected = 0.0
      let step = 0.001
      var z = -8.0 + step / 2
      while z < 8 {
        let density = exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
        expected += item.probability(at: latent.mean + latent.sd * z, scalingConstant: 1) * density * step
        z += step
      }
      let observed =
        Double((0..<n).filter { simulated.responses.score(candidate: $0, item: index) == 1 }.count) / Double(n)
      // Binomial SE ≤ 0.0025 at n = 40,000; allow 4 SE.
      #expect(abs(observed - expected) < 0.01, "item \(item.id): observed \(observed), expected \(expected)")
    }
    let meanTheta = simulated.thetas.reduce(0, +) / Double(n)
    #expect(abs(meanTheta - 0.5) < 0.03)
  }

  @Test func lettersRecordKeyWhenCorrectAndADistractorOtherwise() {
    let items = [ItemParameters(id: "Q1", a: 1, b: 0), ItemParameters(id: "Q2", a: 1, b: 1)]
    let options = [
      ResponseSimulator.Options(ids: ["A", "B", "C", "D"], keyIndex: 2),
      ResponseSimulator.Options(ids: ["A", "B", "C"], keyIndex: 0),
    ]
    let simulated = ResponseSimulator(items: items, options: options).simulate(candidates: 3000, seed: 5)
    var distractorCounts = [0, 0, 0, 0]
    for candidate in 0..<3000 {
      for item in 0..<2 {
        let code = simulated.responses.code(candidate: candidate, item: item)
        let option = ResponseCode.optionIndex(code)
        #expect(option != nil)
        #expect((code & 1 == 1) == (option == options[item].keyIndex))
        if item == 0, code & 1 == 0, let option { distractorCounts[option] += 1 }
      }
    }
    #expect(distractorCounts[2] == 0)
    #expect(distractorCounts[0] > 300 && distractorCounts[1] > 300 && distractorCounts[3] > 300)
    let csv = simulated.responses.csvText()
    let lines = csv.split(separator: "\n")
    #expect(lines.first == "candidate,Q1,Q2")
    #expect(lines.count == 3001)
    #expect(lines[1].split(separator: ",").count == 3)
    #expect(
      lines.dropFirst().allSatisfy { line in
        line.split(separator: ",").dropFirst().allSatisfy { ["A", "B", "C", "D"].contains($0) }
      })
  }

  @Test func csvWritesScoresAndMissingCodes() {
    let matrix = ResponseMatrix(
      candidateIDs: ["p1", "p,2"], itemIDs: ["x", "y", "z"],
      codes: [1, 0, ResponseCode.omitted, ResponseCode.notReached, ResponseCode.notPresented, 1])
    #expect(matrix.csvText() == "candidate,x,y,z\np1,1,0,\n\"p,2\",NR,.,1\n")
  }
}
