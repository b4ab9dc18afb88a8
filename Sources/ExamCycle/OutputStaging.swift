import Foundation
import ItemBenchCore

/// Builds the run's output folder beside the destination and swaps it in whole, so a run that
/// fails or is killed leaves the previous complete output untouched.
///
/// 1. Files are written (atomically) under `<parent>/.<name>.staging-<pid>`.
/// 2. ``commit()`` renames the destination to `<parent>/.<name>.previous-<pid>`, renames the
///    staging folder to the destination and deletes the previous folder. If the second rename
///    fails, the previous folder is renamed back.
/// 3. A run that finds no destination but a `.previous-*` folder (a run killed between the two
///    renames) renames that folder back before it starts; leftover `.staging-*` folders of killed
///    runs are deleted.
///
/// The destination is replaced only when it is absent, empty, or was written by this staging
/// (it holds the marker file ``marker``): a folder of the user's own is never deleted.
struct OutputStaging {
  static let marker = ".itembench-output"

  let destination: URL
  let staging: URL
  private let previous: URL

  init(destination path: String) throws {
    let manager = FileManager.default
    destination = URL(fileURLWithPath: path).standardizedFileURL
    let parent = destination.deletingLastPathComponent()
    let name = destination.lastPathComponent
    let pid = ProcessInfo.processInfo.processIdentifier
    staging = parent.appendingPathComponent(".\(name).staging-\(pid)")
    previous = parent.appendingPathComponent(".\(name).previous-\(pid)")
    do {
      try manager.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      throw CycleError("cannot create the output's parent directory \(parent.path)")
    }
    let siblings = (try? manager.contentsOfDirectory(atPath: parent.path)) ?? []
    if !manager.fileExists(atPath: destination.path),
      let left = siblings.sorted().last(where: { $0.hasPrefix(".\(name).previous-") })
    {
      _ = rename(parent.appendingPathComponent(left).path, destination.path)
    }
    for sibling in siblings where sibling.hasPrefix(".\(name).staging-") {
      try? manager.removeItem(at: parent.appendingPathComponent(sibling))
    }
    try Self.checkReplaceable(destination)
    try? manager.removeItem(at: staging)
    do {
      try manager.createDirectory(at: staging, withIntermediateDirectories: true)
    } catch {
      throw CycleError("cannot create the staging directory \(staging.path)")
    }
  }

  /// Refuses a destination that is a file, or a non-empty folder without the marker.
  static func checkReplaceable(_ destination: URL) throws {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: destination.path, isDirectory: &isDirectory) else { return }
    guard isDirectory.boolValue else {
      throw CycleError("the output path \(destination.path) is a file; expected a directory")
    }
    let contents = (try? manager.contentsOfDirectory(atPath: destination.path)) ?? []
    guard contents.isEmpty || contents.contains(marker) else {
      throw CycleError(
        "the output directory \(destination.path) holds files not written by 'itembench cycle' (no \(marker)); "
          + "choose another --output or empty it")
    }
  }

  /// Swaps the staging folder in as the destination.
  func commit() throws {
    let manager = FileManager.default
    try AtomicFile.write(
      "itembench cycle output; replaced whole by every run\n", to: staging.appendingPathComponent(Self.marker).path)
    let hadPrevious = manager.fileExists(atPath: destination.path)
    if hadPrevious, rename(destination.path, previous.path) != 0 {
      throw CycleError("cannot move the previous output \(destination.path) aside: \(String(cString: strerror(errno)))")
    }
    if rename(staging.path, destination.path) != 0 {
      let reason = String(cString: strerror(errno))
      if hadPrevious { _ = rename(previous.path, destination.path) }
      throw CycleError("cannot move the new output into \(destination.path): \(reason)")
    }
    if hadPrevious { try? manager.removeItem(at: previous) }
  }

  /// Deletes the staging folder (after a failed run).
  func discard() {
    try? FileManager.default.removeItem(at: staging)
  }
}

/// Writes the run's files under one directory, atomically, remembering what it wrote.
struct OutputWriter {
  var directory: String
  /// The exporters ``writeTable(_:stem:)`` renders each table with.
  var exporters: ExporterRegistry
  var written: [String] = []

  init(directory: String, exporters: ExporterRegistry = .shared) {
    self.directory = directory
    self.exporters = exporters
  }

  mutating func write(_ text: String, to relative: String) throws {
    try AtomicFile.write(text, to: directory + "/" + relative)
    if !written.contains(relative) { written.append(relative) }
  }

  /// Every registered table exporter's rendering of `table` (CSV, JSON, Markdown and any a
  /// package adds) as `<stem>.<extension>`.
  mutating func writeTable(_ table: DataTable, stem: String) throws {
    for name in exporters.formatNames {
      guard let exporter = exporters.exporter(named: name) else { continue }
      try write(try exporter.export(table), to: "\(stem).\(exporter.fileExtension)")
    }
  }
}
