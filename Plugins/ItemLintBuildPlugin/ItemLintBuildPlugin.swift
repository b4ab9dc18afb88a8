import Foundation
import PackagePlugin

/// Lints a target's exam items with `itembench lint --reporter text` as part of the build.
///
/// Which items: the paths of `itembench-plugin.json` in the target directory, if there is one;
/// otherwise the target's own `Items/` directory; otherwise the package's `Items/` directory.
/// The configuration file (all fields optional, paths relative to the target directory):
///
///     {"paths": ["../../Items"], "config": "../../Items/.itembench.yml",
///      "baseline": "../../lint-baseline.json", "strict": false}
///
/// The lint runs as a build command (a prebuild command cannot run a tool built from source)
/// whose inputs are every YAML file of the banks those paths belong to (the linter reads the
/// whole bank for cross-item rules), the lint configuration (`config`, else the nearest
/// `.itembench.yml` the linter would use), the baseline and the `itembench` executable, and
/// whose output is an empty Swift file in the plugin work directory, written only when the lint
/// passes. So SwiftPM re-runs the lint only when an item, the configuration or the tool changes,
/// and a clean build stays silent.
///
/// Findings are printed as `file:line:column: warning: message`, which SwiftPM and Xcode show
/// as diagnostics. Findings of error severity make `itembench lint` exit 1 and so fail the
/// build; warnings do not (unless `"strict": true`, which passes `--strict`).
///
/// The command runs `/bin/sh` to write the stamp after the tool (the tool itself writes only
/// its report), so the plugin needs a POSIX shell: Linux and macOS, not Windows.
@main
struct ItemLintBuildPlugin: BuildToolPlugin {
  /// The optional per-target configuration file, in the target directory.
  static let configurationFileName = "itembench-plugin.json"
  /// The lint configuration the linter reads from a bank root.
  static let lintConfigurationFileName = ".itembench.yml"
  /// Directories of a bank that hold data for other commands, not items (as in `BankLoader`).
  static let dataDirectories: Set<String> = ["scales", "responses", "parameters"]

  /// The contents of `itembench-plugin.json`.
  struct Configuration: Decodable {
    var paths: [String]?
    var config: String?
    var baseline: String?
    var strict: Bool?
  }

  enum Failure: Error, CustomStringConvertible {
    case unreadableConfiguration(path: String, reason: String)
    case missingPath(path: String, configuration: String)

    var description: String {
      switch self {
      case .unreadableConfiguration(let path, let reason):
        return "\(path): cannot read the ItemLintBuildPlugin configuration: \(reason)"
      case .missingPath(let path, let configuration):
        return "\(configuration): no such file or directory: \(path)"
      }
    }
  }

  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    // `Target.directoryURL` (tools version 6.1, which the package now states).
    let targetDirectory = target.directoryURL
    let packageDirectory = context.package.directoryURL
    let configurationURL = targetDirectory.appending(path: Self.configurationFileName)
    let configuration = try Self.readConfiguration(at: configurationURL)

    var roots: [URL] = []
    if let paths = configuration?.paths {
      for path in paths {
        let url = Self.resolve(path, against: targetDirectory)
        guard FileManager.default.fileExists(atPath: url.path) else {
          throw Failure.missingPath(path: path, configuration: configurationURL.path)
        }
        roots.append(url)
      }
    } else {
      let candidates = [
        targetDirectory.appending(path: "Items", directoryHint: .isDirectory),
        packageDirectory.appending(path: "Items", directoryHint: .isDirectory),
      ]
      if let bank = candidates.first(where: { Self.isDirectory($0) }) { roots = [bank] }
    }
    guard !roots.flatMap(Self.yamlFiles(under:)).isEmpty else {
      Diagnostics.warning(
        "ItemLintBuildPlugin: no item files for target '\(target.name)' (looked in "
          + "\(target.name)/Items, the package's Items/ and \(Self.configurationFileName))")
      return []
    }
    // The linter reads the whole bank a path belongs to (for cross-item rules), so every YAML
    // file of those banks is an input, not only the files under the paths.
    var bankRoots: [URL] = []
    for root in roots {
      let bank = Self.bankRoot(of: root)
      if !bankRoots.contains(bank) { bankRoots.append(bank) }
    }
    var itemFiles: [URL] = []
    for bank in bankRoots { itemFiles += Self.yamlFiles(under: bank) }
    itemFiles = Array(Set(itemFiles)).sorted { $0.path < $1.path }

    var lintArguments = ["lint", "--reporter", "text"]
    var extraInputs: [URL] = [configurationURL].filter { Self.isFile($0) }
    if let config = configuration?.config {
      let url = Self.resolve(config, against: targetDirectory)
      guard Self.isFile(url) else {
        throw Failure.missingPath(path: config, configuration: configurationURL.path)
      }
      lintArguments += ["--config", url.path]
      extraInputs.append(url)
    } else {
      // The linter uses the nearest `.itembench.yml` at or above each path; rerun when it
      // changes.
      for root in roots {
        if let found = Self.nearestLintConfiguration(from: root), !extraInputs.contains(found) {
          extraInputs.append(found)
        }
      }
    }
    if let baseline = configuration?.baseline {
      let url = Self.resolve(baseline, against: targetDirectory)
      guard Self.isFile(url) else {
        throw Failure.missingPath(path: baseline, configuration: configurationURL.path)
      }
      lintArguments += ["--baseline", url.path]
      extraInputs.append(url)
    }
    if configuration?.strict == true { lintArguments.append("--strict") }
    lintArguments += roots.map(\.path)

    let tool = try context.tool(named: "itembench")
    // An empty Swift file: SwiftPM compiles it into the target, which makes the command part
    // of the build; a file of another type would be copied into a resource bundle.
    let stamp = context.pluginWorkDirectoryURL.appending(path: "\(target.name)+ItemLint.swift")
    return [
      .buildCommand(
        displayName: "Linting items of \(target.name)",
        executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: ["-c", Self.script, tool.url.path, stamp.path, context.pluginWorkDirectoryURL.path]
          + lintArguments,
        inputFiles: itemFiles + extraInputs + [tool.url],
        outputFiles: [stamp]
      )
    ]
  }

  /// `sh -c SCRIPT TOOL STAMP DIRECTORY ARGUMENTS...`: runs the tool in DIRECTORY (the plugin
  /// work directory, which holds no items, so the linter prints absolute paths that IDEs can
  /// open); on success writes the stamp, on failure removes it and exits with the tool's status.
  static let script = """
    tool="$0"; stamp="$1"; directory="$2"; shift 2
    cd "$directory" || exit 2
    "$tool" "$@"
    status=$?
    if [ "$status" -ne 0 ]; then rm -f "$stamp"; exit "$status"; fi
    printf '%s\\n' '// Written by ItemLintBuildPlugin after `itembench lint` passed. Intentionally empty.' > "$stamp"
    """

  static func readConfiguration(at url: URL) throws -> Configuration? {
    guard isFile(url) else { return nil }
    do {
      return try JSONDecoder().decode(Configuration.self, from: Data(contentsOf: url))
    } catch {
      throw Failure.unreadableConfiguration(path: url.path, reason: "\(error)")
    }
  }

  static func resolve(_ path: String, against directory: URL) -> URL {
    let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appending(path: path)
    return url.standardizedFileURL
  }

  static func isDirectory(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }

  static func isFile(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
      && !isDirectory.boolValue
  }

  /// The bank `url` belongs to, as the linter finds it: the nearest directory at or above it
  /// with a `blueprints/` directory; without one, `url` itself.
  static func bankRoot(of url: URL) -> URL {
    var directory = isDirectory(url) ? url : url.deletingLastPathComponent()
    while true {
      if isDirectory(directory.appending(path: "blueprints")) { return directory }
      let parent = directory.deletingLastPathComponent()
      if parent.path == directory.path || directory.path == "/" { return url }
      directory = parent
    }
  }

  /// The nearest `.itembench.yml` at or above `url`, as the linter finds it.
  static func nearestLintConfiguration(from url: URL) -> URL? {
    var directory = isDirectory(url) ? url : url.deletingLastPathComponent()
    while true {
      let candidate = directory.appending(path: lintConfigurationFileName)
      if isFile(candidate) { return candidate }
      let parent = directory.deletingLastPathComponent()
      if parent.path == directory.path || directory.path == "/" { return nil }
      directory = parent
    }
  }

  /// The `*.yml`/`*.yaml` files the linter reads under `root` (or `root` itself if it is a
  /// file), sorted: hidden files and directories and the data directories are skipped, as the
  /// bank loader does.
  static func yamlFiles(under root: URL) -> [URL] {
    guard isDirectory(root) else { return [root] }
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var files: [URL] = []
    while let relative = enumerator.nextObject() as? String {
      let components = relative.split(separator: "/").map(String.init)
      if components.contains(where: { $0.hasPrefix(".") }) { continue }
      if components.dropLast().contains(where: { dataDirectories.contains($0) }) { continue }
      guard relative.hasSuffix(".yml") || relative.hasSuffix(".yaml") else { continue }
      files.append(root.appending(path: relative))
    }
    return files.sorted { $0.path < $1.path }
  }
}
