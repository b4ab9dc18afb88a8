import Equating
import ItemBank
import ItemBenchCore

/// The human-readable summary of a cycle (`summary.md`): what was checked, pass rates and raw
/// cuts per form, anchor drift and flagged items. Deterministic: no dates or timings.
struct CycleSummary {
  var report: CycleReport
  var configuration: ProjectConfiguration
  var blueprint: Blueprint

  func markdown() -> String {
    var text = "# ItemBench exam cycle summary\n\n"
    text += "- Bank: `\(configuration.bank)` (\(report.itemCount) items); blueprint `\(blueprint.id)` (\(blueprint.exam))\n"
    text += "- Forms: base `\(configuration.base.id)` (\(configuration.base.responses)), new `\(configuration.new.id)` (\(configuration.new.responses))\n"
    text += "- Steps: \(report.steps.map(\.rawValue).joined(separator: ", "))\n"
    text += "- Model: \(configuration.model), P(theta) = c + (1 - c) / (1 + exp(-D * a * (theta - b))), D = \(configuration.scalingConstant == configuration.scalingConstant.rounded() ? String(Int(configuration.scalingConstant)) : String(configuration.scalingConstant)); linking: \(configuration.linkingMethod); equating: \(configuration.equatingMethod)\n\n"

    text += "## Checks\n\n"
    if report.steps.contains(.lint) {
      text += "- Lint: \(report.lintErrors) error(s), \(report.lintWarnings) warning(s), \(report.lintInfos) info (`lint.txt`)\n"
    }
    if let passed = report.coveragePassed {
      text += "- Blueprint coverage: \(passed ? "passed" : "FAILED") with \(report.coverageErrors) error(s), \(report.coverageWarnings) warning(s) (`coverage.md`)\n"
    }
    for form in report.forms where form.converged != nil {
      text += "- Calibration of \(form.formID): \(form.converged == true ? "converged" : "did NOT converge") in \(form.iterations ?? 0) EM iterations"
      text += form.calibrationWarnings.isEmpty ? "\n" : ", \(form.calibrationWarnings.count) warning(s)\n"
    }
    text += "\n"

    if !report.forms.isEmpty {
      text += formsSection()
    }

    if let linking = report.linking {
      text += "## Linking and anchor drift\n\n"
      text += "\(linking.method.rawValue): A = \(formatDecimal(linking.A, places: 4)), B = \(formatDecimal(linking.B, places: 4)) through \(linking.anchors.count) anchors (theta_base = A * theta_new + B).\n\n"
      text += "Drift rule: \(linking.driftRule).\n\n"
      let flagged = linking.drift.filter(\.flagged)
      if flagged.isEmpty {
        text += "No anchor flagged.\n\n"
      } else {
        text += "| anchor | b displacement | z(b) | ln(a ratio) | z(a) |\n| --- | ---: | ---: | ---: | ---: |\n"
        for drift in flagged {
          text += "| \(drift.id) | \(formatDecimal(drift.bDisplacement, places: 3)) | \(drift.bZ.map { formatDecimal($0, places: 2) } ?? "–") | \(formatDecimal(drift.logSlopeRatio, places: 3)) | \(drift.aZ.map { formatDecimal($0, places: 2) } ?? "–") |\n"
        }
        text += "\nDrop a drifted anchor with `itembench link … --exclude ID` and relink.\n\n"
      }
    }

    let flaggedForms = report.forms.filter { !$0.classicalFlags.isEmpty || !$0.calibrationWarnings.isEmpty }
    if !flaggedForms.isEmpty {
      text += "## Flagged items\n\n"
      for form in flaggedForms {
        for (id, flags) in form.classicalFlags {
          text += "- \(form.formID) \(id): \(flags.joined(separator: ", "))\n"
        }
        for warning in form.calibrationWarnings {
          text += "- \(form.formID) calibration \(warning)\n"
        }
      }
      text += "\n"
    }

    text += "## Files (relative to the output directory)\n\n"
    for file in report.files { text += "- `\(file)`\n" }
    return text
  }

  private func formsSection() -> String {
    var text = "## Forms\n\n"
    text += "| form | candidates | scored | pretest | mean raw | SD raw | alpha | lowest passing raw | observed pass rate | expected pass rate | accuracy | consistency |\n"
    text += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    for form in report.forms {
      var cells: [String] = [form.formID, String(form.candidates), String(form.scoredItems), String(form.pretestItems)]
      cells.append(formatDecimal(form.meanRaw, places: 2))
      cells.append(formatDecimal(form.sdRaw, places: 2))
      cells.append(optional(form.alpha) { formatDecimal($0, places: 3) })
      cells.append(form.lowestPassingRaw.map { String($0) } ?? "–")
      cells.append(optional(form.observedPassRate, percent))
      cells.append(optional(form.expectedPassRate, percent))
      cells.append(optional(form.classificationAccuracy) { formatDecimal($0, places: 3) })
      cells.append(optional(form.classificationConsistency) { formatDecimal($0, places: 3) })
      text += "| " + cells.joined(separator: " | ") + " |\n"
    }
    if let faceValue = report.faceValuePassRate, report.forms.count == 2, let baseCut = report.forms[0].lowestPassingRaw {
      text += "\nApplying \(report.forms[0].formID)'s raw cut (\(baseCut)) to \(report.forms[1].formID) at face value would pass \(percent(faceValue)) of its candidates; through its own equated table \(report.forms[1].formID) passes \(report.forms[1].observedPassRate.map(percent) ?? "–").\n"
    }
    text += "\n"

    return text
  }

  private func optional(_ value: Double?, _ render: (Double) -> String) -> String {
    value.map(render) ?? "–"
  }

  private func percent(_ value: Double) -> String { formatDecimal(100 * value, places: 1) + "%" }
}
