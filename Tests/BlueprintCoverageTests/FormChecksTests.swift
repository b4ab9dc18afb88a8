import ItemBank
import ItemBenchCore
import Testing

@testable import BlueprintCoverage

/// Form checks on small in-memory banks; every expected number is worked out in the comments.
/// In-memory items are all keyed A, so most forms here also draw a key-balance warning;
/// ``findings(_:)`` leaves it out (the key test is in KeyBalanceTests and the broken fixture).
@Suite struct FormChecksTests {
  /// 10 scored + 2 pretest; a 50 ± 10 %, b 30 ± 10 %, c 20 ± 10 %.
  /// Targets for 10 scored: a 5 (4–6), b 3 (2–4), c 2 (1–3).
  let blueprint = makeBlueprint(scored: 10, pretest: 2, domains: [("a", 50, 10), ("b", 30, 10), ("c", 20, 10)])

  /// a: A1…A7, b: B1…B5, c: C1…C4 operational; P1 pretest; Q1 approved; D1 draft; R1 review;
  /// T1 retired (all domain a).
  var bank: ItemBank {
    var items: [Item] = []
    items += (1...7).map { makeItem("A\($0)", domain: "a") }
    items += (1...5).map { makeItem("B\($0)", domain: "b") }
    items += (1...4).map { makeItem("C\($0)", domain: "c") }
    items += [
      makeItem("P1", .pretest, domain: "a"), makeItem("Q1", .approved, domain: "a"),
      makeItem("D1", .draft, domain: "a"),
      makeItem("R1", .review, domain: "a"), makeItem("T1", .retired, domain: "a"),
    ]
    return ItemBank(root: "mem", items: items)
  }

  func entries(_ ids: [String], role: FormRole = .scored) -> [(String, FormRole)] { ids.map { ($0, role) } }

  @Test func statusPolicyTable() {
    // Written out from the policy: scored/anchor → operational only; pretest → pretest or approved.
    let allowed: [ItemStatus: Set<FormRole>] = [
      .draft: [], .review: [], .approved: [.pretest], .pretest: [.pretest], .operational: [.scored, .anchor],
      .retired: [],
    ]
    for status in ItemStatus.allCases {
      for role in FormRole.allCases {
        #expect(StatusProblem.allows(status, as: role) == allowed[status]!.contains(role), "\(status) as \(role)")
      }
    }
  }

  @Test func administeredFormsAllowTheStatusesTheLifeCycleReachesLater() {
    // Written out from the rule for a form given in the past: scored/anchor items may since have
    // been retired; pretest items promoted (operational), retired, or sent back to review;
    // draft is never possible for an item that was on a form.
    let allowed: [ItemStatus: Set<FormRole>] = [
      .draft: [], .review: [.pretest], .approved: [.pretest], .pretest: [.pretest],
      .operational: [.scored, .anchor, .pretest], .retired: [.scored, .anchor, .pretest],
    ]
    for status in ItemStatus.allCases {
      for role in FormRole.allCases {
        #expect(
          StatusProblem.allows(status, as: role, administered: true) == allowed[status]!.contains(role),
          "\(status) as \(role)")
      }
    }
  }

  @Test func anAdministeredFormIsCheckedAsItWasGiven() {
    // T1 (retired) scored, R1 (review) and A5 (operational, i.e. promoted) as pretest. Strict:
    // all three are status-role errors; administered: none is. D1 (draft) in T1's place as
    // scored stays an error, with the administered rule in its message.
    var form = makeForm(
      "f",
      entries(["A1", "A2", "A3", "A4", "B1", "B2", "B3", "C1", "C2", "T1"]) + [("R1", .pretest), ("A5", .pretest)])
    #expect(
      FormCoverage(form: form, bank: bank, blueprint: blueprint).statusProblems.map(\.itemID) == ["T1", "R1", "A5"])
    form.administered = "2026-05-01"
    #expect(FormCoverage(form: form, bank: bank, blueprint: blueprint).statusProblems.isEmpty)
    form.entries[9] = FormEntry(itemID: "D1", role: .scored, location: form.entries[9].location)
    let result = FormCoverage(form: form, bank: bank, blueprint: blueprint)
    #expect(result.statusProblems.map(\.itemID) == ["D1"])
    #expect(
      result.diagnostics.first { $0.code == "status-role" }?.description.contains(
        "on a form administered on 2026-05-01 scored and anchor items must be operational or since retired") == true)
  }

  @Test func statusProblemsPointAtTheEntry() {
    // Entries on lines 10…21: A1…A4, B1…B3, C1, C2 scored (9), D1 scored (line 19), T1 pretest
    // (line 20), A5 pretest (line 21: operational as pretest).
    let form = makeForm(
      "f",
      entries(["A1", "A2", "A3", "A4", "B1", "B2", "B3", "C1", "C2", "D1"]) + [("T1", .pretest), ("A5", .pretest)])
    let result = FormCoverage(form: form, bank: bank, blueprint: blueprint)
    let problems = result.diagnostics.filter { $0.code == "status-role" }
    #expect(problems.map(\.location.line) == [19, 20, 21])
    #expect(result.statusProblems.map(\.itemID) == ["D1", "T1", "A5"])
    #expect(
      problems[0].description.hasPrefix("forms/f.yml:19:5: error: item 'D1' is draft but is on form 'f' as scored"))
    #expect(!result.passed)
  }

  @Test func countsAgainstTheBlueprint() {
    // 11 entries: 8 scored + 1 anchor + 2 pretest → length 11 ≠ 12, scored 9 ≠ 10, pretest 2 = 2.
    let form = makeForm(
      "f",
      entries(["A1", "A2", "A3", "A4", "B1", "B2", "C1", "C2"]) + [("B3", .anchor), ("P1", .pretest), ("Q1", .pretest)])
    let result = FormCoverage(form: form, bank: bank, blueprint: blueprint)
    #expect(result.length == 11 && result.scoredCount == 9 && result.anchorCount == 1 && result.pretestCount == 2)
    #expect(
      findings(result.diagnostics).filter { $0.hasSuffix("-count") || $0 == "form-length" } == [
        "form-length", "scored-count",
      ])
  }

  @Test func domainCountsUseTheFormsScoredEntries() {
    // 10 scored: a 7, b 2, c 1 → quotas 5, 3, 2 with tolerance 1 item: a 4–6 (7 fails),
    // b 2–4 (2 passes), c 1–3 (1 passes).
    let form = makeForm(
      "f",
      entries(["A1", "A2", "A3", "A4", "A5", "A6", "A7", "B1", "B2", "C1"]) + [("P1", .pretest), ("Q1", .pretest)])
    let result = FormCoverage(form: form, bank: bank, blueprint: blueprint)
    #expect(result.domains.map(\.count) == [7, 2, 1])
    #expect(result.domains.map(\.target.target) == [5, 3, 2])
    #expect(result.domains.map(\.withinTolerance) == [false, true, true])
    #expect(findings(result.diagnostics) == ["domain-weight"])
    #expect(result.diagnostics[0].message.contains("allows 4–6"))
  }

  @Test func percentWeightsOnALongForm() {
    // 130 scored, x 10% ± 2% and y 90% ± 2%: x quota 13, tolerance 2.6 → 11…15 allowed.
    let long = makeBlueprint(scored: 130, domains: [("x", 10, 2), ("y", 90, 2)])
    let items = (1...20).map { makeItem("X\($0)", domain: "x") } + (1...130).map { makeItem("Y\($0)", domain: "y") }
    let bank = ItemBank(root: "mem", items: items)
    for (xCount, passes) in [(10, false), (11, true), (15, true), (16, false)] {
      let ids = (1...xCount).map { "X\($0)" } + (1...(130 - xCount)).map { "Y\($0)" }
      let result = FormCoverage(form: makeForm("f", entries(ids)), bank: bank, blueprint: long)
      // y: 90% of 130 = 117 ± 2.6 → 115…119, so y fails together with x.
      #expect(result.domains[0].withinTolerance == passes, "x = \(xCount)")
      #expect(result.passed == passes, "x = \(xCount)")
    }
  }

  @Test func countWeightsAreAbsolute() {
    // Count unit: a 5 ± 1, b 3 ± 1, c 2 ± 1 → a 4–6, b 2–4, c 1–3 whatever the form's length.
    let counts = makeBlueprint(scored: 10, unit: .count, domains: [("a", 5, 1), ("b", 3, 1), ("c", 2, 1)])
    let good = FormCoverage(
      form: makeForm("f", entries(["A1", "A2", "A3", "A4", "A5", "A6", "B1", "B2", "C1", "C2"])), bank: bank,
      blueprint: counts)
    #expect(good.domains.map(\.target.rangeText) == ["4–6", "2–4", "1–3"])
    #expect(good.passed)
    // 9 scored: a 7 (too many), b 1 (too few), c 1 → targets stay 5, 3, 2.
    let bad = FormCoverage(
      form: makeForm("f", entries(["A1", "A2", "A3", "A4", "A5", "A6", "A7", "B1", "C1"])), bank: bank,
      blueprint: counts)
    #expect(bad.domains.map(\.target.target) == [5, 3, 2])
    #expect(bad.domains.map(\.withinTolerance) == [false, false, true])
  }

  @Test func cognitiveLevels() {
    // recall 60 ± 10 %, analysis 40 ± 10 % of 10 scored: recall 6 (5–7), analysis 4 (3–5).
    let levels = makeBlueprint(
      scored: 10, domains: [("a", 100, 0)],
      levels: [.recall: WeightTarget(weight: 60, tolerance: 10), .analysis: WeightTarget(weight: 40, tolerance: 10)])
    let items =
      (1...8).map { makeItem("R\($0)", domain: "a", level: .recall) }
      + (1...2).map { makeItem("N\($0)", domain: "a", level: .analysis) }
    let result = FormCoverage(
      form: makeForm("f", entries(items.map(\.id))), bank: ItemBank(root: "mem", items: items), blueprint: levels)
    // 8 recall (allowed 5–7) and 2 analysis (allowed 3–5): both out.
    #expect(result.cognitiveLevels.map(\.id) == ["recall", "analysis"])
    #expect(result.cognitiveLevels.map(\.count) == [8, 2])
    #expect(result.cognitiveLevels.map(\.target.rangeText) == ["5–7", "3–5"])
    #expect(findings(result.diagnostics) == ["cognitive-level-weight", "cognitive-level-weight"])
  }

  @Test func missingDuplicateAndUnknownDomainItems() {
    let items = bank.items + [makeItem("Z1", domain: "zeta")]
    let form = makeForm("f", entries(["A1", "A9", "A1", "A1", "Z1"]))
    let result = FormCoverage(form: form, bank: ItemBank(root: "mem", items: items), blueprint: blueprint)
    #expect(result.missingItems == ["A9"])
    #expect(result.duplicates == ["A1", "A1"])
    #expect(result.unknownDomainItems == ["Z1"])
    let found = result.diagnostics.filter {
      ["item-not-found", "duplicate-item", "unknown-domain"].contains($0.code ?? "")
    }
    #expect(found.map(\.location.line) == [11, 12, 13, 14])
    #expect(found[0].message.contains("did you mean 'A1'?"))
    #expect(found[1].message.contains("first at line 10"))
  }

  @Test func enemiesDeclaredOnEitherSideAreReportedOnce() {
    // E1 lists E3; E4 lists E2 and E2 lists E4 (both sides); E5 lists an item not on the form.
    let items = [
      makeItem("E1", domain: "a", enemies: ["E3"]), makeItem("E2", domain: "a", enemies: ["E4"]),
      makeItem("E3", domain: "a"), makeItem("E4", domain: "a", enemies: ["E2"]),
      makeItem("E5", domain: "a", enemies: ["A1"]),
    ]
    let form = makeForm("f", entries(["E1", "E2", "E3", "E4", "E5"]))
    let result = FormCoverage(form: form, bank: ItemBank(root: "mem", items: items), blueprint: blueprint)
    #expect(result.enemyPairs.map { "\($0.first)+\($0.second)" } == ["E1+E3", "E2+E4"])
    // Reported at the later item: E3 on line 12, E4 on line 13.
    #expect(result.diagnostics.filter { $0.code == "enemy-pair" }.map(\.location.line) == [12, 13])
  }

  @Test func anchorMiniature() {
    // Form: a 5, b 3, c 2 scored (50/30/20 %). Anchors (0, 2, 2) out of 4: quotas 2, 1.2, 0.8,
    // tolerance 10% of 4 = 0.4 items → a 1.6…2.4 → 2 only, b 0.8…1.6 plus ⌊1.2⌋, ⌈1.2⌉ → 1–2,
    // c 0.4…1.2 plus 0, 1 → 0–1. a (0) and c (2) fail, b (2) passes.
    let form = makeForm(
      "f",
      entries(["A1", "A2", "A3", "A4", "A5"]) + [
        ("B1", .anchor), ("B2", .anchor), ("B3", .scored), ("C1", .anchor), ("C2", .anchor),
      ]
        + [("P1", .pretest), ("Q1", .pretest)])
    let result = FormCoverage(form: form, bank: bank, blueprint: blueprint)
    #expect(result.anchors.count == 4)
    #expect(result.anchors.domains.map(\.anchors) == [0, 2, 2])
    #expect(result.anchors.domains.map(\.target.rangeText) == ["2", "1–2", "0–1"])
    #expect(result.anchors.domains.map(\.withinTolerance) == [false, true, false])
    #expect(!result.anchors.isMiniature)
    #expect(findings(result.diagnostics) == ["anchor-miniature", "anchor-miniature"])
    // 4 anchors ≥ ⌈20% of 10⌉ = 2: no length warning.
    #expect(result.anchors.recommendedMinimum == 2)
  }

  @Test func anchorLengthRecommendation() {
    // ⌈0.2 × 11⌉ = 3; ⌈0.2 × 200⌉ = 40, capped at 30.
    let eleven = makeBlueprint(scored: 11, domains: [("a", 100, 0)])
    let items = (1...200).map { makeItem("I\($0)", domain: "a") }
    let bank = ItemBank(root: "mem", items: items)
    let form = makeForm("f", [("I1", .anchor), ("I2", .anchor)] + (3...11).map { ("I\($0)", .scored) })
    let result = FormCoverage(form: form, bank: bank, blueprint: eleven)
    #expect(result.anchors.recommendedMinimum == 3)
    #expect(findings(result.diagnostics) == ["anchor-length"])
    #expect(result.passed)  // a warning does not fail the form
    let long = makeBlueprint(scored: 200, domains: [("a", 100, 0)])
    let longForm = makeForm("g", (1...30).map { ("I\($0)", .anchor) } + (31...200).map { ("I\($0)", .scored) })
    let longResult = FormCoverage(form: longForm, bank: bank, blueprint: long)
    #expect(longResult.anchors.recommendedMinimum == 30)
    #expect(findings(longResult.diagnostics).isEmpty)
  }

  @Test func noAnchorsNoAnchorFindings() {
    let form = makeForm(
      "f",
      entries(["A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "C1", "C2"]) + [("P1", .pretest), ("Q1", .pretest)])
    let result = FormCoverage(form: form, bank: bank, blueprint: blueprint)
    #expect(result.anchors.count == 0 && result.anchors.domains.isEmpty && result.anchors.isMiniature)
    #expect(findings(result.diagnostics).isEmpty)
    #expect(result.passed)
  }

  @Test func blueprintMismatch() {
    let form = makeForm(
      "f", blueprint: "other",
      entries(["A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "C1", "C2"]) + [("P1", .pretest), ("Q1", .pretest)])
    let result = FormCoverage(form: form, bank: bank, blueprint: blueprint)
    #expect(findings(result.diagnostics) == ["blueprint-mismatch"])
  }

  @Test func overlapCountsDistinctItems() {
    // f: A1 A2 A3 A1 (3 distinct); g: A3 A2 B1 B2 (4). Shared A2, A3 (in f's order):
    // 2/3 = 66.7% of f, 2/4 = 50% of g. A2 is an anchor on both.
    let f = makeForm("f", [("A1", .scored), ("A2", .anchor), ("A3", .scored), ("A1", .scored)])
    let g = makeForm("g", [("A3", .anchor), ("A2", .anchor), ("B1", .scored), ("B2", .scored)])
    let overlap = FormOverlap(f, g)
    #expect(overlap.firstItems == 3 && overlap.secondItems == 4)
    #expect(overlap.shared == ["A2", "A3"])
    #expect(overlap.sharedAnchors == ["A2"])
    #expect(abs(overlap.percentOfFirst - 200.0 / 3) < 1e-9 && overlap.percentOfSecond == 50)
  }
}
