// The ItemLint module: item-writing lint rules, configuration, suppressions, baselines and
// reporters.
//
// Public surface (see docs/lint.md):
// - `LintRule` (protocol), `LintRuleRegistry` (the rules the CLI runs), `LintContext`,
//   `LintFinding`, `LintExample`, `RuleParameter`/`RuleOptions`, `ItemAnalysis`/`TextAnalysis`.
// - `LintConfiguration` (.itembench.yml), `Suppressions`, `Baseline`.
// - `Linter` (lint a loaded bank), `LintRunner` (lint paths on disk), `LintReport`.
// - `LintReporter` (protocol), `LintReporterRegistry` with text, json, sarif, github, junit.
