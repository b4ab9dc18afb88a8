import Foundation
import ItemBank
import ItemBenchCore

/// Structural rules: the file parses, has the fields the format requires, and refers only to
/// things that exist.
enum StructureRules {
  static var all: [any LintRule] {
    loaderRules + [
      KeyNotAnOptionRule(), OptionCountRule(), DuplicateOptionRule(), UnknownDomainRule(),
      EnemyNotFoundRule(), TemplatePlaceholderRule(),
    ]
  }

  /// Problems the bank loader reports itself, as rules so they can be configured, suppressed
  /// and baselined like any other.
  static let loaderRules: [any LintRule] = [
    LoaderDiagnosticRule(
      id: "yaml-syntax",
      description: "The file is not valid YAML (or not UTF-8 text). Reported where libyaml stops.",
      triggering: [
        LintExample("id: INV-0001\nstatus: draft\nstem: What is the EOQ↓: the order size?\n")
      ],
      nonTriggering: [
        LintExample(ExampleItem.text(stem: "What is the EOQ?", options: ["Order size", "Lot", "Lead time", "Buffer"]))
      ]),
    LoaderDiagnosticRule(
      id: "missing-field",
      description: "A required field (id, status, domain, cognitive_level, stem, options, key) is missing.",
      triggering: [
        LintExample(
          "↓id: INV-0001\nstatus: draft\ndomain: inventory\ncognitive_level: recall\nstem: What is safety stock?\noptions: {A: Buffer stock, B: Cycle stock}\n"
        )
      ],
      nonTriggering: [
        LintExample(
          ExampleItem.text(
            stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]))
      ]),
    LoaderDiagnosticRule(
      id: "unknown-field",
      description:
        "A field the format does not define (a typo, or statistics that belong in parameter files), with a did-you-mean suggestion.",
      triggering: [
        LintExample(
          ExampleItem.text(
            stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"],
            extra: "↓refrences: [APICS Dictionary]"))
      ],
      nonTriggering: [
        LintExample(
          ExampleItem.text(
            stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]))
      ]),
    LoaderDiagnosticRule(
      id: "invalid-value",
      description: "A value of the wrong type, or an unknown status, cognitive level or format version.",
      triggering: [
        LintExample(
          "id: INV-0001\nstatus: ↓published\ndomain: inventory\ncognitive_level: recall\nstem: What is safety stock?\noptions: {A: Buffer stock, B: Cycle stock, C: Pipeline stock, D: Lot size}\nkey: A\n"
        )
      ],
      nonTriggering: [
        LintExample(
          ExampleItem.text(
            stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]))
      ]),
    LoaderDiagnosticRule(
      id: "invalid-id",
      description:
        "An id (of an item, form, blueprint or domain) breaks the id rule: \(Identifier.rule). So ids can never be empty, carry path syntax or hide control, bidirectional or invisible characters.",
      triggering: [
        LintExample(
          ExampleItem.text(
            id: "↓../INV-0001", stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]))
      ],
      nonTriggering: [
        LintExample(
          ExampleItem.text(
            stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]))
      ]),
    LoaderDiagnosticRule(
      id: "duplicate-id",
      description:
        "Two items (or blueprints, forms, blueprint domains) share an id; ids must be unique across the bank and never reused.",
      triggering: [
        LintExample(files: [
          "a.yml": ExampleItem.text(
            id: "INV-0001", stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
          "b.yml": ExampleItem.text(
            id: "↓INV-0001", stem: "What is cycle stock?",
            options: ["Lot-size stock", "Buffer stock", "Pipeline stock", "Anticipation stock"]),
        ])
      ],
      nonTriggering: [
        LintExample(files: [
          "a.yml": ExampleItem.text(
            id: "INV-0001", stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
          "b.yml": ExampleItem.text(
            id: "INV-0002", stem: "What is cycle stock?",
            options: ["Lot-size stock", "Buffer stock", "Pipeline stock", "Anticipation stock"]),
        ])
      ]),
    LoaderDiagnosticRule(
      id: "unknown-blueprint",
      description: "A form names a blueprint that is not in the bank.",
      triggering: [
        LintExample(files: [
          "blueprints/demo.yml": demoBlueprint,
          "forms/a.yml": "↓id: form-a\nblueprint: demo-full\nitems: [INV-0001]\n",
          "inventory/INV-0001.yml": ExampleItem.text(
            stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
        ])
      ],
      nonTriggering: [
        LintExample(files: [
          "blueprints/demo.yml": demoBlueprint,
          "forms/a.yml": "id: form-a\nblueprint: demo\nitems: [INV-0001]\n",
          "inventory/INV-0001.yml": ExampleItem.text(
            stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
        ])
      ]),
    LoaderDiagnosticRule(
      id: "item-not-found",
      description: "A form lists an item id that is not in the bank.",
      triggering: [
        LintExample(files: [
          "blueprints/demo.yml": demoBlueprint,
          "forms/a.yml": "id: form-a\nblueprint: demo\nitems: [INV-0001, ↓INV-0009]\n",
          "inventory/INV-0001.yml": ExampleItem.text(
            stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
        ])
      ],
      nonTriggering: [
        LintExample(files: [
          "blueprints/demo.yml": demoBlueprint,
          "forms/a.yml": "id: form-a\nblueprint: demo\nitems: [INV-0001]\n",
          "inventory/INV-0001.yml": ExampleItem.text(
            stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
        ])
      ]),
  ]

  /// A small valid blueprint with the domains `inventory` (subdomains `safety-stock`,
  /// `lot-sizing`) and `planning`.
  static let demoBlueprint = """
    id: demo
    exam: Demonstration exam
    form_length: 10
    scored: 10
    weights: {unit: percent, source: example}
    domains:
      - {id: inventory, title: Inventory, weight: 60, tolerance: 5, subdomains: [safety-stock, lot-sizing]}
      - {id: planning, title: Planning, weight: 40, tolerance: 5}

    """
}

/// A rule whose findings are the bank loader's diagnostics with the rule's id as their code.
public struct LoaderDiagnosticRule: LintRule {
  public let id: String
  public let description: String
  public let triggeringExamples: [LintExample]
  public let nonTriggeringExamples: [LintExample]
  public var defaultSeverity: Severity { .error }
  public var category: LintRuleCategory { .structure }

  public init(id: String, description: String, triggering: [LintExample], nonTriggering: [LintExample]) {
    self.id = id
    self.description = description
    self.triggeringExamples = triggering
    self.nonTriggeringExamples = nonTriggering
  }

  public func check(bank: ItemBank, context: LintContext) -> [LintFinding] {
    bank.diagnostics.compactMap { diagnostic in
      guard diagnostic.code == id, context.isLinted(diagnostic.location.file) else { return nil }
      return context.finding(diagnostic.message, at: diagnostic.location)
    }
  }
}

/// `key-not-an-option`: the key must name one of the item's options.
struct KeyNotAnOptionRule: LintRule {
  let id = "key-not-an-option"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  let description = "The key does not name one of the item's options."
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"], key: "↓E"))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"], key: "A"))
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    guard item.keyIndex == nil else { return [] }
    let ids = item.options.map(\.id)
    return [
      context.finding(
        "key '\(item.key)' is not one of the options (\(ids.joined(separator: ", ")))"
          + (item.key.count > 2 ? EditDistance.didYouMean(item.key, among: ids) : ""),
        item: item, field: "key", highlighting: item.key)
    ]
  }
}

/// `option-count`: every item has the bank's number of options.
struct OptionCountRule: LintRule {
  let id = "option-count"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  let description = "The item does not have the bank's number of options (parameter `count`, default 4)."
  var parameters: [RuleParameter] {
    [
      RuleParameter(
        "count", default: .integer(4), "the number of options every item must have", minimum: 2, maximum: 26)
    ]
  }
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        "id: INV-0001\nstatus: draft\ndomain: inventory\ncognitive_level: recall\nstem: What is safety stock?\noptions:\n  ↓A: Buffer stock\n  B: Cycle stock\n  C: Pipeline stock\nkey: A\nrationale: R\nreferences: [Ref]\n"
      ),
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]
        )
        .replacingOccurrences(of: "  A: Buffer", with: "  ↓A: Buffer"),
        options: ["count": .integer(3)], note: "with count: 3"),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"])),
      LintExample(
        ExampleItem.text(stem: "What is safety stock?", options: ["Buffer stock", "Cycle stock", "Pipeline stock"]),
        options: ["count": .integer(3)], note: "with count: 3"),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let expected = context.options.integer("count")
    guard item.options.count != expected else { return [] }
    return [
      context.finding("item has \(item.options.count) options; expected \(expected)", item: item, field: "options")
    ]
  }
}

/// `duplicate-option`: no two options have the same id or the same text.
struct DuplicateOptionRule: LintRule {
  let id = "duplicate-option"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  let description = "Two options have the same words (ignoring case, spacing and punctuation) or the same id."
  var triggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?", options: ["Buffer stock", "Cycle stock", "Pipeline stock", "↓buffer stock."]))
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(
        ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]))
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    // Texts seen so far with the option that first had each (a handful of options: linear
    // scans are cheaper than hashing word lists).
    var firstByText: [(text: [String], id: String)] = []
    var seenIDs: [String] = []
    let words = context.analysis(of: item).lowercasedOptionWords
    for (index, option) in item.options.enumerated() {
      if seenIDs.contains(option.id) {
        findings.append(
          context.finding("option id '\(option.id)' is used twice", item: item, field: "options.\(option.id)"))
        continue
      }
      seenIDs.append(option.id)
      let text = words[index].isEmpty ? [TextAnalysis.normalised(option.text)] : words[index]
      if let first = firstByText.first(where: { $0.text == text }) {
        findings.append(
          context.finding(
            "options \(first.id) and \(option.id) have the same text", item: item, field: "options.\(option.id)"))
      } else {
        firstByText.append((text, option.id))
      }
    }
    return findings
  }
}

/// `unknown-domain`: the item's domain (and subdomain) must be in the bank's blueprint.
struct UnknownDomainRule: LintRule {
  let id = "unknown-domain"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  let description = """
    The item's domain is not a domain of the bank's blueprint(s), or its subdomain is not one the \
    blueprint lists for that domain. Not checked when the bank has no blueprint.
    """
  var triggeringExamples: [LintExample] {
    [
      LintExample(files: [
        "blueprints/demo.yml": StructureRules.demoBlueprint,
        "inventory/INV-0001.yml": ExampleItem.text(
          domain: "↓inventroy", stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
      ]),
      LintExample(files: [
        "blueprints/demo.yml": StructureRules.demoBlueprint,
        "inventory/INV-0001.yml": ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"],
          extra: "subdomain: ↓safety-stocks"),
      ]),
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(files: [
        "blueprints/demo.yml": StructureRules.demoBlueprint,
        "inventory/INV-0001.yml": ExampleItem.text(
          stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"],
          extra: "subdomain: safety-stock"),
      ]),
      LintExample(
        ExampleItem.text(
          domain: "anything", stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"]),
        note: "no blueprint in the bank"),
    ]
  }

  func check(item: Item, context: LintContext) -> [LintFinding] {
    let blueprints = context.blueprints
    guard !blueprints.isEmpty else { return [] }
    let domains = blueprints.flatMap { $0.domains.filter { $0.id == item.domain } }
    var names: String { blueprints.map { "'\($0.id)'" }.joined(separator: ", ") }
    if domains.isEmpty {
      let known = Set(blueprints.flatMap { $0.domains.map(\.id) })
      return [
        context.finding(
          "domain '\(item.domain)' is not in the blueprint \(names)"
            + EditDistance.didYouMean(item.domain, among: known),
          item: item, field: "domain", highlighting: item.domain)
      ]
    }
    if let subdomain = item.subdomain {
      let known = Set(domains.flatMap(\.subdomains))
      if !known.isEmpty, !known.contains(subdomain) {
        return [
          context.finding(
            "subdomain '\(subdomain)' is not a subdomain of '\(item.domain)' in the blueprint \(names)"
              + EditDistance.didYouMean(subdomain, among: known),
            item: item, field: "subdomain", highlighting: subdomain)
        ]
      }
    }
    return []
  }
}

/// `enemy-not-found`: every enemy id names an item of the bank.
struct EnemyNotFoundRule: LintRule {
  let id = "enemy-not-found"
  let defaultSeverity = Severity.error
  let category = LintRuleCategory.structure
  let description =
    "An id listed under `enemies` is not an item of the bank (the whole bank, even when one file is linted)."
  var triggeringExamples: [LintExample] {
    [
      LintExample(files: [
        "a.yml": ExampleItem.text(
          id: "INV-0001", stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"],
          extra: "enemies: [INV-0002, ↓INV-0003]"),
        "b.yml": ExampleItem.text(
          id: "INV-0002", stem: "Why hold safety stock?",
          options: ["Demand varies", "Prices rise", "Lots are large", "Ordering is costly"]),
      ])
    ]
  }
  var nonTriggeringExamples: [LintExample] {
    [
      LintExample(files: [
        "a.yml": ExampleItem.text(
          id: "INV-0001", stem: "What is safety stock?",
          options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"], extra: "enemies: [INV-0002]"
        ),
        "b.yml": ExampleItem.text(
          id: "INV-0002", stem: "Why hold safety stock?",
          options: ["Demand varies", "Prices rise", "Lots are large", "Ordering is costly"]),
      ])
    ]
  }

  func check(bank: ItemBank, context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    for item in bank.items where !item.enemies.isEmpty && context.isLinted(item.source.file) {
      for (index, enemy) in item.enemies.enumerated() where bank.item(enemy) == nil {
        findings.append(
          context.finding(
            "enemy '\(enemy)' is not an item of the bank"
              + EditDistance.didYouMean(enemy, among: bank.items.lazy.map(\.id)),
            item: item, field: "enemies.\(index)", highlighting: enemy))
      }
    }
    return findings
  }
}
