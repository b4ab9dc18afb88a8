/// The factors of a pattern's marginal score laid out point by point, for the cross-product
/// information's column sums (`cal_weighted_column_sums`).
///
/// With w = 1 / (PⱼₖQⱼₖ), row k of ``itemColumns`` holds Gⱼₐ = ∂Pⱼₖ/∂ψₐ · w for every item j and
/// parameter a (column j·p + a; zero for fixed items), then P·G (column J·p + j·p + a), and,
/// when a latent mean or SD is estimated, H = ∂Pⱼₖ/∂θ · w (column 2J·p + j) and P·H (column
/// 2J·p + J + j); row k of ``latentColumns`` holds H then P·H again (weighted by πₖ zₖ for the
/// SD). Rows are padded with zeros to a multiple of 32 columns.
///
/// - Complexity: O(items × parameters × points) time and memory.
struct ScoreTables {
  var columnsA: Int
  var itemColumns: [Double]
  var columnsB: Int
  var latentColumns: [Double]

  init(
    _ problem: EMProblem, _ state: EMProblem.State, probabilities: [Double], derivatives: [Double],
    theta: [Double], latent: Bool
  ) {
    let J = problem.J
    let K = problem.K
    let p = problem.p
    let jp = J * p
    columnsA = Self.padded(2 * jp + (latent ? 2 * J : 0))
    columnsB = latent ? Self.padded(2 * J) : 0
    itemColumns = [Double](repeating: 0, count: K * columnsA)
    latentColumns = [Double](repeating: 0, count: K * columnsB)
    var gradient = [Double](repeating: 0, count: p)
    for j in 0..<J {
      for k in 0..<K {
        let prob = min(max(probabilities[j * K + k], 1e-15), 1 - 1e-15)
        let w = 1 / (prob * (1 - prob))
        let row = k * columnsA
        if latent {
          let h = derivatives[j * K + k] * w
          let ph = prob * derivatives[j * K + k] * w
          itemColumns[row + 2 * jp + j] = h
          itemColumns[row + 2 * jp + J + j] = ph
          latentColumns[k * columnsB + j] = h
          latentColumns[k * columnsB + J + j] = ph
        }
        if problem.fixed[j] == nil {
          _ = problem.model.evaluate(
            theta: theta[k], parameters: state.vectors[j], scalingConstant: problem.D, gradient: &gradient)
          for a in 0..<p {
            itemColumns[row + j * p + a] = gradient[a] * w
            itemColumns[row + jp + j * p + a] = prob * gradient[a] * w
          }
        }
      }
    }
  }

  /// `columns` rounded up to a multiple of 32 (the kernel's register block).
  static func padded(_ columns: Int) -> Int { (columns + 31) / 32 * 32 }
}
