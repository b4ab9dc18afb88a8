import Equating
import ExamCycle
import ItemBenchCore
import Testing

/// `drift.statistic` in the project file (docs/cycle.md, "Drift screen").
@Suite struct DriftStatisticConfigurationTests {
  @Test func theStatisticDefaultsToTheICCDisplacementAndCanBeChosen() throws {
    #expect(try ProjectConfiguration.parse("", file: "p.yml").driftStatistic == .icc)
    for (text, statistic) in [("lord", DriftStatistic.lord), ("b-and-a", .bAndA), ("icc", .icc)] {
      let configuration = try ProjectConfiguration.parse(
        "drift: {alpha: 0.05, action: drop, minimum_anchors: 5, statistic: \(text)}\n", file: "p.yml")
      #expect(configuration.driftStatistic == statistic)
      #expect(
        configuration.driftAlpha == 0.05 && configuration.driftAction == .drop && configuration.minimumAnchors == 5)
    }
  }

  @Test func anUnknownStatisticIsLocated() {
    // `wald` starts at line 2, column 14.
    let text = "drift:\n  statistic: wald\n"
    #expect {
      try ProjectConfiguration.parse(text, file: "p.yml")
    } throws: { error in
      guard let diagnostic = error as? Diagnostic else { return false }
      return diagnostic.location == SourceLocation(file: "p.yml", line: 2, column: 14)
        && diagnostic.message.contains("icc")
    }
  }
}
