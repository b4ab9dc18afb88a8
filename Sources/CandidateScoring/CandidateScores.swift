import Foundation
import ItemBenchCore
import ItemResponseTheory

/// A content domain of a form: its id, display title and scored items (ids in form order).
public struct ScoringDomain: Sendable, Hashable {
  public var id: String
  public var title: String
  public var items: [String]
  public init(id: String, title: String, items: [String]) {
    self.id = id
    self.title = title
    self.items = items
  }
}

/// Options of candidate scoring.
public struct CandidateScoringOptions: Sendable, Hashable {
  /// The half-width of the "near" band in conditional SEMs of the domain score at the cut.
  public var feedbackWidth: Double = 1
  /// The borderline θ (default: the θ cut in the conversion table's metadata).
  public var borderlineTheta: Double?
  public init(feedbackWidth: Double = 1, borderlineTheta: Double? = nil) {
    self.feedbackWidth = feedbackWidth
    self.borderlineTheta = borderlineTheta
  }
}

/// Domain feedback relative to a borderline candidate.
public enum DomainFeedback: String, Sendable, Hashable {
  case below, near, above
}

/// A candidate's result in one domain.
public struct DomainResult: Sendable, Hashable {
  public var domain: String
  public var items: Int
  public var correct: Int
  public var feedback: DomainFeedback
}

/// Whether a candidate received a score.
public enum CandidateStatus: String, Sendable, Hashable {
  /// Scored through the conversion table.
  case scored
  /// No scored item was answered (every one omitted, not reached or not presented): no score is
  /// reported.
  case noResponses = "no-responses"
}

/// One candidate's score report.
public struct CandidateScore: Sendable, Hashable {
  public var candidate: String
  public var status: CandidateStatus
  public var raw: Int?
  public var scaledText: String?
  public var scaled: Double?
  public var pass: Bool?
  public var csem: Double?
  /// scaled ± csem, clamped to the reporting range.
  public var bandLow: Double?
  public var bandHigh: Double?
  public var answered: Int
  public var omitted: Int
  public var notReached: Int
  public var notPresented: Int
  public var domains: [DomainResult]
}

/// The borderline expectation of one domain: E_d = Σⱼ Pⱼ(θ_b), SEM_d = √(Σⱼ Pⱼ(1 − Pⱼ)).
public struct BorderlineDomain: Sendable, Hashable {
  public var domain: String
  public var expected: Double
  public var sem: Double
  /// Domain scores below this are "below", above `upper` "above", else "near".
  public var lower: Double
  public var upper: Double
}

/// All candidates of an administration, scored through a form's conversion table.
public struct ScoreReport: Sendable, Hashable {
  public var form: String
  public var tableSource: String
  public var table: ScoreConversionTable
  public var domains: [ScoringDomain]
  public var borderlineTheta: Double
  public var borderline: [BorderlineDomain]
  public var subscores: [SubscoreValue]
  public var candidates: [CandidateScore]
  public var feedbackWidth: Double
  /// Where the subscore criterion was computed ("this administration" or a file).
  public var subscoreSample: String

  public static let scoringRule =
    "raw = number of the form's scored items answered correctly; omitted, not-reached and not-presented responses count as incorrect; a candidate who answered no scored item gets status no-responses and no score"
  public static let feedbackMethod =
    "borderline candidate at the theta cut: expected domain score E = sum P_j(theta), conditional SEM = sqrt(sum P_j (1 - P_j)); below if correct < E - w SEM, above if correct > E + w SEM, else near (w = feedback width); the band widens relative to the domain for domains with few items"
  public static let bandMethod = "scaled score +/- one CSEM of the conversion table, clamped to the reporting range"
}

/// Scores every candidate of an administration through a form's conversion table.
public enum CandidateScoring {
  /// - Parameters:
  ///   - responses: the administration's responses (any column order; extra columns such as
  ///     pretest items are ignored).
  ///   - scoredItems: the form's scored items; the table must have rows 0…scoredItems.count.
  ///   - domains: the scored items grouped by content domain.
  ///   - parameters: the scored items' parameters on the base scale (for the borderline domain
  ///     expectations).
  /// - Throws: ``CandidateScoringError`` when the table does not fit the form, the responses lack
  ///   a scored item, an item has no parameters, or no borderline θ is known.
  ///   - subscoreReference: responses to judge subscore value on (for example the base form's
  ///     calibration sample when candidates are scored one at a time); default: this
  ///     administration's scored candidates.
  /// - Complexity: O(candidates × items).
  public static func score(
    responses: ResponseMatrix, responsesFile: String, form: String, scoredItems: [String], domains: [ScoringDomain],
    table: ScoreConversionTable, parameters: ParameterFile,
    options: CandidateScoringOptions = CandidateScoringOptions(),
    subscoreReference: ResponseMatrix? = nil, subscoreReferenceName: String? = nil
  ) throws -> ScoreReport {
    guard table.maximumRaw == scoredItems.count else {
      throw CandidateScoringError(
        "the conversion table has raw scores 0…\(table.maximumRaw) but form '\(form)' has \(scoredItems.count) scored items",
        at: SourceLocation(file: table.source))
    }
    if let tableForm = table.form, tableForm != form {
      throw CandidateScoringError(
        "the conversion table is for form '\(tableForm)', not '\(form)'", at: SourceLocation(file: table.source))
    }
    let missing = responses.missingColumns(for: scoredItems)
    guard missing.isEmpty else {
      throw CandidateScoringError(
        ResponseMatrix.missingColumnsMessage(missing, form: form),
        at: SourceLocation(file: responsesFile, line: 1, column: 1))
    }
    guard let theta = options.borderlineTheta ?? table.thetaCut else {
      throw CandidateScoringError(
        "the conversion table's metadata has no finite θ cut; give the borderline θ",
        at: SourceLocation(file: table.source))
    }
    let byID = Dictionary(parameters.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let column = Dictionary(scoredItems.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    var borderline: [BorderlineDomain] = []
    var domainColumns: [[Int]] = []
    for domain in domains {
      var expected = 0.0, variance = 0.0
      var columns: [Int] = []
      for id in domain.items {
        guard let item = byID[id] else {
          throw CandidateScoringError("the parameter file has no parameters for scored item '\(id)'")
        }
        guard let index = column[id] else {
          throw CandidateScoringError("domain item '\(id)' is not a scored item of the form")
        }
        let p = item.probability(at: theta, scalingConstant: parameters.scalingConstant)
        expected += p
        variance += p * (1 - p)
        columns.append(index)
      }
      let sem = variance.squareRoot()
      borderline.append(
        BorderlineDomain(
          domain: domain.id, expected: expected, sem: sem, lower: expected - options.feedbackWidth * sem,
          upper: expected + options.feedbackWidth * sem))
      domainColumns.append(columns)
    }

    let matrix = responses.selecting(itemIDs: scoredItems)
    let m = scoredItems.count
    var candidates: [CandidateScore] = []
    var scoredRows: [UInt8] = []
    var scoredCount = 0
    let range = table.range
    let decimals = table.scaledDecimals
    for i in 0..<matrix.candidateCount {
      var item = [UInt8](repeating: 0, count: m)
      var answered = 0, omitted = 0, notReached = 0, notPresented = 0
      for j in 0..<m {
        let code = matrix.code(candidate: i, item: j)
        switch code {
        case ResponseCode.omitted: omitted += 1
        case ResponseCode.notReached: notReached += 1
        case ResponseCode.notPresented: notPresented += 1
        default:
          answered += 1
          item[j] = code & 1
        }
      }
      var result = CandidateScore(
        candidate: matrix.candidateIDs[i], status: .noResponses, raw: nil, scaledText: nil, scaled: nil, pass: nil,
        csem: nil, bandLow: nil,
        bandHigh: nil, answered: answered, omitted: omitted, notReached: notReached, notPresented: notPresented,
        domains: [])
      if answered > 0 {
        let raw = item.reduce(0) { $0 + Int($1) }
        guard let entry = table.entry(raw: raw) else {
          throw CandidateScoringError(
            "raw score \(raw) is not in the conversion table", at: SourceLocation(file: table.source))
        }
        var low = entry.scaled - entry.csem
        var high = entry.scaled + entry.csem
        if let range {
          low = min(max(low, range.lowerBound), range.upperBound)
          high = min(max(high, range.lowerBound), range.upperBound)
        }
        result.status = .scored
        result.raw = raw
        result.scaledText = entry.scaledText
        result.scaled = entry.scaled
        result.pass = entry.pass
        result.csem = entry.csem
        result.bandLow = rounded(low, decimals)
        result.bandHigh = rounded(high, decimals)
        result.domains = zip(domains, zip(domainColumns, borderline)).map { domain, pair in
          let correct = pair.0.reduce(0) { $0 + Int(item[$1]) }
          let value = Double(correct)
          let feedback: DomainFeedback = value < pair.1.lower ? .below : (value > pair.1.upper ? .above : .near)
          return DomainResult(domain: domain.id, items: domain.items.count, correct: correct, feedback: feedback)
        }
        scoredRows += item
        scoredCount += 1
      }
      candidates.append(result)
    }
    let subscores: [SubscoreValue]
    if let subscoreReference {
      let columns = Set(subscoreReference.itemIDs)
      if let missing = scoredItems.first(where: { !columns.contains($0) }) {
        throw CandidateScoringError("the subscore reference responses have no column for scored item '\(missing)'")
      }
      subscores = SubscoreValue.evaluate(responses: subscoreReference, scoredItems: scoredItems, domains: domains)
    } else {
      subscores = zip(domains, domainColumns).map { domain, columns in
        SubscoreValue.compute(
          domain: domain.id, scores: scoredRows, candidates: scoredCount, itemCount: m, domainItems: columns)
      }
    }
    return ScoreReport(
      form: form, tableSource: table.source, table: table, domains: domains, borderlineTheta: theta,
      borderline: borderline,
      subscores: subscores, candidates: candidates, feedbackWidth: options.feedbackWidth,
      subscoreSample: subscoreReferenceName
        ?? (subscoreReference == nil ? "this administration's scored candidates" : "the reference responses"))
  }

  static func rounded(_ value: Double, _ decimals: Int) -> Double {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return (value * scale).rounded(.toNearestOrAwayFromZero) / scale
  }
}
