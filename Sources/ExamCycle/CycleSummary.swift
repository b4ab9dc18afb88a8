import Equating
import ItemBank
import ItemBankScale
import ItemBenchCore

/// The human-readable summary of a program run (`summary.md`): what was checked, each
/// administration's form, pass rate, raw cut and mean scaled score over time, pre- versus
/// post-equating, the anchor drift history, pretest recommendations and promotions, flagged
/// items. Deterministic: no dates or timings except the administration dates.
struct CycleSummary {
  /// The statistic the anchor's drift rule used, in words: `ICC z = -3.10`,
  /// `Lord chi-square = 9.2 (3 df)`, `z_b = 2.41`.
  static func statisticText(_ drift: AnchorDrift) -> String {
    func decimal(_ value: Double?, _ places: Int) -> String { value.map { formatDecimal($0, places: places) } ?? "–" }
    switch drift.rule {
    case .iccDisplacement: return "ICC displacement \(decimal(drift.iccDisplacement, 3)), z = \(decimal(drift.iccZ, 2))"
    case .lordChiSquare:
      return "Lord chi-square = \(decimal(drift.lordChiSquare, 2)) (\(drift.lordDegreesOfFreedom ?? 0) df)"
    case .standardError, .robust: return "z = \(decimal(drift.bZ, 2))"
    }
  }

  var report: CycleReport
  var configuration: ProjectConfiguration
  var blueprint: Blueprint

  func markdown() -> String {
    var text = "# ItemBench exam program summary\n\n"
    text +=
      "- Bank: `\(configuration.bank)` (\(report.itemCount) items); blueprint `\(blueprint.id)` (\(blueprint.exam))\n"
    text +=
      "- Administrations: "
      + configuration.administrations.map { "`\($0.administration)` (form `\($0.id)`, \($0.date ?? "no date"))" }
      .joined(separator: ", ") + "\n"
    text += "- Steps: \(report.steps.map(\.rawValue).joined(separator: ", "))\n"
    let D =
      configuration.scalingConstant == configuration.scalingConstant.rounded()
      ? String(Int(configuration.scalingConstant)) : String(configuration.scalingConstant)
    text +=
      "- Model: \(configuration.model), P(theta) = c + (1 - c) / (1 + exp(-D * a * (theta - b))), D = \(D); placement: \(configuration.placement == .separate ? "separate calibration + \(configuration.linkingMethod) linking" : "fixed-parameter calibration"); equating: \(configuration.equatingMethod)\n"
    text +=
      "- Drift rule: \(Linking.driftRule(alpha: configuration.driftAlpha, threshold: 2.7, statistic: configuration.driftStatistic)); flagged anchors are \(configuration.driftAction == .drop ? "dropped (largest statistic over its critical value first, relinking in between, keeping at least \(configuration.minimumAnchors))" : "reported only")\n\n"

    text += "## Checks\n\n"
    if report.steps.contains(.lint) {
      text +=
        "- Lint: \(report.lintErrors) error(s), \(report.lintWarnings) warning(s), \(report.lintInfos) info (`lint.txt`)\n"
    }
    if let passed = report.coveragePassed {
      text +=
        "- Blueprint coverage: \(passed ? "passed" : "FAILED") with \(report.coverageErrors) error(s), \(report.coverageWarnings) warning(s) (`coverage.md`)\n"
    }
    for outcome in report.administrations where outcome.converged != nil {
      text +=
        "- Calibration of \(outcome.administration): \(outcome.converged == true ? "converged" : "did NOT converge") in \(outcome.iterations ?? 0) EM iterations"
      text += outcome.calibrationWarnings.isEmpty ? "\n" : ", \(outcome.calibrationWarnings.count) warning(s)\n"
    }
    text += "\n"
    if !report.administrations.isEmpty { text += formsSection() }
    if report.administrations.contains(where: { $0.preEquated != nil || !$0.notPreEquatable.isEmpty }) {
      text += preEquatingSection()
    }
    if report.administrations.contains(where: { $0.linking != nil }) { text += driftSection() }
    if report.administrations.contains(where: { !$0.pretest.isEmpty }) { text += pretestSection() }
    text += ScoresSummary.markdown(report)

    let flagged = report.administrations.filter { !$0.classicalFlags.isEmpty || !$0.calibrationWarnings.isEmpty }
    if !flagged.isEmpty {
      text += "## Flagged items\n\n"
      for outcome in flagged {
        for (id, flags) in outcome.classicalFlags {
          text += "- \(outcome.administration) \(id): \(flags.joined(separator: ", "))\n"
        }
        for warning in outcome.calibrationWarnings { text += "- \(outcome.administration) calibration \(warning)\n" }
      }
      text += "\n"
    }

    text += "## Files (relative to the output directory)\n\n"
    for file in report.files { text += "- `\(file)`\n" }
    return text
  }

  private func formsSection() -> String {
    var text = "## Forms\n\n"
    text +=
      "| form | candidates | scored | pretest | mean raw | SD raw | alpha | lowest passing raw | observed pass rate | expected pass rate | accuracy | consistency |\n"
    text += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    for outcome in report.administrations {
      let cells: [String] = [
        outcome.formID, String(outcome.candidates), String(outcome.scoredItems), String(outcome.pretestItems),
        formatDecimal(outcome.meanRaw, places: 2), formatDecimal(outcome.sdRaw, places: 2),
        optional(outcome.alpha) { formatDecimal($0, places: 3) }, outcome.lowestPassingRaw.map { String($0) } ?? "–",
        optional(outcome.observedPassRate, percent), optional(outcome.expectedPassRate, percent),
        optional(outcome.classificationAccuracy) { formatDecimal($0, places: 3) },
        optional(outcome.classificationConsistency) { formatDecimal($0, places: 3) },
      ]
      text += "| " + cells.joined(separator: " | ") + " |\n"
    }
    text += "\n## The program over time\n\n"
    text +=
      "| administration | date | form | placement | anchors | dropped | lowest passing raw | pass rate | mean scaled | reference cut at face value |\n"
    text += "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    for outcome in report.administrations {
      let cells: [String] = [
        outcome.administration, outcome.date ?? "–", outcome.formID, outcome.placement?.rawValue ?? "–",
        outcome.linking.map { String($0.anchors.count) } ?? "–", String(outcome.droppedAnchors.count),
        outcome.lowestPassingRaw.map { String($0) } ?? "–", optional(outcome.observedPassRate, percent),
        optional(outcome.meanScaled) { formatDecimal($0, places: 1) }, optional(outcome.faceValuePassRate, percent),
      ]
      text += "| " + cells.joined(separator: " | ") + " |\n"
    }
    if let reference = report.administrations.first, let cut = reference.lowestPassingRaw {
      text +=
        "\nThe last column applies \(reference.formID)'s raw cut (\(cut)) to each form at face value; the pass rate beside it comes from the form's own equated table.\n"
    }
    return text + "\n"
  }

  private func preEquatingSection() -> String {
    var text = "## Pre-equating\n\n"
    for outcome in report.administrations {
      if let pre = outcome.preEquated {
        text +=
          "- \(outcome.administration) (\(outcome.formID)): pre-equated from the bank before its responses, lowest passing raw \(pre.lowestPassingRaw.map(String.init) ?? "none") (post-equated: \(outcome.lowestPassingRaw.map(String.init) ?? "none")); "
        text +=
          "largest difference post − pre \(formatDecimal(pre.largestDifference, places: 0)) scaled point(s) (at raw \(pre.largestDifferenceRaw)); "
        if pre.changedDecisions.isEmpty {
          text += "no pass/fail decision changes"
        } else {
          text +=
            "pass/fail changes at raw \(pre.changedDecisions.map(String.init).joined(separator: ", ")) (\(pre.candidatesAffected) candidate(s))"
        }
        text +=
          "; pass rate through the pre-equated table \(optional(pre.observedPassRate, percent)) (`\(outcome.administration)/pre-vs-post.csv`)\n"
      } else if !outcome.notPreEquatable.isEmpty {
        text +=
          "- \(outcome.administration) (\(outcome.formID)): cannot be pre-equated, \(outcome.notPreEquatable.count) scored item(s) have no banked parameters: \(outcome.notPreEquatable.joined(separator: ", "))\n"
      }
    }
    return text + "\n"
  }

  private func driftSection() -> String {
    var text = "## Linking and anchor drift\n\n"
    for outcome in report.administrations {
      guard let linking = outcome.linking else {
        if outcome.placement == .definesScale { text += "- \(outcome.administration): defines the bank scale.\n" }
        continue
      }
      let flagged = outcome.drift.filter { $0.action != .kept }
      text +=
        "- \(outcome.administration): \(outcome.placement == .fixedParameter ? "fixed-parameter calibration, drift screen by " : "")\(linking.method.rawValue) A = \(formatDecimal(linking.A, places: 4)), B = \(formatDecimal(linking.B, places: 4)) through \(linking.anchors.count) anchors; "
      text +=
        flagged.isEmpty
        ? "no anchor flagged\n"
        : flagged.map {
          "\($0.drift.id) \($0.action.rawValue) (b displacement \(formatDecimal($0.drift.bDisplacement, places: 3)), \(Self.statisticText($0.drift)))"
        }.joined(separator: ", ") + "\n"
    }
    let records = report.administrations.flatMap(\.drift)
    if !records.isEmpty {
      let flagged = records.filter(\.drift.flagged).count
      text += "\nAnchor drift history (`drift-history.csv`): \(records.count) anchor comparisons, \(flagged) flagged.\n"
    }
    return text + "\n"
  }

  private func pretestSection() -> String {
    var text = "## Pretest items\n\n"
    text += "| administration | pretest items | promote | revise | drop | promoted to operational on this form |\n"
    text += "| --- | ---: | ---: | ---: | ---: | --- |\n"
    for outcome in report.administrations {
      let counts = { (r: PretestRecommendation) in String(outcome.pretest.filter { $0.recommendation == r }.count) }
      text +=
        "| \(outcome.administration) | \(outcome.pretest.count) | \(counts(.promote)) | \(counts(.revise)) | \(counts(.drop)) | \(outcome.promoted.isEmpty ? "–" : outcome.promoted.joined(separator: ", ")) |\n"
    }
    return text + "\nRecommendations and reasons per item: `<administration>/pretest.csv` (rules: docs/cycle.md).\n\n"
  }

  private func optional(_ value: Double?, _ render: (Double) -> String) -> String {
    value.map(render) ?? "–"
  }

  private func percent(_ value: Double) -> String { formatDecimal(100 * value, places: 1) + "%" }
}
