import ItemBank
import ItemBenchCore

/// Numbers of items by life-cycle status.
public struct StatusCounts: Hashable, Sendable {
  private var counts: [Int] = Array(repeating: 0, count: ItemStatus.allCases.count)

  public init() {}

  public subscript(status: ItemStatus) -> Int {
    get { counts[Self.index(status)] }
    set { counts[Self.index(status)] = newValue }
  }

  public var total: Int { counts.reduce(0, +) }

  private static func index(_ status: ItemStatus) -> Int {
    switch status {
    case .draft: 0
    case .review: 1
    case .approved: 2
    case .pretest: 3
    case .operational: 4
    case .retired: 5
    }
  }
}

/// Whether the bank holds enough operational items in one domain or cognitive level.
public enum SupplyStatus: String, Sendable, CaseIterable {
  /// At least the planned forms × target.
  case sufficient
  /// At least the planned forms × the smallest allowed count, but below the target.
  case tight
  /// Below the planned forms × the smallest allowed count: the forms cannot be built.
  case short
}

/// Supply and demand of operational items for one blueprint domain or cognitive level.
public struct SupplyRow: Hashable, Sendable {
  public enum Kind: String, Sendable { case domain, cognitiveLevel = "cognitive_level" }

  public var kind: Kind
  public var id: String
  public var title: String
  public var weight: WeightTarget
  /// Items of this domain (or level) in the bank, by status.
  public var items: StatusCounts
  /// The count one form needs (see ``Apportionment``).
  public var perForm: CountTarget
  /// Planned forms × ``CountTarget/target``.
  public var needed: Int
  /// Planned forms × ``CountTarget/minimum``.
  public var minimumNeeded: Int
  /// Planned forms × ``CountTarget/maximum``: the most a set of forms can use.
  public var maximumUsable: Int
  /// Operational items.
  public var available: Int { items[.operational] }
  /// `max(0, needed − available)`.
  public var shortfall: Int { Swift.max(0, needed - available) }
  public var status: SupplyStatus {
    if available >= needed { return .sufficient }
    return available >= minimumNeeded ? .tight : .short
  }
  /// Subdomain rows (domains only): the blueprint's recognised subdomains in its order, then
  /// any other subdomain items use (alphabetically), then items without a subdomain (`nil`).
  public var subdomains: [SubdomainCount]
  public var location: SourceLocation
}

/// Items of one subdomain, by status.
public struct SubdomainCount: Hashable, Sendable {
  /// The subdomain id, or `nil` for items that name none.
  public var id: String?
  /// Whether the blueprint lists this subdomain (always true when it lists none).
  public var recognised: Bool
  public var items: StatusCounts
}

/// Items whose domain is not in the blueprint.
public struct UnknownDomain: Hashable, Sendable {
  public var domain: String
  /// Item ids, in bank order.
  public var itemIDs: [String]
  /// A blueprint domain of similar spelling, if any.
  public var suggestion: String?
  /// Whether another blueprint of the program has this domain.
  public var inOtherBlueprint: Bool
}

/// The pretest slots the planned forms offer versus the items waiting to be pretested.
public struct PretestPipeline: Hashable, Sendable {
  public var slotsPerForm: Int
  public var slotsNeeded: Int
  /// Items with status `pretest`.
  public var pretest: Int
  /// Items with status `approved` (ready to be pretested).
  public var approved: Int
  public var eligible: Int { pretest + approved }
  public var shortfall: Int { Swift.max(0, slotsNeeded - eligible) }
}

/// Whether the bank can support the planned forms: per domain and level, and in total.
public struct BankCoverage: Sendable {
  public var itemCount: Int
  public var plannedForms: Int
  /// One row per blueprint domain, in blueprint order.
  public var domains: [SupplyRow]
  /// One row per cognitive level the blueprint targets, in taxonomy order.
  public var cognitiveLevels: [SupplyRow]
  /// Rows (domains and levels) with a shortfall, worst first: largest shortfall, then lowest
  /// share of the need available, then domains before levels, then blueprint order.
  public var gaps: [SupplyRow]
  /// Planned forms × scored.
  public var scoredNeeded: Int
  /// Σ over domains of min(operational, planned forms × largest allowed count).
  public var scoredUsable: Int
  public var pretestPipeline: PretestPipeline
  public var unknownDomains: [UnknownDomain]
  /// Blueprint domains without a single item (any status).
  public var emptyDomains: [String]
  public var diagnostics: [Diagnostic]

  /// Whether the bank supports the planned forms (no error found at bank level).
  public var passed: Bool { !diagnostics.containsErrors }

  public init(bank: ItemBank, blueprint: Blueprint, options: CoverageOptions) {
    let forms = options.plannedForms
    itemCount = bank.items.count
    plannedForms = forms
    var diagnostics: [Diagnostic] = []
    let domainIDs = Set(blueprint.domains.map(\.id))

    var byDomain: [String: StatusCounts] = [:]
    var byLevel: [CognitiveLevel: StatusCounts] = [:]
    var bySubdomain: [String: [String?: StatusCounts]] = [:]
    var unknown: [String: [String]] = [:]
    var unknownOrder: [String] = []
    var pipeline = PretestPipeline(
      slotsPerForm: blueprint.pretestCount, slotsNeeded: forms * blueprint.pretestCount, pretest: 0,
      approved: 0)
    for item in bank.items {
      if item.status == .pretest { pipeline.pretest += 1 }
      if item.status == .approved { pipeline.approved += 1 }
      guard domainIDs.contains(item.domain) else {
        if unknown[item.domain] == nil { unknownOrder.append(item.domain) }
        unknown[item.domain, default: []].append(item.id)
        let elsewhere = options.otherBlueprintDomains.contains(item.domain)
        let severity: Severity = (elsewhere || item.status == .retired) ? .warning : .error
        let reason =
          elsewhere ? " (it belongs to another blueprint)" : item.status == .retired ? " (the item is retired)" : ""
        diagnostics.append(
          Diagnostic(
            severity,
            "item '\(item.id)' has domain '\(item.domain)', which is not in blueprint '\(blueprint.id)'"
              + reason + EditDistance.didYouMean(item.domain, among: blueprint.domains.map(\.id)),
            at: item.source.location(of: "domain"), code: "unknown-domain"))
        continue
      }
      byDomain[item.domain, default: StatusCounts()][item.status] += 1
      byLevel[item.cognitiveLevel, default: StatusCounts()][item.status] += 1
      bySubdomain[item.domain, default: [:]][item.subdomain, default: StatusCounts()][item.status] += 1
      if let subdomain = item.subdomain, let domain = blueprint.domain(item.domain),
        !domain.subdomains.isEmpty, !domain.subdomains.contains(subdomain)
      {
        diagnostics.append(
          .warning(
            "item '\(item.id)' has subdomain '\(subdomain)', which blueprint '\(blueprint.id)' does not list under domain '\(domain.id)'"
              + EditDistance.didYouMean(subdomain, among: domain.subdomains),
            at: item.source.location(of: "subdomain"), code: "unknown-subdomain"))
      }
    }

    // Targets per form.
    let scored = blueprint.scoredCount
    func toleranceItems(_ target: WeightTarget) -> Double {
      blueprint.weightUnit == .percent ? Double(scored) * target.tolerance / 100 : target.tolerance
    }
    let domainTargets = CountTarget.targets(
      total: scored, weights: blueprint.domains.map(\.target.weight),
      toleranceItems: blueprint.domains.map { toleranceItems($0.target) })
    domains = zip(blueprint.domains, domainTargets).map { domain, target in
      let subdomainCounts = bySubdomain[domain.id] ?? [:]
      var rows: [SubdomainCount] = domain.subdomains.map {
        SubdomainCount(id: $0, recognised: true, items: subdomainCounts[$0] ?? StatusCounts())
      }
      let others = subdomainCounts.keys.compactMap { $0 }.filter { !domain.subdomains.contains($0) }.sorted()
      rows += others.map {
        SubdomainCount(id: $0, recognised: domain.subdomains.isEmpty, items: subdomainCounts[$0] ?? StatusCounts())
      }
      if let none = subdomainCounts[nil] { rows.append(SubdomainCount(id: nil, recognised: true, items: none)) }
      return SupplyRow(
        kind: .domain, id: domain.id, title: domain.title, weight: domain.target,
        items: byDomain[domain.id] ?? StatusCounts(), perForm: target, needed: forms * target.target,
        minimumNeeded: forms * target.minimum, maximumUsable: forms * target.maximum,
        subdomains: rows, location: domain.location)
    }
    let levels = blueprint.targetedLevels
    let levelTargets = CountTarget.targets(
      total: scored, weights: levels.map(\.target.weight),
      toleranceItems: levels.map { toleranceItems($0.target) })
    cognitiveLevels = zip(levels, levelTargets).map { pair, target in
      let (level, weight) = pair
      return SupplyRow(
        kind: .cognitiveLevel, id: level.rawValue, title: level.rawValue,
        weight: weight, items: byLevel[level] ?? StatusCounts(),
        perForm: target, needed: forms * target.target, minimumNeeded: forms * target.minimum,
        maximumUsable: forms * target.maximum, subdomains: [], location: blueprint.location)
    }

    let formsText = forms == 1 ? "1 form" : "\(forms) forms"
    for row in domains + cognitiveLevels where row.status != .sufficient {
      let what = row.kind == .domain ? "domain '\(row.id)'" : "cognitive level '\(row.id)'"
      if row.status == .short {
        diagnostics.append(
          .error(
            "\(what) has \(row.available) operational item(s); building \(formsText) without reuse takes at least \(row.minimumNeeded) (target \(row.needed)): short by \(row.minimumNeeded - row.available) for the minimum, by \(row.shortfall) for the target",
            at: row.location, code: "bank-shortfall"))
      } else {
        diagnostics.append(
          .warning(
            "\(what) has \(row.available) operational item(s); building \(formsText) without reuse takes \(row.needed) for the target (short by \(row.shortfall)), so only forms at the low end of the tolerance can be built",
            at: row.location, code: "bank-tight"))
      }
    }

    gaps = (domains + cognitiveLevels).enumerated().filter { $0.element.shortfall > 0 }.sorted { left, right in
      let a = left.element
      let b = right.element
      if a.shortfall != b.shortfall { return a.shortfall > b.shortfall }
      let shareA = a.needed == 0 ? 1 : Double(a.available) / Double(a.needed)
      let shareB = b.needed == 0 ? 1 : Double(b.available) / Double(b.needed)
      if shareA != shareB { return shareA < shareB }
      return left.offset < right.offset
    }.map(\.element)

    scoredNeeded = forms * scored
    scoredUsable = domains.reduce(0) { $0 + Swift.min($1.available, $1.maximumUsable) }
    if scoredUsable < scoredNeeded {
      diagnostics.append(
        .error(
          "the bank's operational items fill at most \(scoredUsable) scored position(s) within the blueprint's allowed ranges; building \(formsText) without reuse takes \(scoredNeeded) (short by \(scoredNeeded - scoredUsable))",
          at: blueprint.location, code: "bank-capacity"))
    }

    pretestPipeline = pipeline
    if pipeline.shortfall > 0 {
      diagnostics.append(
        .warning(
          "building \(formsText) takes \(pipeline.slotsNeeded) pretest item(s) but only \(pipeline.eligible) item(s) are pretest or approved (short by \(pipeline.shortfall))",
          at: blueprint.location, code: "pretest-pipeline"))
    }

    unknownDomains = unknownOrder.map { domain in
      UnknownDomain(
        domain: domain, itemIDs: unknown[domain] ?? [],
        suggestion: EditDistance.suggestion(for: domain, among: blueprint.domains.map(\.id)),
        inOtherBlueprint: options.otherBlueprintDomains.contains(domain))
    }
    emptyDomains = blueprint.domains.filter { (byDomain[$0.id]?.total ?? 0) == 0 }.map(\.id)
    for domain in blueprint.domains where emptyDomains.contains(domain.id) {
      diagnostics.append(
        Diagnostic(
          domain.target.weight > 0 ? .error : .warning,
          "blueprint domain '\(domain.id)' has no items in the bank (weight \(formatWeight(domain.target.weight, blueprint.weightUnit)))",
          at: domain.location, code: "empty-domain"))
    }
    self.diagnostics = diagnostics.stablySortedByLocation()
  }
}

/// `"10%"` or `"13 items"`.
func formatWeight(_ value: Double, _ unit: WeightUnit) -> String {
  let number = plainNumber(value)
  return unit == .percent ? "\(number)%" : (value == 1 ? "1 item" : "\(number) items")
}

/// `value` with up to `places` decimals, trailing zeros removed (`12.5`, `13`, `0.333`).
func plainNumber(_ value: Double, places: Int = 3) -> String {
  var text = formatDecimal(value, places: places)
  if text.contains(".") {
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
  }
  return text == "-0" ? "0" : text
}

extension Array where Element == Diagnostic {
  /// Sorted by file, line and column only; diagnostics at the same place keep the order they
  /// were found in (counts, then domains, then levels, …), which reads better than alphabetical.
  func stablySortedByLocation() -> [Diagnostic] {
    enumerated().sorted { left, right in
      if left.element.location != right.element.location { return left.element.location < right.element.location }
      return left.offset < right.offset
    }.map(\.element)
  }
}

extension Blueprint {
  /// The cognitive levels the blueprint sets targets for, in taxonomy order.
  public var targetedLevels: [(level: CognitiveLevel, target: WeightTarget)] {
    CognitiveLevel.allCases.compactMap { level in cognitiveLevels[level].map { (level, $0) } }
  }
}
