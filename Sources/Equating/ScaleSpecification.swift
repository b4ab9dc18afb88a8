import Foundation
import ItemBenchCore

/// A problem in a scale file, at `file:line:column`, with the file's further problems.
///
/// Reading a scale file collects every problem it can find (each field is checked on its own);
/// the first, in the order of the fields, is the error itself and the rest are ``others``.
public struct ScaleFileError: FileProblemsError, Equatable {
  public var location: SourceLocation
  public var message: String
  public var others: [ScaleFileError] = []
  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }
}

/// The reporting scale: how base-form equivalents become reported scores (a scale file).
///
/// ```yaml
/// format: 1
/// range: [200, 350]        # lowest and highest reported score
/// passing_score: 300
/// cut:
///   theta: -0.25           # the cut as θ on the base scale …
///   # raw: 24              # … or as a number-correct score on the base form (exactly one)
/// mapping:
///   type: linear-theta     # scaled = passing + slope·(θ − θ_cut)
///   slope: 25              # reported points per θ unit (linear-theta only)
///   # type: piecewise-raw  # base-form raw 0 → min, raw cut → passing, n_base → max
/// rounding: nearest        # nearest (half up) | floor | ceiling
/// decimals: 0              # decimals of reported scores (0…4)
/// clamp: true              # keep reported scores within the range
/// standard_setting: {…}    # optional provenance of the cut (docs/standard-setting.md), not read
/// ```
public struct ScaleSpecification: Sendable, Hashable {
  public enum Cut: Sendable, Hashable {
    /// θ on the base scale.
    case theta(Double)
    /// A number-correct score on the base form (may be fractional).
    case raw(Double)
  }

  public enum Mapping: Sendable, Hashable {
    /// scaled = passing + slope·(θ − θ_cut), θ the base-scale θ of the equated score.
    case linearTheta(slope: Double)
    /// Piecewise linear in the base-form equivalent e: (0, min) – (raw cut, passing) – (n_base, max).
    case piecewiseRaw
  }

  public enum Rounding: String, Sendable, Hashable, CaseIterable {
    /// To the nearest reported unit, halves up.
    case nearest
    case floor
    case ceiling
  }

  public var minimum: Double
  public var maximum: Double
  public var passingScore: Double
  public var cut: Cut
  public var mapping: Mapping
  public var rounding: Rounding = .nearest
  public var decimals: Int = 0
  public var clamp: Bool = true

  public init(
    minimum: Double, maximum: Double, passingScore: Double, cut: Cut, mapping: Mapping,
    rounding: Rounding = .nearest, decimals: Int = 0, clamp: Bool = true
  ) {
    self.minimum = minimum
    self.maximum = maximum
    self.passingScore = passingScore
    self.cut = cut
    self.mapping = mapping
    self.rounding = rounding
    self.decimals = decimals
    self.clamp = clamp
  }

  /// The smallest reported step, 10^−decimals.
  public var unit: Double { pow(10, Double(-decimals)) }

  /// Rounds a scaled value to the reported precision with ``rounding``. A tolerance of 1e-9
  /// reported units absorbs floating-point noise (299.49999999999997 counts as 299.5).
  public func round(_ value: Double) -> Double {
    let scale = pow(10, Double(decimals))
    let scaled = value * scale
    let result: Double
    switch rounding {
    case .nearest: result = (scaled + 0.5 + 1e-9).rounded(.down)
    case .floor: result = (scaled + 1e-9).rounded(.down)
    case .ceiling: result = (scaled - 1e-9).rounded(.up)
    }
    return result / scale
  }

  // MARK: Parsing

  /// Reads a scale file.
  public static func read(path: String) throws -> ScaleSpecification {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScaleFileError("cannot read scale file", at: SourceLocation(file: path))
    }
    let text: String
    switch UTF8Text.decode(data) {
    case .success(let decoded): text = decoded
    case .failure(let problem):
      throw ScaleFileError(problem.message, at: SourceLocation(file: path, line: problem.line, column: problem.column))
    }
    return try parse(text, file: path)
  }
}
