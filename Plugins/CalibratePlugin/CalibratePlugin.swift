import Foundation
import PackagePlugin

/// `swift package calibrate RESPONSES --model rasch|1pl|2pl|3pl [...]`: runs
/// `itembench calibrate` with the given arguments, in the package directory.
///
/// The plugin declares `.writeToPackageDirectory` because `--out` writes the parameter file
/// into the package; in a non-interactive run pass `--allow-writing-to-package-directory` to
/// `swift package`. A non-zero exit of the tool is reported with `Diagnostics.error` and ends
/// the plugin with the tool's status.
@main
struct CalibratePlugin: CommandPlugin {
  static let usage = """
    OVERVIEW: Calibrate item parameters with `itembench calibrate` (SwiftPM command plugin).

    USAGE: swift package [--allow-writing-to-package-directory] calibrate <responses> \
    --model rasch|1pl|2pl|3pl [--bank <dir>] [--out <file>] [--format json|csv] ...

    Every argument is passed to `itembench calibrate`, which runs in the package directory
    (relative paths resolve against the package root). The plugin fails when the tool exits
    non-zero. The options of `itembench calibrate` follow.

    """

  func performCommand(context: PluginContext, arguments: [String]) async throws {
    try reportingFailures {
      let tool = try ItemBenchTool(context: context)
      let (options, _) = splitAtTerminator(arguments)
      var extractor = ArgumentExtractor(options)
      if extractor.extractFlag(named: "help") > 0 || options.contains("-h") {
        printNow(Self.usage)
        try tool.run(["calibrate", "--help"])
        return
      }
      guard !arguments.isEmpty else {
        throw PluginFailure.usage(
          "missing arguments: swift package calibrate <responses> --model rasch|1pl|2pl|3pl "
            + "(see swift package calibrate --help)")
      }
      try tool.run(["calibrate"] + arguments)
    }
  }
}
