import Charts
import Plot

/// Small builders over Plot for the report's recurring HTML: figures with inline SVG, tables
/// with a caption, key–value tables.
enum HTMLParts {
  typealias Body = Node<HTML.BodyContext>

  /// `<figure id="fig-…"><svg…/><figcaption>…</figcaption></figure>`.
  static func figure(_ chart: Chart, caption: String) -> Body {
    .element(
      named: "figure",
      nodes: [
        .attribute(named: "id", value: "fig-" + chart.id), .class("plot"), .raw(chart.svg()),
        .element(named: "figcaption", nodes: [.text(caption)]),
      ])
  }

  /// A row of small figures (ICCs, option curves).
  static func grid(_ figures: [Body], wide: Bool = false) -> Body {
    .div(.class(wide ? "grid wide" : "grid"), .group(figures))
  }

  /// A table; columns whose index is in `numeric` are right-aligned. Cells that start with `!`
  /// are marked as flags (the `!` is dropped).
  static func table(id: String, caption: String, header: [String], rows: [[String]], numeric: Set<Int> = []) -> Body {
    .div(
      .class(rows.count > 24 ? "table-wrap long" : "table-wrap"),
      .table(
        .id(id),
        .caption(.text(caption)),
        .thead(
          .tr(
            .group(
              header.enumerated().map { index, name in
                numeric.contains(index) ? .th(.class("num"), .text(name)) : .th(.text(name))
              }))),
        .tbody(
          .group(
            rows.map { row in
              .tr(
                .group(
                  row.enumerated().map { index, cell -> Node<HTML.TableRowContext> in
                    if cell.hasPrefix("!") { return .td(.class("flag"), .text(String(cell.dropFirst()))) }
                    return numeric.contains(index) ? .td(.class("num"), .text(cell)) : .td(.text(cell))
                  }))
            }))
      ))
  }

  /// A two-column table of facts.
  static func facts(id: String, caption: String, _ pairs: [(String, String)]) -> Body {
    table(id: id, caption: caption, header: ["", ""], rows: pairs.map { [$0.0, $0.1] })
  }

  static let css = """
    :root { color-scheme: light; }
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1.5rem 2rem 4rem; color: #1d1d1f; line-height: 1.45; background: #fff; }
    h1 { font-size: 1.7rem; margin-bottom: .2rem; }
    h2 { font-size: 1.35rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; margin-top: 2.5rem; }
    h3 { font-size: 1.1rem; margin-top: 1.6rem; }
    p.lead { color: #444; margin-top: 0; }
    nav.toc ol { columns: 2; font-size: .95rem; }
    figure.plot { margin: 1rem 0; break-inside: avoid; }
    figure.plot svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
    figcaption { font-size: .88rem; color: #444; margin-top: .3rem; }
    .grid { display: flex; flex-wrap: wrap; gap: .6rem; }
    .grid figure.plot { margin: 0; width: 260px; }
    .grid.wide figure.plot { width: calc(50% - .3rem); }
    .table-wrap { overflow-x: auto; margin: .8rem 0 1.4rem; }
    .table-wrap.long { max-height: 30rem; overflow-y: auto; }
    td:first-child { white-space: nowrap; }
    table { border-collapse: collapse; font-size: .82rem; }
    caption { text-align: left; font-weight: 600; padding: .3rem 0; font-size: .9rem; }
    th, td { border-bottom: 1px solid #e1e1e1; padding: .18rem .55rem; text-align: left; vertical-align: top; }
    th { background: #f3f6f9; position: sticky; top: 0; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    td.flag { color: #b00020; font-weight: 600; }
    .note { font-size: .88rem; color: #444; background: #f7f7f2; border-left: 3px solid #E69F00; padding: .4rem .7rem; }
    code { font-size: .85em; }
    @media print {
      body { max-width: none; padding: 0; font-size: 10pt; }
      h2 { break-before: page; }
      nav.toc { break-after: page; }
      th { position: static; }
      .table-wrap, .table-wrap.long { overflow: visible; max-height: none; }
      figure.plot svg { border: none; }
    }
    """
}
