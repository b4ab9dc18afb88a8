import Dispatch
import Foundation
import ItemBenchCore

extension EMProblem {
  /// The observed information −∂²(log L + log π)/∂ξ∂ξᵀ at `state` by Louis's (1982) identity,
  /// without differentiating through the E-step.
  ///
  /// With πᵢₖ pattern i's posterior, uᵢₖ = ∂ log L(xᵢ | θₖ)/∂ξ the complete-data score at θₖ,
  /// s̄ᵢ = Σₖ πᵢₖ uᵢₖ the marginal score and T(ξ) = Σⱼₖ rⱼₖ log Pⱼₖ + (nⱼₖ − rⱼₖ) log Qⱼₖ the
  /// expected complete-data log-likelihood with the counts r, n held at `state`:
  ///
  ///     I = [Σᵢ fᵢ s̄ᵢ s̄ᵢᵀ − ∂² log π] − ∂²T − Σₖ Σᵢ fᵢ πᵢₖ uᵢₖ uᵢₖᵀ.
  ///
  /// - The bracket is ``crossProductInformation(_:)``.
  /// - ∂²T is item-local (each column touches one item, or all items for a shared or latent
  ///   parameter) and is taken by central differences (step 10⁻⁴·max(1, |ξ|)) of its analytic
  ///   gradient, which costs O(points) per own parameter and no E-step.
  /// - uᵢₖ = Σⱼ yᵢⱼₖ γⱼₖ with yᵢⱼₖ = xᵢⱼ − Pⱼₖ (0 when missing) and γⱼₖ = ∂Pⱼₖ/∂ξ / (PⱼₖQⱼₖ),
  ///   so the last term is Σₖ Σⱼₗ Cₖ[j, l] γⱼₖ γₗₖᵀ with Cₖ = Σᵢ fᵢ πᵢₖ yᵢₖ yᵢₖᵀ, a J × J
  ///   matrix per point accumulated 32 patterns at a time (``addCrossProducts``) over the
  ///   patterns whose posterior window holds θₖ, the points run on all cores.
  ///
  /// Equal to the central differences of the marginal score that ``observedInformationByDifferences(_:)``
  /// takes, up to the O(h²) truncation error of those (about 10⁻⁸ relative).
  ///
  /// - Complexity: O(Σᵢ windowᵢ × items²) for the Cₖ, O(points × items² × parameters per item²)
  ///   to fold them, plus one cross-product pass; memory O(points × items² + Σᵢ windowᵢ).
  func louisInformation(_ state: State) -> [Double] {
    let dim = dimension
    var information = crossProductInformation(state)
    let counts = eStep(state)
    let hessian = completeDataHessian(state, counts: counts)
    let louis = posteriorScoreSecondMoment(state)
    for a in 0..<dim {
      for b in 0..<dim {
        information[a * dim + b] -= 0.5 * (hessian[a * dim + b] + hessian[b * dim + a]) + louis[a * dim + b]
      }
    }
    return information
  }

  /// Where each slot of an item's γ vector lands in the free vector: slots 0..<p are the item's
  /// parameters (−1 when fixed), slot p the latent mean, slot p + 1 the latent SD (−1 when not
  /// estimated).
  func gammaTargets() -> [Int] {
    let m = p + 2
    let items = layout.itemComponents(itemCount: J)
    var target = [Int](repeating: -1, count: J * m)
    for j in 0..<J {
      for a in 0..<p { target[j * m + a] = items[j * p + a] }
      target[j * m + p] = layout.meanComponent ?? -1
      target[j * m + p + 1] = layout.sdComponent ?? -1
    }
    return target
  }

  /// Item j's probabilities at `theta`: P, ∂P/∂ψ (into `gradient`, zero for a fixed item) and
  /// ∂P/∂θ; fixed items use their own response function (the a/b/c formula, or their model's).
  @inline(__always)
  func evaluateItem(_ j: Int, _ vector: [Double], theta: Double, gradient: inout [Double]) -> (
    probability: Double, thetaDerivative: Double
  ) {
    if let item = fixed[j] {
      for a in 0..<p { gradient[a] = 0 }
      if let function = item.modelParameters {
        let value = function.probabilityAndDerivative(at: theta, scalingConstant: D)
        return (value.probability, value.derivative)
      }
      let l = 1 / (1 + exp(-D * item.a * (theta - item.b)))
      return (item.c + (1 - item.c) * l, (1 - item.c) * D * item.a * l * (1 - l))
    }
    return model.evaluate(theta: theta, parameters: vector, scalingConstant: D, gradient: &gradient)
  }

  /// Adds item j's part of ∂T/∂ξ (see ``louisInformation(_:)``, no prior) at item vector `vector`
  /// and quadrature points `theta` into `out`: Σₖ (rⱼₖ − nⱼₖPⱼₖ)/(PⱼₖQⱼₖ) ∂Pⱼₖ/∂ξ.
  func addCompleteDataScore(
    _ j: Int, _ vector: [Double], theta: [Double], counts: ExpectedCounts, targets: [Int],
    gradient: inout [Double], into out: inout [Double]
  ) {
    let m = p + 2
    for k in 0..<K {
      let index = j * K + k
      let nk = counts.n[index]
      if nk <= 0 { continue }
      let value = evaluateItem(j, vector, theta: theta[k], gradient: &gradient)
      let prob = min(max(value.probability, 1e-15), 1 - 1e-15)
      let residual = (counts.r[index] - nk * prob) / (prob * (1 - prob))
      for a in 0..<p {
        let t = targets[j * m + a]
        if t >= 0 { out[t] += residual * gradient[a] }
      }
      let mean = targets[j * m + p]
      if mean >= 0 { out[mean] += residual * value.thetaDerivative }
      let sd = targets[j * m + p + 1]
      if sd >= 0 { out[sd] += residual * value.thetaDerivative * z[k] }
    }
  }

  /// ∂²T/∂ξ∂ξᵀ by central differences of the analytic ∂T/∂ξ with the counts fixed (column c of
  /// the result is the derivative with respect to ξ_c; not symmetrised).
  func completeDataHessian(_ state: State, counts: ExpectedCounts) -> [Double] {
    let dim = dimension
    let x = pack(state)
    let targets = gammaTargets()
    let m = p + 2
    // Columns owned by one item: the item and the parameter.
    var owners = [(item: Int, parameter: Int)?](repeating: nil, count: dim)
    for j in freeItems {
      for index in own { owners[targets[j * m + index]] = (j, index) }
    }
    let owner = owners
    let columns = Array(0..<dim).concurrentMap { c -> [Double] in
      var gradient = [Double](repeating: 0, count: self.p)
      let h = 1e-4 * max(1, abs(x[c]))
      var plus = [Double](repeating: 0, count: dim)
      var minus = plus
      if let (j, index) = owner[c] {
        let theta = self.thetas(state)
        var vector = state.vectors[j]
        vector[index] = x[c] + h
        self.addCompleteDataScore(
          j, vector, theta: theta, counts: counts, targets: targets, gradient: &gradient, into: &plus)
        vector[index] = x[c] - h
        self.addCompleteDataScore(
          j, vector, theta: theta, counts: counts, targets: targets, gradient: &gradient, into: &minus)
      } else {
        for (sign, out) in [(1.0, 0), (-1.0, 1)] {
          var shifted = x
          shifted[c] += sign * h
          let moved = self.unpack(shifted, into: state)
          let theta = self.thetas(moved)
          var sum = [Double](repeating: 0, count: dim)
          for j in 0..<self.J {
            self.addCompleteDataScore(
              j, moved.vectors[j], theta: theta, counts: counts, targets: targets, gradient: &gradient, into: &sum)
          }
          if out == 0 { plus = sum } else { minus = sum }
        }
      }
      return (0..<dim).map { (plus[$0] - minus[$0]) / (2 * h) }
    }
    var hessian = [Double](repeating: 0, count: dim * dim)
    for c in 0..<dim { for r in 0..<dim { hessian[r * dim + c] = columns[c][r] } }
    return hessian
  }

  /// Σₖ Σᵢ fᵢ πᵢₖ uᵢₖ uᵢₖᵀ (see ``louisInformation(_:)``), through the per-point J × J matrices
  /// Cₖ = Σᵢ fᵢ πᵢₖ yᵢₖ yᵢₖᵀ over each pattern's posterior window.
  func posteriorScoreSecondMoment(_ state: State) -> [Double] {
    let dim = dimension
    let J = self.J
    let K = self.K
    let p = self.p
    let m = p + 2
    let (probabilities, derivatives) = self.probabilities(state)
    let theta = thetas(state)
    let tables = LogTables(probabilities: probabilities, itemCount: J, weights: weights)
    let clamped = probabilities.map { min(max($0, 1e-15), 1 - 1e-15) }
    // γ (point-major: [k][j][slot]).
    var gamma = [Double](repeating: 0, count: K * J * m)
    var gradient = [Double](repeating: 0, count: p)
    for j in 0..<J {
      for k in 0..<K {
        let prob = clamped[j * K + k]
        let w = 1 / (prob * (1 - prob))
        let base = (k * J + j) * m
        if fixed[j] == nil {
          _ = model.evaluate(theta: theta[k], parameters: state.vectors[j], scalingConstant: D, gradient: &gradient)
          for a in 0..<p { gamma[base + a] = gradient[a] * w }
        }
        gamma[base + p] = derivatives[j * K + k] * w
        gamma[base + p + 1] = derivatives[j * K + k] * w * z[k]
      }
    }

    // Posterior windows of every pattern, chunk by chunk (fixed chunks: deterministic).
    let chunks = max(1, min(chunkCount, patterns.patternCount / 64))
    let windows = DisjointSlots<(values: [Double], lo: [Int32], hi: [Int32], start: [Int])>(
      count: chunks, initial: ([], [], [], []))
    tables.withUnsafeTables { t in
      patterns.forEachChunk { chunk, range, pointers in
        var values: [Double] = []
        var lo: [Int32] = []
        var hi: [Int32] = []
        var start: [Int] = []
        lo.reserveCapacity(range.count)
        hi.reserveCapacity(range.count)
        start.reserveCapacity(range.count)
        let scratch = ScratchBuffer(count: t.rowStride, repeating: 0.0)
        let acc = scratch.base
        defer { withExtendedLifetime(scratch) {} }
        for i in range {
          self.patterns.logLikelihoodRow(
            i, tables: t, acc: acc, kinds: pointers.kinds, aStart: pointers.aStart, a: pointers.a,
            bStart: pointers.bStart, b: pointers.b)
          let window = normalisePosterior(acc, count: K)
          let f = pointers.weights[i]
          lo.append(Int32(window.lo))
          hi.append(Int32(window.hi))
          start.append(values.count)
          for k in window.lo...window.hi { values.append(acc[k] * f) }
        }
        windows[chunk] = (values, lo, hi, start)
      }
    }

    // Cₖ for every point, on all cores (each point's sum runs in pattern order).
    let blockSize = 32
    let triangles = ScratchBuffer(count: K * J * J, repeating: 0.0)
    defer { withExtendedLifetime(triangles) {} }
    let patternCount = patterns.patternCount
    clamped.withUnsafeBufferPointer { clamped in
      patterns.rows.withUnsafeBufferPointer { rows in
        guard let clampedBase = clamped.baseAddress, let rowsBase = rows.baseAddress else { return }
        let shared = UncheckedSendableBox((clampedBase, rowsBase))
        DispatchQueue.concurrentPerform(iterations: K) { k in
          let (clamped, rows) = shared.value
          let c = triangles.slice(k, stride: J * J)
          let blocks = ScratchBuffer(parts: [J * blockSize, J * blockSize], repeating: 0.0)
          defer { withExtendedLifetime(blocks) {} }
          let (y, wy) = (blocks.parts[0], blocks.parts[1])
          var filled = 0
          func flush() {
            guard filled > 0 else { return }
            // Unused slots hold zeros.
            for j in 0..<J {
              for slot in filled..<blockSize {
                y[j * blockSize + slot] = 0
                wy[j * blockSize + slot] = 0
              }
            }
            addCrossProducts(y, wy, dimension: J, blockSize: blockSize, into: c)
            filled = 0
          }
          var pattern = 0
          for chunk in 0..<chunks {
            let w = windows[chunk]
            for local in 0..<w.lo.count {
              defer { pattern += 1 }
              let lo = Int(w.lo[local])
              guard lo <= k, k <= Int(w.hi[local]) else { continue }
              let weight = w.values[w.start[local] + k - lo]
              if weight == 0 { continue }
              let row = rows + pattern * J
              for j in 0..<J {
                let value = row[j]
                let residual = value > 1 ? 0 : Double(value) - clamped[j * K + k]
                y[j * blockSize + filled] = residual
                wy[j * blockSize + filled] = residual * weight
              }
              filled += 1
              if filled == blockSize { flush() }
            }
          }
          flush()
          precondition(pattern == patternCount)
        }
      }
    }

    // Fold: Σₖ Σⱼₗ Cₖ[j, l] γⱼₖ γₗₖᵀ (Cₖ holds the lower triangle l ≤ j).
    let targets = gammaTargets()
    let slots: [[(slot: Int, target: Int)]] = (0..<J).map { j in
      (0..<m).compactMap { targets[j * m + $0] >= 0 ? ($0, targets[j * m + $0]) : nil }
    }
    var moment = [Double](repeating: 0, count: dim * dim)
    for k in 0..<K {
      let c = triangles.slice(k, stride: J * J)
      for j in 0..<J where !slots[j].isEmpty {
        let gj = (k * J + j) * m
        for l in 0...j where !slots[l].isEmpty {
          let value = c[j * J + l]
          if value == 0 { continue }
          let gl = (k * J + l) * m
          for (a, ta) in slots[j] {
            let left = value * gamma[gj + a]
            for (b, tb) in slots[l] {
              let product = left * gamma[gl + b]
              moment[ta * dim + tb] += product
              if l != j { moment[tb * dim + ta] += product }
            }
          }
        }
      }
    }
    return moment
  }
}
