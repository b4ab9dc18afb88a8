// The Equating module: IRT linking, equating and reporting-scale conversion tables.
//
// Pipeline (each step usable on its own, and all of them through ``EquatingCycle``):
//
//     Linking.link            new form's parameters → base scale (θ* = A·θ + B)
//     TrueScoreEquating       raw scores of the new form → base-form equivalents (TCC inversion)
//     ObservedScoreEquating   the same through Lord–Wingersky score distributions + equipercentile
//     ScaleTableBuilder       base-form equivalents → reporting scale, pass/fail, CSEM, decisions
//
// Parameterisation everywhere: P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))), D taken from the
// parameter files (`scaling_constant`). Numerics never touch the file system; the CLI reads and
// writes files.
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// A problem with the inputs of linking or equating (not a file-syntax problem: those are
/// ``ScaleFileError`` and `ParameterFileError`).
public struct EquatingError: DiagnosticError, Equatable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var diagnosticLocation: SourceLocation? { nil }
}

/// The scaling constant D shared by two parameter files, or an error naming both values.
func commonScalingConstant(base: ParameterFile, new: ParameterFile) throws -> Double {
  guard base.scalingConstant.isFinite, base.scalingConstant > 0 else {
    throw EquatingError("the base parameters have an invalid scaling constant D = \(base.scalingConstant)")
  }
  guard abs(base.scalingConstant - new.scalingConstant) <= 1e-12 * max(1, base.scalingConstant) else {
    throw EquatingError(
      "the parameter files use different scaling constants: base D = \(formatNumber(base.scalingConstant)), "
        + "new D = \(formatNumber(new.scalingConstant)); rescale one file (a·D must be comparable) before linking")
  }
  return base.scalingConstant
}

/// Checks that every item has finite parameters in the model's range (a > 0, 0 ≤ c < 1) and that
/// ids are unique, naming the first offending item.
func validate(_ items: [ItemParameters], role: String) throws {
  var seen = Set<String>()
  for item in items {
    guard seen.insert(item.id).inserted else {
      throw EquatingError("item '\(item.id)' appears more than once in the \(role) parameters")
    }
    if let problem = item.parameterProblem {
      throw EquatingError("item '\(item.id)' in the \(role) parameters: \(problem)")
    }
  }
  guard !items.isEmpty else { throw EquatingError("the \(role) parameters contain no items") }
}

/// A short, locale-independent rendering of a number for messages (up to 6 decimals, trailing
/// zeros removed).
func formatNumber(_ value: Double, places: Int = 6) -> String {
  var text = formatDecimal(value, places: places)
  if text.contains(".") {
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
  }
  return text
}
