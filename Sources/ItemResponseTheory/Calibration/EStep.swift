import CalibrationKernels
import Dispatch
import Foundation
import ItemBenchCore

/// log P and log Q of every item at every quadrature point, in contiguous item-major rows.
///
/// Rows are ``rowStride`` = points rounded up to a multiple of ``kernelWidth``, plus
/// ``rowPadding``, long (the padding is zero) so that the E-step's vector kernels may read and
/// write whole ``kernelWidth``-point vectors from any point of a window without a scalar tail,
/// and rows of 64-byte aligned buffers of that stride stay aligned.
struct LogTables: Sendable {
  var itemCount: Int
  var pointCount: Int
  var rowStride: Int
  /// log Pⱼₖ, log Qⱼₖ and their difference Δⱼₖ = log Pⱼₖ − log Qⱼₖ at `j * rowStride + k`.
  var logP: [Double]
  var logQ: [Double]
  var delta: [Double]
  /// The starting rows of the three pattern kinds: log wₖ + Σⱼ log Qⱼₖ, log wₖ + Σⱼ log Pⱼₖ,
  /// and log wₖ.
  var baseQ: [Double]
  var baseP: [Double]
  var logWeights: [Double]

  /// Builds the tables from probabilities Pⱼₖ (clamped to [10⁻¹⁵, 1 − 10⁻¹⁵]) and weights wₖ.
  init(probabilities: [Double], itemCount: Int, weights: [Double]) {
    let K = weights.count
    let S = (K + kernelWidth - 1) / kernelWidth * kernelWidth + rowPadding
    self.itemCount = itemCount
    pointCount = K
    rowStride = S
    logP = [Double](repeating: 0, count: itemCount * S)
    logQ = logP
    delta = logP
    logWeights = weights.map { log(max($0, 1e-300)) } + [Double](repeating: 0, count: rowPadding)
    baseQ = logWeights
    baseP = logWeights
    for j in 0..<itemCount {
      for k in 0..<K {
        let p = min(max(probabilities[j * K + k], 1e-15), 1 - 1e-15)
        let lp = log(p)
        let lq = log1p(-p)
        logP[j * S + k] = lp
        logQ[j * S + k] = lq
        delta[j * S + k] = lp - lq
        baseQ[k] += lq
        baseP[k] += lp
      }
    }
  }
}

/// Expected counts of the E-step: rⱼₖ (expected correct answers to item j at θₖ), nⱼₖ (expected
/// answers to item j at θₖ), the total posterior mass at each point, and the log-likelihood.
struct ExpectedCounts: Sendable {
  var r: [Double]
  var n: [Double]
  var total: [Double]
  var logLikelihood: Double
}

/// Posterior entries below exp(−36) ≈ 2·10⁻¹⁶ of the largest are dropped (exactly 0 would be
/// their contribution to any sum at double precision relative to the mode's).
let posteriorCutoff = -36.0

/// The fixed number of work chunks the patterns are split into, so the order of floating-point
/// reductions (and so the output) does not depend on the number of cores.
let chunkCount = 16

/// Points per vector in the E-step kernels, and the zero padding after every table row that
/// lets a kernel read or write a whole vector from any point of a window.
let kernelWidth = 8
let rowPadding = kernelWidth

/// The sum of listed table rows (see `cal_sum_listed_rows` in CalibrationKernels.h): the
/// window is held in vector registers while all listed rows are added, each point's terms in the
/// order of a plain item-by-item loop (the same result to the last bit). Works in whole 8-point
/// vectors from the multiple of 8 at or below `lower`: also writes up to `kernelWidth − 1`
/// points before `lower` and past `upper` (inside the row and its padding).
///
/// - Complexity: O((listed items) × (upper − lower)).
@inline(__always)
func sumListedRows(
  into acc: UnsafeMutablePointer<Double>, base: UnsafePointer<Double>, points lower: Int, _ upper: Int,
  stride S: Int,
  _ firstRows: UnsafePointer<Double>, _ firstList: UnsafePointer<UInt16>, _ firstRange: Range<Int>,
  subtractFirst: Bool,
  _ secondRows: UnsafePointer<Double>, _ secondList: UnsafePointer<UInt16>, _ secondRange: Range<Int>,
  subtractSecond: Bool
) {
  cal_sum_listed_rows(
    acc, base, lower, upper, S, firstRows, firstList, firstRange.lowerBound, firstRange.upperBound,
    subtractFirst ? 1 : 0, secondRows, secondList, secondRange.lowerBound, secondRange.upperBound,
    subtractSecond ? 1 : 0)
}

extension ResponsePatterns {
  /// Computes the unnormalised log posterior log wₖ + log L(x | θₖ) of pattern `i` into `acc`
  /// (capacity ``LogTables/rowStride``) over `points` (all points by default).
  @inline(__always)
  func logLikelihoodRow(
    _ i: Int, tables: UnsafeTables, acc: UnsafeMutablePointer<Double>,
    kinds: UnsafePointer<UInt8>, aStart: UnsafePointer<Int32>, a: UnsafePointer<UInt16>,
    bStart: UnsafePointer<Int32>, b: UnsafePointer<UInt16>, points: Range<Int>? = nil
  ) {
    let K = tables.pointCount
    let S = tables.rowStride
    let lower = points?.lowerBound ?? 0
    let upper = points?.upperBound ?? K
    let kind = kinds[i]
    let aRange = Int(aStart[i])..<Int(aStart[i + 1])
    let bRange = Int(bStart[i])..<Int(bStart[i + 1])
    switch kind {
    case 0:
      sumListedRows(
        into: acc, base: tables.baseQ, points: lower, upper, stride: S, tables.delta, a, aRange,
        subtractFirst: false, tables.logQ, b, bRange, subtractSecond: true)
    case 1:
      sumListedRows(
        into: acc, base: tables.baseP, points: lower, upper, stride: S, tables.delta, a, aRange,
        subtractFirst: true, tables.logP, b, bRange, subtractSecond: true)
    default:
      sumListedRows(
        into: acc, base: tables.logWeights, points: lower, upper, stride: S, tables.logP, a, aRange,
        subtractFirst: false, tables.logQ, b, bRange, subtractSecond: false)
    }
  }
}

/// Turns the log posterior row `acc` into normalised posterior weights over the window
/// `lo...hi` where they are not negligible; returns the window and log L = log Σₖ wₖ L(θₖ).
@inline(__always)
func normalisePosterior(_ acc: UnsafeMutablePointer<Double>, count K: Int, within points: Range<Int>? = nil) -> (
  lo: Int, hi: Int, logL: Double
) {
  let lower = points?.lowerBound ?? 0
  let upper = points?.upperBound ?? K
  var maximum = -Double.infinity
  for k in lower..<upper where acc[k] > maximum { maximum = acc[k] }
  var lo = lower
  while lo < upper - 1 && acc[lo] - maximum < posteriorCutoff { lo += 1 }
  var hi = upper - 1
  while hi > lo && acc[hi] - maximum < posteriorCutoff { hi -= 1 }
  var sum = 0.0
  for k in lo...hi {
    let value = exp(acc[k] - maximum)
    acc[k] = value
    sum += value
  }
  let scale = 1 / sum
  for k in lo...hi { acc[k] *= scale }
  return (lo, hi, maximum + log(sum))
}

/// Raw pointers to a ``LogTables`` for the hot loop (valid inside ``LogTables/withUnsafeTables``).
struct UnsafeTables: @unchecked Sendable {
  var pointCount: Int
  var rowStride: Int
  var logP: UnsafePointer<Double>
  var logQ: UnsafePointer<Double>
  var delta: UnsafePointer<Double>
  var baseQ: UnsafePointer<Double>
  var baseP: UnsafePointer<Double>
  var logWeights: UnsafePointer<Double>
}

extension LogTables {
  /// Runs `body` with the tables copied into one 64-byte aligned buffer (every row starts a cache
  /// line, since ``rowStride`` is a multiple of 8): the kernels' vector loads from an aligned
  /// point never straddle two lines.
  ///
  /// - Complexity: O(items × points) for the copy.
  func withUnsafeTables<R>(_ body: (UnsafeTables) -> R) -> R {
    let table = itemCount * rowStride
    let row = (logWeights.count + kernelWidth - 1) / kernelWidth * kernelWidth
    let total = 3 * table + 3 * row
    let scratch = ScratchBuffer(count: total, repeating: 0.0)
    defer { withExtendedLifetime(scratch) {} }
    let buffer = scratch.base
    let parts = [logP, logQ, delta, baseQ, baseP, logWeights]
    let offsets = [0, table, 2 * table, 3 * table, 3 * table + row, 3 * table + 2 * row]
    for (part, offset) in zip(parts, offsets) {
      part.withUnsafeBufferPointer { source in
        guard let source = source.baseAddress else { return }
        (buffer + offset).update(from: source, count: part.count)
      }
    }
    return body(
      UnsafeTables(
        pointCount: pointCount, rowStride: rowStride, logP: UnsafePointer(buffer + offsets[0]),
        logQ: UnsafePointer(buffer + offsets[1]), delta: UnsafePointer(buffer + offsets[2]),
        baseQ: UnsafePointer(buffer + offsets[3]), baseP: UnsafePointer(buffer + offsets[4]),
        logWeights: UnsafePointer(buffer + offsets[5])))
  }
}

extension ResponsePatterns {
  /// Runs `body(chunk, patternRange, pointers)` for each of the fixed work chunks, on all cores.
  func forEachChunk(
    _ body: @Sendable (Int, Range<Int>, PatternPointers) -> Void
  ) {
    let count = patternCount
    let chunks = max(1, min(chunkCount, count / 64))
    kinds.withUnsafeBufferPointer { kinds in
      listAStart.withUnsafeBufferPointer { aStart in
        Self.withBaseAddress(listA) { a in
          listBStart.withUnsafeBufferPointer { bStart in
            Self.withBaseAddress(listB) { b in
              weights.withUnsafeBufferPointer { weights in
                rows.withUnsafeBufferPointer { rows in
                  // Only an empty response matrix has no patterns, and then there is no work.
                  guard let kinds = kinds.baseAddress, let aStart = aStart.baseAddress,
                    let bStart = bStart.baseAddress, let weights = weights.baseAddress,
                    let rows = rows.baseAddress
                  else { return }
                  let pointers = PatternPointers(
                    kinds: kinds, aStart: aStart, a: a, bStart: bStart, b: b, weights: weights, rows: rows)
                  DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let start = count * chunk / chunks
                    let end = count * (chunk + 1) / chunks
                    body(chunk, start..<end, pointers)
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// `body` with the address of `list`'s elements, or of one placeholder element when `list`
  /// is empty (an empty list is never read: its start offsets are all 0).
  static func withBaseAddress<Element: ExpressibleByIntegerLiteral, Result>(
    _ list: [Element], _ body: (UnsafePointer<Element>) -> Result
  ) -> Result {
    let nonEmpty = list.isEmpty ? [0] : list
    return nonEmpty.withUnsafeBufferPointer { buffer in
      // A non-empty array always has a base address.
      guard let base = buffer.baseAddress else { preconditionFailure("non-empty array without storage") }
      return body(base)
    }
  }

  /// The E-step: posterior weights of every pattern, accumulated into expected counts.
  ///
  /// For pattern i with frequency fᵢ, log Lᵢₖ = Σⱼ xᵢⱼ log Pⱼₖ + (1 − xᵢⱼ) log Qⱼₖ over answered
  /// items (one row addition per listed item), posterior πᵢₖ ∝ wₖ Lᵢₖ; then
  /// rⱼₖ = Σᵢ fᵢ πᵢₖ xᵢⱼ and nⱼₖ = Σᵢ fᵢ πᵢₖ [j answered]. Work is split into fixed chunks run on
  /// all cores, each with its own accumulators, reduced in chunk order.
  ///
  /// The row sums run in vector blocks held in registers across a pattern's listed items
  /// (``sumListedRows``); the counts are scattered 64 patterns at a time, each accumulator row
  /// held in registers across the block (``CountScatterBlock``). Both add every term in
  /// the order of the plain loops, so the counts are the same to the bit as pattern by pattern.
  /// The additions performed (listed items × points computed, for the row sums and the scatter)
  /// are counted in ``CalibrationWork/eStepAdditions``.
  ///
  /// - Complexity: O(patterns × (listed items) × points), no allocation per pattern.
  func expectedCounts(tables: LogTables, windows: PosteriorWindows? = nil) -> ExpectedCounts {
    let J = itemCount
    let K = tables.pointCount
    let S = tables.rowStride
    let chunks = max(1, min(chunkCount, patternCount / 64))
    // Per chunk: A0, B0, A1, B1, A2, B2 (J rows of S each), then T0, T1, T2 (K each),
    // log-likelihood.
    let likelihoodIndex = 6 * J * S + 3 * K
    // Whole 64-byte lines per chunk, so that every accumulator row is aligned.
    let stride = (likelihoodIndex + 1 + kernelWidth - 1) / kernelWidth * kernelWidth
    let storage = ScratchBuffer(count: chunks * stride, repeating: 0.0)
    defer { withExtendedLifetime(storage) {} }
    tables.withUnsafeTables { t in
      forEachChunk { chunk, range, p in
        let base = storage.slice(chunk, stride: stride)
        let t0 = base + 6 * J * S
        var logLikelihood = 0.0
        let scratch = ScratchBuffer(count: S, repeating: 0.0)
        defer { withExtendedLifetime(scratch) {} }
        let acc = scratch.base
        let block = CountScatterBlock(items: J, points: K, stride: S)
        var additions = 0
        for i in range {
          var window: (lo: Int, hi: Int, logL: Double)
          let listed = Int(p.aStart[i + 1] - p.aStart[i] + p.bStart[i + 1] - p.bStart[i])
          let guess = windows?.guess(i, count: K)
          if let guess, let found = Self.rowInWindow(i, guess, self, t, acc, p) {
            window = found
            additions += listed * guess.count
          } else {
            logLikelihoodRow(i, tables: t, acc: acc, kinds: p.kinds, aStart: p.aStart, a: p.a, bStart: p.bStart, b: p.b)
            window = normalisePosterior(acc, count: K)
            additions += listed * (K + (guess?.count ?? 0))
          }
          windows?.store(i, lo: window.lo, hi: window.hi)
          let f = p.weights[i]
          logLikelihood += f * window.logL
          additions += listed * (window.hi - window.lo + 1)
          let kind = Int(p.kinds[i])
          block.append(i, acc, lo: window.lo, hi: window.hi, frequency: f, total: t0 + kind * K)
          if block.isFull { block.flush(into: base, p) }
        }
        block.flush(into: base, p)
        cal_work_add(Int64(additions))
        base[likelihoodIndex] = logLikelihood
      }
    }
    // Reduce in chunk order.
    var sums = [Double](repeating: 0, count: stride)
    for chunk in 0..<chunks {
      let base = storage.slice(chunk, stride: stride)
      for index in 0..<stride { sums[index] += base[index] }
    }
    var r = [Double](repeating: 0, count: J * K)
    var n = r
    var total = [Double](repeating: 0, count: K)
    let t0 = 6 * J * S
    let t1 = t0 + K
    for k in 0..<K { total[k] = sums[t0 + k] + sums[t1 + k] + sums[t1 + K + k] }
    for j in 0..<J {
      for k in 0..<K {
        let index = j * K + k
        let padded = j * S + k
        let a0 = sums[padded]
        let b0 = sums[J * S + padded]
        let a1 = sums[2 * J * S + padded]
        let b1 = sums[3 * J * S + padded]
        let a2 = sums[4 * J * S + padded]
        let b2 = sums[5 * J * S + padded]
        n[index] = (sums[t0 + k] - b0) + (sums[t1 + k] - b1) + a2 + b2
        r[index] = a0 + (sums[t1 + k] - a1 - b1) + a2
      }
    }
    return ExpectedCounts(r: r, n: n, total: total, logLikelihood: sums[likelihoodIndex])
  }

}

extension ResponsePatterns {
  /// The log posterior computed only on the points `guess` (last iteration's window widened):
  /// accepted when both ends of the range are negligible (below the cutoff relative to the
  /// maximum inside) and falling away from it, else nil and the caller computes the full row.
  @inline(__always)
  static func rowInWindow(
    _ i: Int, _ guess: Range<Int>, _ patterns: ResponsePatterns, _ t: UnsafeTables,
    _ acc: UnsafeMutablePointer<Double>, _ p: PatternPointers
  ) -> (lo: Int, hi: Int, logL: Double)? {
    let K = t.pointCount
    patterns.logLikelihoodRow(
      i, tables: t, acc: acc, kinds: p.kinds, aStart: p.aStart, a: p.a, bStart: p.bStart, b: p.b, points: guess)
    var maximum = -Double.infinity
    for k in guess where acc[k] > maximum { maximum = acc[k] }
    let first = guess.lowerBound
    let last = guess.upperBound - 1
    if first > 0 && !(acc[first] - maximum < posteriorCutoff && acc[first] < acc[first + 1]) { return nil }
    if last < K - 1 && !(acc[last] - maximum < posteriorCutoff && acc[last] < acc[last - 1]) { return nil }
    return normalisePosterior(acc, count: K, within: guess)
  }
}

/// Each pattern's posterior window from the previous E-step, used to compute the next E-step's
/// log-likelihood rows only where the posterior can matter (widened by ``margin`` points and
/// verified, see ``ResponsePatterns/rowInWindow(_:_:_:_:_:_:)``). Chunks write disjoint patterns.
final class PosteriorWindows: @unchecked Sendable {
  /// Points added on each side of the last window.
  static let margin = 4
  private let loBuffer: ScratchBuffer<UInt8>
  private let hiBuffer: ScratchBuffer<UInt8>
  private var lo: UnsafeMutablePointer<UInt8> { loBuffer.base }
  private var hi: UnsafeMutablePointer<UInt8> { hiBuffer.base }

  init(patternCount: Int) {
    loBuffer = ScratchBuffer(count: patternCount, repeating: 255)
    hiBuffer = ScratchBuffer(count: patternCount, repeating: 0)
  }

  @inline(__always)
  func guess(_ i: Int, count K: Int) -> Range<Int>? {
    let low = Int(lo[i])
    guard low != 255, K < 255 else { return nil }
    let from = max(0, low - Self.margin)
    let to = min(K, Int(hi[i]) + Self.margin + 1)
    // Not worth it when the window is most of the grid.
    return to - from < K * 3 / 4 ? from..<to : nil
  }

  @inline(__always)
  func store(_ i: Int, lo low: Int, hi high: Int) {
    lo[i] = UInt8(clamping: low)
    hi[i] = UInt8(clamping: high)
  }
}

/// Raw pointers to a ``ResponsePatterns``'s arrays (valid inside ``ResponsePatterns/forEachChunk(_:)``).
struct PatternPointers: @unchecked Sendable {
  var kinds: UnsafePointer<UInt8>
  var aStart: UnsafePointer<Int32>
  var a: UnsafePointer<UInt16>
  var bStart: UnsafePointer<Int32>
  var b: UnsafePointer<UInt16>
  var weights: UnsafePointer<Double>
  var rows: UnsafePointer<UInt8>
}
