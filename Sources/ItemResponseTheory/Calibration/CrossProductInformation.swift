import CalibrationKernels
import Dispatch
import Foundation
import ItemBenchCore

extension EMProblem {
  /// The cross-product information Σᵢ fᵢ sᵢ sᵢᵀ − ∂² log π at `state`.
  ///
  /// sᵢ is pattern i's marginal score: for a parameter ψ of item j,
  /// sᵢ = Σₖ πᵢₖ (xᵢⱼ − Pⱼₖ) (∂Pⱼₖ/∂ψ) / (PⱼₖQⱼₖ); for the latent mean and SD the same with
  /// ∂Pⱼₖ/∂θ (times zₖ for the SD), summed over the answered items.
  ///
  /// Method: the factors Gₖ = ∂P/∂ψ / (PQ), P·G, H = ∂P/∂θ / (PQ) and P·H are laid out point by
  /// point (``ScoreTables``), so a pattern's posterior-weighted sums over its window are one
  /// pass over the window's rows with 32 columns held in registers (`cal_weighted_column_sums`);
  /// each item's score is then x·Σπ G − Σπ P·G. Scores are collected 32 patterns at a time and
  /// added to the lower triangle by a register-blocked matrix product (``addCrossProducts``).
  /// Every sum runs in the order of the plain loops, so the result is the same to the bit.
  ///
  /// - Complexity: O(patterns × (items × parameters × window + dimension²)).
  func crossProductInformation(_ state: State) -> [Double] {
    let dim = dimension
    let (probabilities, derivatives) = self.probabilities(state)
    let theta = thetas(state)
    let tables = LogTables(probabilities: probabilities, itemCount: J, weights: weights)
    let latent = estimateMean || estimateSD
    let scoreTables = ScoreTables(
      self, state, probabilities: probabilities, derivatives: derivatives, theta: theta, latent: latent)
    // Where each item parameter lands in the free vector (-1: fixed).
    let target = layout.itemComponents(itemCount: J)
    let meanIndex = layout.meanComponent ?? -1
    let sdIndex = layout.sdComponent ?? -1

    let chunks = max(1, min(chunkCount, patterns.patternCount / 64))
    let blockSize = 32
    let storage = ScratchBuffer(count: chunks * dim * dim, repeating: 0.0)
    defer { withExtendedLifetime(storage) {} }
    let J = self.J
    let K = self.K
    let p = self.p
    let z = self.z
    let columnsA = scoreTables.columnsA
    let columnsB = scoreTables.columnsB
    let jp = J * p
    scoreTables.itemColumns.withUnsafeBufferPointer { tableA in
      scoreTables.latentColumns.withUnsafeBufferPointer { tableB in
        target.withUnsafeBufferPointer { target in
          // Both are non-empty whenever there is a free parameter (dimension > 0).
          guard let tableA = tableA.baseAddress, let target = target.baseAddress else { return }
          let gBox = UncheckedSendableBox((tableA, latent ? tableB.baseAddress : nil, target))
          tables.withUnsafeTables { t in
            patterns.forEachChunk { chunk, range, pointers in
              let (tableA, tableB, target) = gBox.value
              let information = storage.slice(chunk, stride: dim * dim)
              let scratch = ScratchBuffer(
                parts: [t.rowStride, K, columnsA, max(columnsB, 1), dim * blockSize, dim * blockSize], repeating: 0.0)
              defer { withExtendedLifetime(scratch) {} }
              let (acc, postZ, sumsA, sumsB) = (scratch.parts[0], scratch.parts[1], scratch.parts[2], scratch.parts[3])
              let (scores, weighted) = (scratch.parts[4], scratch.parts[5])
              var frequencies = [Double](repeating: 0, count: blockSize)
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
                // Σₖ πₖ G, Σₖ πₖ P·G, Σₖ πₖ H, Σₖ πₖ P·H for every item; Σₖ πₖ zₖ H and P·H.
                cal_weighted_column_sums(acc, tableA, columnsA, window.lo, window.hi, sumsA)
                if let tableB {
                  for k in window.lo...window.hi { postZ[k] = acc[k] * z[k] }
                  cal_weighted_column_sums(postZ, tableB, columnsB, window.lo, window.hi, sumsB)
                }
                let slot = filled
                if slot == 0 { scores.initialize(repeating: 0, count: dim * blockSize) }
                let row = pointers.rows + i * J
                var latentMean = 0.0
                var latentSD = 0.0
                for j in 0..<J {
                  let value = row[j]
                  if value > 1 { continue }
                  let x = Double(value)
                  if latent {
                    latentMean += x * sumsA[2 * jp + j] - sumsA[2 * jp + J + j]
                    latentSD += x * sumsB[j] - sumsB[J + j]
                  }
                  for a in 0..<p {
                    let destination = target[j * p + a]
                    if destination < 0 { continue }
                    scores[destination * blockSize + slot] += x * sumsA[j * p + a] - sumsA[jp + j * p + a]
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
    var information = [Double](repeating: 0, count: dim * dim)
    for chunk in 0..<chunks {
      let base = storage.slice(chunk, stride: dim * dim)
      for a in 0..<dim { for b in 0...a { information[a * dim + b] += base[a * dim + b] } }
    }
    for a in 0..<dim { for b in 0..<a { information[b * dim + a] = information[a * dim + b] } }
    // Minus the prior Hessian.
    for j in freeItems {
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
    }
    return information
  }
}

/// information[a][b] += Σₜ scores[a][t] · weighted[b][t] for b ≤ a, over a block of 32 slots:
/// `cal_add_cross_products` (CalibrationKernels.h), a register-blocked matrix product whose every
/// output is four 4-lane partial sums over the slots reduced as ((l₀ + l₁) + l₂) + l₃.
///
/// - Complexity: O(dimension² × 32).
@inline(__always)
func addCrossProducts(
  _ scores: UnsafeMutablePointer<Double>, _ weighted: UnsafeMutablePointer<Double>, dimension dim: Int,
  blockSize: Int, into information: UnsafeMutablePointer<Double>
) {
  precondition(blockSize == 32, "the cross-product kernel works on blocks of 32 slots")
  cal_add_cross_products(scores, weighted, dim, information)
}
