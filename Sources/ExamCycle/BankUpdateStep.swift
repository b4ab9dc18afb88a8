import Equating
import ItemBankScale
import ItemResponseTheory

/// The bank after an administration (docs/cycle.md, "How the bank grows"):
///
/// - The scale-defining administration creates the bank: every calibrated item enters with its
///   estimate, the form's scored items are frozen as the reference form.
/// - Anchors that carried the placement keep their banked values; the administration's estimate
///   is recorded in their history (`observed`, with the drift z of b).
/// - Anchors dropped for drift are marked (`dropped_as_anchor`) and never link again; their new
///   estimate becomes the banked value (the old one goes to history as `replaced`), so a later
///   form can still score them with what they now measure.
/// - Every other item of the form (scored, or pretest) gets the administration's estimate on the
///   scale as its banked value, the previous value (if any) going to history as `replaced`.
///   Status: `operational` once scored on a form, `pretest` while only pretested (with the
///   recommendation), `retired` when its item file says so.
struct BankUpdateStep {
  var administration: AdministrationResponses

  /// The bank defined by the first administration.
  func define(
    configuration: ProjectConfiguration, placement: PlacementStep.Result, pretest: [PretestOutcome],
    retired: Set<String>
  ) -> BankScale {
    let placed = placement.placed
    let byID = Dictionary(placed.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var bank = BankScale(
      model: placed.model, scalingConstant: placed.scalingConstant, definedBy: administration.name,
      referenceForm: administration.form.id, referencePopulation: placed.latent,
      reference: administration.form.scoredItemIDs.compactMap { byID[$0] }.map {
        ItemParameters(id: $0.id, a: $0.a, b: $0.b, c: $0.c)
      },
      administrations: [placement.record])
    _ = update(&bank, placement: placement, pretest: pretest, retired: retired)
    return bank
  }

  /// Applies the administration to `bank`; returns the ids promoted (banked as pretest before,
  /// scored now).
  func update(_ bank: inout BankScale, placement: PlacementStep.Result, pretest: [PretestOutcome], retired: Set<String>)
    -> [String]
  {
    if !bank.administrations.contains(where: { $0.id == placement.record.id }) {
      bank.administrations.append(placement.record)
    }
    let name = administration.name
    let roles = Dictionary(
      administration.form.entries.map { ($0.itemID, $0.role.rawValue) }, uniquingKeysWith: { a, _ in a })
    let kept = Set(placement.linking?.anchors ?? [])
    let dropped = Set(placement.record.dropped)
    let zByID = Dictionary(placement.drift.map { ($0.drift.id, $0.drift.z) }, uniquingKeysWith: { a, _ in a })
    let observations = Dictionary(placement.observations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let recommendations = Dictionary(pretest.map { ($0.id, $0.recommendation) }, uniquingKeysWith: { a, _ in a })
    var promoted: [String] = []

    for item in placement.placed.items {
      let role = roles[item.id] ?? "scored"
      let estimate = BankedEstimate(item, administration: name, placement: placement.placement, role: role)
      if kept.contains(item.id), let observed = observations[item.id] {
        bank.record(
          HistoryEntry(
            id: item.id, event: .observed,
            estimate: BankedEstimate(observed, administration: name, placement: .linked, role: role),
            driftZ: zByID[item.id] ?? nil))
        continue
      }
      let previous = bank.item(item.id)
      if let previous {
        bank.record(HistoryEntry(id: item.id, event: .replaced, estimate: previous.current))
      }
      var status: BankedStatus = role == "pretest" ? .pretest : .operational
      if previous?.status == .operational { status = .operational }
      if role != "pretest", previous?.status == .pretest { promoted.append(item.id) }
      var droppedAsAnchor = previous?.droppedAsAnchor ?? []
      if dropped.contains(item.id) { droppedAsAnchor.append(name) }
      let recommendation = status == .pretest ? recommendations[item.id] : nil
      bank.upsert(
        BankedItem(
          id: item.id, status: status, current: estimate, droppedAsAnchor: droppedAsAnchor,
          recommendation: recommendation))
    }
    for id in retired {
      if var item = bank.item(id), item.status != .retired {
        item.status = .retired
        item.recommendation = nil
        bank.upsert(item)
      }
    }
    return promoted
  }
}
