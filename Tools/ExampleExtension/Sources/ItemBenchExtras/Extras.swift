import ItemBenchCore
import ItemLint

/// The extension's entry point: registers its lint rule and its table exporter.
///
/// A tool built on ItemBench calls this once at start-up, before it lints or exports; the
/// registries then offer the additions exactly like the built-in rules and formats
/// (`LintRunner.run`, `Linter`, `itembench rules`-style listings, `--format latex`).
public enum Extras {
  /// Adds ``IDDomainPrefixRule`` to `rules` and ``LaTeXTableExporter`` to `exporters`.
  public static func register(
    rules: LintRuleRegistry = .shared, exporters: ExporterRegistry = .shared
  ) {
    rules.register(IDDomainPrefixRule())
    exporters.register(LaTeXTableExporter())
  }
}
