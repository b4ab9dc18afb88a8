import Foundation

/// Binomial observations grouped into cells: `trials` candidates with covariates `x`, of whom
/// `successes` answered correctly.
public struct BinomialCell: Sendable, Hashable {
  public var covariates: [Double]
  public var successes: Double
  public var trials: Double

  public init(covariates: [Double], successes: Double, trials: Double) {
    self.covariates = covariates
    self.successes = successes
    self.trials = trials
  }
}

/// A fitted logistic regression.
public struct LogisticFit: Sendable, Hashable {
  /// Coefficients in the order of the covariates, the intercept first.
  public var coefficients: [Double]
  /// Σ yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ) over candidates (no binomial constant).
  public var logLikelihood: Double
  public var iterations: Int
  public var converged: Bool
}

/// Maximum-likelihood logistic regression logit P = β₀ + Σ βⱼ xⱼ on grouped binomial data.
///
/// Method: Newton–Raphson (for the canonical logit link equal to Fisher scoring / IRLS) from
/// β = 0, with step halving whenever the log-likelihood would decrease. The covariates are
/// centred and scaled to unit SD internally (the likelihood is unchanged; the coefficients are
/// transformed back). Converged when every |Δβ| < 1e-10 (scaled metric) or the log-likelihood
/// gains less than 1e-13·(1 + |ℓ|); at most 100 iterations. Not converging (quasi-separation:
/// coefficients run off to infinity) is reported through ``LogisticFit/converged``, never NaN.
/// O(iterations · cells · k²) with k ≤ 4 here.
public enum LogisticRegression {
  public static func fit(_ cells: [BinomialCell], covariateCount k: Int) -> LogisticFit {
    let p = k + 1
    // Scaling of each covariate.
    var means = [Double](repeating: 0, count: k), sds = [Double](repeating: 1, count: k)
    let total = cells.reduce(0) { $0 + $1.trials }
    if total > 0 {
      for j in 0..<k {
        let mean = cells.reduce(0) { $0 + $1.trials * $1.covariates[j] } / total
        let variance =
          cells.reduce(0) { $0 + $1.trials * ($1.covariates[j] - mean) * ($1.covariates[j] - mean) } / total
        means[j] = mean
        sds[j] = variance > 1e-300 ? variance.squareRoot() : 1
      }
    }
    let design: [[Double]] = cells.map { cell in
      [1] + (0..<k).map { (cell.covariates[$0] - means[$0]) / sds[$0] }
    }
    func logLikelihood(_ beta: [Double]) -> Double {
      var ll = 0.0
      for (row, cell) in zip(design, cells) where cell.trials > 0 {
        var eta = 0.0
        for j in 0..<p { eta += row[j] * beta[j] }
        // log p = −log(1 + e^−η), log(1 − p) = −log(1 + e^η), computed stably.
        ll -= cell.successes * softplus(-eta) + (cell.trials - cell.successes) * softplus(eta)
      }
      return ll
    }
    var beta = [Double](repeating: 0, count: p)
    var ll = logLikelihood(beta)
    var converged = false
    var iterations = 0
    while iterations < 100 {
      iterations += 1
      var gradient = [Double](repeating: 0, count: p)
      var hessian = [Double](repeating: 0, count: p * p)
      for (row, cell) in zip(design, cells) where cell.trials > 0 {
        var eta = 0.0
        for j in 0..<p { eta += row[j] * beta[j] }
        let prob = 1 / (1 + exp(-eta))
        let residual = cell.successes - cell.trials * prob
        let weight = cell.trials * prob * (1 - prob)
        for i in 0..<p {
          gradient[i] += residual * row[i]
          for j in 0..<p { hessian[i * p + j] += weight * row[i] * row[j] }
        }
      }
      guard let step = solve(hessian, gradient, size: p) else { break }
      var scale = 1.0
      var accepted = false
      var candidate = beta
      var candidateLL = ll
      for _ in 0..<40 {
        candidate = zip(beta, step).map { $0 + scale * $1 }
        candidateLL = logLikelihood(candidate)
        if candidateLL >= ll - 1e-12 * (1 + abs(ll)) {
          accepted = true
          break
        }
        scale /= 2
      }
      guard accepted else { break }
      let largest = step.map { abs($0 * scale) }.max() ?? 0
      let gain = candidateLL - ll
      beta = candidate
      ll = candidateLL
      if largest < 1e-10 || (gain >= 0 && gain < 1e-13 * (1 + abs(ll)) && largest < 1e-6) {
        converged = true
        break
      }
      if beta.contains(where: { abs($0) > 50 }) { break }  // running off: separation
    }
    // Back to the covariates' own metric: β_j = β'_j / sd_j, β_0 = β'_0 − Σ β'_j mean_j / sd_j.
    var coefficients = [Double](repeating: 0, count: p)
    coefficients[0] = beta[0]
    for j in 0..<k {
      coefficients[j + 1] = beta[j + 1] / sds[j]
      coefficients[0] -= beta[j + 1] * means[j] / sds[j]
    }
    return LogisticFit(coefficients: coefficients, logLikelihood: ll, iterations: iterations, converged: converged)
  }

  /// log(1 + e^x) without overflow.
  static func softplus(_ x: Double) -> Double { x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)) }

  /// Solves the symmetric system `matrix · x = vector` by Gaussian elimination with partial
  /// pivoting; nil when singular.
  static func solve(_ matrix: [Double], _ vector: [Double], size n: Int) -> [Double]? {
    var a = matrix
    var b = vector
    for column in 0..<n {
      var pivot = column
      for row in column..<n where abs(a[row * n + column]) > abs(a[pivot * n + column]) { pivot = row }
      guard abs(a[pivot * n + column]) > 1e-300 else { return nil }
      if pivot != column {
        for j in 0..<n { a.swapAt(column * n + j, pivot * n + j) }
        b.swapAt(column, pivot)
      }
      for row in (column + 1)..<n {
        let factor = a[row * n + column] / a[column * n + column]
        guard factor != 0 else { continue }
        for j in column..<n { a[row * n + j] -= factor * a[column * n + j] }
        b[row] -= factor * b[column]
      }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
      var sum = b[row]
      for j in (row + 1)..<n { sum -= a[row * n + j] * x[j] }
      x[row] = sum / a[row * n + row]
    }
    return x.allSatisfy(\.isFinite) ? x : nil
  }
}
