import Foundation
import ItemBenchCore

/// A loaded item bank: items, blueprints and forms, with every problem found while loading.
public struct ItemBank: Sendable {
  /// The directory the bank was loaded from, as given.
  public var root: String
  /// Items in file-path order, then in the order they appear within a file.
  public var items: [Item]
  public var blueprints: [Blueprint]
  public var forms: [Form]
  /// Every problem found, sorted by file, line and column.
  public var diagnostics: [Diagnostic]
  /// The text of every file read, by path (used for inline lint suppressions).
  public var fileTexts: [String: String]

  private var indexByID: [String: Int]

  public init(
    root: String, items: [Item], blueprints: [Blueprint] = [], forms: [Form] = [],
    diagnostics: [Diagnostic] = [], fileTexts: [String: String] = [:]
  ) {
    self.root = root
    self.items = items
    self.blueprints = blueprints
    self.forms = forms
    self.diagnostics = diagnostics
    self.fileTexts = fileTexts
    var index: [String: Int] = [:]
    index.reserveCapacity(items.count)
    for position in items.indices where index[items[position].id] == nil { index[items[position].id] = position }
    self.indexByID = index
  }

  /// The item with `id` (the first one, if the id is duplicated).
  public func item(_ id: String) -> Item? { indexByID[id].map { items[$0] } }

  public func blueprint(_ id: String) -> Blueprint? { blueprints.first { $0.id == id } }
  public func form(_ id: String) -> Form? { forms.first { $0.id == id } }

  /// Whether any problem of error severity was found.
  public var hasErrors: Bool { diagnostics.containsErrors }
}

/// Loads a directory tree of YAML files into an ``ItemBank``.
///
/// Layout: files under a `blueprints/` directory are blueprints, files under `forms/` are forms,
/// files under `scales/`, `responses/` or `parameters/` are data for other commands (not read
/// here), and every other `*.yml`/`*.yaml` file is an item file. Files and directories whose names start
/// with `.` are skipped (`.itembench.yml` is lint configuration). The loader never writes.
///
/// Files are read and parsed on all cores; the result does not depend on scheduling (files are
/// processed in sorted path order).
///
/// - Complexity: O(total file size) plus O(n log n) to sort n files.
public enum BankLoader {
  /// The kind of YAML file, from its place in the tree.
  public enum FileKind: Sendable {
    case items, blueprint, form
    /// Scale files, response data and parameter files: read by other commands.
    case other
  }

  /// Directory names whose files are not part of the bank itself.
  public static let dataDirectories: Set<Substring> = ["scales", "responses", "parameters"]

  /// Lists the YAML files under `root` (or `root` itself if it is a file), sorted by path.
  ///
  /// Names starting with `.` are skipped, and symbolic links to directories are not followed
  /// (as `FileManager`'s enumerator does). Reads directories with `opendir`/`readdir`, which is
  /// several times faster than `FileManager.enumerator` on Linux for banks of thousands of files.
  public static func yamlFiles(under root: String) -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else { return [] }
    if !isDirectory.boolValue { return [root] }
    var files: [String] = []
    let base = root.hasSuffix("/") ? String(root.dropLast()) : root
    var pending = [base]
    while let directory = pending.popLast() {
      guard let stream = opendir(directory) else { continue }
      defer { closedir(stream) }
      while let entry = readdir(stream) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
          $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
        }
        // Hidden and YAML names: on the bytes of ASCII names (characters are bytes there, a
        // carriage return aside), else by characters.
        let (isHidden, isYAML) = Self.nameTests(name)
        if isHidden { continue }
        let path = directory + "/" + name
        var type = Int32(entry.pointee.d_type)
        if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
          var status = stat()
          let found = type == Int32(DT_LNK) ? stat(path, &status) : lstat(path, &status)
          guard found == 0 else { continue }
          let isDirectoryEntry = (status.st_mode & S_IFMT) == S_IFDIR
          // A link to a directory is not followed; a link to a file is a file.
          if isDirectoryEntry && type == Int32(DT_LNK) { continue }
          type = isDirectoryEntry ? Int32(DT_DIR) : Int32(DT_REG)
        }
        if type == Int32(DT_DIR) {
          pending.append(path)
        } else if isYAML {
          files.append(path)
        }
      }
    }
    return files.sorted()
  }

  /// Whether a file or directory name is hidden (starts with `.`) and whether it names a YAML
  /// file (ends in `.yml` or `.yaml`).
  static func nameTests(_ name: String) -> (isHidden: Bool, isYAML: Bool) {
    let ascii = name.utf8.withContiguousStorageIfAvailable { bytes -> (Bool, Bool)? in
      guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
      return (
        bytes.first == UInt8(ascii: "."),
        bytes.reversed().starts(with: "lmy.".utf8) || bytes.reversed().starts(with: "lmay.".utf8)
      )
    }
    if let ascii = ascii ?? nil { return ascii }
    return (name.hasPrefix("."), name.hasSuffix(".yml") || name.hasSuffix(".yaml"))
  }

  /// The kind of file at `path` below `root`.
  public static func kind(of path: String, root: String) -> FileKind {
    if let kind = asciiKind(of: path, root: root) { return kind }
    let relative = path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    let directories = relative.split(separator: "/").dropLast()
    if directories.contains("blueprints") { return .blueprint }
    if directories.contains("forms") { return .form }
    if directories.contains(where: { dataDirectories.contains($0) }) { return .other }
    return .items
  }

  /// ``kind(of:root:)`` computed on the bytes of ASCII paths (where characters are bytes; a
  /// carriage return, which joins a following line feed into one character, is left to the
  /// general path), without building the relative path or splitting it; nil otherwise.
  static func asciiKind(of path: String, root: String) -> FileKind? {
    path.utf8.withContiguousStorageIfAvailable { pathBytes -> FileKind? in
      root.utf8.withContiguousStorageIfAvailable { rootBytes -> FileKind? in
        guard pathBytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }), rootBytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D })
        else {
          return nil
        }
        let start = pathBytes.starts(with: rootBytes) ? rootBytes.count : 0
        // The non-empty components between slashes, except the last one (the file name).
        var components: [Range<Int>] = []
        var componentStart = start
        for index in start...pathBytes.count where index == pathBytes.count || pathBytes[index] == UInt8(ascii: "/") {
          if index > componentStart { components.append(componentStart..<index) }
          componentStart = index + 1
        }
        let directories = components.dropLast()
        func named(_ name: Substring) -> Bool {
          directories.contains { pathBytes[$0].elementsEqual(name.utf8) }
        }
        if named("blueprints") { return .blueprint }
        if named("forms") { return .form }
        if dataDirectories.contains(where: named) { return .other }
        return .items
      } ?? nil
    } ?? nil
  }

  /// Loads the bank at `root`: a directory (items, `blueprints/`, `forms/`) or a single item file.
  public static func load(root: String) -> ItemBank {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
      return ItemBank(
        root: root, items: [],
        diagnostics: [.error("no such file or directory", at: SourceLocation(file: root))])
    }
    return load(files: yamlFiles(under: root), root: root)
  }

  /// Loads the given files, classifying each by its place below `root`.
  public static func load(files: [String], root: String) -> ItemBank {
    let files = files.filter { kind(of: $0, root: root) != .other }
    // One file's results. A class: `concurrentMap` copies its results once more when it
    // collects them, which for a struct of items, texts and diagnostics meant retaining and
    // releasing all of them again. Written by the one task that parses the file, then read
    // (and emptied) by the merge below.
    final class Parsed: @unchecked Sendable {
      var text: String?
      var items: [Item] = []
      var blueprint: Blueprint?
      var form: Form?
      var diagnostics: [Diagnostic] = []
    }
    let results = files.concurrentMap { path -> Parsed in
      let parsed = Parsed()
      guard let data = FileManager.default.contents(atPath: path) else {
        parsed.diagnostics = [.error("cannot read file", at: SourceLocation(file: path))]
        return parsed
      }
      let text: String
      switch UTF8Text.decode(data) {
      case .success(let decoded): text = decoded
      case .failure(let problem):
        parsed.diagnostics = [
          .error(
            problem.message, at: SourceLocation(file: path, line: problem.line, column: problem.column),
            code: "yaml-syntax")
        ]
        return parsed
      }
      parsed.text = text
      switch kind(of: path, root: root) {
      case .items:
        (parsed.items, parsed.diagnostics) = ItemParser.parse(text, file: path)
      case .blueprint:
        (parsed.blueprint, parsed.diagnostics) = BlueprintParser.parse(text, file: path)
      case .form:
        (parsed.form, parsed.diagnostics) = FormParser.parse(text, file: path)
      case .other:
        break
      }
      return parsed
    }

    var items: [Item] = []
    var blueprints: [Blueprint] = []
    var forms: [Form] = []
    var diagnostics: [Diagnostic] = []
    var texts: [String: String] = [:]
    texts.reserveCapacity(results.count)
    items.reserveCapacity(results.count)
    // Items and texts are moved out of the per-file results rather than copied: copying an
    // item retains each of its strings and arrays, and freeing the results then releases them
    // all again (on memory last touched by the parsing threads).
    for (index, parsed) in results.enumerated() {
      if parsed.items.count == 1 {
        items.append(parsed.items.removeLast())
      } else if !parsed.items.isEmpty {
        var moved: [Item] = []
        swap(&moved, &parsed.items)
        items += moved
      }
      if let blueprint = parsed.blueprint { blueprints.append(blueprint) }
      if let form = parsed.form { forms.append(form) }
      diagnostics += parsed.diagnostics
      var text: String?
      swap(&text, &parsed.text)
      if let text { texts[files[index]] = text }
    }
    diagnostics += crossFileDiagnostics(items: items, blueprints: blueprints, forms: forms)
    return ItemBank(
      root: root, items: items, blueprints: blueprints, forms: forms,
      diagnostics: diagnostics.sortedByLocation(), fileTexts: texts)
  }

  /// Problems that only show when files are seen together: duplicate ids, forms naming items or
  /// blueprints that do not exist.
  static func crossFileDiagnostics(items: [Item], blueprints: [Blueprint], forms: [Form]) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    // Item id → index of its first item (indices rather than items: cheaper to store).
    var firstItem: [String: Int] = [:]
    firstItem.reserveCapacity(items.count)
    for index in items.indices {
      let id = items[index].id
      if let first = firstItem[id] {
        diagnostics.append(
          .error(
            "duplicate item id '\(id)'; first defined at \(items[first].source.location(of: "id"))",
            at: items[index].source.location(of: "id"), code: "duplicate-id"))
      } else {
        firstItem[id] = index
      }
    }
    var blueprintIDs: [String: Blueprint] = [:]
    for blueprint in blueprints {
      if let first = blueprintIDs[blueprint.id] {
        diagnostics.append(
          .error(
            "duplicate blueprint id '\(blueprint.id)'; first defined at \(first.location)", at: blueprint.location,
            code: "duplicate-id"))
      } else {
        blueprintIDs[blueprint.id] = blueprint
      }
    }
    var formIDs: [String: Form] = [:]
    for form in forms {
      if let first = formIDs[form.id] {
        diagnostics.append(
          .error(
            "duplicate form id '\(form.id)'; first defined at \(first.location)", at: form.location,
            code: "duplicate-id"))
      } else {
        formIDs[form.id] = form
      }
      if blueprintIDs[form.blueprintID] == nil {
        diagnostics.append(
          .error(
            "form '\(form.id)' names blueprint '\(form.blueprintID)', which is not in the bank"
              + EditDistance.didYouMean(form.blueprintID, among: blueprintIDs.keys), at: form.location,
            code: "unknown-blueprint"))
      }
      for entry in form.entries where firstItem[entry.itemID] == nil {
        diagnostics.append(
          .error(
            "form '\(form.id)' names item '\(entry.itemID)', which is not in the bank"
              + EditDistance.didYouMean(entry.itemID, among: firstItem.keys), at: entry.location, code: "item-not-found"
          ))
      }
    }
    return diagnostics
  }
}
