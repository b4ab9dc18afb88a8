import Equating
import FairnessAnalysis
import ItemResponseTheory

/// One row of a blueprint-coverage table: a domain or cognitive level of a form.
public struct CoverageRow: Sendable, Hashable {
  public var id: String
  public var title: String
  /// Scored items (scored + anchor) of the form in this category.
  public var count: Int
  /// The blueprint's target count and the allowed range.
  public var target: Int
  public var minimum: Int
  public var maximum: Int
  public var weightPercent: Double

  public init(id: String, title: String, count: Int, target: Int, minimum: Int, maximum: Int, weightPercent: Double) {
    self.id = id
    self.title = title
    self.count = count
    self.target = target
    self.minimum = minimum
    self.maximum = maximum
    self.weightPercent = weightPercent
  }

  public var withinTolerance: Bool { count >= minimum && count <= maximum }
}

/// What the calibration of a form gave, besides the parameter file.
public struct CalibrationSummary: Sendable {
  /// The form's own calibration (its own θ scale), as `Calibrator` returned it.
  public var parameters: ParameterFile
  public var warnings: [String]
  public var standardErrorMethod: String
  public var candidates: Int
  public var excludedItems: [String]

  public init(
    parameters: ParameterFile, warnings: [String], standardErrorMethod: String, candidates: Int, excludedItems: [String]
  ) {
    self.parameters = parameters
    self.warnings = warnings
    self.standardErrorMethod = standardErrorMethod
    self.candidates = candidates
    self.excludedItems = excludedItems
  }

  public init(_ result: CalibrationResult) {
    self.init(
      parameters: result.parameters, warnings: result.warnings.map(\.description),
      standardErrorMethod: result.standardErrorMethod.rawValue, candidates: result.candidateCount,
      excludedItems: result.excludedItems)
  }
}

/// One administered form with everything the report shows about it.
public struct FormAdministration: Sendable {
  public var formID: String
  public var title: String?
  /// The administration date (from the project or the parameter file).
  public var date: String?
  public var scoredItemIDs: [String]
  public var anchorItemIDs: [String]
  public var pretestItemIDs: [String]
  public var domains: [CoverageRow]
  public var cognitiveLevels: [CoverageRow]
  /// Domain of each item id (for tables), never item text.
  public var itemDomains: [String: String]
  /// Every item of the form (scored, anchor, pretest), as read with the bank's keys.
  public var responses: ResponseMatrix
  /// Classical analysis of all the form's items (flags, options).
  public var classical: ClassicalReport
  /// The scored items' test statistics: alpha, SEM, raw-score mean and SD.
  public var scoredTest: ClassicalTestStatistics
  public var calibration: CalibrationSummary?
  /// The form's scored items on the base scale (after linking; the base form's own for the base).
  public var scoredParametersOnBaseScale: ParameterFile?
  /// The raw-to-scaled conversion of this form (base form: equated to itself).
  public var conversion: ConversionTable?

  public init(
    formID: String, title: String? = nil, date: String? = nil, scoredItemIDs: [String], anchorItemIDs: [String],
    pretestItemIDs: [String], domains: [CoverageRow] = [], cognitiveLevels: [CoverageRow] = [],
    itemDomains: [String: String] = [:], responses: ResponseMatrix, classical: ClassicalReport,
    scoredTest: ClassicalTestStatistics, calibration: CalibrationSummary? = nil,
    scoredParametersOnBaseScale: ParameterFile? = nil, conversion: ConversionTable? = nil
  ) {
    self.formID = formID
    self.title = title
    self.date = date
    self.scoredItemIDs = scoredItemIDs
    self.anchorItemIDs = anchorItemIDs
    self.pretestItemIDs = pretestItemIDs
    self.domains = domains
    self.cognitiveLevels = cognitiveLevels
    self.itemDomains = itemDomains
    self.responses = responses
    self.classical = classical
    self.scoredTest = scoredTest
    self.calibration = calibration
    self.scoredParametersOnBaseScale = scoredParametersOnBaseScale
    self.conversion = conversion
  }
}

/// The linking of a new form to the base scale through its anchors.
public struct LinkingSection: Sendable {
  public var result: LinkingResult
  /// The anchors' banked parameters (base scale) and the new form's estimates transformed to the
  /// base scale, same ids.
  public var banked: ParameterFile
  public var newOnBaseScale: ParameterFile
  /// The administration linked, when a report shows several linkings (a program run); it names
  /// the subsection and suffixes the element ids (`drift-b-<label>`). `nil`: the only linking.
  public var label: String?

  public init(result: LinkingResult, banked: ParameterFile, newOnBaseScale: ParameterFile, label: String? = nil) {
    self.result = result
    self.banked = banked
    self.newOnBaseScale = newOnBaseScale
    self.label = label
  }

  /// `-<label>` or nothing: the suffix of this linking's element ids.
  var idSuffix: String { label.map { "-\($0)" } ?? "" }
}

/// A pretest item of an administration: its statistics, parameters on the bank scale and the
/// program's recommendation (a program run provides them; the section is left out without).
public struct PretestReportRow: Sendable, Hashable {
  public var administration: String
  public var itemID: String
  public var pValue: Double?
  public var pointBiserial: Double?
  /// Parameters on the bank scale (nil when the item could not be calibrated).
  public var parameters: ItemParameters?
  /// `promote`, `revise` or `drop`.
  public var recommendation: String
  public var reasons: [String]

  public init(
    administration: String, itemID: String, pValue: Double?, pointBiserial: Double?, parameters: ItemParameters?,
    recommendation: String, reasons: [String]
  ) {
    self.administration = administration
    self.itemID = itemID
    self.pValue = pValue
    self.pointBiserial = pointBiserial
    self.parameters = parameters
    self.recommendation = recommendation
    self.reasons = reasons
  }
}

/// One anchor's drift statistic at one administration, for the drift-history plot (filled by a
/// program with several administrations; the section is left out when there is none).
public struct DriftHistoryPoint: Sendable, Hashable {
  public var administration: String
  public var itemID: String
  /// b on the base scale at this administration minus its banked value.
  public var bDisplacement: Double
  public var flagged: Bool

  public init(administration: String, itemID: String, bDisplacement: Double, flagged: Bool) {
    self.administration = administration
    self.itemID = itemID
    self.bDisplacement = bDisplacement
    self.flagged = flagged
  }
}

/// A pre-equated conversion (from banked parameters, before the administration) beside the
/// post-equated one, per raw score (section shown when a program provides it).
public struct PreEquatingComparison: Sendable, Hashable {
  public var formID: String
  /// raw → (pre-equated scaled, post-equated scaled).
  public var rows: [(raw: Int, pre: Double, post: Double)]

  public init(formID: String, rows: [(raw: Int, pre: Double, post: Double)]) {
    self.formID = formID
    self.rows = rows
  }

  public static func == (lhs: PreEquatingComparison, rhs: PreEquatingComparison) -> Bool {
    lhs.formID == rhs.formID && lhs.rows.map(\.raw) == rhs.rows.map(\.raw) && lhs.rows.map(\.pre) == rhs.rows.map(\.pre)
      && lhs.rows.map(\.post) == rhs.rows.map(\.post)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(formID)
    for row in rows {
      hasher.combine(row.raw)
      hasher.combine(row.pre)
      hasher.combine(row.post)
    }
  }
}

/// A DIF analysis of one form for one grouping.
public struct FairnessSection: Sendable {
  public var formID: String
  public var report: DIFReport
  public init(formID: String, report: DIFReport) {
    self.formID = formID
    self.report = report
  }
}

/// An input file the report was computed from, with a digest so a reader can tell it is the
/// same file when rerunning.
public struct ProvenanceInput: Sendable, Hashable {
  public var role: String
  public var path: String
  public var bytes: Int?
  /// FNV-1a 64-bit digest of the file's bytes, hexadecimal.
  public var digest: String?

  public init(role: String, path: String, bytes: Int? = nil, digest: String? = nil) {
    self.role = role
    self.path = path
    self.bytes = bytes
    self.digest = digest
  }
}

/// What the report was computed from and how.
public struct Provenance: Sendable, Hashable {
  public var toolVersion: String
  public var command: String
  public var inputs: [ProvenanceInput]
  public var options: [(key: String, value: String)]

  public init(toolVersion: String, command: String, inputs: [ProvenanceInput], options: [(key: String, value: String)])
  {
    self.toolVersion = toolVersion
    self.command = command
    self.inputs = inputs
    self.options = options
  }

  public static func == (lhs: Provenance, rhs: Provenance) -> Bool {
    lhs.toolVersion == rhs.toolVersion && lhs.command == rhs.command && lhs.inputs == rhs.inputs
      && lhs.options.map(\.key) == rhs.options.map(\.key) && lhs.options.map(\.value) == rhs.options.map(\.value)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(toolVersion)
    hasher.combine(command)
    hasher.combine(inputs)
  }
}

/// Everything a technical report shows. Forms in order, the base form first. Optional parts
/// (linking, DIF, drift history, pre-equating) give sections only when present.
public struct ReportInput: Sendable {
  public var title: String
  public var program: String?
  public var forms: [FormAdministration]
  /// Every linking the report shows, in administration order (one for a base and a new form;
  /// one per linked administration for a program run).
  public var linkings: [LinkingSection]
  public var fairness: [FairnessSection]
  public var driftHistory: [DriftHistoryPoint]
  public var preEquating: [PreEquatingComparison]
  public var pretest: [PretestReportRow]
  public var provenance: Provenance
  /// How omitted and not-reached responses count in the report's θ estimates and observed
  /// proportions (default ``MissingResponseRule/standard``).
  public var missingResponses: MissingResponseRule = .standard

  /// The first (for a base and a new form, the only) linking.
  public var linking: LinkingSection? {
    get { linkings.first }
    set { linkings = (newValue.map { [$0] } ?? []) + linkings.dropFirst() }
  }

  public init(
    title: String, program: String? = nil, forms: [FormAdministration], linking: LinkingSection? = nil,
    linkings: [LinkingSection] = [], fairness: [FairnessSection] = [], driftHistory: [DriftHistoryPoint] = [],
    preEquating: [PreEquatingComparison] = [], pretest: [PretestReportRow] = [], provenance: Provenance
  ) {
    self.title = title
    self.program = program
    self.forms = forms
    self.linkings = (linking.map { [$0] } ?? []) + linkings
    self.fairness = fairness
    self.driftHistory = driftHistory
    self.preEquating = preEquating
    self.pretest = pretest
    self.provenance = provenance
  }
}

/// FNV-1a 64-bit of `bytes` as 16 hex digits (a content fingerprint, not a security hash).
public func fnv1a64(_ bytes: some Sequence<UInt8>) -> String {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for byte in bytes {
    hash ^= UInt64(byte)
    hash = hash &* 0x0000_0100_0000_01B3
  }
  let digits = String(hash, radix: 16)
  return String(repeating: "0", count: 16 - digits.count) + digits
}
