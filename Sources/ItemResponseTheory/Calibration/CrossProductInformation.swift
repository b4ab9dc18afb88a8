import Dispatch
import Foundation
import ItemBenchCore

extension EMProblem {
  /// The cross-product information Σᵢ fᵢ sᵢ sᵢᵀ − ∂² log π at `state`.
  ///
  /// sᵢ is pattern i's marginal score: for a parameter ψ of item j,
  /// sᵢ = Σₖ πᵢₖ (xᵢⱼ − Pⱼₖ) (∂Pⱼₖ/∂ψ) / (PⱼₖQⱼₖ); for the latent mean and SD the same with
  /// ∂Pⱼₖ/∂θ (times zₖ for the SD), summed over the answered items. Scores are collected 32
  /// patterns at a time and added to the lower triangle as a small matrix product.
  ///
  /// - Complexity: O(patterns × (items × points + dimension²)).
  func crossProductInformation(_ state: State) -> [Double] {
    let dim = dimension
    let (probabilities, derivatives) = self.probabilities(state)
    let theta = thetas(state)
    let tables = LogTables(probabilities: probabilities, itemCount: J, weights: weights)
    // G = ∂P/∂ψ / (PQ) and P·G per free item and parameter; H = ∂P/∂θ / (PQ) and P·H per item.
    var g = [Double](repeating: 0, count: J * p * K)
    var pg = g
    var h = [Double](repeating: 0, count: J * K)
    var ph = h
    var gradient = [Double](repeating: 0, count: p)
    var freePosition = [Int](repeating: -1, count: J)
    for (position, j) in freeItems.enumerated() { freePosition[j] = position }
    for j in 0..<J {
      for k in 0..<K {
        let prob = min(max(probabilities[j * K + k], 1e-15), 1 - 1e-15)
        let w = 1 / (prob * (1 - prob))
        h[j * K + k] = derivatives[j * K + k] * w
        ph[j * K + k] = prob * derivatives[j * K + k] * w
        if fixed[j] == nil {
          _ = model.evaluate(theta: theta[k], parameters: state.vectors[j], scalingConstant: D, gradient: &gradient)
          for a in 0..<p {
            g[(j * p + a) * K + k] = gradient[a] * w
            pg[(j * p + a) * K + k] = prob * gradient[a] * w
          }
        }
      }
    }
    // Where each item parameter lands in the free vector (-1: fixed).
    let ownTotal = freeItems.count * own.count
    var target = [Int](repeating: -1, count: J * p)
    for (position, j) in freeItems.enumerated() {
      for (o, index) in own.enumerated() { target[j * p + index] = position * own.count + o }
      for (s, index) in shared.enumerated() { target[j * p + index] = ownTotal + s }
    }
    var latentBase = ownTotal + (freeItems.isEmpty ? 0 : shared.count)
    let meanIndex = estimateMean ? latentBase : -1
    if estimateMean { latentBase += 1 }
    let sdIndex = estimateSD ? latentBase : -1

    let chunks = max(1, min(chunkCount, patterns.patternCount / 64))
    let blockSize = 32
    let storage = UnsafeMutablePointer<Double>.allocate(capacity: chunks * dim * dim)
    storage.initialize(repeating: 0, count: chunks * dim * dim)
    defer { storage.deallocate() }
    let box = UncheckedSendableBox(storage)
    let J = self.J
    let K = self.K
    let p = self.p
    let z = self.z
    g.withUnsafeBufferPointer { g in
      pg.withUnsafeBufferPointer { pg in
        h.withUnsafeBufferPointer { h in
          ph.withUnsafeBufferPointer { ph in
            target.withUnsafeBufferPointer { target in
              let gBox = UncheckedSendableBox(
                (g.baseAddress!, pg.baseAddress!, h.baseAddress!, ph.baseAddress!, target.baseAddress!))
              tables.withUnsafeTables { t in
                patterns.forEachChunk { chunk, range, pointers in
                  let (g, pg, h, ph, target) = gBox.value
                  let information = box.value + chunk * dim * dim
                  let acc = UnsafeMutablePointer<Double>.allocate(capacity: t.rowStride)
                  let postZ = UnsafeMutablePointer<Double>.allocate(capacity: K)
                  let scores = UnsafeMutablePointer<Double>.allocate(capacity: dim * blockSize)
                  let weighted = UnsafeMutablePointer<Double>.allocate(capacity: dim * blockSize)
                  var frequencies = [Double](repeating: 0, count: blockSize)
                  defer {
                    acc.deallocate()
                    postZ.deallocate()
                    scores.deallocate()
                    weighted.deallocate()
                  }
                  var filled = 0
                  func flush() {
                    guard filled > 0 else { return }
                    // Unused slots hold zeros, so every dot product runs over the full block.
                    for a in 0..<dim {
                      for slot in 0..<blockSize {
                        weighted[a * blockSize + slot] =
                          slot < filled ? scores[a * blockSize + slot] * frequencies[slot] : 0
                      }
                    }
                    addCrossProducts(scores, weighted, dimension: dim, blockSize: blockSize, into: information)
                    filled = 0
                  }
                  for i in range {
                    self.patterns.logLikelihoodRow(
                      i, tables: t, acc: acc, kinds: pointers.kinds, aStart: pointers.aStart, a: pointers.a,
                      bStart: pointers.bStart, b: pointers.b)
                    let window = normalisePosterior(acc, count: K)
                    for k in window.lo...window.hi { postZ[k] = acc[k] * z[k] }
                    let slot = filled
                    if slot == 0 { scores.initialize(repeating: 0, count: dim * blockSize) }
                    let row = pointers.rows + i * J
                    var latentMean = 0.0
                    var latentSD = 0.0
                    for j in 0..<J {
                      let value = row[j]
                      if value > 1 { continue }
                      let x = Double(value)
                      if meanIndex >= 0 || sdIndex >= 0 {
                        let hj = h + j * K
                        let phj = ph + j * K
                        var d0 = 0.0
                        var d1 = 0.0
                        var e0 = 0.0
                        var e1 = 0.0
                        for k in window.lo...window.hi {
                          d0 += acc[k] * hj[k]
                          d1 += acc[k] * phj[k]
                          e0 += postZ[k] * hj[k]
                          e1 += postZ[k] * phj[k]
                        }
                        latentMean += x * d0 - d1
                        latentSD += x * e0 - e1
                      }
                      for a in 0..<p {
                        let destination = target[j * p + a]
                        if destination < 0 { continue }
                        let ga = g + (j * p + a) * K
                        let pga = pg + (j * p + a) * K
                        var d0 = 0.0
                        var d1 = 0.0
                        for k in window.lo...window.hi {
                          d0 += acc[k] * ga[k]
                          d1 += acc[k] * pga[k]
                        }
                        scores[destination * blockSize + slot] += x * d0 - d1
                      }
                    }
                    if meanIndex >= 0 { scores[meanIndex * blockSize + slot] = latentMean }
                    if sdIndex >= 0 { scores[sdIndex * blockSize + slot] = latentSD }
                    frequencies[slot] = pointers.weights[i]
                    filled += 1
                    if filled == blockSize { flush() }
                  }
                  flush()
                }
              }
            }
          }
        }
      }
    }
    var information = [Double](repeating: 0, count: dim * dim)
    for chunk in 0..<chunks {
      let base = storage + chunk * dim * dim
      for a in 0..<dim { for b in 0...a { information[a * dim + b] += base[a * dim + b] } }
    }
    for a in 0..<dim { for b in 0..<a { information[b * dim + a] = information[a * dim + b] } }
    // Minus the prior Hessian.
    for (position, j) in freeItems.enumerated() {
      var priorGradient = [Double](repeating: 0, count: p)
      var priorHessian = [Double](repeating: 0, count: p * p)
      _ = model.logPrior(state.vectors[j], gradient: &priorGradient, hessian: &priorHessian)
      for a in 0..<p {
        for b in 0..<p {
          let ta = target[j * p + a]
          let tb = target[j * p + b]
          if ta >= 0 && tb >= 0 { information[ta * dim + tb] -= priorHessian[a * p + b] }
        }
      }
      _ = position
    }
    _ = freePosition
    return information
  }
}

/// information[a][b] += Σₜ scores[a][t] · weighted[b][t] for b ≤ a, over a block of `blockSize`
/// (a multiple of 4) slots: SIMD4 loads, four columns at a time so each row of `scores` is
/// loaded once per four outputs, and independent accumulators (no serial floating-point chain).
@inline(__always)
func addCrossProducts(
  _ scores: UnsafeMutablePointer<Double>, _ weighted: UnsafeMutablePointer<Double>, dimension dim: Int,
  blockSize: Int, into information: UnsafeMutablePointer<Double>
) {
  let raw = UnsafeRawPointer(scores)
  let rawWeighted = UnsafeRawPointer(weighted)
  let stride = blockSize * MemoryLayout<Double>.stride
  let vectorStride = 4 * MemoryLayout<Double>.stride
  for a in 0..<dim {
    let rowA = raw + a * stride
    let out = information + a * dim
    var b = 0
    while b + 3 <= a {
      var s0 = SIMD4<Double>()
      var s1 = SIMD4<Double>()
      var s2 = SIMD4<Double>()
      var s3 = SIMD4<Double>()
      let r0 = rawWeighted + b * stride
      let r1 = r0 + stride
      let r2 = r1 + stride
      let r3 = r2 + stride
      var offset = 0
      for _ in 0..<(blockSize / 4) {
        let va = rowA.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
        s0 += va * r0.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
        s1 += va * r1.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
        s2 += va * r2.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
        s3 += va * r3.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
        offset += vectorStride
      }
      out[b] += s0.sum()
      out[b + 1] += s1.sum()
      out[b + 2] += s2.sum()
      out[b + 3] += s3.sum()
      b += 4
    }
    while b <= a {
      var s0 = SIMD4<Double>()
      let r0 = rawWeighted + b * stride
      var offset = 0
      for _ in 0..<(blockSize / 4) {
        s0 +=
          rowA.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
          * r0.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
        offset += vectorStride
      }
      out[b] += s0.sum()
      b += 1
    }
  }
}
