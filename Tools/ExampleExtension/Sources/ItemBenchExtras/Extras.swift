import ItemBenchCore
import ItemLint
import ItemResponseTheory

/// The extension's entry point: registers its lint rule, its table exporter and its IRT model.
///
/// A tool built on ItemBench calls this once at start-up, before it lints or exports; the
/// registries then offer the additions exactly like the built-in rules and formats
/// (`LintRunner.run`, `Linter`, `itembench rules`-style listings, `--format latex`).
public enum Extras {
  /// Adds ``IDDomainPrefixRule`` to `rules`, ``LaTeXTableExporter`` to `exporters` and
  /// ``FourParameterLogisticModel`` (as `4pl`) to `models`.
  public static func register(
    rules: LintRuleRegistry = .shared, exporters: ExporterRegistry = .shared, models: IRTModelRegistry = .shared
  ) {
    rules.register(IDDomainPrefixRule())
    exporters.register(LaTeXTableExporter())
    models.register("4pl") { _ in FourParameterLogisticModel() }
  }
}
