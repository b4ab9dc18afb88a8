import ItemBenchCore

/// Counts of a bank's items by domain and status, and its blueprints and forms.
public struct BankSummary: Sendable {
  public var itemCount: Int
  /// Domain id → status → count.
  public var byDomain: [String: [ItemStatus: Int]]
  public var byLevel: [CognitiveLevel: Int]
  public var blueprintIDs: [String]
  public var formLengths: [(id: String, length: Int)]
  public var errorCount: Int
  public var warningCount: Int
  /// The domain order: blueprint order first, then any other domains alphabetically.
  public var domainOrder: [String]

  public init(bank: ItemBank) {
    itemCount = bank.items.count
    var byDomain: [String: [ItemStatus: Int]] = [:]
    var byLevel: [CognitiveLevel: Int] = [:]
    for item in bank.items {
      byDomain[item.domain, default: [:]][item.status, default: 0] += 1
      byLevel[item.cognitiveLevel, default: 0] += 1
    }
    self.byDomain = byDomain
    self.byLevel = byLevel
    blueprintIDs = bank.blueprints.map(\.id)
    formLengths = bank.forms.map { ($0.id, $0.entries.count) }
    errorCount = bank.diagnostics.filter { $0.severity == .error }.count
    warningCount = bank.diagnostics.filter { $0.severity == .warning }.count
    var order: [String] = []
    for blueprint in bank.blueprints {
      for domain in blueprint.domains where !order.contains(domain.id) { order.append(domain.id) }
    }
    order += byDomain.keys.filter { !order.contains($0) }.sorted()
    domainOrder = order
  }

  /// A plain-text table: one row per domain, one column per status, with totals.
  public func rendered() -> String {
    let statuses = ItemStatus.allCases
    let header = ["domain"] + statuses.map(\.rawValue) + ["total"]
    var rows: [[String]] = []
    var columnTotals = [Int](repeating: 0, count: statuses.count)
    for domain in domainOrder {
      let counts = statuses.map { byDomain[domain]?[$0] ?? 0 }
      for (index, count) in counts.enumerated() { columnTotals[index] += count }
      rows.append([domain] + counts.map(String.init) + [String(counts.reduce(0, +))])
    }
    rows.append(["total"] + columnTotals.map(String.init) + [String(itemCount)])
    var text = "Item bank: \(itemCount) items, \(blueprintIDs.count) blueprint(s), \(formLengths.count) form(s)\n\n"
    text += TextTable.render(header: header, rows: rows)
    text +=
      "\nCognitive levels: "
      + CognitiveLevel.allCases.map { "\($0.rawValue) \(byLevel[$0] ?? 0)" }.joined(separator: ", ") + "\n"
    if !blueprintIDs.isEmpty { text += "Blueprints: \(blueprintIDs.joined(separator: ", "))\n" }
    if !formLengths.isEmpty {
      text += "Forms: " + formLengths.map { "\($0.id) (\($0.length) items)" }.joined(separator: ", ") + "\n"
    }
    text += "Problems: \(errorCount) error(s), \(warningCount) warning(s)\n"
    return text
  }
}
