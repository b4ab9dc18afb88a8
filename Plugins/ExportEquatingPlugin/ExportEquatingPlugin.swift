import Foundation
import PackagePlugin

/// `swift package export-equating [--output-folder NAME] [...]`: writes the equating and
/// scaled-score tables of the shipped forms into a folder of the package.
///
/// Runs `itembench cycle --steps calibrate,link,equate,tables --output <package>/<NAME>`
/// (`NAME` defaults to `equating-tables`); the tables land in `<NAME>/tables/`. Other
/// arguments are passed to `itembench cycle` after these. The plugin declares
/// `.writeToPackageDirectory`, so a non-interactive run needs
/// `swift package --allow-writing-to-package-directory export-equating`.
@main
struct ExportEquatingPlugin: CommandPlugin {
  static let defaultFolder = "equating-tables"
  static let steps = "calibrate,link,equate,tables"

  static let usage = """
    OVERVIEW: Write the equating and scale tables of the shipped forms into the package \
    (SwiftPM command plugin).

    USAGE: swift package --allow-writing-to-package-directory export-equating \
    [--output-folder <name>] [<itembench cycle options> ...]

    OPTIONS:
      --output-folder <name>  Folder of the package to write into, relative to the package
                              root (default: \(defaultFolder)). The tables go to <name>/tables/.
      -h, --help              Show this help.

    Runs `itembench cycle --steps \(steps) --output <package>/<name>` in the package
    directory; other arguments are passed to `itembench cycle` (but not --steps or --output,
    which the plugin sets). The plugin fails when the tool exits non-zero.
    """

  func performCommand(context: PluginContext, arguments: [String]) async throws {
    try reportingFailures {
      let (options, terminated) = splitAtTerminator(arguments)
      var extractor = ArgumentExtractor(options)
      if extractor.extractFlag(named: "help") > 0 || options.contains("-h") {
        printNow(Self.usage)
        return
      }
      let folders = extractor.extractOption(named: "output-folder")
      guard folders.count <= 1 else {
        throw PluginFailure.usage("--output-folder given \(folders.count) times; give it once")
      }
      let folder = try Self.validatedFolder(folders.first ?? Self.defaultFolder)
      let passed = Self.withoutOutputFolder(options) + terminated
      for reserved in ["--steps", "--output"]
      where passed.contains(where: { $0 == reserved || $0.hasPrefix(reserved + "=") }) {
        throw PluginFailure.usage(
          "\(reserved) is set by export-equating; use --output-folder to choose the folder")
      }
      let tool = try ItemBenchTool(context: context)
      let output = tool.workingDirectory.appending(path: folder, directoryHint: .isDirectory)
      try tool.run(["cycle", "--steps", Self.steps, "--output", output.path] + passed)
      let tables = output.appending(path: "tables", directoryHint: .isDirectory)
      let written =
        (try? FileManager.default.contentsOfDirectory(atPath: tables.path))?.sorted() ?? []
      guard !written.isEmpty else {
        throw PluginFailure.usage(
          "itembench cycle succeeded but wrote no tables into \(folder)/tables/")
      }
      printNow(
        "Wrote \(written.count) table file(s) to \(folder)/tables/: "
          + written.joined(separator: ", "))
    }
  }

  /// `name` if it is a relative path inside the package (no `..`, not absolute, not empty).
  static func validatedFolder(_ name: String) throws -> String {
    let components = name.split(separator: "/", omittingEmptySubsequences: true)
    guard !name.hasPrefix("/"), !components.isEmpty,
      !components.contains(where: { $0 == ".." || $0 == "." })
    else {
      throw PluginFailure.usage(
        "--output-folder must be a relative path inside the package, without '.' or '..' "
          + "(got '\(name)')")
    }
    return components.joined(separator: "/")
  }

  /// `options` without `--output-folder` and its value, in their original order.
  static func withoutOutputFolder(_ options: [String]) -> [String] {
    var kept: [String] = []
    var skipNext = false
    for argument in options {
      if skipNext {
        skipNext = false
      } else if argument == "--output-folder" {
        skipNext = true
      } else if argument.hasPrefix("--output-folder=") || argument == "--help" {
        continue
      } else {
        kept.append(argument)
      }
    }
    return kept
  }
}
