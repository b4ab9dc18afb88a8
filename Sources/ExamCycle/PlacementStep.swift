import Equating
import ItemBankScale
import ItemBenchCore
import ItemResponseTheory

/// `link`: puts one administration's calibration on the bank scale.
///
/// - The first administration of a program without a base scale **defines** the scale: its
///   calibration (θ ~ N(0, 1) in that group) is the scale.
/// - Every later one is screened for anchor drift and placed through its anchors: the form's
///   items of role `anchor` that the bank holds as operational and that were never dropped for
///   drift. The separate calibration is linked to the banked anchor values (``Linking``, the
///   project's method); the drift screen (``AnchorDrift``, the project's `drift.statistic`,
///   ICC displacement by default) runs on that link. With the rule `drop`, the flagged anchor
///   with the largest ``AnchorDrift/severity`` is dropped and the link
///   recomputed, until no anchor is flagged or `minimum_anchors` would be undercut (then the
///   rest stay, marked `flagged`).
/// - Placement `separate`: the administration's parameters are the linked ones. Placement
///   `fixed`: the form is calibrated again with the kept anchors held at their banked values.
struct PlacementStep {
  struct Result {
    var placement: Placement
    /// Every calibrated item of the form on the bank scale.
    var placed: ParameterFile
    /// The anchors' separate-calibration estimates on the bank scale (drift comparisons).
    var observations: [ItemParameters]
    var linking: LinkingResult?
    var drift: [DriftRecord]
    var record: BankedAdministration
  }

  var administration: AdministrationResponses
  var configuration: ProjectConfiguration
  var method: LinkingMethod

  /// The scale-defining placement.
  func defineScale(_ calibration: ParameterFile) -> Result {
    Result(
      placement: .definesScale, placed: calibration, observations: [], linking: nil, drift: [],
      record: BankedAdministration(
        id: administration.name, form: administration.form.id, date: administration.settings.date,
        candidates: administration.responses.candidateCount, placement: .definesScale))
  }

  /// Linking (and, for placement `fixed`, a fixed-parameter recalibration) onto `bank`.
  func place(
    _ calibration: ParameterFile, on bank: BankScale, recalibrate: (_ fixed: [ItemParameters]) throws -> ParameterFile
  ) throws -> Result {
    let calibrated = Set(calibration.items.map(\.id))
    let anchors = administration.form.anchorItemIDs.filter { id in
      calibrated.contains(id) && bank.item(id)?.isAnchorEligible == true
    }
    guard !anchors.isEmpty else {
      throw CycleError(
        "administration '\(administration.name)': none of form \(administration.form.id)'s anchors has usable banked parameters "
          + "(anchors must be operational in the bank and never dropped for drift); it cannot be put on the bank scale",
        at: administration.form.location)
    }
    guard bank.model.lowercased() == calibration.model.lowercased(),
      abs(bank.scalingConstant - calibration.scalingConstant) < 1e-12
    else {
      throw CycleError(
        "the bank scale is \(bank.model) with D = \(bank.scalingConstant), but the project calibrates \(calibration.model) with D = \(calibration.scalingConstant)",
        at: configuration.location(of: "calibration.model"))
    }
    let banked = ParameterFile(
      model: bank.model, scalingConstant: bank.scalingConstant, form: "bank", latent: bank.referencePopulation,
      items: anchors.compactMap { bank.item($0)?.parameters })
    var options = LinkingOptions(method: method)
    options.anchors = anchors
    options.driftAlpha = configuration.driftAlpha
    options.driftStatistic = configuration.driftStatistic
    var dropped: [String: AnchorDrift] = [:]
    var droppedOrder: [String] = []
    var linking: LinkingResult
    while true {
      options.exclude = droppedOrder
      do {
        linking = try Linking.link(base: banked, new: calibration, options: options)
      } catch {
        throw CycleError("linking \(administration.name) to the bank scale failed: \(error)")
      }
      let flagged = linking.drift.filter(\.flagged)
      guard configuration.driftAction == .drop, linking.anchors.count - 1 >= configuration.minimumAnchors,
        let worst = flagged.max(by: { Self.severity($0) < Self.severity($1) })
      else { break }
      dropped[worst.id] = worst
      droppedOrder.append(worst.id)
    }
    var drift = linking.drift.map {
      DriftRecord(administration: administration.name, drift: $0, action: $0.flagged ? .flagged : .kept)
    }
    drift += droppedOrder.compactMap { id in
      dropped[id].map { DriftRecord(administration: administration.name, drift: $0, action: .dropped) }
    }
    let order = Dictionary(
      administration.form.entries.enumerated().map { ($1.itemID, $0) }, uniquingKeysWith: { a, _ in a })
    drift.sort { (order[$0.drift.id] ?? 0) < (order[$1.drift.id] ?? 0) }

    let linked = try linking.transformation.transform(calibration)
    let anchorSet = Set(anchors)
    let observations = linked.items.filter { anchorSet.contains($0.id) }
    var placed = linked
    var placement = Placement.linked
    var A: Double? = linking.A
    var B: Double? = linking.B
    if configuration.placement == .fixed {
      let kept = linking.anchors.compactMap { bank.item($0)?.parameters }
      placed = try recalibrate(kept)
      placement = .fixedParameter
      A = nil
      B = nil
    }
    return Result(
      placement: placement, placed: placed, observations: observations, linking: linking, drift: drift,
      record: BankedAdministration(
        id: administration.name, form: administration.form.id, date: administration.settings.date,
        candidates: administration.responses.candidateCount, placement: placement,
        method: placement == .linked
          ? linking.method.rawValue : "fixed-parameter calibration (drift screen: \(linking.method.rawValue))",
        A: A, B: B, anchors: linking.anchors, dropped: droppedOrder))
  }

  static func severity(_ drift: AnchorDrift) -> Double {
    drift.severity
  }
}
