import Foundation
import TestSupport
import Testing

@testable import ItemResponseTheory

/// ``ResponsePatterns`` against a plain serial grouping written here, at several block counts;
/// the cross-product information against Σᵢ fᵢ sᵢ sᵢᵀ − ∂² log π computed naively, pattern by
/// pattern over all quadrature points.
@Suite struct PatternsAndCrossProductTests {
  /// Seeded 2PL responses: `missing` of them absent, `copies` extra copies of early rows.
  static func responses(candidates: Int, items: Int, missing: Double, copies: Int, seed: UInt64) -> ResponseMatrix {
    var random = SplitMix64(seed: seed)
    let a = (0..<items).map { _ in exp(0.3 * random.normal()) }
    let b = (0..<items).map { _ in random.normal() }
    var scores: [[UInt8?]] = []
    for _ in 0..<candidates {
      let theta = random.normal()
      scores.append(
        (0..<items).map { j in
          if random.uniform() < missing { return nil }
          return random.uniform() < 1 / (1 + exp(-a[j] * (theta - b[j]))) ? 1 : 0
        })
    }
    for copy in 0..<copies { scores.append(scores[(copy * 7) % max(1, candidates / 2)]) }
    scores.append([UInt8?](repeating: nil, count: items))
    return ResponseMatrix(
      candidateIDs: scores.indices.map { "c\($0)" }, itemIDs: (0..<items).map { "i\($0)" }, scores: scores)
  }

  /// The patterns as a plain loop finds them: first occurrences in candidate order, their
  /// frequencies, the empty rows, and each pattern's kind and lists by the cost rule.
  static func serialGrouping(_ matrix: ResponseMatrix) -> (
    rows: [[UInt8]], weights: [Double], empty: [Int], kinds: [UInt8], a: [[UInt16]], b: [[UInt16]]
  ) {
    var firstIndex: [[UInt8]: Int] = [:]
    var rows: [[UInt8]] = []
    var weights: [Double] = []
    var empty: [Int] = []
    for candidate in 0..<matrix.candidateCount {
      let row = (0..<matrix.itemCount).map { j -> UInt8 in
        let code = matrix.code(candidate: candidate, item: j)
        return code >= 0xFD ? 2 : code & 1
      }
      if !row.contains(where: { $0 < 2 }) {
        empty.append(candidate)
        continue
      }
      if let index = firstIndex[row] {
        weights[index] += 1
      } else {
        firstIndex[row] = rows.count
        rows.append(row)
        weights.append(1)
      }
    }
    var kinds: [UInt8] = []
    var listsA: [[UInt16]] = []
    var listsB: [[UInt16]] = []
    for row in rows {
      let correct = row.filter { $0 == 1 }.count
      let incorrect = row.filter { $0 == 0 }.count
      let missing = row.count - correct - incorrect
      let costs = [correct + missing, incorrect + missing, correct + incorrect]
      let kind = costs.firstIndex(of: costs.min() ?? 0) ?? 0
      let aValue: UInt8 = kind == 1 ? 0 : 1
      let bValue: UInt8 = kind == 2 ? 0 : 2
      kinds.append(UInt8(kind))
      listsA.append(row.indices.filter { row[$0] == aValue }.map { UInt16($0) })
      listsB.append(row.indices.filter { row[$0] == bValue }.map { UInt16($0) })
    }
    return (rows, weights, empty, kinds, listsA, listsB)
  }

  @Test(arguments: [(4000, 6, 0.1, 0), (3000, 150, 0.0, 25), (2500, 40, 0.3, 10)])
  func patternsMatchASerialGroupingAtEveryBlockCount(
    candidates: Int, items: Int, missing: Double, copies: Int
  ) {
    let matrix = Self.responses(candidates: candidates, items: items, missing: missing, copies: copies, seed: 77)
    let expected = Self.serialGrouping(matrix)
    for parallelism in [nil, 1, 3, 16] {
      var empty: [Int] = []
      let patterns = ResponsePatterns(
        responses: matrix, columns: Array(0..<items), emptyRows: &empty, parallelism: parallelism)
      #expect(patterns.weights == expected.weights)
      #expect(empty == expected.empty)
      #expect(patterns.rows == expected.rows.flatMap { $0 })
      #expect(patterns.kinds == expected.kinds)
      let listsA = (0..<patterns.patternCount).map {
        Array(patterns.listA[Int(patterns.listAStart[$0])..<Int(patterns.listAStart[$0 + 1])])
      }
      let listsB = (0..<patterns.patternCount).map {
        Array(patterns.listB[Int(patterns.listBStart[$0])..<Int(patterns.listBStart[$0 + 1])])
      }
      #expect(listsA == expected.a)
      #expect(listsB == expected.b)
    }
  }

  /// Σᵢ fᵢ sᵢ sᵢᵀ − ∂² log π with each pattern's posterior over every point and its score summed
  /// item by item (free items' parameters first, then the latent mean and SD when estimated).
  static func naiveInformation(_ problem: EMProblem, _ state: EMProblem.State) -> [Double] {
    let (probabilities, derivatives) = problem.probabilities(state)
    let theta = problem.thetas(state)
    let J = problem.J
    let K = problem.K
    let p = problem.p
    let free = problem.freeItems
    let dim = problem.dimension
    let patterns = problem.patterns
    var information = [Double](repeating: 0, count: dim * dim)
    var gradient = [Double](repeating: 0, count: p)
    for i in 0..<patterns.patternCount {
      let row = patterns.rows[(i * J)..<((i + 1) * J)].map { Int($0) }
      var logPosterior = problem.weights.map { log($0) }
      for j in 0..<J where row[j] < 2 {
        for k in 0..<K {
          let prob = min(max(probabilities[j * K + k], 1e-15), 1 - 1e-15)
          logPosterior[k] += row[j] == 1 ? log(prob) : log(1 - prob)
        }
      }
      let top = logPosterior.max() ?? 0
      let unnormalised = logPosterior.map { exp($0 - top) }
      let total = unnormalised.reduce(0, +)
      let posterior = unnormalised.map { $0 / total }
      var score = [Double](repeating: 0, count: dim)
      for j in 0..<J where row[j] < 2 {
        for k in 0..<K {
          let prob = min(max(probabilities[j * K + k], 1e-15), 1 - 1e-15)
          let residual = posterior[k] * (Double(row[j]) - prob) / (prob * (1 - prob))
          if let position = free.firstIndex(of: j) {
            _ = problem.model.evaluate(
              theta: theta[k], parameters: state.vectors[j], scalingConstant: problem.D, gradient: &gradient)
            for a in 0..<p { score[position * p + a] += residual * gradient[a] }
          }
          var latent = free.count * p
          if problem.estimateMean {
            score[latent] += residual * derivatives[j * K + k]
            latent += 1
          }
          if problem.estimateSD { score[latent] += residual * derivatives[j * K + k] * problem.z[k] }
        }
      }
      let f = patterns.weights[i]
      for a in 0..<dim { for b in 0..<dim { information[a * dim + b] += f * score[a] * score[b] } }
    }
    for (position, j) in free.enumerated() {
      var priorGradient = [Double](repeating: 0, count: p)
      var priorHessian = [Double](repeating: 0, count: p * p)
      _ = problem.model.logPrior(state.vectors[j], gradient: &priorGradient, hessian: &priorHessian)
      for a in 0..<p {
        for b in 0..<p { information[(position * p + a) * dim + position * p + b] -= priorHessian[a * p + b] }
      }
    }
    return information
  }

  @Test(arguments: [false, true])
  func crossProductInformationMatchesTheNaiveSum(withFixedItems: Bool) {
    let items = 9
    let matrix = Self.responses(candidates: 1500, items: items, missing: 0.05, copies: 40, seed: 5)
    var emptyRows: [Int] = []
    let patterns = ResponsePatterns(responses: matrix, columns: Array(0..<items), emptyRows: &emptyRows)
    let fixed =
      withFixedItems
      ? [ItemParameters(id: "i0", a: 1.1, b: -0.2), ItemParameters(id: "i3", a: 0.8, b: 0.5)] : []
    let byID = Dictionary(uniqueKeysWithValues: fixed.map { ($0.id, $0) })
    let problem = EMProblem(
      model: TwoParameterLogisticModel(priors: ItemPriors(slope: (0, 0.5))),
      options: CalibrationOptions(fixed: fixed), patterns: patterns, itemIDs: matrix.itemIDs,
      fixed: matrix.itemIDs.map { byID[$0] }, hasFixed: !fixed.isEmpty)
    #expect(problem.shared.isEmpty)
    #expect(problem.estimateMean == withFixedItems)
    var state = problem.initialState()
    for _ in 0..<4 { state = problem.mStep(state, counts: problem.eStep(state)) }
    let fast = problem.crossProductInformation(state)
    let naive = Self.naiveInformation(problem, state)
    let dim = problem.dimension
    var largest = 0.0
    for a in 0..<dim {
      for b in 0..<dim {
        let scale = (naive[a * dim + a] * naive[b * dim + b]).squareRoot()
        largest = max(largest, abs(fast[a * dim + b] - naive[a * dim + b]) / scale)
      }
    }
    #expect(largest < 1e-10, "largest relative discrepancy \(largest)")
  }
}
