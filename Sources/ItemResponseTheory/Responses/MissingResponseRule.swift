/// What a missing response counts as, for one kind of missing response (omitted or not reached).
public enum MissingTreatment: String, Sendable, CaseIterable, Hashable {
  /// Scored 0 (incorrect) everywhere: candidates' θ, item calibration, fit and item statistics.
  case wrong
  /// Left out everywhere, as if the item had not been presented: candidates' θ uses the other
  /// responses; calibration, fit and item statistics skip it.
  case notAdministered = "not-administered"
  /// Scored 0 in candidates' scores (θ), left out of calibration, fit and item statistics. The
  /// usual choice for not-reached responses: a candidate gains nothing by stopping, while item
  /// parameters are not biased by the speededness of the last positions.
  case wrongInScores = "wrong-in-scores"

  /// Whether a response of this kind counts as incorrect in `use` (else it is left out).
  public func countsAsWrong(in use: ResponseUse) -> Bool {
    switch self {
    case .wrong: true
    case .notAdministered: false
    case .wrongInScores: use == .candidateScores
    }
  }
}

/// What responses are being turned into numbers for.
public enum ResponseUse: String, Sendable, CaseIterable, Hashable {
  /// Candidates' scores: θ estimates (`score`, `scores`, the cycle's candidate scores).
  case candidateScores = "candidate scores"
  /// Item calibration, item fit, classical item statistics (p-values, point-biserials, alpha),
  /// DIF, the technical report's observed proportions.
  case itemStatistics = "item statistics"
}

/// The one scoring rule for omitted and not-reached responses, applied by every command that
/// turns responses into θ estimates, likelihoods or item statistics.
///
/// - A *raw score* is always the number of correct responses: an omitted or not-reached response
///   adds 0 whatever the rule (the rule decides only whether it counts as an administered,
///   incorrect response or is left out).
/// - A *not-presented* response (not on the candidate's form) is always left out.
/// - Default (``standard``): omitted → ``MissingTreatment/wrong``; not reached →
///   ``MissingTreatment/wrongInScores`` (wrong in candidates' scores, not administered in
///   calibration, fit and item statistics).
///
/// Project file: `scoring: {omitted: wrong, not_reached: wrong-in-scores}`; single commands:
/// `--omitted` and `--not-reached`.
public struct MissingResponseRule: Sendable, Hashable, CustomStringConvertible {
  public var omitted: MissingTreatment
  public var notReached: MissingTreatment

  public init(omitted: MissingTreatment = .wrong, notReached: MissingTreatment = .wrongInScores) {
    self.omitted = omitted
    self.notReached = notReached
  }

  /// Omitted wrong; not reached wrong in scores and not administered in calibration.
  public static let standard = MissingResponseRule()

  /// Whether `code` counts as an incorrect response in `use` (an omitted or not-reached code the
  /// rule scores wrong there).
  @inlinable
  public func countsAsWrong(_ code: UInt8, in use: ResponseUse) -> Bool {
    switch code {
    case ResponseCode.omitted: omitted.countsAsWrong(in: use)
    case ResponseCode.notReached: notReached.countsAsWrong(in: use)
    default: false
    }
  }

  /// The 0/1 score `code` counts as in `use`, or nil when the response is left out.
  @inlinable
  public func score(_ code: UInt8, in use: ResponseUse) -> UInt8? {
    if !ResponseCode.isMissing(code) { return code & 1 }
    return countsAsWrong(code, in: use) ? 0 : nil
  }

  /// `matrix` with every missing response this rule scores wrong in `use` recoded as an answered
  /// incorrect response (code 0, no option), so that likelihood code can treat every remaining
  /// missing code as "left out". Idempotent; returns `matrix` itself when nothing changes.
  ///
  /// - Complexity: O(candidates × items).
  public func applied(to matrix: ResponseMatrix, for use: ResponseUse) -> ResponseMatrix {
    let omittedWrong = omitted.countsAsWrong(in: use)
    let notReachedWrong = notReached.countsAsWrong(in: use)
    guard omittedWrong || notReachedWrong else { return matrix }
    let needs = matrix.codes.contains {
      ($0 == ResponseCode.omitted && omittedWrong) || ($0 == ResponseCode.notReached && notReachedWrong)
    }
    guard needs else { return matrix }
    var recoded = matrix
    recoded.codes.withUnsafeMutableBufferPointer { codes in
      for index in codes.indices {
        let code = codes[index]
        if (code == ResponseCode.omitted && omittedWrong) || (code == ResponseCode.notReached && notReachedWrong) {
          codes[index] = ResponseCode.answered(score: 0)
        }
      }
    }
    return recoded
  }

  /// `omitted: wrong, not_reached: wrong-in-scores`, as in the project file.
  public var description: String { "omitted: \(omitted.rawValue), not_reached: \(notReached.rawValue)" }

  /// How each kind counts in `use`, for output metadata: `omitted wrong, not reached left out`.
  public func summary(for use: ResponseUse) -> String {
    func word(_ treatment: MissingTreatment) -> String { treatment.countsAsWrong(in: use) ? "wrong" : "left out" }
    return "omitted \(word(omitted)), not reached \(word(notReached)), not presented left out"
  }
}
