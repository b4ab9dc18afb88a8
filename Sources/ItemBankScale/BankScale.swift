import Foundation
import ItemBenchCore
import ItemResponseTheory

/// An item's standing in the program's bank.
public enum BankedStatus: String, Sendable, CaseIterable, Comparable {
  /// Scored on at least one administered form: usable as a scored item or an anchor.
  case operational
  /// Calibrated onto the scale as an unscored pretest item only.
  case pretest
  /// Retired in its item file: kept for history, never placed on a new form.
  case retired

  public static func < (lhs: BankedStatus, rhs: BankedStatus) -> Bool {
    // Every case is in `allCases`, so neither index falls back to 0.
    (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
  }
}

/// How an estimate came onto the bank scale.
public enum Placement: String, Sendable, CaseIterable {
  /// Calibrated in the administration that defines the scale (θ ~ N(0, 1) there).
  case definesScale = "defines-scale"
  /// Separate calibration, then linked through the anchors (the administration names the method
  /// and the constants).
  case linked
  /// Calibrated with the banked anchors held at their values (fixed-parameter calibration).
  case fixedParameter = "fixed-parameter"
}

/// The recommendation for a pretest item after its calibration (rules in docs/cycle.md and
/// ``PretestRules``).
public enum PretestRecommendation: String, Sendable, CaseIterable {
  case promote, revise, drop
}

/// One estimate of an item's parameters on the bank scale, with where it came from.
public struct BankedEstimate: Sendable, Hashable {
  public var a: Double
  public var b: Double
  public var c: Double
  public var seA: Double?
  public var seB: Double?
  public var seC: Double?
  /// The (a, b, c) covariance of the estimate when its calibration gave one (the drift screen
  /// uses it). Bank-scale files store it as the SEs and the correlations ``correlations``.
  public var covariance: ParameterCovariance?
  /// The administration whose responses gave the estimate.
  public var administration: String
  public var placement: Placement
  /// The item's role on that administration's form (`scored`, `anchor`, `pretest`).
  public var role: String

  public init(
    _ parameters: ItemParameters, administration: String, placement: Placement, role: String
  ) {
    a = parameters.a
    b = parameters.b
    c = parameters.c
    seA = parameters.seA
    seB = parameters.seB
    seC = parameters.seC
    covariance = parameters.covariance
    self.administration = administration
    self.placement = placement
    self.role = role
  }

  /// The correlations r_ab, r_ac, r_bc of the covariance (0 where a variance is 0); nil without
  /// a covariance.
  public var correlations: (ab: Double, ac: Double, bc: Double)? {
    guard let covariance else { return nil }
    func r(_ xy: Double, _ xx: Double, _ yy: Double) -> Double {
      xx > 0 && yy > 0 ? min(max(xy / (xx * yy).squareRoot(), -1), 1) : 0
    }
    return (
      r(covariance.ab, covariance.aa, covariance.bb), r(covariance.ac, covariance.aa, covariance.cc),
      r(covariance.bc, covariance.bb, covariance.cc)
    )
  }

  /// Rebuilds ``covariance`` from the SEs and correlations (as read from a bank-scale file):
  /// Σ_xy = r_xy·se_x·se_y, a missing SE counting as 0.
  public mutating func setCorrelations(_ r: (ab: Double, ac: Double, bc: Double)) {
    let (sa, sb, sc) = (seA ?? 0, seB ?? 0, seC ?? 0)
    covariance = ParameterCovariance(
      aa: sa * sa, ab: r.ab * sa * sb, ac: r.ac * sa * sc, bb: sb * sb, bc: r.bc * sb * sc, cc: sc * sc)
  }

  public func parameters(id: String) -> ItemParameters {
    ItemParameters(id: id, a: a, b: b, c: c, seA: seA, seB: seB, seC: seC, covariance: covariance)
  }
}

/// What happened to an estimate that is not (or no longer) an item's banked value.
public enum HistoryEvent: String, Sendable, CaseIterable {
  /// The banked value until a later estimate replaced it.
  case replaced
  /// An anchor's re-estimate, compared with its banked value for drift; the banked value is kept.
  case observed
  /// An anchor's re-estimate that the drift screen flagged.
  case drifted
}

/// One entry of an item's history: an earlier or a comparison estimate.
public struct HistoryEntry: Sendable, Hashable {
  public var id: String
  public var event: HistoryEvent
  public var estimate: BankedEstimate
  /// For anchors: the drift statistic z of b (see `AnchorDrift`) in that administration.
  public var driftZ: Double?

  public init(id: String, event: HistoryEvent, estimate: BankedEstimate, driftZ: Double? = nil) {
    self.id = id
    self.event = event
    self.estimate = estimate
    self.driftZ = driftZ
  }
}

/// One item in the bank: its current value on the scale and its standing.
public struct BankedItem: Sendable, Hashable {
  public var id: String
  public var status: BankedStatus
  public var current: BankedEstimate
  /// Administrations in which the drift screen flagged the item as an anchor and dropped it from
  /// linking. A dropped anchor is never used as an anchor again.
  public var droppedAsAnchor: [String]
  /// The recommendation of the latest pretest calibration, for pretest items.
  public var recommendation: PretestRecommendation?

  public init(
    id: String, status: BankedStatus, current: BankedEstimate, droppedAsAnchor: [String] = [],
    recommendation: PretestRecommendation? = nil
  ) {
    self.id = id
    self.status = status
    self.current = current
    self.droppedAsAnchor = droppedAsAnchor
    self.recommendation = recommendation
  }

  public var parameters: ItemParameters { current.parameters(id: id) }
  /// Whether the item may carry a link (operational and never dropped for drift).
  public var isAnchorEligible: Bool { status == .operational && droppedAsAnchor.isEmpty }
}

/// One administration as the bank records it: its form, date and how it was put on the scale.
public struct BankedAdministration: Sendable, Hashable {
  public var id: String
  public var form: String
  public var date: String?
  public var candidates: Int
  public var placement: Placement
  /// Linking method and constants θ_bank = A·θ_form + B (``Placement/linked``; for
  /// fixed-parameter calibration the latent mean and SD carry the placement and A, B are nil).
  public var method: String?
  public var A: Double?
  public var B: Double?
  /// The anchors that carried the placement.
  public var anchors: [String]
  /// Anchors dropped by the drift screen.
  public var dropped: [String]

  public init(
    id: String, form: String, date: String?, candidates: Int, placement: Placement, method: String? = nil,
    A: Double? = nil, B: Double? = nil, anchors: [String] = [], dropped: [String] = []
  ) {
    self.id = id
    self.form = form
    self.date = date
    self.candidates = candidates
    self.placement = placement
    self.method = method
    self.A = A
    self.B = B
    self.anchors = anchors
    self.dropped = dropped
  }
}

/// The program's bank scale: every calibrated item's parameters on one θ scale with their
/// provenance and history, the administrations that put them there, and the reference form
/// whose test characteristic curve carries the reported-score standard.
///
/// The reference form's parameters are frozen when the scale is defined (``reference``): every
/// table, pre- or post-equated, equates to that curve, so a later re-estimate of a reference item
/// cannot move the cut. Nothing in a bank scale carries item text. Text format: docs/formats.md
/// ("Bank-scale files"); ``BankScaleFile`` reads and writes it.
public struct BankScale: Sendable, Hashable {
  public static let parameterization = ParameterFile.parameterization

  public var model: String
  public var scalingConstant: Double
  /// The administration that defined the scale.
  public var definedBy: String
  /// The form whose raw scores are the base-form equivalents of every table.
  public var referenceForm: String
  /// The θ distribution of the scale-defining group (N(0, 1) by construction); the default
  /// population of pre-equated tables' decision statistics.
  public var referencePopulation: LatentDistribution
  /// The reference form's scored items as they were when the scale was defined, in form order.
  public var reference: [ItemParameters]
  public var administrations: [BankedAdministration]
  /// Sorted by id.
  public var items: [BankedItem]
  /// Sorted by item id, then administration order.
  public var history: [HistoryEntry]

  public init(
    model: String, scalingConstant: Double, definedBy: String, referenceForm: String,
    referencePopulation: LatentDistribution = LatentDistribution(), reference: [ItemParameters],
    administrations: [BankedAdministration] = [], items: [BankedItem] = [], history: [HistoryEntry] = []
  ) {
    self.model = model
    self.scalingConstant = scalingConstant
    self.definedBy = definedBy
    self.referenceForm = referenceForm
    self.referencePopulation = referencePopulation
    self.reference = reference
    self.administrations = administrations
    self.items = items
    self.history = history
  }

  public func item(_ id: String) -> BankedItem? {
    guard let index = index(of: id) else { return nil }
    return items[index]
  }

  func index(of id: String) -> Int? {
    var low = 0
    var high = items.count
    while low < high {
      let middle = (low + high) / 2
      if items[middle].id < id { low = middle + 1 } else { high = middle }
    }
    return low < items.count && items[low].id == id ? low : nil
  }

  /// Inserts or replaces an item, keeping ``items`` sorted by id.
  public mutating func upsert(_ item: BankedItem) {
    if let index = index(of: item.id) {
      items[index] = item
    } else {
      let position = items.firstIndex { $0.id > item.id } ?? items.count
      items.insert(item, at: position)
    }
  }

  /// Appends a history entry, keeping the order by item id then administration order.
  public mutating func record(_ entry: HistoryEntry) {
    history.append(entry)
    let order = Dictionary(administrations.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    history.sort {
      if $0.id != $1.id { return $0.id < $1.id }
      return (order[$0.estimate.administration] ?? .max) < (order[$1.estimate.administration] ?? .max)
    }
  }

  /// The reference form as a parameter file on the bank scale.
  public var referenceParameters: ParameterFile {
    ParameterFile(
      model: model, scalingConstant: scalingConstant, form: referenceForm,
      date: administrations.first { $0.id == definedBy }?.date, latent: referencePopulation, items: reference)
  }

  /// The banked parameters of `ids` in that order, or the ids that have none.
  public func parameters(of ids: [String]) -> Result<[ItemParameters], MissingParameters> {
    var found: [ItemParameters] = []
    var missing: [String] = []
    for id in ids {
      if let item = item(id) { found.append(item.parameters) } else { missing.append(id) }
    }
    return missing.isEmpty ? .success(found) : .failure(MissingParameters(ids: missing))
  }
}

/// Items a form needs that have no banked parameters.
public struct MissingParameters: Error, Sendable, CustomStringConvertible {
  public var ids: [String]
  public var description: String {
    "\(ids.count) item(s) have no banked parameters: \(ids.joined(separator: ", "))"
  }
}
