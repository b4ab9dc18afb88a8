import ItemBank
import ItemBenchCore
import Testing

@testable import BlueprintCoverage

/// Bank-level coverage of the good fixture bank (Fixtures/good-bank), worked out by hand.
///
/// Blueprint 'mini': 10 scored, 2 pretest; alpha 50 ± 10 %, beta 30 ± 10 %, gamma 20 ± 10 %;
/// recall 40 ± 10 %, application 40 ± 10 %, analysis 20 ± 10 %. Per form (10 scored, tolerance
/// 1 item): alpha 5 (4–6), beta 3 (2–4), gamma 2 (1–3); recall 4 (3–5), application 4 (3–5),
/// analysis 2 (1–3).
///
/// Operational items: alpha 8 (ALP-01…08), beta 5 (BET-01…05), gamma 4 (GAM-01…04);
/// recall 7 (ALP-01, 03, 06, BET-01, 05, GAM-02, 04), application 6 (ALP-02, 04, 07, BET-02, 04,
/// GAM-01), analysis 4 (ALP-05, 08, BET-03, GAM-03). Pipeline: pretest ALP-09, BET-06; approved
/// ALP-10; draft GAM-05.
@Suite struct BankCoverageTests {
  let bank = loadFixtureBank("good-bank")
  let blueprint: Blueprint

  init() throws { blueprint = try #require(bank.blueprint("mini")) }

  func coverage(forms: Int) -> BankCoverage {
    BankCoverage(bank: bank, blueprint: blueprint, options: CoverageOptions(plannedForms: forms))
  }

  @Test func oneFormIsSupported() {
    let one = coverage(forms: 1)
    #expect(one.domains.map(\.id) == ["alpha", "beta", "gamma"])
    #expect(one.domains.map(\.needed) == [5, 3, 2])
    #expect(one.domains.map(\.minimumNeeded) == [4, 2, 1])
    #expect(one.domains.map(\.available) == [8, 5, 4])
    #expect(one.cognitiveLevels.map(\.id) == ["recall", "application", "analysis"])
    #expect(one.cognitiveLevels.map(\.available) == [7, 6, 4])
    #expect(one.gaps.isEmpty)
    // Usable: min(8, 6) + min(5, 4) + min(4, 3) = 13 ≥ 10.
    #expect(one.scoredUsable == 13 && one.scoredNeeded == 10)
    #expect(one.pretestPipeline.eligible == 3 && one.pretestPipeline.shortfall == 0)
    #expect(one.diagnostics.isEmpty)
    #expect(one.passed)
  }

  @Test func itemsByStatusAndSubdomain() {
    let one = coverage(forms: 1)
    let alpha = one.domains[0]
    #expect(alpha.items[.operational] == 8 && alpha.items[.pretest] == 1 && alpha.items[.approved] == 1)
    #expect(alpha.items.total == 10)
    // a1: ALP-01…04 operational + ALP-09 pretest; a2: ALP-05…07 operational + ALP-10 approved;
    // no subdomain: ALP-08.
    #expect(alpha.subdomains.map(\.id) == ["a1", "a2", nil])
    #expect(alpha.subdomains.map(\.items.total) == [5, 4, 1])
    #expect(alpha.subdomains[1].items[.approved] == 1)
    #expect(one.domains[2].items[.draft] == 1)
  }

  @Test func twoFormsWithoutReuse() {
    // Needed 2 × (5, 3, 2) = 10, 6, 4; minimum 2 × (4, 2, 1) = 8, 4, 2; available 8, 5, 4:
    // alpha tight (short 2), beta tight (short 1), gamma sufficient.
    // Levels: needed 8, 8, 4; minimum 6, 6, 2; available 7, 6, 4: recall tight (1),
    // application tight (2), analysis sufficient.
    let two = coverage(forms: 2)
    #expect(two.domains.map(\.status) == [.tight, .tight, .sufficient])
    #expect(two.domains.map(\.shortfall) == [2, 1, 0])
    #expect(two.cognitiveLevels.map(\.status) == [.tight, .tight, .sufficient])
    // Worst first: shortfall 2 — application (6/8 = 75% available) before alpha (8/10 = 80%);
    // shortfall 1 — beta (5/6 = 83%) before recall (7/8 = 87.5%).
    #expect(two.gaps.map(\.id) == ["application", "alpha", "beta", "recall"])
    // Usable: min(8, 12) + min(5, 8) + min(4, 6) = 17 < 20: the bank cannot fill two forms.
    #expect(two.scoredUsable == 17 && two.scoredNeeded == 20)
    // Pretest: 4 slots, 3 eligible.
    #expect(two.pretestPipeline.shortfall == 1)
    #expect(
      codes(two.diagnostics).sorted() == [
        "bank-capacity", "bank-tight", "bank-tight", "bank-tight", "bank-tight", "pretest-pipeline",
      ])
    #expect(!two.passed)
  }

  @Test func threeFormsAreShort() {
    // Needed 15, 9, 6 and 12, 12, 6; minimum 12, 6, 3 and 9, 9, 3; available 8, 5, 4 and 7, 6, 4.
    // alpha short (7), beta short (4), gamma tight (2); recall short (5), application short (6),
    // analysis tight (2). Order: 7 alpha; 6 application; 5 recall; 4 beta; 2 gamma (4/6) and
    // analysis (4/6) tie → domains first.
    let three = coverage(forms: 3)
    #expect(three.domains.map(\.status) == [.short, .short, .tight])
    #expect(three.cognitiveLevels.map(\.status) == [.short, .short, .tight])
    #expect(three.gaps.map(\.id) == ["alpha", "application", "recall", "beta", "gamma", "analysis"])
    #expect(three.gaps.map(\.shortfall) == [7, 6, 5, 4, 2, 2])
    #expect(codes(three.diagnostics).filter { $0 == "bank-shortfall" }.count == 4)
  }

  @Test func unknownDomainsAndEmptyDomains() {
    // 'legacy' belongs to another blueprint (warning); 'gama' is a typo (error, suggestion);
    // domain 'c' of the blueprint has no items (error, weight > 0); 'z' has weight 0 (warning).
    let blueprint = makeBlueprint(scored: 2, domains: [("a", 50, 0), ("gamma", 50, 0), ("c", 0, 0)])
    let items = [
      makeItem("A1", domain: "a"), makeItem("G1", domain: "gamma"), makeItem("L1", domain: "legacy"),
      makeItem("T1", .retired, domain: "old"), makeItem("X1", domain: "gama"), makeItem("X2", .draft, domain: "gama"),
    ]
    let coverage = BankCoverage(
      bank: ItemBank(root: "mem", items: items), blueprint: blueprint,
      options: CoverageOptions(otherBlueprintDomains: ["legacy"]))
    #expect(coverage.unknownDomains.map(\.domain) == ["legacy", "old", "gama"])
    #expect(coverage.unknownDomains[2].itemIDs == ["X1", "X2"])
    #expect(coverage.unknownDomains[2].suggestion == "gamma")
    #expect(coverage.unknownDomains[0].inOtherBlueprint)
    #expect(coverage.emptyDomains == ["c"])
    let unknown = coverage.diagnostics.filter { $0.code == "unknown-domain" }
    // L1 (other blueprint) and T1 (retired) are warnings; X1 and X2 are errors.
    #expect(unknown.map(\.severity).sorted() == [.warning, .warning, .error, .error])
    let empty = coverage.diagnostics.filter { $0.code == "empty-domain" }
    #expect(empty.map(\.severity) == [.warning])  // 'c' has weight 0
  }

  @Test func emptyDomainWithWeightIsAnError() {
    let blueprint = makeBlueprint(scored: 2, domains: [("a", 50, 0), ("b", 50, 0)])
    let coverage = BankCoverage(
      bank: ItemBank(root: "mem", items: [makeItem("A1", domain: "a"), makeItem("A2", domain: "a")]),
      blueprint: blueprint, options: CoverageOptions())
    #expect(coverage.emptyDomains == ["b"])
    // b needs 1 item (minimum 1 with zero tolerance): short, plus empty-domain; usable 1 + 0 < 2.
    #expect(codes(coverage.diagnostics) == ["bank-capacity", "bank-shortfall", "empty-domain"])
    #expect(!coverage.passed)
  }
}
