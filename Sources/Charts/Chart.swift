import ItemBenchCore

/// A colour, stroke and marker style for one chart element.
public struct ChartStyle: Sendable, Hashable {
  /// Any SVG colour (`#0072B2`).
  public var color: String
  public var lineWidth: Double
  /// An SVG `stroke-dasharray` (`"6 4"`), nil for solid.
  public var dash: String?
  public var opacity: Double

  public init(color: String, lineWidth: Double = 2, dash: String? = nil, opacity: Double = 1) {
    self.color = color
    self.lineWidth = lineWidth
    self.dash = dash
    self.opacity = opacity
  }

  /// The Okabe–Ito colour-blind-safe palette, in order.
  public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

  /// The `index`-th palette colour (cycling).
  public static func series(_ index: Int, lineWidth: Double = 2, dash: String? = nil) -> ChartStyle {
    ChartStyle(
      color: palette[((index % palette.count) + palette.count) % palette.count], lineWidth: lineWidth, dash: dash)
  }
}

/// A marker drawn at a data point.
public enum MarkerShape: String, Sendable, Hashable {
  case circle, square, diamond, triangle
}

/// A data point, optionally labelled (the label is drawn beside the marker and kept in the
/// SVG as `data-label`).
public struct ChartPoint: Sendable, Hashable {
  public var x: Double
  public var y: Double
  public var label: String?
  public init(x: Double, y: Double, label: String? = nil) {
    self.x = x
    self.y = y
    self.label = label
  }
}

/// A bar from `x0` to `x1` along x and from `base` to `value` along y.
public struct ChartBar: Sendable, Hashable {
  public var x0: Double
  public var x1: Double
  public var base: Double
  public var value: Double
  public init(x0: Double, x1: Double, base: Double = 0, value: Double) {
    self.x0 = x0
    self.x1 = x1
    self.base = base
    self.value = value
  }
}

/// An interval at a data point: vertical (`low…high` in y at `x`) or horizontal (in x at `y`).
public struct ChartErrorBar: Sendable, Hashable {
  public enum Orientation: String, Sendable, Hashable { case vertical, horizontal }
  public var x: Double
  public var y: Double
  public var low: Double
  public var high: Double
  public var orientation: Orientation
  public init(x: Double, y: Double, low: Double, high: Double, orientation: Orientation = .vertical) {
    self.x = x
    self.y = y
    self.low = low
    self.high = high
    self.orientation = orientation
  }
}

/// One layer of a chart. Named layers get a legend entry.
public enum ChartElement: Sendable, Hashable {
  /// A polyline through the points in order (non-finite points break the line).
  case line(name: String?, points: [ChartPoint], style: ChartStyle)
  /// Markers at the points.
  case points(name: String?, points: [ChartPoint], style: ChartStyle, shape: MarkerShape, radius: Double)
  case bars(name: String?, bars: [ChartBar], style: ChartStyle)
  case errorBars(name: String?, bars: [ChartErrorBar], style: ChartStyle)
  /// A horizontal line across the plot at `y` with a label at its right end.
  case horizontalRule(y: Double, label: String?, style: ChartStyle)
  /// A vertical line across the plot at `x` with a label at its top.
  case verticalRule(x: Double, label: String?, style: ChartStyle)

  var name: String? {
    switch self {
    case .line(let name, _, _), .points(let name, _, _, _, _), .bars(let name, _, _), .errorBars(let name, _, _):
      return name
    case .horizontalRule, .verticalRule: return nil
    }
  }
}

/// An axis: its label, its range (nil: from the data, widened to nice ticks) and its ticks
/// (nil: about `tickCount` "nice" values 1, 2 or 5 × 10ᵏ apart). `categories` replaces numeric
/// tick labels with names at 0, 1, 2, … (for bar charts of domains).
public struct ChartAxis: Sendable, Hashable {
  public var label: String
  public var range: ClosedRange<Double>?
  public var ticks: [Double]?
  public var tickCount: Int
  public var categories: [String]?
  /// Decimals of the tick labels (nil: as many as the tick step needs).
  public var decimals: Int?

  public init(
    _ label: String, range: ClosedRange<Double>? = nil, ticks: [Double]? = nil, tickCount: Int = 6,
    categories: [String]? = nil, decimals: Int? = nil
  ) {
    self.label = label
    self.range = range
    self.ticks = ticks
    self.tickCount = tickCount
    self.categories = categories
    self.decimals = decimals
  }
}
