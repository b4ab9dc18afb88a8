import Foundation

/// Writes output files atomically: the bytes go to a temporary file in the destination's
/// directory, which is then renamed over the destination, so a reader never sees a half-written
/// file and an interrupted run never destroys the previous output.
public enum AtomicFile {
  /// Problems writing an output file.
  public struct WriteError: DiagnosticError {
    public var path: String
    public var reason: String
    public var message: String { "cannot write file: \(reason)" }
    public var diagnosticLocation: SourceLocation? { SourceLocation(file: path) }
  }

  /// Writes `data` to `path` atomically, creating missing parent directories.
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let manager = FileManager.default
    do {
      try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw WriteError(path: path, reason: "cannot create directory \(directory.path)")
    }
    let temporary = directory.appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
    )
    guard manager.createFile(atPath: temporary.path, contents: data) else {
      throw WriteError(path: path, reason: "cannot create temporary file in \(directory.path)")
    }
    if rename(temporary.path, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? manager.removeItem(at: temporary)
      throw WriteError(path: path, reason: reason)
    }
  }

  /// Writes `text` as UTF-8 to `path` atomically.
  public static func write(_ text: String, to path: String) throws {
    try write(Data(text.utf8), to: path)
  }

  /// Writes `data` to `path` atomically unless a file already exists there.
  ///
  /// The check and the rename use `link(2)`, which fails if the destination exists, so two
  /// concurrent writers cannot overwrite each other.
  public static func writeNew(_ data: Data, to path: String) throws {
    let manager = FileManager.default
    if manager.fileExists(atPath: path) {
      throw WriteError(path: path, reason: "file exists; refusing to overwrite it")
    }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    try? manager.createDirectory(at: directory, withIntermediateDirectories: true)
    let temporary = directory.appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    guard manager.createFile(atPath: temporary.path, contents: data) else {
      throw WriteError(path: path, reason: "cannot create temporary file in \(directory.path)")
    }
    defer { try? manager.removeItem(at: temporary) }
    if link(temporary.path, url.path) != 0 {
      let reason = errno == EEXIST ? "file exists; refusing to overwrite it" : String(cString: strerror(errno))
      throw WriteError(path: path, reason: reason)
    }
  }
}
