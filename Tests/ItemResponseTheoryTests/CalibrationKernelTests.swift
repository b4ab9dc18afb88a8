import CalibrationKernels
import TestSupport
import Testing

@testable import ItemResponseTheory

/// The C calibration kernels (Sources/CalibrationKernels) against plain scalar loops written
/// here, at every instruction-set level the CPU has: bit for bit, since each kernel promises
/// the plain loop's order of additions.
@Suite struct CalibrationKernelTests {
  /// The levels to try: baseline, then AVX2 and AVX-512 where the CPU has them.
  static var levels: [Int32] {
    let best = cal_set_kernel_level(2)
    return Array(0...best)
  }

  static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

  static func randomValues(_ count: Int, _ random: inout SplitMix64) -> [Double] {
    (0..<count).map { _ in random.uniform() * 4 - 2 }
  }

  static func randomList(_ items: Int, _ random: inout SplitMix64) -> [UInt16] {
    (0..<items).filter { _ in random.uniform() < 0.4 }.map { UInt16($0) }
  }

  @Test func sumListedRowsMatchesThePlainLoop() {
    var random = SplitMix64(seed: 19)
    let items = 37
    let points = 61
    let stride = points + 8
    for trial in 0..<60 {
      var first = Self.randomValues(items * stride, &random)
      var second = Self.randomValues(items * stride, &random)
      var base = Self.randomValues(stride, &random)
      for j in 0..<items {
        for k in points..<stride {
          first[j * stride + k] = 0
          second[j * stride + k] = 0
        }
      }
      for k in points..<stride { base[k] = 0 }
      let firstList = Self.randomList(items, &random)
      let secondList = Self.randomList(items, &random)
      let lower = trial % 3 == 0 ? 0 : Int(random.next() % 30)
      let upper = trial % 3 == 0 ? points : lower + 1 + Int(random.next() % UInt64(points - lower))
      let subtractFirst = trial % 2 == 0
      let subtractSecond = trial % 4 < 2
      var expected = [Double](repeating: 0, count: points)
      for k in lower..<upper {
        var value = base[k]
        for j in firstList {
          value = subtractFirst ? value - first[Int(j) * stride + k] : value + first[Int(j) * stride + k]
        }
        for j in secondList {
          value = subtractSecond ? value - second[Int(j) * stride + k] : value + second[Int(j) * stride + k]
        }
        expected[k] = value
      }
      for level in Self.levels {
        _ = cal_set_kernel_level(level)
        var acc = [Double](repeating: .nan, count: stride + 8)
        cal_sum_listed_rows(
          &acc, base, lower, upper, stride, first, firstList, 0, firstList.count, subtractFirst ? 1 : 0, second,
          secondList, 0, secondList.count, subtractSecond ? 1 : 0)
        #expect(Self.bits(Array(acc[lower..<upper])) == Self.bits(Array(expected[lower..<upper])), "level \(level)")
      }
    }
    _ = cal_set_kernel_level(2)
  }

  @Test func scatterBlockMatchesThePatternByPatternLoop() {
    var random = SplitMix64(seed: 1919)
    let items = 23
    let points = 61
    let stride = points + 8
    for count in [1, 7, 64] {
      var kinds: [UInt8] = []
      var aStart: [Int32] = [0]
      var bStart: [Int32] = [0]
      var a: [UInt16] = []
      var b: [UInt16] = []
      var lo: [Int32] = []
      var hi: [Int32] = []
      var post = [Double](repeating: 0, count: count * stride)
      for t in 0..<count {
        kinds.append(UInt8(random.next() % 3))
        a += Self.randomList(items, &random)
        b += Self.randomList(items, &random)
        aStart.append(Int32(a.count))
        bStart.append(Int32(b.count))
        let low = Int(random.next() % UInt64(points))
        let high = low + Int(random.next() % UInt64(points - low))
        lo.append(Int32(low))
        hi.append(Int32(high))
        for k in low...high { post[t * stride + k] = random.uniform() }
      }
      let start = (0..<(6 * items * stride)).map { _ in random.uniform() < 0.5 ? 0 : random.uniform() }
      var expected = start
      for t in 0..<count {
        let kind = Int(kinds[t])
        for u in Int(aStart[t])..<Int(aStart[t + 1]) {
          let row = (2 * kind * items + Int(a[u])) * stride
          for k in Int(lo[t])...Int(hi[t]) { expected[row + k] += post[t * stride + k] }
        }
        for u in Int(bStart[t])..<Int(bStart[t + 1]) {
          let row = ((2 * kind + 1) * items + Int(b[u])) * stride
          for k in Int(lo[t])...Int(hi[t]) { expected[row + k] += post[t * stride + k] }
        }
      }
      for level in Self.levels {
        _ = cal_set_kernel_level(level)
        var accumulators = start
        var masks = [UInt64](repeating: 0, count: 6 * items)
        let firstVector = Int(lo.min() ?? 0) / 8
        let endVector = Int(hi.max() ?? 0) / 8 + 1
        cal_scatter_block(
          count, post, stride, firstVector, endVector, kinds, aStart, a, bStart, b, items, &accumulators, &masks)
        #expect(Self.bits(accumulators) == Self.bits(expected), "level \(level), \(count) patterns")
      }
    }
    _ = cal_set_kernel_level(2)
  }

  @Test func crossProductsMatchFourLanePartialSums() {
    var random = SplitMix64(seed: 319)
    for dim in [1, 3, 4, 9, 37] {
      let scores = Self.randomValues(dim * 32, &random)
      let weighted = Self.randomValues(dim * 32, &random)
      let start = Self.randomValues(dim * dim, &random)
      var expected = start
      for a in 0..<dim {
        for b in 0...a {
          var lanes = [0.0, 0.0, 0.0, 0.0]
          for slot in 0..<32 { lanes[slot % 4] = lanes[slot % 4] + scores[a * 32 + slot] * weighted[b * 32 + slot] }
          expected[a * dim + b] += ((lanes[0] + lanes[1]) + lanes[2]) + lanes[3]
        }
      }
      for level in Self.levels {
        _ = cal_set_kernel_level(level)
        var information = start
        cal_add_cross_products(scores, weighted, dim, &information)
        #expect(Self.bits(information) == Self.bits(expected), "level \(level), dimension \(dim)")
      }
    }
    _ = cal_set_kernel_level(2)
  }

  @Test func weightedColumnSumsMatchDotProducts() {
    var random = SplitMix64(seed: 9119)
    let points = 61
    for columns in [5, 32, 96, 101] {
      let table = Self.randomValues(points * columns, &random)
      let weights = Self.randomValues(points, &random)
      for (lower, upper) in [(0, points - 1), (17, 17), (3, 40)] {
        var expected = [Double](repeating: 0, count: columns)
        for c in 0..<columns {
          var sum = 0.0
          for k in lower...upper { sum += weights[k] * table[k * columns + c] }
          expected[c] = sum
        }
        for level in Self.levels {
          _ = cal_set_kernel_level(level)
          var d = [Double](repeating: .nan, count: columns)
          cal_weighted_column_sums(weights, table, columns, lower, upper, &d)
          #expect(Self.bits(d) == Self.bits(expected), "level \(level), \(columns) columns")
        }
      }
    }
    _ = cal_set_kernel_level(2)
  }
}
