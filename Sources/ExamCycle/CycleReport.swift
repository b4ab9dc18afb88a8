import Equating
import ItemBankScale
import ItemResponseTheory

/// One anchor's drift statistics in one administration, and what the screen did with it.
public struct DriftRecord: Sendable, Hashable {
  public enum Action: String, Sendable, Hashable {
    /// Not flagged; used for linking.
    case kept
    /// Flagged and dropped from linking (rule `drop`).
    case dropped
    /// Flagged but kept (rule `flag`, or dropping would leave too few anchors).
    case flagged
  }
  public var administration: String
  public var drift: AnchorDrift
  public var action: Action
}

/// The pre-equated table of a form and how it compares with the post-equated one.
public struct PreEquatingOutcome: Sendable {
  public var lowestPassingRaw: Int?
  /// The largest |post − pre| scaled difference and the raw score where it occurs.
  public var largestDifference: Double
  public var largestDifferenceRaw: Int
  /// Raw scores whose pass/fail decision differs between the tables.
  public var changedDecisions: [Int]
  /// Candidates of the administration with one of those raw scores.
  public var candidatesAffected: Int
  /// The pass rate the pre-equated table gave (the scores reported at the end of the exam).
  public var observedPassRate: Double?
}

/// A pretest item's calibration on the bank scale and the recommendation.
public struct PretestOutcome: Sendable, Hashable {
  public var id: String
  public var parameters: ItemParameters?
  public var pValue: Double?
  public var pointBiserial: Double?
  public var recommendation: PretestRecommendation
  public var reasons: [String]
}

/// What one administration gave.
public struct AdministrationOutcome: Sendable {
  public var administration: String
  public var formID: String
  public var date: String?
  public var candidates: Int
  public var scoredItems: Int
  public var pretestItems: Int
  /// Mean and SD of the raw (number-correct) score on the scored items; omitted and not-reached
  /// responses count as wrong, as in operational scoring.
  public var meanRaw: Double
  public var sdRaw: Double
  public var alpha: Double?
  /// The lowest raw score that passes, from the form's post-equated table.
  public var lowestPassingRaw: Int?
  /// Share of this form's candidates at or above ``lowestPassingRaw``.
  public var observedPassRate: Double?
  public var expectedPassRate: Double?
  public var classificationAccuracy: Double?
  public var classificationConsistency: Double?
  /// Mean reported score of the candidates through the post-equated table.
  public var meanScaled: Double?
  /// The reference form's raw cut applied to this form at face value: the pass rate it gives.
  public var faceValuePassRate: Double?
  /// The pre-equated table's outcome, when every scored item had banked parameters.
  public var preEquated: PreEquatingOutcome?
  /// Scored items without banked parameters before this administration (why it could not be
  /// pre-equated).
  public var notPreEquatable: [String] = []
  /// How the administration was put on the bank scale.
  public var placement: Placement?
  /// The final linking (separate calibration) or the drift screen's linking (fixed parameter).
  public var linking: LinkingResult?
  public var drift: [DriftRecord] = []
  public var pretest: [PretestOutcome] = []
  /// Items banked as pretest items before and scored on this form.
  public var promoted: [String] = []
  /// Items flagged by classical analysis: id → flags.
  public var classicalFlags: [(id: String, flags: [String])] = []
  public var calibrationWarnings: [String] = []
  public var converged: Bool?
  public var iterations: Int?
  /// The candidates' scores through the post-equated table (step `scores`).
  public var scores: ScoresOutcome?

  public var droppedAnchors: [String] { drift.filter { $0.action == .dropped }.map(\.drift.id) }
}

/// Everything the run found, for the summary and the exit status.
public struct CycleReport: Sendable {
  public var steps: [CycleStep]
  public var itemCount: Int
  public var lintErrors = 0
  public var lintWarnings = 0
  public var lintInfos = 0
  public var coveragePassed: Bool?
  public var coverageErrors = 0
  public var coverageWarnings = 0
  public var administrations: [AdministrationOutcome] = []
  /// The bank scale after the last administration (nil when linking did not run).
  public var bank: BankScale?
  /// Files written, relative to the output directory, in the order written.
  public var files: [String] = []

  /// Whether anything checked failed: lint errors, coverage errors, or a calibration that did
  /// not converge.
  public var failed: Bool {
    lintErrors > 0 || coveragePassed == false || administrations.contains { $0.converged == false }
  }
}
