import Foundation
import ItemBenchCore

/// A two-dimensional chart rendered as a self-contained SVG element.
///
/// Layout: the title on top, the legend (one entry per named element) under it, the plot area
/// with its frame, ticks, grid lines and axis labels. Data map linearly to pixels:
/// px = left + (x − x_min)/(x_max − x_min)·width, py = top + (y_max − y)/(y_max − y_min)·height.
/// Every tick carries `data-axis`, `data-value` and its pixel position; every marker carries its
/// data values as `data-x`/`data-y` (6 significant decimals) so that a browser test can check
/// what was plotted. Coordinates are written with 2 decimals; the same chart always gives the
/// same bytes. Rendering is O(points).
public struct Chart: Sendable, Hashable {
  /// The SVG element id (letters, digits, `-`, `_`).
  public var id: String
  public var title: String
  public var x: ChartAxis
  public var y: ChartAxis
  public var elements: [ChartElement]
  public var width: Double
  public var height: Double
  /// Degrees to rotate x tick labels by (−40 for long category names), 0 for none.
  public var xTickLabelAngle: Double

  public init(
    id: String, title: String, x: ChartAxis, y: ChartAxis, elements: [ChartElement], width: Double = 640,
    height: Double = 360, xTickLabelAngle: Double = 0
  ) {
    self.id = id
    self.title = title
    self.x = x
    self.y = y
    self.elements = elements
    self.width = width
    self.height = height
    self.xTickLabelAngle = xTickLabelAngle
  }

  /// The SVG markup (`<svg …>…</svg>`), ready to inline in HTML.
  public func svg() -> String {
    let xScale = resolvedScale(for: x, values: xValues)
    let yScale = resolvedScale(for: y, values: yValues)
    let legendEntries = elements.compactMap { element -> (String, ChartElement)? in
      element.name.map { ($0, element) }
    }
    let legendRows = legendLayout(legendEntries.map(\.0), available: width - 80)
    let rotated = xTickLabelAngle != 0
    let longestCategory = Double((x.categories ?? []).map(\.count).max() ?? 0)
    let bottom = 48 + (rotated ? min(longestCategory * 6.2 * sin(abs(xTickLabelAngle) * .pi / 180), 150) : 0)
    let yLabelWidth = Double(yScale.labels.map(\.count).max() ?? 1) * 7 + 14
    let rotatedOverhang =
      rotated ? min(Double(x.categories?.first?.count ?? 0) * 6.2 * cos(abs(xTickLabelAngle) * .pi / 180), 170) : 0
    let left = max(54, yLabelWidth + 22, rotatedOverhang - 10)
    let top = 34 + Double(legendRows.count) * 18 + 6
    let right = 24.0
    let plotWidth = max(width - left - right, 10)
    let plotHeight = max(height - top - bottom, 10)
    let frame = Frame(left: left, top: top, width: plotWidth, height: plotHeight, x: xScale, y: yScale)

    var out = ""
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(escape(id))\" class=\"chart\" role=\"img\" "
    out +=
      "aria-labelledby=\"\(escape(id))-title\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" "
    out += "font-family=\"sans-serif\" font-size=\"12\">\n"
    out += "<title id=\"\(escape(id))-title\">\(escape(title))</title>\n"
    out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
    out +=
      "<text class=\"chart-title\" x=\"\(n(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>\n"
    // Grid and ticks.
    out += "<g class=\"axis x-axis\">\n"
    for (value, label) in zip(xScale.ticks, xScale.labels) {
      let px = frame.px(value)
      out += "<g class=\"tick\" data-axis=\"x\" data-value=\"\(d(value))\" data-px=\"\(n(px))\">"
      out += "<line x1=\"\(n(px))\" y1=\"\(n(top))\" x2=\"\(n(px))\" y2=\"\(n(top + plotHeight))\" stroke=\"#e3e3e3\"/>"
      out +=
        "<line x1=\"\(n(px))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(px))\" y2=\"\(n(top + plotHeight + 5))\" stroke=\"#333\"/>"
      if rotated {
        out +=
          "<text x=\"\(n(px))\" y=\"\(n(top + plotHeight + 16))\" text-anchor=\"end\" transform=\"rotate(\(n(xTickLabelAngle)) \(n(px)) \(n(top + plotHeight + 16)))\">\(escape(label))</text>"
      } else {
        out += "<text x=\"\(n(px))\" y=\"\(n(top + plotHeight + 18))\" text-anchor=\"middle\">\(escape(label))</text>"
      }
      out += "</g>\n"
    }
    out +=
      "<text class=\"axis-label\" x=\"\(n(left + plotWidth / 2))\" y=\"\(n(height - 8))\" text-anchor=\"middle\" font-size=\"13\">\(escape(x.label))</text>\n"
    out += "</g>\n<g class=\"axis y-axis\">\n"
    for (value, label) in zip(yScale.ticks, yScale.labels) {
      let py = frame.py(value)
      out += "<g class=\"tick\" data-axis=\"y\" data-value=\"\(d(value))\" data-px=\"\(n(py))\">"
      out +=
        "<line x1=\"\(n(left))\" y1=\"\(n(py))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(py))\" stroke=\"#e3e3e3\"/>"
      out += "<line x1=\"\(n(left - 5))\" y1=\"\(n(py))\" x2=\"\(n(left))\" y2=\"\(n(py))\" stroke=\"#333\"/>"
      out += "<text x=\"\(n(left - 8))\" y=\"\(n(py + 4))\" text-anchor=\"end\">\(escape(label))</text>"
      out += "</g>\n"
    }
    let labelX = 16.0, labelY = top + plotHeight / 2
    out +=
      "<text class=\"axis-label\" x=\"\(n(labelX))\" y=\"\(n(labelY))\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 \(n(labelX)) \(n(labelY)))\">\(escape(y.label))</text>\n"
    out += "</g>\n"
    out +=
      "<clipPath id=\"\(escape(id))-clip\"><rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\"/></clipPath>\n"
    out += "<g class=\"plot-area\" clip-path=\"url(#\(escape(id))-clip)\">\n"
    for element in elements { out += render(element, in: frame) }
    out += "</g>\n"
    out +=
      "<rect class=\"frame\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
    out += labels(in: frame)
    out += legend(legendEntries, rows: legendRows)
    out += "</svg>"
    return out
  }

  // MARK: Scales

  struct Scale {
    var min: Double
    var max: Double
    var ticks: [Double]
    var labels: [String]
  }

  struct Frame {
    var left, top, width, height: Double
    var x: Scale
    var y: Scale
    func px(_ value: Double) -> Double {
      left + (value - x.min) / (x.max - x.min) * width
    }
    func py(_ value: Double) -> Double {
      top + (y.max - value) / (y.max - y.min) * height
    }
  }

  private var xValues: [Double] {
    elements.flatMap { element -> [Double] in
      switch element {
      case .line(_, let points, _), .points(_, let points, _, _, _): return points.map(\.x)
      case .bars(_, let bars, _): return bars.flatMap { [$0.x0, $0.x1] }
      case .errorBars(_, let bars, _):
        return bars.flatMap { $0.orientation == .horizontal ? [$0.low, $0.high] : [$0.x] }
      case .verticalRule(let x, _, _): return [x]
      case .horizontalRule: return []
      }
    }.filter(\.isFinite)
  }

  private var yValues: [Double] {
    elements.flatMap { element -> [Double] in
      switch element {
      case .line(_, let points, _), .points(_, let points, _, _, _): return points.map(\.y)
      case .bars(_, let bars, _): return bars.flatMap { [$0.base, $0.value] }
      case .errorBars(_, let bars, _):
        return bars.flatMap { $0.orientation == .vertical ? [$0.low, $0.high] : [$0.y] }
      case .horizontalRule(let y, _, _): return [y]
      case .verticalRule: return []
      }
    }.filter(\.isFinite)
  }

  func resolvedScale(for axis: ChartAxis, values: [Double]) -> Scale {
    if let categories = axis.categories {
      let ticks = categories.indices.map(Double.init)
      return Scale(min: -0.5, max: Double(max(categories.count, 1)) - 0.5, ticks: ticks, labels: categories)
    }
    var low = axis.range?.lowerBound ?? values.min() ?? 0
    var high = axis.range?.upperBound ?? values.max() ?? 1
    if !(high > low) {
      low -= 0.5
      high += 0.5
    }
    let step = niceStep((high - low) / Double(max(axis.tickCount - 1, 1)))
    if axis.range == nil {
      low = (low / step).rounded(.down) * step
      high = (high / step).rounded(.up) * step
    }
    let ticks: [Double]
    if let given = axis.ticks {
      ticks = given.filter { $0 >= low - 1e-9 && $0 <= high + 1e-9 }
    } else {
      var generated: [Double] = []
      var value = (low / step).rounded(.up) * step
      while value <= high + step * 1e-9, generated.count < 100 {
        generated.append(abs(value) < step * 1e-9 ? 0 : value)
        value += step
      }
      ticks = generated
    }
    let places = axis.decimals ?? decimals(of: step)
    return Scale(min: low, max: high, ticks: ticks, labels: ticks.map { formatDecimal($0, places: places) })
  }

  /// The fewest decimals (at most 6) that write `step` exactly.
  func decimals(of step: Double) -> Int {
    var scaled = step
    for places in 0...6 {
      if abs(scaled - scaled.rounded()) < 1e-9 * max(1, abs(scaled)) { return places }
      scaled *= 10
    }
    return 6
  }

  /// 1, 2 or 5 × 10ᵏ, the smallest at least `raw`.
  func niceStep(_ raw: Double) -> Double {
    guard raw > 0, raw.isFinite else { return 1 }
    let magnitude = pow(10, (log10(raw)).rounded(.down))
    for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw * (1 - 1e-9) {
      return factor * magnitude
    }
    return 10 * magnitude
  }

  // MARK: Elements

  private func render(_ element: ChartElement, in frame: Frame) -> String {
    let seriesName = element.name.map { " data-series=\"\(escape($0))\"" } ?? ""
    switch element {
    case .line(_, let points, let style):
      var out = "<g class=\"series line\"\(seriesName)>"
      var segment: [String] = []
      func flush() {
        if segment.count > 1 {
          out += "<polyline fill=\"none\" points=\"\(segment.joined(separator: " "))\"\(stroke(style))/>"
        }
        segment.removeAll()
      }
      for point in points {
        guard point.x.isFinite, point.y.isFinite else {
          flush()
          continue
        }
        segment.append("\(n(frame.px(point.x))),\(n(frame.py(point.y)))")
      }
      flush()
      return out + "</g>\n"
    case .points(_, let points, let style, let shape, let radius):
      var out = "<g class=\"series points\"\(seriesName)>"
      for point in points where point.x.isFinite && point.y.isFinite {
        let px = frame.px(point.x), py = frame.py(point.y)
        let data =
          " class=\"point\" data-x=\"\(d(point.x))\" data-y=\"\(d(point.y))\""
          + (point.label.map { " data-label=\"\(escape($0))\"" } ?? "")
        let fill = " fill=\"\(style.color)\" fill-opacity=\"\(n(style.opacity))\" stroke=\"#222\" stroke-width=\"0.6\""
        switch shape {
        case .circle:
          out += "<circle\(data) cx=\"\(n(px))\" cy=\"\(n(py))\" r=\"\(n(radius))\"\(fill)/>"
        case .square:
          out +=
            "<rect\(data) x=\"\(n(px - radius))\" y=\"\(n(py - radius))\" width=\"\(n(2 * radius))\" height=\"\(n(2 * radius))\" data-cx=\"\(n(px))\" data-cy=\"\(n(py))\"\(fill)/>"
        case .diamond:
          let r = radius * 1.3
          out +=
            "<polygon\(data) points=\"\(n(px)),\(n(py - r)) \(n(px + r)),\(n(py)) \(n(px)),\(n(py + r)) \(n(px - r)),\(n(py))\" data-cx=\"\(n(px))\" data-cy=\"\(n(py))\"\(fill)/>"
        case .triangle:
          let r = radius * 1.3
          out +=
            "<polygon\(data) points=\"\(n(px)),\(n(py - r)) \(n(px + r)),\(n(py + r * 0.8)) \(n(px - r)),\(n(py + r * 0.8))\" data-cx=\"\(n(px))\" data-cy=\"\(n(py))\"\(fill)/>"
        }
      }
      return out + "</g>\n"
    case .bars(_, let bars, let style):
      var out = "<g class=\"series bars\"\(seriesName)>"
      for bar in bars where bar.x0.isFinite && bar.x1.isFinite && bar.value.isFinite && bar.base.isFinite {
        let x0 = frame.px(min(bar.x0, bar.x1)), x1 = frame.px(max(bar.x0, bar.x1))
        let y0 = frame.py(max(bar.base, bar.value)), y1 = frame.py(min(bar.base, bar.value))
        out +=
          "<rect class=\"bar\" data-x0=\"\(d(bar.x0))\" data-x1=\"\(d(bar.x1))\" data-y=\"\(d(bar.value))\" x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(max(x1 - x0, 0.5)))\" height=\"\(n(max(y1 - y0, 0)))\" fill=\"\(style.color)\" fill-opacity=\"\(n(style.opacity))\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>"
      }
      return out + "</g>\n"
    case .errorBars(_, let bars, let style):
      var out = "<g class=\"series error-bars\"\(seriesName)>"
      for bar in bars where bar.low.isFinite && bar.high.isFinite && bar.x.isFinite && bar.y.isFinite {
        let cap = 3.5
        if bar.orientation == .vertical {
          let px = frame.px(bar.x), p0 = frame.py(bar.low), p1 = frame.py(bar.high)
          out +=
            "<path class=\"error-bar\" data-x=\"\(d(bar.x))\" data-low=\"\(d(bar.low))\" data-high=\"\(d(bar.high))\" d=\"M\(n(px)) \(n(p0))V\(n(p1))M\(n(px - cap)) \(n(p0))H\(n(px + cap))M\(n(px - cap)) \(n(p1))H\(n(px + cap))\" fill=\"none\"\(stroke(style))/>"
        } else {
          let py = frame.py(bar.y), p0 = frame.px(bar.low), p1 = frame.px(bar.high)
          out +=
            "<path class=\"error-bar\" data-y=\"\(d(bar.y))\" data-low=\"\(d(bar.low))\" data-high=\"\(d(bar.high))\" d=\"M\(n(p0)) \(n(py))H\(n(p1))M\(n(p0)) \(n(py - cap))V\(n(py + cap))M\(n(p1)) \(n(py - cap))V\(n(py + cap))\" fill=\"none\"\(stroke(style))/>"
        }
      }
      return out + "</g>\n"
    case .horizontalRule(let y, _, let style):
      guard y.isFinite else { return "" }
      let py = frame.py(y)
      return
        "<line class=\"rule\" data-y=\"\(d(y))\" x1=\"\(n(frame.left))\" y1=\"\(n(py))\" x2=\"\(n(frame.left + frame.width))\" y2=\"\(n(py))\"\(stroke(style))/>\n"
    case .verticalRule(let x, _, let style):
      guard x.isFinite else { return "" }
      let px = frame.px(x)
      return
        "<line class=\"rule\" data-x=\"\(d(x))\" x1=\"\(n(px))\" y1=\"\(n(frame.top))\" x2=\"\(n(px))\" y2=\"\(n(frame.top + frame.height))\"\(stroke(style))/>\n"
    }
  }

  /// Rule labels and point labels, drawn above the clip so they stay readable.
  private func labels(in frame: Frame) -> String {
    var out = ""
    for element in elements {
      switch element {
      case .horizontalRule(let y, let label?, let style) where y.isFinite && y >= frame.y.min && y <= frame.y.max:
        out +=
          "<text class=\"rule-label\" x=\"\(n(frame.left + frame.width - 4))\" y=\"\(n(frame.py(y) - 4))\" text-anchor=\"end\" fill=\"\(style.color)\">\(escape(label))</text>\n"
      case .verticalRule(let x, let label?, let style) where x.isFinite && x >= frame.x.min && x <= frame.x.max:
        out +=
          "<text class=\"rule-label\" x=\"\(n(frame.px(x) + 4))\" y=\"\(n(frame.top + 14))\" fill=\"\(style.color)\">\(escape(label))</text>\n"
      case .points(_, let points, let style, _, let radius):
        for point in points where point.label != nil && point.x.isFinite && point.y.isFinite {
          out +=
            "<text class=\"point-label\" x=\"\(n(frame.px(point.x) + radius + 3))\" y=\"\(n(frame.py(point.y) - radius - 2))\" fill=\"\(style.color)\" font-size=\"11\">\(escape(point.label ?? ""))</text>\n"
        }
      default: break
      }
    }
    return out
  }

  // MARK: Legend

  private func legendLayout(_ names: [String], available: Double) -> [[Int]] {
    var rows: [[Int]] = []
    var current: [Int] = []
    var used = 0.0
    for (index, name) in names.enumerated() {
      let entry = legendWidth(name)
      if !current.isEmpty && used + entry > available {
        rows.append(current)
        current = []
        used = 0
      }
      current.append(index)
      used += entry
    }
    if !current.isEmpty { rows.append(current) }
    return rows
  }

  private func legendWidth(_ name: String) -> Double { 34 + Double(name.count) * 6.6 }

  private func legend(_ entries: [(String, ChartElement)], rows: [[Int]]) -> String {
    guard !entries.isEmpty else { return "" }
    var out = "<g class=\"legend\">\n"
    for (rowIndex, row) in rows.enumerated() {
      let total = row.reduce(0) { $0 + legendWidth(entries[$1].0) }
      var x = (width - total) / 2
      let y = 38 + Double(rowIndex) * 18
      for index in row {
        let (name, element) = entries[index]
        out += "<g class=\"legend-entry\" data-series=\"\(escape(name))\">"
        out += swatch(element, x: x, y: y)
        out += "<text x=\"\(n(x + 26))\" y=\"\(n(y + 4))\">\(escape(name))</text></g>\n"
        x += legendWidth(name)
      }
    }
    return out + "</g>\n"
  }

  private func swatch(_ element: ChartElement, x: Double, y: Double) -> String {
    switch element {
    case .line(_, _, let style), .errorBars(_, _, let style):
      return "<line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x + 20))\" y2=\"\(n(y))\"\(stroke(style))/>"
    case .points(_, _, let style, let shape, _):
      if shape == .circle {
        return
          "<circle cx=\"\(n(x + 10))\" cy=\"\(n(y))\" r=\"4.5\" fill=\"\(style.color)\" stroke=\"#222\" stroke-width=\"0.6\"/>"
      }
      return
        "<rect x=\"\(n(x + 5.5))\" y=\"\(n(y - 4.5))\" width=\"9\" height=\"9\" fill=\"\(style.color)\" stroke=\"#222\" stroke-width=\"0.6\"/>"
    case .bars(_, _, let style):
      return
        "<rect x=\"\(n(x + 2))\" y=\"\(n(y - 6))\" width=\"16\" height=\"12\" fill=\"\(style.color)\" fill-opacity=\"\(n(style.opacity))\"/>"
    case .horizontalRule, .verticalRule: return ""
    }
  }

  // MARK: Formatting

  private func stroke(_ style: ChartStyle) -> String {
    var text = " stroke=\"\(style.color)\" stroke-width=\"\(n(style.lineWidth))\""
    if let dash = style.dash { text += " stroke-dasharray=\"\(escape(dash))\"" }
    if style.opacity < 1 { text += " stroke-opacity=\"\(n(style.opacity))\"" }
    return text
  }

  /// A pixel coordinate: 2 decimals, trailing zeros dropped.
  private func n(_ value: Double) -> String { Chart.trimmed(formatDecimal(value, places: 2)) }
  /// A data value: 6 decimals, trailing zeros dropped.
  private func d(_ value: Double) -> String { Chart.trimmed(formatDecimal(value, places: 6)) }

  static func trimmed(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var text = text
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }
}

/// `text` escaped for SVG/XML character data and attribute values.
public func escape(_ text: String) -> String {
  var out = ""
  out.reserveCapacity(text.count)
  for character in text {
    switch character {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.append(character)
    }
  }
  return out
}
