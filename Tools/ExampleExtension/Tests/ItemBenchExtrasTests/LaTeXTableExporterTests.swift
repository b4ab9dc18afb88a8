import ItemBenchCore
import ItemBenchExtras
import ItemLint
import Testing

@Suite struct LaTeXTableExporterTests {
  /// A small scale table; the expected text is written out by hand from the format's rules.
  @Test func exportsBooktabsTabular() throws {
    let table = DataTable(
      name: "scale-table",
      metadata: [("form", "form_b"), ("method", "IRT true-score")],
      columns: ["raw", "theta", "scaled", "note"],
      rows: [
        [.integer(0), .missing, .integer(200), .text("floor & below")],
        [.integer(1), .decimal(-2.3456, places: 3), .integer(212), .text("50% rule")],
      ])
    let expected = """
      % scale-table
      % form: form_b
      % method: IRT true-score
      \\begin{tabular}{rrrl}
      \\toprule
      raw & theta & scaled & note \\\\
      \\midrule
      0 &  & 200 & floor \\& below \\\\
      1 & -2.346 & 212 & 50\\% rule \\\\
      \\bottomrule
      \\end{tabular}

      """
    #expect(try LaTeXTableExporter().export(table) == expected)
  }

  @Test func escapesEverySpecialCharacter() {
    #expect(
      LaTeXTableExporter.escape(##"a\b&c%d$e#f_g{h}i~j^k"##)
        == ##"a\textbackslash{}b\&c\%d\$e\#f\_g\{h\}i\textasciitilde{}j\textasciicircum{}k"##)
    #expect(LaTeXTableExporter.escape("two\nlines") == "two lines")
  }

  @Test func registersBesideTheBuiltInExporters() throws {
    let registry = ExporterRegistry()
    registry.register(LaTeXTableExporter())
    #expect(registry.formatNames == ["csv", "json", "markdown", "latex"])
    let exporter = try #require(registry.exporter(named: "latex"))
    #expect(exporter.fileExtension == "tex")
  }
}

@Suite struct ExtrasRegistrationTests {
  @Test func registersTheExporterBesideTheBuiltIns() throws {
    let exporters = ExporterRegistry()
    Extras.register(rules: LintRuleRegistry(builtIns: false), exporters: exporters)
    #expect(exporters.formatNames == ["csv", "json", "markdown", "latex"])
    let table = DataTable(name: "t", columns: ["id"], rows: [[.text("INV_1")]])
    #expect(try exporters.exporter(named: "latex")?.export(table).contains("INV\\_1 \\\\") == true)
  }
}
