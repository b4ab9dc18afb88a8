/// The sampling covariance matrix of one item's (a, b, c) estimates, as the calibration's
/// inverse information gives it (the item's diagonal block, including the covariances between
/// its own parameters). Parameters the model does not estimate (c of a 2PL item, a of a Rasch
/// item) have zero rows and columns.
///
/// Carried beside the standard errors so that statistics of several parameters at once (the
/// drift screen's ICC displacement and Lord's chi-square) can use the delta method with the
/// full matrix: Var(g(ψ)) ≈ ∇gᵀ Σ ∇g.
public struct ParameterCovariance: Sendable, Hashable {
  public var aa: Double
  public var ab: Double
  public var ac: Double
  public var bb: Double
  public var bc: Double
  public var cc: Double

  public init(aa: Double, ab: Double, ac: Double, bb: Double, bc: Double, cc: Double) {
    self.aa = aa
    self.ab = ab
    self.ac = ac
    self.bb = bb
    self.bc = bc
    self.cc = cc
  }

  /// The matrix from a model's p × p row-major block over its `names` (only "a", "b", "c" are
  /// placed; other parameters are ignored). nil when the block does not match the names or
  /// holds a non-finite value.
  public init?(block: [Double], names: [String]) {
    let p = names.count
    guard block.count == p * p, block.allSatisfy(\.isFinite) else { return nil }
    func entry(_ x: String, _ y: String) -> Double {
      guard let i = names.firstIndex(of: x), let j = names.firstIndex(of: y) else { return 0 }
      return block[i * p + j]
    }
    self.init(
      aa: entry("a", "a"), ab: entry("a", "b"), ac: entry("a", "c"), bb: entry("b", "b"), bc: entry("b", "c"),
      cc: entry("c", "c"))
  }

  /// The 3 × 3 matrix, row-major, over (a, b, c).
  public var matrix: [[Double]] { [[aa, ab, ac], [ab, bb, bc], [ac, bc, cc]] }

  /// gᵀ Σ g for a gradient g = (∂/∂a, ∂/∂b, ∂/∂c).
  public func quadraticForm(_ g: (a: Double, b: Double, c: Double)) -> Double {
    g.a * g.a * aa + g.b * g.b * bb + g.c * g.c * cc + 2 * (g.a * g.b * ab + g.a * g.c * ac + g.b * g.c * bc)
  }

  /// The covariance after a change of scale θ* = A·θ + B (a* = a/A, b* = A·b + B, c* = c):
  /// Σ* = J Σ Jᵀ with J = diag(1/A, A, 1).
  public func rescaled(A: Double) -> ParameterCovariance {
    ParameterCovariance(aa: aa / (A * A), ab: ab, ac: ac / A, bb: A * A * bb, bc: A * bc, cc: cc)
  }
}
