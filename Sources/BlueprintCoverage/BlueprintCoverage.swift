// The BlueprintCoverage module: blueprint coverage checks of a bank and of exam forms.
import ItemBank
import ItemBenchCore

/// Settings of a coverage check.
public struct CoverageOptions: Hashable, Sendable {
  /// How many forms the bank must support without reusing an item (`--forms N`), clamped to
  /// ``InputLimits/plannedForms`` (1…1,000) so that the counts it multiplies cannot overflow.
  public var plannedForms: Int
  /// Domain ids of the program's other blueprints. An item whose domain is not in the checked
  /// blueprint but is in one of these is reported as a warning (it belongs elsewhere), not an
  /// error.
  public var otherBlueprintDomains: Set<String>
  /// The significance level of the key-balance chi-square test (default 0.05).
  public var keyBalanceSignificance: Double

  public init(
    plannedForms: Int = 1, otherBlueprintDomains: Set<String> = [], keyBalanceSignificance: Double = 0.05
  ) {
    assert(plannedForms >= 1, "plan at least one form")
    self.plannedForms = Swift.min(
      Swift.max(InputLimits.plannedForms.lowerBound, plannedForms), InputLimits.plannedForms.upperBound)
    self.otherBlueprintDomains = otherBlueprintDomains
    self.keyBalanceSignificance = keyBalanceSignificance
  }
}

/// The rules a coverage report applies, as sentences. Every rendering states them, so a reader
/// of the output knows how a weight became a number of items and what was allowed.
public enum CoverageRules {
  public static let rounding = """
    Counts implied by a weight: the scored count is split over the weights by largest-remainder \
    (Hamilton) apportionment of the exact quotas (scored × weight / sum of weights; leftover items \
    to the largest fractional parts, ties to the earlier domain), so the targets add up to the \
    scored total. A count is within the blueprint when it lies within quota ± tolerance (tolerance \
    converted to items: scored × tolerance / 100 for percent weights), inclusive; the whole \
    numbers just below and above the quota are always allowed. Percent weights apply to the \
    form's scored entries (scored + anchor), count weights to the blueprint's scored count.
    """
  public static let statusPolicy = """
    Status policy: scored and anchor items must be operational; pretest items must be pretest or \
    approved; draft, review and retired items may not appear on a form in any role. A form with \
    an 'administered' date is checked as it was given: its scored and anchor items may since have \
    been retired, its pretest items promoted (operational), retired or sent back to review.
    """
  public static let bankCapacity = """
    Bank capacity: operational items per domain (and cognitive level) against the forms planned \
    without reusing an item. 'needed' is planned forms × target, 'minimum' planned forms × the \
    smallest allowed count; a domain below its minimum is short (an error), one between minimum \
    and needed is tight (a warning). The bank also fails when the operational items usable within \
    the allowed ranges add up to fewer than planned forms × scored. Pretest slots (planned forms × \
    pretest) are compared with the pretest and approved items in the pipeline (a warning).
    """
  public static let anchors = """
    Anchors: an anchor set is a miniature of the blueprint when, in every domain, the number of \
    anchors lies within the anchor count × (the form's scored share of the domain ± the domain \
    tolerance in percent), by the same rounding rule. Fewer anchors than 20% of the scored items \
    (or 30, whichever is smaller) is a warning (Kolen & Brennan, Test Equating, Scaling, and \
    Linking, 3rd ed., 2014).
    """
  public static func keyBalance(significance: Double) -> String {
    """
    Key balance: Pearson chi-square test of the keyed option ids of the form's items against \
    every option of an item being equally likely to be the key (expected count of an id = sum \
    over items offering it of 1 / number of options; df = ids offered − 1); p < \
    \(formatDecimal(significance, places: 2)) is a warning. The largest deviation of an id's \
    share from its expected share is reported in percentage points.
    """
  }
}

/// Runs every coverage check of a bank and forms against one blueprint.
public enum CoverageChecker {
  /// Checks `bank` (capacity for `options.plannedForms` forms) and each of `forms` against
  /// `blueprint`, and the overlap between every pair of forms.
  ///
  /// Forms are checked in the given order on all cores; the report does not depend on
  /// scheduling. Items are looked up in `bank` by id.
  ///
  /// - Complexity: O(I + Σ F_f + P·F) for I bank items, forms of F_f entries and P form pairs
  ///   (enemy checks are O(F_f · e) for e enemies per item).
  public static func check(
    bank: ItemBank, blueprint: Blueprint, forms: [Form], options: CoverageOptions = CoverageOptions()
  ) -> CoverageReport {
    let bankCoverage = BankCoverage(bank: bank, blueprint: blueprint, options: options)
    let formCoverages = forms.concurrentMap {
      FormCoverage(form: $0, bank: bank, blueprint: blueprint, options: options)
    }
    var overlaps: [FormOverlap] = []
    for first in forms.indices {
      for second in forms.indices where second > first {
        overlaps.append(FormOverlap(forms[first], forms[second]))
      }
    }
    return CoverageReport(
      blueprint: blueprint, options: options, bank: bankCoverage, forms: formCoverages,
      overlaps: overlaps)
  }
}
