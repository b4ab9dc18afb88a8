import Foundation
import ItemResponseTheory

/// What the tests draw from ItemResponseTheory's ``SplitMix64``: one generator for every test
/// target instead of a private copy in each.
///
/// The streams are the ones the copies produced (same constants, same transforms), so seeded
/// simulations in the tests keep their numbers.
extension SplitMix64 {
  /// A generator whose state starts at `state` (the same as `init(seed:)`).
  public init(state: UInt64) { self.init(seed: state) }

  /// A uniform double in [0, 1): the top 53 bits of the next word, `(x >> 11) · 2⁻⁵³`.
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// The same as ``uniform()``.
  public mutating func nextUnit() -> Double { uniform() }

  /// A standard normal deviate by the Box–Muller transform, `√(−2 ln u₁) · cos(2π u₂)`, with
  /// u₁ kept away from 0 (`max(u₁, 1e-300)`); two uniforms per call.
  public mutating func normal() -> Double {
    let u1 = max(uniform(), 1e-300)
    let u2 = uniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
  }

  /// The same as ``normal()``.
  public mutating func nextNormal() -> Double { normal() }
}
