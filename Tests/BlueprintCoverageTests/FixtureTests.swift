import ItemBank
import ItemBenchCore
import Testing

@testable import BlueprintCoverage

/// The good fixture bank's two forms meet the blueprint.
@Suite struct GoodFixtureTests {
  let bank = loadFixtureBank("good-bank")
  let blueprint: Blueprint

  init() throws { blueprint = try #require(bank.blueprint("mini")) }

  var report: CoverageReport {
    CoverageChecker.check(bank: bank, blueprint: blueprint, forms: bank.forms)
  }

  @Test func bothFormsPass() {
    let report = report
    #expect(report.forms.map(\.id) == ["form-a", "form-b"])
    #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
    #expect(report.passed)
    for form in report.forms {
      // alpha 5, beta 3, gamma 2; recall 4, application 4, analysis 2 (see the form files).
      #expect(form.domains.map(\.count) == [5, 3, 2])
      #expect(form.cognitiveLevels.map(\.count) == [4, 4, 2])
      // Anchors ALP-01, ALP-02, BET-01, GAM-01: 2/1/1 of 4 against 50/30/20 %: quotas 2, 1.2, 0.8.
      #expect(form.anchors.domains.map(\.anchors) == [2, 1, 1])
      #expect(form.anchors.domains.map(\.target.target) == [2, 1, 1])
      #expect(form.anchors.isMiniature)
      // Keys: A, B, C, D three times each over 12 four-option items: X² = 0, p = 1.
      #expect(form.keys.letters.map(\.observed) == [3, 3, 3, 3])
      #expect(form.keys.chiSquare == 0 && form.keys.pValue == 1)
      // ALP-03 and ALP-06 are enemies, but never on the same form.
      #expect(form.enemyPairs.isEmpty)
    }
  }

  @Test func overlapOfTheTwoForms() {
    // Shared: the anchors ALP-01, ALP-02, BET-01, GAM-01 and pretest BET-06, in form A's order;
    // 5 of 12 distinct items on each form = 41.67%.
    let overlap = report.overlaps
    #expect(overlap.count == 1)
    #expect(overlap[0].shared == ["ALP-01", "ALP-02", "BET-01", "GAM-01", "BET-06"])
    #expect(overlap[0].sharedAnchors == ["ALP-01", "ALP-02", "BET-01", "GAM-01"])
    #expect(abs(overlap[0].percentOfFirst - 500.0 / 12) < 1e-9)
  }
}

/// The deliberately broken form (Fixtures/broken-bank/forms/broken-form.yml) fails with every
/// form-level problem, and its bank with every bank-level problem.
///
/// Blueprint (broken-bank/blueprints/mini.yml): 12 = 10 scored + 2 pretest; alpha 40, beta 30,
/// gamma 20, delta 10 (each ± 10 %); recall 40, application 40, analysis 20 (each ± 10 %).
@Suite struct BrokenFixtureTests {
  let bank = loadFixtureBank("broken-bank")
  let blueprint: Blueprint

  init() throws { blueprint = try #require(bank.blueprint("mini")) }

  var report: CoverageReport {
    CoverageChecker.check(bank: bank, blueprint: blueprint, forms: bank.forms)
  }

  static let formFile = "broken-bank/forms/broken-form.yml"

  /// (line, column, severity, code) of every problem on the form, in location order.
  ///
  /// Counts: 14 entries (≠ 12); scored 9 + anchor 2 = 11 (≠ 10); pretest 3 (≠ 2).
  /// Scored entries by domain: alpha, A-02 (again), A-07 = 6; beta B-01,
  /// B-02 = 2; gamma 0; delta 0 (L-01 'legacy' and X-01 'gama' count nowhere; Z-99 is missing).
  /// Over 11 scored: quotas 4.4, 3.3, 2.2, 1.1 → Hamilton 5, 3, 2, 1; tolerance 1.1 items →
  /// alpha 4–5 (6 fails), beta 3–4 (2 fails), gamma 2–3 (0 fails), delta 0–2 (0 passes).
  /// Levels: recall, B-01, B-02 = 5; application A-03, A-04 = 2; analysis A-07
  /// = 1. Quotas 4.4, 4.4, 2.2 → 5, 4, 2; allowed recall 4–5 (passes), application 4–5 (fails),
  /// analysis 2–3 (fails).
  /// Anchors B-01, B-02 (both beta) against the form's alpha 6, beta 2 of 8: quotas 1.5, 0.5 →
  /// targets 2, 0; tolerance 0.2 items → alpha 1–2 (0 fails), beta 0–1 (2 fails); 2 anchors
  /// < ⌈20% of 11⌉ = 3 (warning).
  /// Keys over 12 distinct items (4 options each, expected 3): A 8, B 2, C 1, D 1 →
  /// X² = (25 + 1 + 4 + 4) / 3 = 11.33, df 3 (warning).
  static let formProblems: [(Int, Int, Severity, String)] = [
    (3, 1, .error, "form-length"),
    (3, 1, .error, "scored-count"),
    (3, 1, .error, "pretest-count"),
    (3, 1, .error, "domain-weight"),  // alpha
    (3, 1, .error, "domain-weight"),  // beta
    (3, 1, .error, "domain-weight"),  // gamma
    (3, 1, .error, "cognitive-level-weight"),  // application
    (3, 1, .error, "cognitive-level-weight"),  // analysis
    (3, 1, .error, "anchor-miniature"),  // alpha
    (3, 1, .error, "anchor-miniature"),  // beta
    (3, 1, .warning, "anchor-length"),
    (3, 1, .warning, "key-balance"),
    (10, 5, .error, "enemy-pair"),  // A-02 (line 9) and A-03
    (12, 5, .error, "duplicate-item"),  // A-02 again
    (13, 5, .error, "status-role"),  // A-07 draft as scored
    (14, 5, .error, "status-role"),  // L-01 retired as scored
    (14, 5, .error, "unknown-domain"),  // L-01 'legacy'
    (15, 5, .error, "unknown-domain"),  // X-01 'gama'
    (16, 5, .error, "item-not-found"),  // Z-99
    (19, 10, .error, "status-role"),  // G-01 operational as pretest
    (21, 10, .error, "status-role"),  // B-05 review as pretest
  ]

  @Test func formFailsWithEveryProblemListed() {
    let report = report
    let form = report.forms[0]
    #expect(!form.passed)
    let found = form.diagnostics.map { ($0.location.line, $0.location.column, $0.severity, $0.code ?? "-") }
    #expect(found.count == Self.formProblems.count)
    for (index, expected) in Self.formProblems.enumerated() where index < found.count {
      #expect(found[index] == expected, "problem \(index + 1)")
    }
    #expect(form.diagnostics.allSatisfy { $0.location.file.hasSuffix(Self.formFile) })
    // Every form-level rule id appears (the form is broken in every way the checker knows, except
    // being checked against another blueprint, which FormChecksTests covers).
    let formRules: Set = [
      "form-length", "scored-count", "pretest-count", "domain-weight", "cognitive-level-weight", "item-not-found",
      "status-role", "duplicate-item", "enemy-pair", "unknown-domain", "anchor-miniature", "anchor-length",
      "key-balance",
    ]
    #expect(Set(codes(form.diagnostics)) == formRules)
  }

  @Test func formNumbers() {
    let form = report.forms[0]
    #expect(form.length == 14 && form.scoredCount == 11 && form.anchorCount == 2 && form.pretestCount == 3)
    #expect(form.domains.map(\.count) == [6, 2, 0, 0])
    #expect(form.domains.map(\.target.target) == [5, 3, 2, 1])
    #expect(form.domains.map(\.target.rangeText) == ["4–5", "3–4", "2–3", "0–2"])
    #expect(form.cognitiveLevels.map(\.count) == [5, 2, 1])
    #expect(form.cognitiveLevels.map(\.target.target) == [5, 4, 2])
    #expect(form.anchors.domains.map(\.target.rangeText) == ["1–2", "0–1", "0", "0"])
    #expect(form.missingItems == ["Z-99"])
    #expect(form.duplicates == ["A-02"])
    #expect(form.statusProblems.map(\.itemID) == ["A-07", "L-01", "G-01", "B-05"])
    #expect(form.enemyPairs.map { [$0.first, $0.second] } == [["A-02", "A-03"]])
    #expect(form.unknownDomainItems == ["L-01", "X-01"])
    #expect(form.keys.letters.map(\.observed) == [8, 2, 1, 1])
    #expect(abs((form.keys.chiSquare ?? 0) - 34.0 / 3) < 1e-12)
    #expect(!form.keys.balanced)
  }

  @Test func bankFailsWithEveryProblemListed() {
    // Operational: alpha 4 (A-01…04), beta 4 (B-01…04), gamma 1 (G-01), delta 0; recall 5,
    // application 4, analysis 0. Per form: alpha 4 (3–5), beta 3 (2–4), gamma 2 (1–3),
    // delta 1 (0–2); recall 4 (3–5), application 4 (3–5), analysis 2 (1–3).
    // gamma and delta tight; analysis short; usable 4 + 4 + 1 + 0 = 9 < 10; pretest 1 of 2;
    // delta empty; X-01 'gama' unknown (error), L-01 'legacy' retired (warning); A-01 'a3'.
    let bankCoverage = report.bank
    #expect(bankCoverage.gaps.map(\.id) == ["analysis", "delta", "gamma"])
    #expect(bankCoverage.gaps.map(\.shortfall) == [2, 1, 1])
    #expect(bankCoverage.scoredUsable == 9)
    #expect(bankCoverage.emptyDomains == ["delta"])
    #expect(bankCoverage.unknownDomains.map(\.domain) == ["legacy", "gama"])
    let found = bankCoverage.diagnostics.map {
      (
        $0.location.file.split(separator: "/").suffix(2).joined(separator: "/"), $0.location.line, $0.severity,
        $0.code ?? "-"
      )
    }
    let expected: [(String, Int, Severity, String)] = [
      ("alpha/items.yml", 7, .warning, "unknown-subdomain"),  // A-01 'a3'
      ("blueprints/mini.yml", 4, .error, "bank-shortfall"),  // analysis
      ("blueprints/mini.yml", 4, .error, "bank-capacity"),
      ("blueprints/mini.yml", 4, .warning, "pretest-pipeline"),
      ("blueprints/mini.yml", 23, .warning, "bank-tight"),  // gamma
      ("blueprints/mini.yml", 27, .warning, "bank-tight"),  // delta
      ("blueprints/mini.yml", 27, .error, "empty-domain"),  // delta
      ("other/items.yml", 6, .warning, "unknown-domain"),  // L-01
      ("other/items.yml", 17, .error, "unknown-domain"),
    ]
    #expect(found.count == expected.count)
    for (index, row) in expected.enumerated() where index < found.count {
      #expect(found[index] == row, "bank problem \(index + 1)")
    }
    #expect(report.errorCount == 23 && report.warningCount == 7)
    #expect(!report.passed)
  }
}
