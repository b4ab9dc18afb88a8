import Foundation
import ItemBank
import ItemBenchCore

/// Problems that stop a lint run before any rule runs; `itembench lint` exits with status 2.
public enum LintRunError: Error, CustomStringConvertible {
  /// A path given on the command line does not exist.
  case noSuchPath(String)
  /// The configuration file is unreadable or invalid.
  case configuration(LintConfigurationError)
  /// Files that could not be read at all (permissions, I/O errors).
  case unreadable([Diagnostic])

  public var description: String {
    switch self {
    case .noSuchPath(let path): return "\(path): error: no such file or directory"
    case .configuration(let error): return error.description
    case .unreadable(let diagnostics): return diagnostics.map(\.description).joined(separator: "\n")
    }
  }
}

/// Lints paths on disk: finds each path's bank and configuration, loads the bank, and lints the
/// files under the path.
///
/// - The bank of a path is the nearest directory at or above it that has a `blueprints/`
///   directory (so linting `Items/inventory` or one item file still checks domains against
///   the bank's blueprint and enemies against the whole bank); without one, the path itself.
/// - The configuration is `configurationFile`, or the nearest `.itembench.yml` at or above the
///   path; its `included`/`excluded` globs are relative to its directory.
/// - Paths in findings are relative to the working directory when they are below it, absolute
///   otherwise.
public enum LintRunner {
  /// Lints `paths` (default `Items`).
  ///
  /// - Throws: ``LintRunError``.
  public static func run(
    paths: [String], configurationFile: String? = nil, registry: LintRuleRegistry = .shared,
    toolVersion: String = ""
  ) throws -> LintReport {
    let manager = FileManager.default
    let workingDirectory = URL(fileURLWithPath: manager.currentDirectoryPath).standardizedFileURL.path
    func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
    let displayPrefix = workingDirectory == "/" ? "/" : workingDirectory + "/"
    func display(_ path: String) -> String {
      if path == workingDirectory { return "" }
      // ASCII paths (no carriage return): characters are bytes, so compare and cut bytes.
      let ascii =
        path.utf8.withContiguousStorageIfAvailable { bytes -> String?? in
          displayPrefix.utf8.withContiguousStorageIfAvailable { prefix -> String?? in
            guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }), prefix.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else {
              return nil
            }
            guard bytes.starts(with: prefix) else { return .some(nil) }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[prefix.count...]), as: UTF8.self))
          } ?? nil
        } ?? nil
      if let ascii { return ascii ?? path }
      return path.hasPrefix(displayPrefix) ? String(path.dropFirst(displayPrefix.count)) : path
    }

    var explicitConfiguration: LintConfiguration?
    if let configurationFile {
      do {
        explicitConfiguration = try LintConfiguration.load(from: configurationFile, registry: registry)
      } catch let error as LintConfigurationError {
        throw LintRunError.configuration(error)
      }
    }

    // Group the paths by (bank root, configuration file).
    struct Group {
      var root: String
      var configuration: LintConfiguration
      var paths: [String]
    }
    var groups: [Group] = []
    var configurations: [String: LintConfiguration] = [:]
    for path in paths.isEmpty ? ["Items"] : paths {
      let target = absolute(path)
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: target, isDirectory: &isDirectory) else { throw LintRunError.noSuchPath(path) }
      let root = bankRoot(of: target, isDirectory: isDirectory.boolValue)
      var configuration = explicitConfiguration ?? LintConfiguration()
      if explicitConfiguration == nil, let found = LintConfiguration.find(from: target) {
        if let cached = configurations[found] {
          configuration = cached
        } else {
          do {
            configuration = try LintConfiguration.load(from: found, registry: registry)
          } catch let error as LintConfigurationError {
            throw LintRunError.configuration(error)
          }
          configurations[found] = configuration
        }
      }
      if let index = groups.firstIndex(where: { $0.root == root && $0.configuration.file == configuration.file }) {
        groups[index].paths.append(target)
      } else {
        groups.append(Group(root: root, configuration: configuration, paths: [target]))
      }
    }

    var banks: [ItemBank] = []
    var findingLists: [[LintFinding]] = []
    var fileLists: [[String]] = []
    var catalogue: [String: any LintRule] = [:]
    var enabled: Set<String> = []
    for group in groups {
      var isDirectory: ObjCBool = false
      _ = manager.fileExists(atPath: group.root, isDirectory: &isDirectory)
      let absoluteFiles = isDirectory.boolValue ? BankLoader.yamlFiles(under: group.root) : [group.root]
      let shownFiles = absoluteFiles.map(display)
      let bank = BankLoader.load(files: shownFiles, root: isDirectory.boolValue ? display(group.root) : "")

      // The linted files: under one of the group's paths, and selected by the configuration.
      let base = group.configuration.baseDirectory
      let baseDirectory = base.map { $0 + "/" }
      let directories = group.paths.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
      var linted: Set<String> = []
      linted.reserveCapacity(shownFiles.count)
      for (file, shown) in zip(absoluteFiles, shownFiles) {
        guard group.paths.indices.contains(where: { file == group.paths[$0] || file.hasPrefix(directories[$0]) }) else {
          continue
        }
        if let base, let baseDirectory, file.hasPrefix(baseDirectory) {
          guard group.configuration.selects(String(file.dropFirst(base.count + 1))) else { continue }
        }
        linted.insert(shown)
      }
      let unreadable = bank.diagnostics.filter { $0.code == nil && linted.contains($0.location.file) }
      if !unreadable.isEmpty { throw LintRunError.unreadable(unreadable) }

      let report = Linter(configuration: group.configuration, registry: registry).lint(bank, files: linted)
      banks.append(bank)
      findingLists.append(report.findings)
      fileLists.append(report.files)
      for rule in report.rules where catalogue[rule.id] == nil { catalogue[rule.id] = rule }
      enabled.formUnion(report.enabledRuleIDs)
    }
    // Findings of all groups, sorted, each distinct finding once; a single group's report is
    // already sorted, which the report's initialiser checks in one pass instead of sorting again.
    let findings = LintFinding.sortedWithoutDuplicates(
      findingLists.count == 1 ? findingLists[0] : Array(findingLists.joined()))
    let files = fileLists.count == 1 ? fileLists[0] : Array(Set(fileLists.joined()))
    var report = LintReport(
      findings: findings, files: files, rules: Array(catalogue.values), enabledRuleIDs: enabled,
      toolVersion: toolVersion)
    report.loadedData = BackgroundRelease(banks)
    return report
  }

  /// The nearest directory at or above `path` with a `blueprints/` directory, or `path`.
  public static func bankRoot(of path: String, isDirectory: Bool) -> String {
    let manager = FileManager.default
    var directory = URL(fileURLWithPath: path).standardizedFileURL
    if !isDirectory { directory.deleteLastPathComponent() }
    while true {
      var flag: ObjCBool = false
      if manager.fileExists(atPath: directory.appendingPathComponent("blueprints").path, isDirectory: &flag),
        flag.boolValue
      {
        return directory.path
      }
      let parent = directory.deletingLastPathComponent()
      if parent.path == directory.path || directory.path == "/" { return path }
      directory = parent
    }
  }
}

/// Holds what a lint run loaded (its banks) for as long as the report lives, and frees it on a
/// background queue when the report is dropped.
///
/// Freeing a loaded bank (every item's strings and field locations, every file's text) is
/// tens of milliseconds of serial work for 10,000 items. Done when the runner returns, it
/// delayed rendering; done when the report goes away, it overlaps whatever the caller does
/// next, and costs nothing when the process exits right after printing the report.
final class BackgroundRelease: Sendable {
  private let value: any Sendable
  init(_ value: any Sendable) { self.value = value }
  deinit {
    let value = self.value
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(value) {} }
  }
}
