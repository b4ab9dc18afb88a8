import BlueprintCoverage
import ItemBank
import ItemBenchCore
import ItemResponseTheory

/// One row of the objective: a curve value at one θ point of every new form.
public struct ObjectiveRow: Sendable, Hashable {
  public enum Kind: String, Sendable {
    /// Test characteristic curve Σ P_i(θ) over the scored items.
    case tcc
    /// Test information Σ I_i(θ) over the scored items.
    case tif
  }
  public var kind: Kind
  public var theta: Double
  /// The target value (unused when `maximize`).
  public var target: Double
  /// Deviations are multiplied by this weight before the minimax.
  public var weight: Double
  /// Maximise the smallest value over forms instead of matching `target`.
  public var maximize: Bool
}

/// The assembly model compiled from the bank, blueprint, parameters and options: candidates with
/// their eligibility, the fixed items of every form, the count ranges and the objective rows.
///
/// Decision variables (the mixed-integer program, see docs/assembly.md): for candidate i and new
/// form f, `s_if ∈ {0,1}` (scored) and `p_if ∈ {0,1}` (pretest), and one continuous `y`:
///
/// - `Σ_i s_if = freeScored`, `Σ_i p_if = freePretest`, `s_if + p_if ≤ 1`;
/// - `lo_d ≤ fixed_d + Σ_{i∈d} s_if ≤ hi_d` per domain d (the coverage range, narrowed so the
///   anchors stay a miniature), the same per cognitive level;
/// - `x_if + x_jf ≤ 1` for enemies i, j (x = s + p);
/// - `Σ_f x_if ≤ capacity_i` (U minus the uses on previous forms);
/// - with K: `Σ_i w_ifg ≤ K`, `w_ifg ≥ x_if + x_ig − 1` for every pair of forms f < g;
/// - objective rows r: `y ≥ w_r (fixed_r + Σ_i c_ri s_if − t_r)` and `y ≥ −w_r (…)`; minimise y
///   (`max-info`: `y ≤ fixed + Σ_i I_i(θ_cut) s_if`, maximise y).
public struct AssemblyProblem: Sendable {
  /// A bank item that may go on a new form.
  public struct Candidate: Sendable, Hashable {
    public var id: String
    /// Blueprint domain index (nil: not a blueprint domain; pretest only).
    public var domain: Int?
    /// Index into ``AssemblyProblem/levels`` (nil: a level the blueprint sets no target for).
    public var level: Int?
    public var status: ItemStatus
    /// Operational, in a blueprint domain and with parameters.
    public var canScore: Bool
    /// Pretest or approved.
    public var canPretest: Bool
    /// How many new forms may still use it (min(forms, U − previous uses)).
    public var capacity: Int
    /// Candidate indices of its enemies (either side lists the other).
    public var enemies: [Int]
    public var parameters: ItemParameters?
  }

  public var blueprint: Blueprint
  public var formIDs: [String]
  public var formCount: Int { formIDs.count }
  public var candidates: [Candidate]
  public var levels: [CognitiveLevel]

  /// Items on every new form as anchors, then included scored and pretest items (candidate
  /// indices).
  public var anchorItems: [Int]
  public var includedScored: [Int]
  public var includedPretest: [Int]

  /// Scored and pretest positions left after the fixed items.
  public var freeScored: Int
  public var freePretest: Int

  /// Allowed scored count per domain on a form (fixed items included): coverage's range, narrowed
  /// so that the anchors remain a miniature.
  public var domainRanges: [ClosedRange<Int>]
  /// Coverage's own allowed range per domain, before the anchor narrowing (for the report).
  public var blueprintDomainTargets: [CountTarget]
  public var fixedDomainCounts: [Int]
  public var levelRanges: [ClosedRange<Int>]
  public var levelTargets: [CountTarget]
  public var fixedLevelCounts: [Int]

  public var rows: [ObjectiveRow]
  /// `coefficients[i * rows.count + r]`: item i's contribution to row r (0 unless it can score).
  public var coefficients: [Double]
  /// Each row's value from the fixed scored items.
  public var fixedContribution: [Double]
  public var maxOverlap: Int?
  public var maxUses: Int
  public var scalingConstant: Double
  /// Items left out and why, for explanations: id → reason.
  public var droppedReasons: [String: String]
  /// Operational items per domain and level and why some cannot be scored, for explanations.
  public var supply: SupplyTally

  /// Scored candidates (indices), in bank order.
  public var scorable: [Int] { candidates.indices.filter { candidates[$0].canScore } }
  public var pretestable: [Int] { candidates.indices.filter { candidates[$0].canPretest } }
  public var fixedItems: [Int] { anchorItems + includedScored + includedPretest }

  /// Builds the model. Throws ``AssemblyInputError`` for ids that are not in the bank and
  /// inconsistent options; conflicts between constraints are left to ``infeasibilities()``.
  public init(
    bank: ItemBank, blueprint: Blueprint, parameters: any ItemParameterSource, options: AssemblyOptions
  ) throws {
    let forms = options.formIDs.count
    guard forms >= 1 else { throw AssemblyInputError("at least one form must be assembled") }
    guard Set(options.formIDs).count == forms else {
      throw AssemblyInputError("the new forms' ids must differ (\(options.formIDs.joined(separator: ", ")))")
    }
    guard options.maxUses >= 1 else {
      throw AssemblyInputError("--max-uses must be at least 1, found \(options.maxUses)")
    }
    if let k = options.maxOverlap, k < 0 { throw AssemblyInputError("--max-overlap must be 0 or more, found \(k)") }
    for id in options.include + options.exclude + options.previousForms.flatMap({ $0.entries.map(\.itemID) })
    where bank.item(id) == nil {
      throw AssemblyInputError("item '\(id)' is not in the bank" + EditDistanceHint.hint(id, bank: bank))
    }
    var anchorIDs: [String] = []
    if case .given(let ids) = options.anchors {
      anchorIDs = ids
      for id in ids where bank.item(id) == nil {
        throw AssemblyInputError("anchor item '\(id)' is not in the bank" + EditDistanceHint.hint(id, bank: bank))
      }
    }
    if case .assembled(let count) = options.anchors, count < 1 || count > blueprint.scoredCount {
      throw AssemblyInputError(
        "the anchor count must be between 1 and the blueprint's \(blueprint.scoredCount) scored items, found \(count)")
    }
    // The information and expected-score targets are of items scored 0/1 (and the exam cycle
    // refuses a form holding a partial-credit item), so forms hold multiple-choice items only.
    for id in anchorIDs + options.include {
      guard let item = bank.item(id), !item.isMultipleChoice else { continue }
      throw AssemblyInputError(
        "item '\(id)' is a \(item.responseType.rawValue) item; forms are assembled from multiple-choice items only")
    }
    let includeSet = Set(options.include)
    let excludeSet = Set(options.exclude)
    for id in includeSet.intersection(excludeSet).sorted() {
      throw AssemblyInputError("item '\(id)' is both included and excluded")
    }
    for id in Set(anchorIDs).intersection(excludeSet).sorted() {
      throw AssemblyInputError("anchor item '\(id)' is also excluded")
    }

    self.blueprint = blueprint
    formIDs = options.formIDs
    maxOverlap = options.maxOverlap
    maxUses = options.maxUses
    scalingConstant = parameters.scalingConstant
    let levelPairs = blueprint.targetedLevels
    levels = levelPairs.map(\.level)
    let domainIndex = Dictionary(blueprint.domains.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let levelIndex = Dictionary(levels.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })

    var previousUses: [String: Int] = [:]
    for form in options.previousForms {
      for id in Set(form.entries.map(\.itemID)) { previousUses[id, default: 0] += 1 }
    }
    let anchorSet = Set(anchorIDs)

    // Candidates: items a form may hold in some role.
    var dropped: [String: String] = [:]
    var tally = SupplyTally(domains: blueprint.domains.count, levels: levels.count)
    var candidates: [Candidate] = []
    var indexByID: [String: Int] = [:]
    for item in bank.items {
      let tallied =
        item.status == .operational && domainIndex[item.domain] != nil && !anchorSet.contains(item.id)
        && !includeSet.contains(item.id)
      let key = (domainIndex[item.domain] ?? 0, levelIndex[item.cognitiveLevel])
      if tallied { tally.count(\.operational, key) }
      if excludeSet.contains(item.id) {
        dropped[item.id] = "excluded"
        if tallied { tally.count(\.excluded, key) }
        continue
      }
      guard item.isMultipleChoice else {
        dropped[item.id] = "a \(item.responseType.rawValue) item (forms hold multiple-choice items only)"
        if tallied { tally.count(\.partialCredit, key) }
        continue
      }
      if tallied, parameters.parameters(for: item.id) == nil { tally.count(\.withoutParameters, key) }
      let isAnchor = anchorSet.contains(item.id)
      let capacity = isAnchor ? forms : Swift.min(forms, options.maxUses - (previousUses[item.id] ?? 0))
      let params = parameters.parameters(for: item.id)
      let domain = domainIndex[item.domain]
      let canScore = item.status == .operational && domain != nil && params != nil
      let canPretest = item.status == .pretest || item.status == .approved
      guard canScore || canPretest || isAnchor || includeSet.contains(item.id) else { continue }
      guard capacity >= 1 || includeSet.contains(item.id) else {
        dropped[item.id] = "already used \(previousUses[item.id] ?? 0) time(s) on the previous forms"
        if tallied, params != nil { tally.count(\.usedUp, key) }
        continue
      }
      indexByID[item.id] = candidates.count
      candidates.append(
        Candidate(
          id: item.id, domain: domain, level: levelIndex[item.cognitiveLevel], status: item.status,
          canScore: canScore, canPretest: canPretest, capacity: capacity, enemies: [],
          parameters: params))
    }
    // Enemies, symmetric.
    var enemySets = Array(repeating: Set<Int>(), count: candidates.count)
    for item in bank.items {
      guard let i = indexByID[item.id] else { continue }
      for enemy in item.enemies {
        guard let j = indexByID[enemy], j != i else { continue }
        enemySets[i].insert(j)
        enemySets[j].insert(i)
      }
    }
    for i in candidates.indices { candidates[i].enemies = enemySets[i].sorted() }

    anchorItems = anchorIDs.compactMap { indexByID[$0] }
    includedScored = options.include.compactMap { id in indexByID[id] }.filter {
      candidates[$0].status == .operational && !anchorSet.contains(candidates[$0].id)
    }
    includedPretest = options.include.compactMap { id in indexByID[id] }.filter {
      candidates[$0].canPretest && !anchorSet.contains(candidates[$0].id)
    }

    // Candidates that are enemies of a fixed item can never be used.
    let fixed = Set(anchorItems + includedScored + includedPretest)
    for f in fixed {
      for j in candidates[f].enemies where !fixed.contains(j) {
        if candidates[j].canScore, let d = candidates[j].domain {
          tally.count(\.enemyExcluded, (d, candidates[j].level))
        }
        candidates[j].canScore = false
        candidates[j].canPretest = false
        dropped[candidates[j].id] = "an enemy of '\(candidates[f].id)', which is on every new form"
      }
    }
    // Fixed items are not free candidates.
    for f in fixed {
      candidates[f].canScore = false
      candidates[f].canPretest = false
    }

    self.candidates = candidates

    // Count ranges: coverage's rule (BlueprintCoverage.CountTarget), N = the blueprint's scored.
    let total = blueprint.scoredCount
    let percent = blueprint.weightUnit == .percent
    func toleranceItems(_ target: WeightTarget) -> Double {
      percent ? Double(total) * target.tolerance / 100 : target.tolerance
    }
    let domainTargets = CountTarget.targets(
      total: total, weights: blueprint.domains.map(\.target.weight),
      toleranceItems: blueprint.domains.map { toleranceItems($0.target) })
    blueprintDomainTargets = domainTargets
    levelTargets = CountTarget.targets(
      total: total, weights: levelPairs.map(\.target.weight),
      toleranceItems: levelPairs.map { toleranceItems($0.target) })
    levelRanges = levelTargets.map { $0.minimum...$0.maximum }

    let fixedScored = anchorItems + includedScored
    var domainCounts = Array(repeating: 0, count: blueprint.domains.count)
    var levelCounts = Array(repeating: 0, count: levels.count)
    for i in fixedScored {
      if let d = candidates[i].domain { domainCounts[d] += 1 }
      if let l = candidates[i].level { levelCounts[l] += 1 }
    }
    fixedDomainCounts = domainCounts
    fixedLevelCounts = levelCounts

    // Anchors stay a miniature (coverage's anchor rule): the allowed scored counts per domain.
    var ranges = domainTargets.map { $0.minimum...$0.maximum }
    var conflicts: [(domain: Int, allowed: ClosedRange<Int>?)] = []
    let anchorTotal = anchorItems.filter { candidates[$0].domain != nil }.count
    if anchorTotal > 0 {
      for (d, domain) in blueprint.domains.enumerated() {
        let anchorsHere = anchorItems.filter { candidates[$0].domain == d }.count
        let allowed = AnchorMiniature.allowedScoredCounts(
          anchorsInDomain: anchorsHere, anchorTotal: anchorTotal, scoredTotal: total,
          tolerancePercent: percent
            ? domain.target.tolerance
            : (total == 0 ? 0 : 100 * domain.target.tolerance / Double(total)))
        guard let allowed else {
          conflicts.append((d, nil))
          continue
        }
        let low = Swift.max(ranges[d].lowerBound, allowed.lowerBound)
        let high = Swift.min(ranges[d].upperBound, allowed.upperBound)
        // An empty intersection is reported by infeasibilities().
        if low <= high { ranges[d] = low...high } else { conflicts.append((d, allowed)) }
      }
    }
    domainRanges = ranges
    anchorConflicts = conflicts

    freeScored = total - fixedScored.count
    freePretest = blueprint.pretestCount - includedPretest.count

    // Objective rows.
    var rows: [ObjectiveRow] = []
    switch options.objective {
    case .maxInformation:
      rows.append(ObjectiveRow(kind: .tif, theta: options.thetaCut, target: 0, weight: 1, maximize: true))
    case .tcc, .tif, .tccTIF:
      guard let target = options.target else {
        throw AssemblyInputError("objective '\(options.objective.rawValue)' needs a target (a reference form)")
      }
      if options.objective != .tif {
        for (k, theta) in target.thetas.enumerated() {
          rows.append(ObjectiveRow(kind: .tcc, theta: theta, target: target.tcc[k], weight: 1, maximize: false))
        }
      }
      if options.objective != .tcc {
        let weight = options.objective == .tif ? 1 : options.tifWeight
        for (k, theta) in target.thetas.enumerated() {
          rows.append(ObjectiveRow(kind: .tif, theta: theta, target: target.tif[k], weight: weight, maximize: false))
        }
      }
    }
    self.rows = rows
    let r = rows.count
    let d = parameters.scalingConstant
    var coefficients = Array(repeating: 0.0, count: candidates.count * r)
    for (i, candidate) in candidates.enumerated() {
      guard let p = candidate.parameters, candidate.status == .operational else { continue }
      for (k, row) in rows.enumerated() {
        coefficients[i * r + k] =
          row.kind == .tcc
          ? p.probability(at: row.theta, scalingConstant: d) : p.information(at: row.theta, scalingConstant: d)
      }
    }
    self.coefficients = coefficients
    fixedContribution = (0..<r).map { k in fixedScored.reduce(0) { $0 + coefficients[$1 * r + k] } }
    droppedReasons = dropped
    supply = tally
    self.options = options
  }

  /// Domains whose blueprint range and anchor-miniature range do not meet.
  var anchorConflicts: [(domain: Int, allowed: ClosedRange<Int>?)]
  let options: AssemblyOptions

  /// The objective value of one form with the free scored items `items`: the largest weighted
  /// deviation over the rows (or minus the information under `max-info`).
  public func formObjective(scored items: [Int]) -> Double {
    let values = rowValues(scored: items)
    return zip(rows, values).map { row, value in row.maximize ? -value : row.weight * abs(value - row.target) }.max()
      ?? 0
  }

  /// Each row's value (fixed items included) for a form with the free scored items `items`.
  public func rowValues(scored items: [Int]) -> [Double] {
    let r = rows.count
    var values = fixedContribution
    for i in items {
      for k in 0..<r { values[k] += coefficients[i * r + k] }
    }
    return values
  }
}

/// Operational items of the bank (anchors and included items aside) per blueprint domain and
/// cognitive level, and how many of them cannot be scored on a new form, by reason.
public struct SupplyTally: Sendable {
  public struct Counts: Sendable, Hashable {
    public var operational = 0
    public var withoutParameters = 0
    public var excluded = 0
    public var usedUp = 0
    public var enemyExcluded = 0
    /// Partial-credit items, which forms do not hold.
    public var partialCredit = 0

    /// "of 21 operational items: 8 without parameters, 1 excluded"; empty when nothing is lost.
    public var explanation: String {
      let parts = [
        (withoutParameters, "without parameters"), (excluded, "excluded"), (usedUp, "used up by --max-uses"),
        (enemyExcluded, "enemies of an anchor or included item"), (partialCredit, "partial-credit"),
      ].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
      return parts.isEmpty ? "" : " (of \(operational) operational: " + parts.joined(separator: ", ") + ")"
    }
  }
  public var domains: [Counts]
  public var levels: [Counts]
  init(domains: Int, levels: Int) {
    self.domains = Array(repeating: Counts(), count: domains)
    self.levels = Array(repeating: Counts(), count: levels)
  }
  mutating func count(_ field: WritableKeyPath<Counts, Int>, _ key: (domain: Int, level: Int?)) {
    domains[key.domain][keyPath: field] += 1
    if let level = key.level { levels[level][keyPath: field] += 1 }
  }
}

/// The anchor rule of coverage (``AnchorCheck``), turned round: which scored counts of a domain
/// keep a given anchor count of that domain within the miniature's range.
public enum AnchorMiniature {
  /// Scored counts s (0…scoredTotal) of a domain for which `anchorsInDomain` lies in coverage's
  /// allowed range for the quota `anchorTotal × s / scoredTotal` with tolerance
  /// `anchorTotal × tolerancePercent / 100` items. The set is an interval (the range's ends grow
  /// with the quota).
  ///
  /// Coverage's range (``CountTarget``) is [min(⌈q − t⌉, ⌊q⌋), max(⌊q + t⌋, ⌈q⌉)], independent of
  /// the largest-remainder target (which is ⌊q⌋ or ⌈q⌉), so each domain can be checked alone.
  /// Nil when no scored count allows it.
  /// - Complexity: O(scoredTotal).
  public static func allowedScoredCounts(
    anchorsInDomain: Int, anchorTotal: Int, scoredTotal: Int, tolerancePercent: Double
  ) -> ClosedRange<Int>? {
    var low: Int?
    var high: Int?
    guard scoredTotal > 0 else { return 0...0 }
    for s in 0...scoredTotal {
      let quota = Double(anchorTotal) * Double(s) / Double(scoredTotal)
      let target = CountTarget(
        quota: quota, toleranceItems: Double(anchorTotal) * tolerancePercent / 100,
        target: Int((quota + Apportionment.epsilon).rounded(.down)))
      if target.allows(anchorsInDomain) {
        if low == nil { low = s }
        high = s
      }
    }
    guard let low, let high else { return nil }
    return low...high
  }
}

/// "did you mean" for ids, without pulling the whole bank's ids into every message.
enum EditDistanceHint {
  static func hint(_ id: String, bank: ItemBank) -> String {
    EditDistance.didYouMean(id, among: bank.items.map(\.id))
  }
}
