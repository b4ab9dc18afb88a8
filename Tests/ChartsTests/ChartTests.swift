import Foundation
import Testing

@testable import Charts

/// Reads attributes back out of rendered SVG (a tiny scanner, enough for the tests).
struct SVGScan {
  var text: String

  /// The attribute dictionaries of every `<tag …>` element whose text contains `marker`.
  func elements(_ tag: String, containing marker: String = "") -> [[String: String]] {
    var result: [[String: String]] = []
    var rest = Substring(text)
    while let open = rest.range(of: "<\(tag) ") {
      guard let close = rest[open.upperBound...].firstIndex(of: ">") else { break }
      let body = rest[open.upperBound..<close]
      if marker.isEmpty || body.contains(marker) { result.append(Self.attributes(body)) }
      rest = rest[close...]
    }
    return result
  }

  static func attributes(_ body: Substring) -> [String: String] {
    var attributes: [String: String] = [:]
    var rest = body
    while let equals = rest.range(of: "=\"") {
      let name = rest[..<equals.lowerBound].split(separator: " ").last.map(String.init) ?? ""
      guard let end = rest[equals.upperBound...].firstIndex(of: "\"") else { break }
      attributes[name] = String(rest[equals.upperBound..<end])
      rest = rest[rest.index(after: end)...]
    }
    return attributes
  }
}

@Suite struct ChartTests {
  static func sample() -> Chart {
    Chart(
      id: "demo", title: "Demo <chart> & \"quotes\"",
      x: ChartAxis("x", range: 0...10), y: ChartAxis("y", range: 0...100),
      elements: [
        .line(name: "line", points: [ChartPoint(x: 0, y: 0), ChartPoint(x: 10, y: 100)], style: .series(0)),
        .points(
          name: "points", points: [ChartPoint(x: 2.5, y: 75, label: "P<1>"), ChartPoint(x: 7.5, y: 25)],
          style: .series(1), shape: .circle, radius: 3),
        .bars(name: "bars", bars: [ChartBar(x0: 4, x1: 6, value: 50)], style: .series(2)),
        .errorBars(name: "intervals", bars: [ChartErrorBar(x: 5, y: 50, low: 40, high: 60)], style: .series(3)),
        .horizontalRule(y: 30, label: "cut", style: .series(4)),
      ])
  }

  @Test func pointsSitWhereTheTicksSayTheirValuesAre() throws {
    let scan = SVGScan(text: Self.sample().svg())
    let xTicks = scan.elements("g", containing: "data-axis=\"x\"")
    let yTicks = scan.elements("g", containing: "data-axis=\"y\"")
    let x0 = try #require(xTicks.first { $0["data-value"] == "0" }?["data-px"].flatMap(Double.init))
    let x10 = try #require(xTicks.first { $0["data-value"] == "10" }?["data-px"].flatMap(Double.init))
    let y0 = try #require(yTicks.first { $0["data-value"] == "0" }?["data-px"].flatMap(Double.init))
    let y100 = try #require(yTicks.first { $0["data-value"] == "100" }?["data-px"].flatMap(Double.init))
    #expect(x10 > x0 && y100 < y0)  // y grows upwards
    let circles = scan.elements("circle", containing: "class=\"point\"")
    #expect(circles.count == 2)
    for circle in circles {
      let x = try #require(circle["data-x"].flatMap(Double.init)),
        y = try #require(circle["data-y"].flatMap(Double.init))
      let cx = try #require(circle["cx"].flatMap(Double.init)), cy = try #require(circle["cy"].flatMap(Double.init))
      #expect(abs(cx - (x0 + (x10 - x0) * x / 10)) < 0.011)
      #expect(abs(cy - (y0 + (y100 - y0) * y / 100)) < 0.011)
    }
    #expect(circles.first?["data-label"] == "P&lt;1&gt;")
  }

  @Test func niceTicksAreOneTwoOrFiveTimesAPowerOfTen() {
    let chart = Chart(
      id: "t", title: "t", x: ChartAxis("x"), y: ChartAxis("y"),
      elements: [
        .line(name: nil, points: [ChartPoint(x: 0.13, y: 201), ChartPoint(x: 0.87, y: 349)], style: .series(0))
      ])
    let x = chart.resolvedScale(for: chart.x, values: [0.13, 0.87])
    // Span 0.74 over 5 intervals = 0.148 → step 0.2; range widened to 0…1.
    #expect(x.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    #expect(x.min == 0 && abs(x.max - 1) < 1e-12)
    let y = chart.resolvedScale(for: chart.y, values: [201, 349])
    // 148 / 5 = 29.6 → step 50; 200…350.
    #expect(y.labels == ["200", "250", "300", "350"])
    #expect(chart.niceStep(0.23) == 0.5)
    #expect(chart.decimals(of: 0.25) == 2 && chart.decimals(of: 50) == 0 && chart.decimals(of: 0.2) == 1)
    #expect(chart.niceStep(3.1) == 5)
    #expect(chart.niceStep(70) == 100)
  }

  @Test func everyNamedLayerHasALegendEntryAndTextIsEscaped() {
    let svg = Self.sample().svg()
    for name in ["line", "points", "bars", "intervals"] {
      #expect(svg.contains("class=\"legend-entry\" data-series=\"\(name)\""))
    }
    #expect(svg.contains("<title id=\"demo-title\">Demo &lt;chart&gt; &amp; &quot;quotes&quot;</title>"))
    #expect(!svg.contains("<chart>"))
    #expect(svg.contains("class=\"rule-label\""))
    #expect(svg.contains("class=\"error-bar\" data-x=\"5\" data-low=\"40\" data-high=\"60\""))
  }

  @Test func renderingIsDeterministicAndFinite() {
    let a = Self.sample().svg(), b = Self.sample().svg()
    #expect(a == b)
    #expect(!a.contains("nan") && !a.contains("inf"))
    // Non-finite points are skipped, not drawn at NaN.
    let gap = Chart(
      id: "g", title: "g", x: ChartAxis("x"), y: ChartAxis("y"),
      elements: [
        .line(
          name: nil,
          points: [ChartPoint(x: 0, y: 1), ChartPoint(x: 1, y: .nan), ChartPoint(x: 2, y: 3), ChartPoint(x: 3, y: 4)],
          style: .series(0)),
        .points(name: nil, points: [ChartPoint(x: .infinity, y: 1)], style: .series(1), shape: .square, radius: 2),
      ]
    ).svg()
    #expect(!gap.contains("nan") && !gap.contains("inf"))
    #expect(gap.components(separatedBy: "<polyline").count == 2)  // the one-point first segment is not drawn
  }
}
