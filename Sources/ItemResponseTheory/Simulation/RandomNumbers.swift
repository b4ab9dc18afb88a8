import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014; the constants of Vigna's reference version): a 64-bit
/// generator with one word of state, used here to seed ``Xoshiro256StarStar`` and to derive
/// independent streams from one seed.
///
///     state += 0x9E3779B97F4A7C15
///     z = state
///     z = (z ^ (z >> 30)) · 0xBF58476D1CE4E5B9
///     z = (z ^ (z >> 27)) · 0x94D049BB133111EB
///     return z ^ (z >> 31)
///
/// The sequence for a given seed is fixed forever: simulated data sets are reproducible across
/// machines and ItemBench versions.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64

  public init(seed: UInt64) { state = seed }

  @inlinable
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// xoshiro256** 1.0 (Blackman & Vigna 2018): the generator ItemBench's simulator uses.
///
/// The four state words are filled from ``SplitMix64`` started at the seed, as the authors
/// recommend. ``nextUniform()`` gives (x >> 11) · 2⁻⁵³ ∈ [0, 1) and ``nextNormal()`` uses the
/// Box–Muller transform (one normal per call; the second value is discarded so that each call
/// consumes exactly two uniforms, keeping streams easy to reason about).
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
  public var state: (UInt64, UInt64, UInt64, UInt64)

  public init(seed: UInt64) {
    var seeder = SplitMix64(seed: seed)
    state = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
  }

  @inlinable
  static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  @inlinable
  public mutating func next() -> UInt64 {
    let result = Self.rotateLeft(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = Self.rotateLeft(state.3, 45)
    return result
  }

  /// A uniform number in [0, 1) with 53 random bits.
  @inlinable
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal deviate (Box–Muller: √(−2 ln u₁) · cos(2π u₂), with u₁ ∈ (0, 1]).
  @inlinable
  public mutating func nextNormal() -> Double {
    let u1 = 1 - nextUniform()
    let u2 = nextUniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// A uniform integer in 0..<`bound` (Lemire's multiply-shift; bias below 2⁻⁵⁰ for small bounds).
  @inlinable
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0)
    return Int((UInt64(bound).multipliedFullWidth(by: next())).high)
  }
}
