import Dispatch
import ItemBenchCore

/// Per-candidate summaries of a ``ResponseMatrix`` used by classical analysis, scoring and fit.
public enum ResponseScoring {
  /// Each candidate's number-correct score: the count of responses scored 1 (omits, not
  /// reached and not presented count 0).
  ///
  /// - Complexity: O(candidates × items), on all cores.
  public static func numberCorrect(_ matrix: ResponseMatrix) -> [Int] {
    perCandidate(matrix) { row in
      var total = 0
      for code in row where !ResponseCode.isMissing(code) { total += Int(code & 1) }
      return total
    }
  }

  /// Whether each candidate saw every item (no not-presented or not-reached response; omits are
  /// allowed).
  public static func isComplete(_ matrix: ResponseMatrix) -> [Bool] {
    perCandidate(matrix) { row in
      !row.contains { $0 == ResponseCode.notPresented || $0 == ResponseCode.notReached }
    }
  }

  /// Number of responses that count for IRT scoring (answered: neither omitted, not reached nor
  /// not presented).
  public static func answeredCount(_ matrix: ResponseMatrix) -> [Int] {
    perCandidate(matrix) { row in row.reduce(0) { $0 + (ResponseCode.isMissing($1) ? 0 : 1) } }
  }

  /// `body` applied to each candidate's row of codes, in blocks on all cores, in candidate order.
  static func perCandidate<Result: Sendable>(
    _ matrix: ResponseMatrix, _ body: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> Result
  ) -> [Result] {
    let n = matrix.candidateCount
    let m = matrix.itemCount
    let blockSize = 8192
    let blocks = (0..<((n + blockSize - 1) / blockSize)).map { $0 * blockSize..<min(n, ($0 + 1) * blockSize) }
    let codes = matrix.codes
    let parts: [[Result]] = blocks.concurrentMap { rows in
      codes.withUnsafeBufferPointer { buffer in
        rows.map { i in body(UnsafeBufferPointer(rebasing: buffer[(i * m)..<((i + 1) * m)])) }
      }
    }
    return parts.flatMap { $0 }
  }
}
