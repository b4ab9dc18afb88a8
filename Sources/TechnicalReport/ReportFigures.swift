import Charts
import Equating
import FairnessAnalysis
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// The report's charts, one function per plot. Ids are stable (`conversion-form-b`) so that
/// tests and the browser check can find them.
enum ReportFigures {
  static let theta = ChartAxis(
    "θ (ability, logits)", range: -4...4, ticks: [-4, -3, -2, -1, 0, 1, 2, 3, 4], decimals: 0)
  static let red = ChartStyle(color: "#D55E00", lineWidth: 1.5)
  static let grey = ChartStyle(color: "#777777", lineWidth: 1.2, dash: "5 4")

  // MARK: Form

  static func coverage(_ form: FormAdministration) -> Chart {
    let rows = form.domains
    let index = rows.indices.map(Double.init)
    return Chart(
      id: "coverage-\(form.formID)", title: "Blueprint coverage by domain: \(form.formID)",
      x: ChartAxis("domain", categories: rows.map(\.id)),
      y: ChartAxis("scored items", range: 0...Double(max(rows.map { max($0.count, $0.maximum) }.max() ?? 1, 1) + 1)),
      elements: [
        .bars(
          name: "items on the form",
          bars: zip(index, rows).map { ChartBar(x0: $0 - 0.3, x1: $0 + 0.3, value: Double($1.count)) },
          style: ChartStyle(color: "#56B4E9", opacity: 0.9)),
        .errorBars(
          name: "allowed range",
          bars: zip(index, rows).map {
            ChartErrorBar(x: $0, y: Double($1.target), low: Double($1.minimum), high: Double($1.maximum))
          },
          style: ChartStyle(color: "#000000", lineWidth: 1.4)),
        .points(
          name: "blueprint target", points: zip(index, rows).map { ChartPoint(x: $0, y: Double($1.target)) },
          style: ChartStyle(color: "#000000"), shape: .diamond, radius: 3.5),
      ],
      width: 720, height: 400, xTickLabelAngle: -35)
  }

  static func scoreDistribution(_ form: FormAdministration, raw: [Int]) -> Chart {
    let n = form.scoredItemIDs.count
    var counts = [Int](repeating: 0, count: n + 1)
    for score in raw where score >= 0 && score <= n { counts[score] += 1 }
    let total = Double(max(raw.count, 1))
    var elements: [ChartElement] = [
      .bars(
        name: "candidates",
        bars: counts.enumerated().map {
          ChartBar(x0: Double($0.offset) - 0.45, x1: Double($0.offset) + 0.45, value: 100 * Double($0.element) / total)
        },
        style: ChartStyle(color: "#0072B2", opacity: 0.85))
    ]
    if let cut = form.conversion?.lowestPassingRaw {
      elements.append(.verticalRule(x: Double(cut) - 0.5, label: "pass from raw \(cut)", style: red))
    }
    return Chart(
      id: "scores-\(form.formID)", title: "Raw-score distribution: \(form.formID) (\(raw.count) candidates)",
      x: ChartAxis("raw score (scored items)", range: -0.5...(Double(n) + 0.5)), y: ChartAxis("% of candidates"),
      elements: elements)
  }

  // MARK: Items

  /// The option curves of one item: share choosing each option by score group.
  static func optionCurves(
    _ form: FormAdministration, itemID: String, column: Int, optionIDs: [String], key: String?, groups: [[Int]],
    scores: [Double]
  ) -> Chart {
    let data = ReportStatistics.optionProportions(
      form.responses, column: column, optionCount: optionIDs.count, groups: groups, scores: scores)
    var elements: [ChartElement] = []
    for (index, option) in optionIDs.enumerated() {
      let isKey = option == key
      let style =
        isKey
        ? ChartStyle(color: "#000000", lineWidth: 2.6)
        : ChartStyle.series(index, lineWidth: 1.6, dash: index % 2 == 0 ? nil : "5 3")
      let points = data.map { ChartPoint(x: $0.x, y: $0.shares[index]) }
      elements.append(.line(name: isKey ? "\(option) (key)" : option, points: points, style: style))
      elements.append(.points(name: nil, points: points, style: style, shape: .circle, radius: 2.5))
    }
    return Chart(
      id: "options-\(form.formID)-\(itemID)", title: "\(itemID): options by score group",
      x: ChartAxis("mean raw score of the group"), y: ChartAxis("proportion choosing", range: 0...1, decimals: 1),
      elements: elements, width: 420, height: 300)
  }

  /// An item's ICC with observed proportions (±1.96 SE) by θ group.
  static func icc(
    formID: String, item: ItemParameters, D: Double, observed: [ReportStatistics.ObservedProportion]
  ) -> Chart {
    let grid = stride(from: -4.0, through: 4.0, by: 0.1).map {
      ChartPoint(x: $0, y: item.probability(at: $0, scalingConstant: D))
    }
    let points = observed.map { ChartPoint(x: $0.x, y: $0.proportion) }
    return Chart(
      id: "icc-\(formID)-\(item.id)", title: item.id,
      x: ChartAxis("θ", range: -4...4, ticks: [-4, -2, 0, 2, 4], decimals: 0),
      y: ChartAxis("P(correct)", range: 0...1, ticks: [0, 0.5, 1], decimals: 1),
      elements: [
        .line(name: nil, points: grid, style: ChartStyle(color: "#0072B2", lineWidth: 2)),
        .errorBars(
          name: nil,
          bars: observed.map {
            ChartErrorBar(
              x: $0.x, y: $0.proportion, low: max(0, $0.proportion - 1.96 * $0.standardError),
              high: min(1, $0.proportion + 1.96 * $0.standardError))
          },
          style: ChartStyle(color: "#D55E00", lineWidth: 1)),
        .points(name: nil, points: points, style: ChartStyle(color: "#D55E00"), shape: .circle, radius: 2.6),
      ],
      width: 260, height: 190)
  }

  static func wrightMap(formID: String, thetas: [Double], items: [ItemParameters]) -> [Chart] {
    let bins = ReportStatistics.histogram(thetas, lower: -4, upper: 4, width: 0.25)
    let total = Double(max(thetas.count, 1))
    let people = Chart(
      id: "wright-\(formID)", title: "Wright map: candidates (EAP θ) and items (b) on one scale, \(formID)",
      x: theta, y: ChartAxis("% of candidates"),
      elements: [
        .bars(
          name: "candidates (EAP θ, bins of 0.25)",
          bars: bins.map { ChartBar(x0: $0.start, x1: $0.start + 0.25, value: 100 * Double($0.count) / total) },
          style: ChartStyle(color: "#56B4E9", opacity: 0.9))
      ],
      width: 720, height: 260)
    var stacks: [Int: Int] = [:]
    var points: [ChartPoint] = []
    for item in items.sorted(by: { $0.b < $1.b || ($0.b == $1.b && $0.id < $1.id) }) {
      let b = min(max(item.b, -3.95), 3.95)
      let bin = Int(((b + 4) / 0.25).rounded(.down))
      let level = stacks[bin, default: 0]
      stacks[bin] = level + 1
      points.append(ChartPoint(x: -4 + (Double(bin) + 0.5) * 0.25, y: Double(level) + 0.5))
    }
    let height = Double(max(stacks.values.max() ?? 1, 3))
    let itemChart = Chart(
      id: "wright-items-\(formID)", title: "Item difficulties b (one square per item, bins of 0.25)",
      x: theta, y: ChartAxis("items", range: 0...height, decimals: 0),
      elements: [
        .points(name: "item b", points: points, style: ChartStyle(color: "#D55E00"), shape: .square, radius: 4)
      ],
      width: 720, height: 150 + 6 * height)
    return [people, itemChart]
  }

  // MARK: Calibration

  static func information(formID: String, parameters: ParameterFile) -> Chart {
    let grid = TestInformation.grid(from: -4, to: 4, step: 0.1)
    let points = TestInformation.evaluate(
      items: parameters.items, scalingConstant: parameters.scalingConstant, at: grid)
    let peak = points.map(\.information).max() ?? 1
    let scale = max(peak, 1e-9)
    return Chart(
      id: "information-\(formID)", title: "Test information and CSEM (θ units): \(formID), all calibrated items",
      x: theta,
      y: ChartAxis(
        "information (curve) · CSEM × \(formatDecimal(scale, places: 1)) (dashed)", range: 0...(scale * 1.05)),
      elements: [
        .line(
          name: "information I(θ)", points: points.map { ChartPoint(x: $0.theta, y: $0.information) },
          style: ChartStyle.series(0)),
        .line(
          name: "CSEM = 1/√I(θ), scaled by peak information",
          points: points.map { ChartPoint(x: $0.theta, y: min(($0.csem ?? .infinity) * scale, scale * 1.05)) },
          style: ChartStyle.series(1, dash: "6 4")),
      ])
  }

  // MARK: Linking

  static func drift(_ linking: LinkingSection, parameter: String) -> Chart {
    let isB = parameter == "b"
    let flagged = Set(linking.result.flaggedAnchors)
    var normal: [ChartPoint] = [], marked: [ChartPoint] = []
    var bars: [ChartErrorBar] = []
    var values: [Double] = []
    for id in linking.result.anchors {
      guard let banked = linking.banked.item(id), let new = linking.newOnBaseScale.item(id) else { continue }
      let x = isB ? banked.b : banked.a, y = isB ? new.b : new.a
      values += [x, y]
      if flagged.contains(id) {
        marked.append(ChartPoint(x: x, y: y, label: id))
      } else {
        normal.append(ChartPoint(x: x, y: y))
      }
      if let se = isB ? new.seB : new.seA {
        bars.append(ChartErrorBar(x: x, y: y, low: y - 1.96 * se, high: y + 1.96 * se))
      }
      if let se = isB ? banked.seB : banked.seA {
        bars.append(ChartErrorBar(x: x, y: y, low: x - 1.96 * se, high: x + 1.96 * se, orientation: .horizontal))
      }
    }
    let low = (values.min() ?? 0) - 0.3, high = (values.max() ?? 1) + 0.3
    return Chart(
      id: "drift-\(parameter)\(linking.idSuffix)",
      title:
        "Anchor \(parameter): banked vs new on the base scale (95% SE bars)\(linking.label.map { ", \($0)" } ?? "")",
      x: ChartAxis("banked \(parameter) (\(linking.result.baseForm ?? "base"))", range: low...high),
      y: ChartAxis("new \(parameter) after linking (\(linking.result.newForm ?? "new"))", range: low...high),
      elements: [
        .line(name: "identity", points: [ChartPoint(x: low, y: low), ChartPoint(x: high, y: high)], style: grey),
        .errorBars(name: "95% interval (±1.96 SE)", bars: bars, style: ChartStyle(color: "#888888", lineWidth: 1)),
        .points(name: "anchor", points: normal, style: ChartStyle.series(0), shape: .circle, radius: 4),
        .points(
          name: "flagged for drift", points: marked, style: ChartStyle(color: "#D55E00"), shape: .diamond, radius: 5),
      ],
      width: 560, height: 480)
  }

  static func driftHistory(_ points: [DriftHistoryPoint]) -> Chart {
    let administrations = points.map(\.administration).reduce(into: [String]()) {
      if !$0.contains($1) { $0.append($1) }
    }
    let items = points.map(\.itemID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    var elements: [ChartElement] = items.enumerated().map { index, id in
      .line(
        name: nil,
        points: points.filter { $0.itemID == id }.compactMap { point in
          administrations.firstIndex(of: point.administration).map { ChartPoint(x: Double($0), y: point.bDisplacement) }
        }, style: ChartStyle.series(index, lineWidth: 1))
    }
    // Every comparison as a small marker, so an anchor seen in one administration only shows.
    elements.append(
      .points(
        name: "anchor",
        points: points.filter { !$0.flagged }.compactMap { point in
          administrations.firstIndex(of: point.administration).map { ChartPoint(x: Double($0), y: point.bDisplacement) }
        }, style: ChartStyle(color: "#555555"), shape: .circle, radius: 2))
    elements.append(
      .points(
        name: "flagged",
        points: points.filter(\.flagged).compactMap { point in
          administrations.firstIndex(of: point.administration).map {
            ChartPoint(x: Double($0), y: point.bDisplacement, label: point.itemID)
          }
        }, style: ChartStyle(color: "#D55E00"), shape: .diamond, radius: 5))
    elements.append(.horizontalRule(y: 0, label: nil, style: grey))
    return Chart(
      id: "drift-history-b", title: "Anchor b displacement over administrations",
      x: ChartAxis("administration", categories: administrations), y: ChartAxis("b − banked b"), elements: elements)
  }

  // MARK: Pretest

  /// b (x) against a (y) of the calibrated pretest items, one marker series per recommendation.
  static func pretest(_ rows: [PretestReportRow]) -> Chart {
    let calibrated = rows.filter { $0.parameters != nil }
    let bs = calibrated.compactMap { $0.parameters?.b }, slopes = calibrated.compactMap { $0.parameters?.a }
    let bRange = ((bs.min() ?? -3) - 0.3)...((bs.max() ?? 3) + 0.3)
    let aRange = 0...((slopes.max() ?? 2) + 0.2)
    let series: [(String, String, ChartStyle, MarkerShape)] = [
      ("promote", "promote", ChartStyle(color: "#009E73"), .circle),
      ("revise", "revise", ChartStyle(color: "#E69F00"), .square),
      ("drop", "drop", ChartStyle(color: "#D55E00"), .diamond),
    ]
    var elements: [ChartElement] = series.map { recommendation, name, style, shape in
      .points(
        name: name,
        points: calibrated.filter { $0.recommendation == recommendation }.compactMap { row in
          row.parameters.map { ChartPoint(x: $0.b, y: $0.a, label: recommendation == "promote" ? nil : row.itemID) }
        }, style: style, shape: shape, radius: 4.5)
    }
    elements.append(.horizontalRule(y: 0.7, label: "a 0.70 (revise below)", style: grey))
    elements.append(.horizontalRule(y: 0.4, label: "a 0.40 (drop below)", style: red))
    return Chart(
      id: "pretest-items", title: "Pretest items on the bank scale (\(rows.count) items)",
      x: ChartAxis("difficulty b (bank scale)", range: bRange), y: ChartAxis("slope a", range: aRange),
      elements: elements, width: 720, height: 420)
  }

  // MARK: Equating

  static func tccs(_ forms: [FormAdministration]) -> Chart {
    var elements: [ChartElement] = []
    for (index, form) in forms.enumerated() {
      guard let parameters = form.scoredParametersOnBaseScale else { continue }
      let curve = TestCharacteristicCurve(items: parameters.items, scalingConstant: parameters.scalingConstant)
      elements.append(
        .line(
          name: "\(form.formID) (\(parameters.items.count) scored items)",
          points: stride(from: -4.0, through: 4.0, by: 0.05).map { ChartPoint(x: $0, y: curve.value(at: $0)) },
          style: ChartStyle.series(index, dash: index == 0 ? nil : "7 4")))
    }
    if let cut = forms.first?.conversion?.thetaCut {
      elements.append(.verticalRule(x: cut, label: "θ cut \(formatDecimal(cut, places: 3))", style: red))
    }
    return Chart(
      id: "tcc", title: "Test characteristic curves on the base scale", x: theta,
      y: ChartAxis(
        "expected raw score",
        range: 0...Double(max(forms.compactMap { $0.scoredParametersOnBaseScale?.items.count }.max() ?? 1, 1))),
      elements: elements)
  }

  static func conversion(_ form: FormAdministration, index: Int) -> Chart? {
    guard let table = form.conversion else { return nil }
    let points = table.rows.map { ChartPoint(x: Double($0.raw), y: $0.scaled) }
    var elements: [ChartElement] = [
      .line(name: nil, points: points, style: ChartStyle.series(index, lineWidth: 1.2)),
      .points(
        name: "reported score", points: points.filter { !$0.y.isNaN }, style: ChartStyle.series(index), shape: .circle,
        radius: 3),
      .horizontalRule(
        y: table.scale.passingScore,
        label: "passing score \(formatDecimal(table.scale.passingScore, places: table.scale.decimals))", style: red),
    ]
    if let lowest = table.lowestPassingRaw {
      elements.append(.verticalRule(x: Double(lowest), label: "raw \(lowest)", style: red))
    }
    return Chart(
      id: "conversion-\(form.formID)",
      title: "Raw-to-scaled conversion: \(form.formID) (equated to \(table.equating.baseForm))",
      x: ChartAxis("raw score on \(form.formID)", range: 0...Double(max(table.rows.count - 1, 1))),
      y: ChartAxis("reported score", range: table.scale.minimum...table.scale.maximum), elements: elements)
  }

  static func csem(_ forms: [FormAdministration]) -> Chart {
    var elements: [ChartElement] = []
    var range: ClosedRange<Double>?
    for (index, form) in forms.enumerated() {
      guard let table = form.conversion else { continue }
      range = range ?? table.scale.minimum...table.scale.maximum
      elements.append(
        .line(
          name: form.formID, points: table.rows.map { ChartPoint(x: $0.scaled, y: $0.csem) },
          style: ChartStyle.series(index, dash: index == 0 ? nil : "7 4")))
    }
    if let table = forms.first?.conversion {
      elements.append(.verticalRule(x: table.scale.passingScore, label: "pass", style: red))
    }
    return Chart(
      id: "csem", title: "Conditional SEM along the reporting scale", x: ChartAxis("reported score", range: range),
      y: ChartAxis("CSEM (reported-score units)"), elements: elements)
  }

  static func preEquating(_ comparison: PreEquatingComparison) -> Chart {
    Chart(
      id: "pre-equating-\(comparison.formID)", title: "Pre- minus post-equated reported score: \(comparison.formID)",
      x: ChartAxis("raw score"), y: ChartAxis("pre − post (reported-score units)"),
      elements: [
        .bars(
          name: "difference",
          bars: comparison.rows.map {
            ChartBar(x0: Double($0.raw) - 0.4, x1: Double($0.raw) + 0.4, value: $0.pre - $0.post)
          }, style: ChartStyle.series(0)),
        .horizontalRule(y: 0, label: nil, style: grey),
      ])
  }

  // MARK: Fairness

  static func dif(_ section: FairnessSection) -> Chart {
    let items = section.report.items
    var groups: [String: [ChartPoint]] = [:]
    var bars: [ChartErrorBar] = []
    for (index, item) in items.enumerated() {
      guard let mh = item.mantelHaenszel else { continue }
      groups[mh.category.letter, default: []].append(
        ChartPoint(x: Double(index), y: mh.delta, label: mh.category.isC ? item.id : nil))
      bars.append(
        ChartErrorBar(
          x: Double(index), y: mh.delta, low: mh.delta - 1.96 * mh.deltaStandardError,
          high: mh.delta + 1.96 * mh.deltaStandardError))
    }
    let extent = max(2.0, (bars.flatMap { [abs($0.low), abs($0.high)] }.max() ?? 2) + 0.2)
    let band = ChartStyle(color: "#E69F00", lineWidth: 1, dash: "4 3")
    return Chart(
      id: "dif-\(section.formID)-\(section.report.groups.variable)",
      title:
        "Mantel–Haenszel Δ by item: \(section.report.groups.focal) vs \(section.report.groups.reference) (\(section.formID))",
      x: ChartAxis("item", categories: items.map(\.id)),
      y: ChartAxis("Δ_MH (ETS delta); < 0 favours \(section.report.groups.reference)", range: -extent...extent),
      elements: [
        .horizontalRule(y: 0, label: nil, style: grey),
        .horizontalRule(y: 1, label: "B", style: band), .horizontalRule(y: -1, label: "B", style: band),
        .horizontalRule(y: 1.5, label: "C", style: red), .horizontalRule(y: -1.5, label: "C", style: red),
        .errorBars(name: "95% interval", bars: bars, style: ChartStyle(color: "#888888", lineWidth: 1)),
        .points(
          name: "A (negligible)", points: groups["A"] ?? [], style: ChartStyle.series(0), shape: .circle, radius: 3.5),
        .points(
          name: "B (moderate)", points: groups["B"] ?? [], style: ChartStyle(color: "#E69F00"), shape: .square,
          radius: 4),
        .points(
          name: "C (large)", points: groups["C"] ?? [], style: ChartStyle(color: "#D55E00"), shape: .diamond, radius: 5),
      ],
      width: 1000, height: 440, xTickLabelAngle: -60)
  }
}
