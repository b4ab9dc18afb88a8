import ItemBank
import ItemBenchCore

/// The scored items of one domain or cognitive level on a form, against the blueprint.
public struct FormCount: Hashable, Sendable {
  public var id: String
  public var weight: WeightTarget
  /// Scored entries (scored and anchor) whose item has this domain or level.
  public var count: Int
  /// `count` as a percentage of the form's scored entries.
  public var percent: Double
  /// The count the weight implies and the allowed range (see ``Apportionment``).
  public var target: CountTarget
  public var withinTolerance: Bool { target.allows(count) }
}

/// One item whose life-cycle status does not allow the role it has on a form.
public struct StatusProblem: Hashable, Sendable {
  public var itemID: String
  public var status: ItemStatus
  public var role: FormRole
  public var location: SourceLocation

  /// Whether `status` allows `role` under ``CoverageRules/statusPolicy``. On a form that was
  /// already administered (`administered: true`, the form file's `administered` date) the item
  /// files hold today's statuses, which may have moved on along the life cycle since: a scored
  /// or anchor item may since have been retired, and a pretest item promoted to operational,
  /// retired, or sent back to review for revision. Draft items are never allowed.
  public static func allows(_ status: ItemStatus, as role: FormRole, administered: Bool = false) -> Bool {
    switch (role, administered) {
    case (.scored, false), (.anchor, false): status == .operational
    case (.pretest, false): status == .pretest || status == .approved
    case (.scored, true), (.anchor, true): status == .operational || status == .retired
    case (.pretest, true): status != .draft
    }
  }
}

/// Two items that must not share a form, both on it.
public struct EnemyPair: Hashable, Sendable {
  /// The item that comes first on the form.
  public var first: String
  public var second: String
  /// Where `second` is listed on the form.
  public var location: SourceLocation
}

/// The anchors of one domain against the form's scored share of that domain.
public struct AnchorDomain: Hashable, Sendable {
  public var id: String
  public var anchors: Int
  /// Anchors of this domain as a percentage of all anchors (0 when there are none).
  public var anchorPercent: Double
  /// Scored entries of this domain as a percentage of the form's scored entries.
  public var formPercent: Double
  /// Anchor count the form's share implies, and the allowed range.
  public var target: CountTarget
  public var withinTolerance: Bool { target.allows(anchors) }
}

/// The anchor (common-item) set of a form.
public struct AnchorCheck: Hashable, Sendable {
  /// Anchor entries on the form.
  public var count: Int
  /// min(⌈20% of the scored entries⌉, 30): the usual minimum length of an anchor set.
  public var recommendedMinimum: Int
  /// One row per blueprint domain (empty when the form has no anchors).
  public var domains: [AnchorDomain]
  /// Whether every domain's anchors are within tolerance (true when there are no anchors: there
  /// is nothing to compare).
  public var isMiniature: Bool { domains.allSatisfy(\.withinTolerance) }
}

/// How often each option id is the key on a form, against equal use of every option.
public struct KeyDistribution: Hashable, Sendable {
  public struct Letter: Hashable, Sendable {
    /// The option id (`A`, `B`, …).
    public var id: String
    public var observed: Int
    /// Σ over items offering this id of 1 / (number of options).
    public var expected: Double
    /// `observed` as a percentage of the items.
    public var percent: Double
    /// `expected` as a percentage of the items.
    public var expectedPercent: Double
  }

  /// Items counted: each distinct item on the form whose key names one of its options.
  public var itemCount: Int
  /// Option ids in sorted order.
  public var letters: [Letter]
  /// Pearson's X² = Σ (observed − expected)² / expected, or nil when not testable (fewer than two
  /// items or fewer than two option ids).
  public var chiSquare: Double?
  public var degreesOfFreedom: Int
  /// `P(χ²(df) ≥ X²)`, or nil when not testable.
  public var pValue: Double?
  /// max over ids of |percent − expectedPercent|, in percentage points.
  public var maxDeviation: Double
  public var significance: Double
  /// Whether the test did not reject equal use (true when not testable).
  public var balanced: Bool { (pValue ?? 1) >= significance }

  /// The key distribution of `items` (each counted once); partial-credit items have no key and
  /// are left out.
  public init(items: [Item], significance: Double = 0.05) {
    self.significance = significance
    var observed: [String: Int] = [:]
    var expected: [String: Double] = [:]
    var count = 0
    for item in items where item.isMultipleChoice && item.keyIndex != nil && !item.options.isEmpty {
      count += 1
      observed[item.key, default: 0] += 1
      let share = 1 / Double(item.options.count)
      for option in item.options { expected[option.id, default: 0] += share }
    }
    itemCount = count
    let ids = expected.keys.sorted()
    letters = ids.map { id in
      let o = observed[id] ?? 0
      let e = expected[id] ?? 0
      return Letter(
        id: id, observed: o, expected: e,
        percent: count == 0 ? 0 : 100 * Double(o) / Double(count),
        expectedPercent: count == 0 ? 0 : 100 * e / Double(count))
    }
    maxDeviation = letters.map { abs($0.percent - $0.expectedPercent) }.max() ?? 0
    degreesOfFreedom = Swift.max(0, ids.count - 1)
    if count >= 2, degreesOfFreedom >= 1 {
      let statistic = letters.reduce(0.0) { sum, letter in
        let difference = Double(letter.observed) - letter.expected
        return sum + difference * difference / letter.expected
      }
      chiSquare = statistic
      pValue = ChiSquare.upperTail(statistic, degreesOfFreedom: degreesOfFreedom)
    } else {
      chiSquare = nil
      pValue = nil
    }
  }
}

/// Every check of one form against the blueprint and the bank.
public struct FormCoverage: Sendable {
  public var id: String
  public var title: String?
  public var blueprintID: String
  public var location: SourceLocation

  /// Entries on the form (every role).
  public var length: Int
  /// Entries with role `scored` (anchors not included).
  public var scoredOnly: Int
  /// Entries with role `anchor`.
  public var anchorCount: Int
  /// Entries with role `pretest`.
  public var pretestCount: Int
  /// Scored entries: `scored` plus `anchor`.
  public var scoredCount: Int { scoredOnly + anchorCount }

  public var expectedLength: Int
  public var expectedScored: Int
  public var expectedPretest: Int

  /// One row per blueprint domain, in blueprint order.
  public var domains: [FormCount]
  /// One row per cognitive level the blueprint targets.
  public var cognitiveLevels: [FormCount]
  /// Ids on the form that the bank does not hold, in form order.
  public var missingItems: [String]
  public var statusProblems: [StatusProblem]
  /// Ids listed more than once, in order of their second appearance.
  public var duplicates: [String]
  public var enemyPairs: [EnemyPair]
  /// Ids of items on the form whose domain is not in the blueprint.
  public var unknownDomainItems: [String]
  public var anchors: AnchorCheck
  public var keys: KeyDistribution
  /// Every problem found on this form, sorted by location.
  public var diagnostics: [Diagnostic]

  /// Whether the form meets the blueprint (no error found).
  public var passed: Bool { !diagnostics.containsErrors }

  public init(form: Form, bank: ItemBank, blueprint: Blueprint, options: CoverageOptions = CoverageOptions()) {
    id = form.id
    title = form.title
    blueprintID = form.blueprintID
    location = form.location
    length = form.entries.count
    scoredOnly = form.entries.filter { $0.role == .scored }.count
    anchorCount = form.entries.filter { $0.role == .anchor }.count
    pretestCount = form.entries.filter { $0.role == .pretest }.count
    expectedLength = blueprint.formLength
    expectedScored = blueprint.scoredCount
    expectedPretest = blueprint.pretestCount
    let scoredTotal = scoredOnly + anchorCount
    let name = "form '\(form.id)'"

    var diagnostics: [Diagnostic] = []
    func error(_ message: String, at location: SourceLocation, code: String) {
      diagnostics.append(.error(message, at: location, code: code))
    }

    if form.blueprintID != blueprint.id {
      error(
        "\(name) is built to blueprint '\(form.blueprintID)' but is being checked against '\(blueprint.id)'",
        at: form.location, code: "blueprint-mismatch")
    }
    if length != blueprint.formLength {
      error(
        "\(name) has \(length) items; blueprint '\(blueprint.id)' sets form_length \(blueprint.formLength)",
        at: form.location, code: "form-length")
    }
    if scoredTotal != blueprint.scoredCount {
      error(
        "\(name) has \(scoredTotal) scored items (\(scoredOnly) scored + \(anchorCount) anchor); blueprint '\(blueprint.id)' sets scored \(blueprint.scoredCount)",
        at: form.location, code: "scored-count")
    }
    if pretestCount != blueprint.pretestCount {
      error(
        "\(name) has \(pretestCount) pretest items; blueprint '\(blueprint.id)' sets pretest \(blueprint.pretestCount)",
        at: form.location, code: "pretest-count")
    }

    // Entries: missing items, duplicates, status against role, domains outside the blueprint.
    let domainIDs = Set(blueprint.domains.map(\.id))
    var firstSeen: [String: SourceLocation] = [:]
    var distinctItems: [Item] = []
    var missing: [String] = []
    var duplicates: [String] = []
    var statusProblems: [StatusProblem] = []
    var unknownDomainItems: [String] = []
    var scoredByDomain: [String: Int] = [:]
    var scoredByLevel: [CognitiveLevel: Int] = [:]
    var anchorsByDomain: [String: Int] = [:]
    var allIDs: [String]?
    for entry in form.entries {
      if let first = firstSeen[entry.itemID] {
        duplicates.append(entry.itemID)
        error(
          "item '\(entry.itemID)' is on \(name) more than once (first at line \(first.line))", at: entry.location,
          code: "duplicate-item")
      }
      guard let item = bank.item(entry.itemID) else {
        if firstSeen[entry.itemID] == nil {
          missing.append(entry.itemID)
          if allIDs == nil { allIDs = bank.items.map(\.id) }
          error(
            "\(name) lists item '\(entry.itemID)', which is not in the bank"
              + EditDistance.didYouMean(entry.itemID, among: allIDs ?? []), at: entry.location, code: "item-not-found")
        }
        firstSeen[entry.itemID] = firstSeen[entry.itemID] ?? entry.location
        continue
      }
      let isFirst = firstSeen[entry.itemID] == nil
      firstSeen[entry.itemID] = firstSeen[entry.itemID] ?? entry.location
      if isFirst { distinctItems.append(item) }

      if !StatusProblem.allows(item.status, as: entry.role, administered: form.administered != nil) {
        statusProblems.append(
          StatusProblem(itemID: item.id, status: item.status, role: entry.role, location: entry.location))
        let rule: String
        switch (item.status, entry.role) {
        case _ where form.administered != nil:
          rule =
            "on a form administered on \(form.administered ?? "")"
            + (entry.role == .pretest
              ? " a pretest entry may since be operational, retired or in review, never draft"
              : " scored and anchor items must be operational or since retired")
        case (.draft, _), (.review, _), (.retired, _):
          rule = "draft, review and retired items may not appear on a form"
        case (_, .pretest):
          rule = "pretest entries must be pretest or approved items"
        default:
          rule = "scored and anchor items must be operational"
        }
        error(
          "item '\(item.id)' is \(item.status.rawValue) but is on \(name) as \(entry.role.rawValue); \(rule)",
          at: entry.location, code: "status-role")
      }
      guard domainIDs.contains(item.domain) else {
        if isFirst { unknownDomainItems.append(item.id) }
        diagnostics.append(
          Diagnostic(
            entry.role.isScored ? .error : .warning,
            "item '\(item.id)' on \(name) has domain '\(item.domain)', which is not in blueprint '\(blueprint.id)'"
              + (entry.role.isScored ? "; it counts toward no domain" : "")
              + EditDistance.didYouMean(item.domain, among: blueprint.domains.map(\.id)),
            at: entry.location, code: "unknown-domain"))
        continue
      }
      if entry.role.isScored {
        scoredByDomain[item.domain, default: 0] += 1
        scoredByLevel[item.cognitiveLevel, default: 0] += 1
      }
      if entry.role == .anchor { anchorsByDomain[item.domain, default: 0] += 1 }
    }
    missingItems = missing
    self.duplicates = duplicates
    self.statusProblems = statusProblems
    self.unknownDomainItems = unknownDomainItems

    // Domains and cognitive levels against the weights.
    let percentBase = blueprint.weightUnit == .percent
    let total = percentBase ? scoredTotal : blueprint.scoredCount
    func toleranceItems(_ target: WeightTarget) -> Double {
      percentBase ? Double(total) * target.tolerance / 100 : target.tolerance
    }
    func percent(_ count: Int, of whole: Int) -> Double { whole == 0 ? 0 : 100 * Double(count) / Double(whole) }
    let domainTargets = CountTarget.targets(
      total: total, weights: blueprint.domains.map(\.target.weight),
      toleranceItems: blueprint.domains.map { toleranceItems($0.target) })
    domains = zip(blueprint.domains, domainTargets).map { domain, target in
      let count = scoredByDomain[domain.id] ?? 0
      return FormCount(
        id: domain.id, weight: domain.target, count: count, percent: percent(count, of: scoredTotal), target: target)
    }
    let levels = blueprint.targetedLevels
    let levelTargets = CountTarget.targets(
      total: total, weights: levels.map(\.target.weight),
      toleranceItems: levels.map { toleranceItems($0.target) })
    cognitiveLevels = zip(levels, levelTargets).map { pair, target in
      let count = scoredByLevel[pair.level] ?? 0
      return FormCount(
        id: pair.level.rawValue, weight: pair.target, count: count, percent: percent(count, of: scoredTotal),
        target: target)
    }
    let unit = blueprint.weightUnit
    for row in domains where !row.withinTolerance {
      error(
        "\(name) has \(row.count) scored item(s) in domain '\(row.id)' (\(plainNumber(row.percent, places: 1))%); blueprint '\(blueprint.id)' allows \(row.target.rangeText) (weight \(formatWeight(row.weight.weight, unit)) ± \(formatWeight(row.weight.tolerance, unit)), target \(row.target.target))",
        at: form.location, code: "domain-weight")
    }
    for row in cognitiveLevels where !row.withinTolerance {
      error(
        "\(name) has \(row.count) scored item(s) at cognitive level '\(row.id)' (\(plainNumber(row.percent, places: 1))%); blueprint '\(blueprint.id)' allows \(row.target.rangeText) (weight \(formatWeight(row.weight.weight, unit)) ± \(formatWeight(row.weight.tolerance, unit)), target \(row.target.target))",
        at: form.location, code: "cognitive-level-weight")
    }

    // Enemies: a pair is reported once, at the later of the two items.
    var position: [String: Int] = [:]
    for (index, item) in distinctItems.enumerated() { position[item.id] = index }
    var pairs: [EnemyPair] = []
    var seenPairs: Set<[String]> = []
    for (index, item) in distinctItems.enumerated() {
      for enemy in item.enemies {
        guard let other = position[enemy], other != index else { continue }
        let (first, second) = other < index ? (distinctItems[other], item) : (item, distinctItems[other])
        guard seenPairs.insert([first.id, second.id]).inserted else { continue }
        pairs.append(EnemyPair(first: first.id, second: second.id, location: firstSeen[second.id] ?? form.location))
      }
    }
    pairs.sort { ($0.location, $0.first) < ($1.location, $1.first) }
    enemyPairs = pairs
    for pair in pairs {
      let firstLine = firstSeen[pair.first]?.line ?? 0
      error(
        "items '\(pair.first)' (line \(firstLine)) and '\(pair.second)' are enemies but are both on \(name)",
        at: pair.location, code: "enemy-pair")
    }

    // Anchors: a miniature of the form's scored content.
    let anchorTotal = blueprint.domains.reduce(0) { $0 + (anchorsByDomain[$1.id] ?? 0) }
    let formScoredInDomains = blueprint.domains.reduce(0) { $0 + (scoredByDomain[$1.id] ?? 0) }
    var anchorRows: [AnchorDomain] = []
    if anchorCount > 0 {
      let shares = blueprint.domains.map { Double(scoredByDomain[$0.id] ?? 0) }
      let tolerancePercent = blueprint.domains.map {
        unit == .percent
          ? $0.target.tolerance
          : (blueprint.scoredCount == 0 ? 0 : 100 * $0.target.tolerance / Double(blueprint.scoredCount))
      }
      let targets = CountTarget.targets(
        total: anchorTotal, weights: shares,
        toleranceItems: tolerancePercent.map { Double(anchorTotal) * $0 / 100 })
      for (index, domain) in blueprint.domains.enumerated() {
        let anchors = anchorsByDomain[domain.id] ?? 0
        anchorRows.append(
          AnchorDomain(
            id: domain.id, anchors: anchors, anchorPercent: percent(anchors, of: anchorTotal),
            formPercent: percent(scoredByDomain[domain.id] ?? 0, of: formScoredInDomains),
            target: targets[index]))
      }
    }
    anchors = AnchorCheck(
      count: anchorCount, recommendedMinimum: Swift.min((scoredTotal + 4) / 5, 30), domains: anchorRows)
    for row in anchorRows where !row.withinTolerance {
      error(
        "\(name) has \(row.anchors) anchor item(s) in domain '\(row.id)' (\(plainNumber(row.anchorPercent, places: 1))% of \(anchorTotal) anchors) against \(plainNumber(row.formPercent, places: 1))% of its scored items; a miniature of the form allows \(row.target.rangeText) (target \(row.target.target))",
        at: form.location, code: "anchor-miniature")
    }
    if anchorCount > 0, anchorCount < anchors.recommendedMinimum {
      diagnostics.append(
        .warning(
          "\(name) has \(anchorCount) anchor item(s), fewer than \(anchors.recommendedMinimum) (20% of its \(scoredTotal) scored items, at most 30) recommended for equating",
          at: form.location, code: "anchor-length"))
    }

    // Key letters.
    keys = KeyDistribution(items: distinctItems, significance: options.keyBalanceSignificance)
    if !keys.balanced, let chi = keys.chiSquare, let p = keys.pValue {
      let counts = keys.letters.map { "\($0.id) \($0.observed)" }.joined(separator: ", ")
      diagnostics.append(
        .warning(
          "keys on \(name) are unbalanced (\(counts); expected about \(keys.letters.map { plainNumber($0.expected, places: 1) }.joined(separator: "/"))): chi-square \(plainNumber(chi, places: 2)), df \(keys.degreesOfFreedom), \(pValueText(p)), below the \(plainNumber(keys.significance, places: 3)) level; largest deviation \(plainNumber(keys.maxDeviation, places: 1)) points",
          at: form.location, code: "key-balance"))
    }
    self.diagnostics = diagnostics.stablySortedByLocation()
  }
}

/// `"p = 0.0123"`, or `"p < 0.0001"` for smaller values.
func pValueText(_ p: Double) -> String {
  p < 0.0001 ? "p < 0.0001" : "p = " + formatDecimal(p, places: 4)
}
