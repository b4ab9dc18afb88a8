/// The documented limits on numbers users give ItemBench (file fields and options), checked
/// where each number is read, before any arithmetic or allocation depends on it.
///
/// The limits are far beyond any real exam program, and small enough that every count, product
/// and allocation they imply fits comfortably in memory and in `Int` (so no arithmetic on user
/// numbers can overflow and trap). See docs/hardening.md.
public enum InputLimits {
  /// Questions on one form or in one blueprint count (`form_length`, `scored`, `pretest`).
  public static let formLength = 0...10_000
  /// Forms a bank must support (`coverage --forms`).
  public static let plannedForms = 1...1_000
  /// Blueprint weights and tolerances: percent or item counts.
  public static let weight = 0.0...1_000_000.0
  /// Reporting-scale values (minimum, maximum, passing score, rounding increments).
  public static let scaleValue = -1e9...1e9
  /// Quadrature points for calibration and scoring (`--quadrature-points`).
  public static let quadraturePoints = 2...1_001
  /// Simulated candidates (`simulate --candidates`): 10 million × 150 items is 1.5 GB of
  /// responses at one byte each.
  public static let simulatedCandidates = 0...10_000_000
  /// Cells (candidates × items) of one simulated response matrix.
  public static let simulatedCells = 2_000_000_000
  /// Iterations of an iterative method (`--max-iterations`).
  public static let iterations = 1...100_000
  /// The IRT scaling constant D (project file `calibration.scaling_constant`): 1 and 1.702 are
  /// the usual values.
  public static let scalingConstant = 0.01...100.0
  /// The highest score m of a partial-credit item (its score categories are 0, 1, …, m): at
  /// least 1, and small enough that every category fits in one byte with a code to spare.
  public static let partialCreditMaximumScore = 1...254
  /// Item parameters a (slope) and |b|: far outside any fitted value.
  public static let parameterMagnitude = 1e6

  /// "expected NAME in LOW...HIGH, found VALUE" for an out-of-range integer.
  public static func message(_ name: String, _ value: Int, _ range: ClosedRange<Int>) -> String {
    "expected \(name) to be from \(range.lowerBound) to \(range.upperBound), found \(value)"
  }

  /// The message for an out-of-range or non-finite number.
  public static func message(_ name: String, _ value: Double, _ range: ClosedRange<Double>) -> String {
    expectation(name, range) + ", found \(value)"
  }

  /// "expected NAME to be a finite number from LOW to HIGH" (the start of ``message(_:_:_:)``).
  public static func expectation(_ name: String, _ range: ClosedRange<Double>) -> String {
    "expected \(name) to be a finite number from \(formatLimit(range.lowerBound)) to \(formatLimit(range.upperBound))"
  }

  /// Whether `value` is finite and inside `range`.
  public static func contains(_ range: ClosedRange<Double>, _ value: Double) -> Bool {
    value.isFinite && range.contains(value)
  }

  private static func formatLimit(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }
}
