import Foundation
import PackagePlugin

/// `swift package lint-items [ARGUMENTS ...]`: runs `itembench lint` over the package's items.
///
/// Every argument is passed to `itembench lint` unchanged, and the tool runs in the package
/// directory, so relative paths resolve against the package root. When no bank path is given
/// the plugin lints `Items/`. A non-zero exit of the tool is reported with `Diagnostics.error`
/// and ends the plugin with the tool's status.
///
/// The plugin asks for no write permission, so `--write-baseline` into the package works only
/// where plugins are not sandboxed (Linux) or with `swift package --disable-sandbox`.
@main
struct LintItemsPlugin: CommandPlugin {
  /// Options of `itembench lint` that take a value: their value is not a bank path.
  static let valuedOptions: Set<String> = [
    "--config", "--reporter", "--baseline", "--write-baseline", "--output",
  ]

  /// The bank linted when no path is given, relative to the package directory.
  static let defaultBank = "Items"

  static let usage = """
    OVERVIEW: Lint exam items with `itembench lint` (SwiftPM command plugin).

    USAGE: swift package lint-items [<path> ...] [--config <file>] \
    [--reporter text|json|sarif|github|junit] [--strict] [--baseline <file>] \
    [--write-baseline <file>] [--output <file>]

    Every argument is passed to `itembench lint`, which runs in the package directory.
    With no <path>, the plugin lints Items/ of the package. The plugin fails when the linter
    exits non-zero (1: findings of error severity, or any finding with --strict; 2: usage or
    input problem). The options of `itembench lint` follow.

    """

  func performCommand(context: PluginContext, arguments: [String]) async throws {
    try reportingFailures {
      let tool = try ItemBenchTool(context: context)
      let (options, terminated) = splitAtTerminator(arguments)
      var extractor = ArgumentExtractor(options)
      if extractor.extractFlag(named: "help") > 0 || options.contains("-h") {
        printNow(Self.usage)
        try tool.run(["lint", "--help"])
        return
      }
      var passed = arguments
      if !Self.hasPath(options: options, terminated: terminated) {
        let bank = tool.workingDirectory.appending(path: Self.defaultBank)
        guard FileManager.default.fileExists(atPath: bank.path) else {
          throw PluginFailure.usage(
            "no \(Self.defaultBank)/ directory in package '\(context.package.displayName)': "
              + "pass the bank to lint, e.g. swift package lint-items path/to/bank")
        }
        passed.insert(Self.defaultBank, at: options.count)
      }
      try tool.run(["lint"] + passed)
    }
  }

  /// Whether the arguments name a bank path: a word that is neither an option nor the value of
  /// one of ``valuedOptions``, or anything after `--`.
  static func hasPath(options: [String], terminated: [String]) -> Bool {
    if terminated.count > 1 { return true }
    var expectsValue = false
    for argument in options {
      if expectsValue {
        expectsValue = false
      } else if argument.hasPrefix("-") && argument != "-" {
        expectsValue = valuedOptions.contains(argument)
      } else {
        return true
      }
    }
    return false
  }
}
