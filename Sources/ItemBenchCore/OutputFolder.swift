import Foundation

/// A folder that a command's outputs are confined to, by construction.
///
/// Every file is named by path components (`["tables", "form-a.csv"]`), each checked as a plain
/// file name: not empty, not `.` or `..`, no `/`, `\` or NUL, no control or invisible
/// characters, at most 255 bytes. So no component can climb out of the folder. Before writing,
/// the destination's parent is resolved through symbolic links and must still lie inside the
/// resolved folder (a symlink planted in the folder cannot redirect a write), and the
/// destination must not be one of the protected paths: the command's input files and the
/// directories (such as the bank) that outputs must never go into.
///
/// Writes are atomic (``AtomicFile``). Use ``file(_:)`` to get the checked path and ``write(_:to:)``
/// to write text.
public struct OutputFolder: Sendable {
  /// A problem with an output path: escaping the folder, overwriting an input, a bad name.
  public struct PathError: DiagnosticError {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
      self.path = path
      self.reason = reason
    }
    public var message: String { "refusing to write: \(reason)" }
    public var diagnosticLocation: SourceLocation? { SourceLocation(file: path) }
  }

  /// The folder as given (outputs are reported relative to it, so messages stay portable).
  public let root: String
  private let resolvedRoot: String
  private let protectedFiles: Set<String>
  private let protectedDirectories: [String]

  /// An output folder at `root`. `inputs` are files that must never be written;
  /// `forbiddenDirectories` are directories no output may go into (the bank). Throws when the
  /// folder itself is an input or lies inside a forbidden directory.
  public init(_ root: String, inputs: [String] = [], forbiddenDirectories: [String] = []) throws {
    self.root = root.isEmpty ? "." : root
    self.resolvedRoot = OutputFolder.resolve(self.root)
    self.protectedFiles = Set(inputs.map(OutputFolder.resolve))
    self.protectedDirectories = forbiddenDirectories.map(OutputFolder.resolve)
    if protectedFiles.contains(resolvedRoot) {
      throw PathError(path: self.root, reason: "the output folder is one of the input files")
    }
    if let directory = protectedDirectories.first(where: { OutputFolder.isInside(resolvedRoot, $0) }) {
      throw PathError(
        path: self.root, reason: "the output folder is inside \(directory), which outputs must not go into")
    }
  }

  /// Why `component` cannot be one file or folder name, or nil.
  public static func componentProblem(_ component: String) -> String? {
    if component.isEmpty { return "an empty file name" }
    if component == "." || component == ".." { return "the file name '\(component)' (path syntax)" }
    if component.utf8.count > 255 { return "a file name longer than 255 bytes" }
    for scalar in component.unicodeScalars {
      if scalar == "/" || scalar == "\\" { return "a file name containing '\(scalar)' (path syntax)" }
      if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
        || Identifier.isBidirectionalControl(scalar) || Identifier.isInvisible(scalar)
      {
        return "a file name containing the control or invisible character U+"
          + String(scalar.value, radix: 16, uppercase: true)
      }
    }
    return nil
  }

  /// The path of the output `components` (joined with `/` under ``root``), after checking every
  /// component and that the destination is inside the folder and not a protected path.
  public func file(_ components: [String]) throws -> String {
    guard !components.isEmpty else { throw PathError(path: root, reason: "no file name given") }
    for component in components {
      if let problem = OutputFolder.componentProblem(component) {
        throw PathError(path: ([root] + components).joined(separator: "/"), reason: problem)
      }
    }
    let path = ([root] + components).joined(separator: "/")
    let resolved = OutputFolder.resolve(path)
    guard OutputFolder.isInside(resolved, resolvedRoot), resolved != resolvedRoot else {
      throw PathError(path: path, reason: "the path resolves to \(resolved), outside the output folder \(root)")
    }
    if protectedFiles.contains(resolved) {
      throw PathError(path: path, reason: "it is one of the command's input files")
    }
    if let directory = protectedDirectories.first(where: { OutputFolder.isInside(resolved, $0) }) {
      throw PathError(path: path, reason: "it is inside \(directory), which outputs must not go into")
    }
    return path
  }

  /// `relative` split at `/` (for callers that build names like `"tables/form-a.csv"`).
  public func file(_ relative: String) throws -> String {
    try file(relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init))
  }

  /// Writes `text` atomically to the output named by `relative` (components separated by `/`)
  /// and returns the path written.
  @discardableResult
  public func write(_ text: String, to relative: String) throws -> String {
    let path = try file(relative)
    try AtomicFile.write(text, to: path)
    return path
  }

  /// Checks a single output file a user named (`--out FILE`): it must not be an input file and
  /// must not lie inside a forbidden directory. Returns `path` unchanged.
  @discardableResult
  public static func checkSingleFile(
    _ path: String, inputs: [String], forbiddenDirectories: [String] = []
  ) throws -> String {
    let resolved = resolve(path)
    if inputs.map(resolve).contains(resolved) {
      throw PathError(path: path, reason: "it is one of the command's input files")
    }
    for directory in forbiddenDirectories where isInside(resolved, resolve(directory)) {
      throw PathError(path: path, reason: "it is inside \(directory), which outputs must not go into")
    }
    return path
  }

  /// `path` made absolute and standardised, with symbolic links resolved for the longest
  /// existing prefix (the rest, not yet created, cannot be a link).
  static func resolve(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var components: [String] = []
    for part in absolute.split(separator: "/") {
      if part == "." { continue }
      if part == ".." {
        if !components.isEmpty { components.removeLast() }
        continue
      }
      components.append(String(part))
    }
    // Resolve links on the longest existing prefix.
    var existing = components.count
    while existing > 0 {
      let prefix = "/" + components[..<existing].joined(separator: "/")
      if FileManager.default.fileExists(atPath: prefix) {
        let real = URL(fileURLWithPath: prefix).resolvingSymlinksInPath().path
        let rest = components[existing...]
        return rest.isEmpty ? real : (real == "/" ? "" : real) + "/" + rest.joined(separator: "/")
      }
      existing -= 1
    }
    return "/" + components.joined(separator: "/")
  }

  /// Whether `path` is `directory` or lies below it (both resolved).
  static func isInside(_ path: String, _ directory: String) -> Bool {
    path == directory || path.hasPrefix(directory == "/" ? "/" : directory + "/")
  }
}
