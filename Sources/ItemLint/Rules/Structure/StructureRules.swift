import Foundation
import ItemBank
import ItemBenchCore

/// Shared data of the structural rules (the file parses, has the fields the format requires, and
/// refers only to things that exist): the bank loader's rules and an example blueprint.
enum StructureRules {
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
      description:
        "A required field (id, status, domain, cognitive_level, stem; options and key for a multiple-choice item, score_categories for a partial-credit one, and score and rubric in each score category) is missing.",
      triggering: [
        LintExample(
          "↓id: INV-0001\nstatus: draft\ndomain: inventory\ncognitive_level: recall\nstem: What is safety stock?\noptions: {A: Buffer stock, B: Cycle stock}\n"
        ),
        LintExample(
          "↓id: SCN-0001\nstatus: draft\ndomain: inventory\ncognitive_level: analysis\ntype: partial-credit\nstem: Compute the EOQ.\n",
          note: "a partial-credit item without score_categories"),
      ],
      nonTriggering: [
        LintExample(
          ExampleItem.text(
            stem: "What is safety stock?",
            options: ["Buffer stock", "Cycle stock", "Pipeline stock", "Anticipation stock"])),
        LintExample(
          ExampleItem.partialCredit(
            stem: "Compute the EOQ and show your work.",
            rubrics: ["No relevant work.", "States the EOQ formula.", "Computes 537 units."]),
          note: "a partial-credit item needs no options or key"),
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
      description:
        "A value of the wrong type, or an unknown status, cognitive level, item type or format version; score categories of a partial-credit item that are not 0, 1, …, m in order (m from 1 to 254); a field the item's type does not have (options, key or shuffle on a partial-credit item, score_categories on a multiple-choice one).",
      triggering: [
        LintExample(
          "id: INV-0001\nstatus: ↓published\ndomain: inventory\ncognitive_level: recall\nstem: What is safety stock?\noptions: {A: Buffer stock, B: Cycle stock, C: Pipeline stock, D: Lot size}\nkey: A\n"
        ),
        LintExample(
          "id: SCN-0001\nstatus: draft\ndomain: inventory\ncognitive_level: analysis\ntype: partial-credit\nstem: Compute the EOQ.\nscore_categories:\n  - {score: 0, rubric: No relevant work.}\n  - {score: ↓2, rubric: Computes 537 units.}\n",
          note: "a gap in the scores of a partial-credit item"),
        LintExample(
          "id: SCN-0001\nstatus: draft\ndomain: inventory\ncognitive_level: analysis\ntype: partial-credit\nstem: Compute the EOQ.\n↓options: {A: 537 units, B: 600 units}\nscore_categories:\n  - {score: 0, rubric: No relevant work.}\n  - {score: 1, rubric: Computes 537 units.}\n",
          note: "options on a partial-credit item"),
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
