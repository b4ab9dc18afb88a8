import Foundation

/// Dense symmetric positive-definite helpers for the small systems of the M-step and the
/// information matrix. Matrices are row-major `[Double]` of n × n.
enum SymmetricMatrix {
  /// The Cholesky factor L (lower triangle, row-major) of `matrix`, or nil if it is not
  /// positive definite. - Complexity: O(n³).
  static func cholesky(_ matrix: [Double], count n: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0...i {
        var sum = matrix[i * n + j]
        for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
        if i == j {
          guard sum > 0, sum.isFinite else { return nil }
          l[i * n + i] = sum.squareRoot()
        } else {
          l[i * n + j] = sum / l[j * n + j]
        }
      }
    }
    return l
  }

  /// Solves `matrix · x = rhs` by Cholesky; nil if not positive definite.
  static func solve(_ matrix: [Double], _ rhs: [Double], count n: Int) -> [Double]? {
    guard let l = cholesky(matrix, count: n) else { return nil }
    var y = rhs
    for i in 0..<n {
      var sum = y[i]
      for k in 0..<i { sum -= l[i * n + k] * y[k] }
      y[i] = sum / l[i * n + i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      var sum = y[i]
      for k in (i + 1)..<n { sum -= l[k * n + i] * y[k] }
      y[i] = sum / l[i * n + i]
    }
    return y
  }

  /// Solves with a ridge added to the diagonal if needed (for Fisher-scoring steps only).
  static func solveRegularised(_ matrix: [Double], _ rhs: [Double], count n: Int) -> [Double] {
    if let x = solve(matrix, rhs, count: n) { return x }
    var ridge = 1e-8
    var diagonalScale = 0.0
    for i in 0..<n { diagonalScale = max(diagonalScale, abs(matrix[i * n + i])) }
    while ridge < 1e8 {
      var shifted = matrix
      for i in 0..<n { shifted[i * n + i] += ridge * max(diagonalScale, 1) }
      if let x = solve(shifted, rhs, count: n) { return x }
      ridge *= 100
    }
    return [Double](repeating: 0, count: n)
  }

  /// The inverse of a positive-definite matrix, or nil. - Complexity: O(n³).
  static func inverse(_ matrix: [Double], count n: Int) -> [Double]? {
    guard let l = cholesky(matrix, count: n) else { return nil }
    // Invert L, then A⁻¹ = L⁻ᵀ L⁻¹.
    var li = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      li[i * n + i] = 1 / l[i * n + i]
      for j in 0..<i {
        var sum = 0.0
        for k in j..<i { sum -= l[i * n + k] * li[k * n + j] }
        li[i * n + j] = sum / l[i * n + i]
      }
    }
    var result = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0...i {
        var sum = 0.0
        for k in i..<n { sum += li[k * n + i] * li[k * n + j] }
        result[i * n + j] = sum
        result[j * n + i] = sum
      }
    }
    return result
  }
}
