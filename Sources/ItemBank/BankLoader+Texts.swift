import ItemBenchCore

extension BankLoader {
  /// Loads a bank from file texts held in memory (path → text) instead of the file system.
  ///
  /// Paths are classified below `root` exactly as ``load(files:root:)`` does (`blueprints/`,
  /// `forms/`, data directories, items), parsed in sorted path order, and checked across files
  /// (duplicate ids, forms naming missing items or blueprints). Lint rule examples and tests use
  /// it; the result is the same as writing the files to disk and loading them.
  ///
  /// - Complexity: O(total text size) plus O(n log n) to sort n paths.
  public static func load(texts: [String: String], root: String = "") -> ItemBank {
    let paths = texts.keys.filter { kind(of: $0, root: root) != .other }.sorted()
    var items: [Item] = []
    var blueprints: [Blueprint] = []
    var forms: [Form] = []
    var diagnostics: [Diagnostic] = []
    var fileTexts: [String: String] = [:]
    for path in paths {
      guard let text = texts[path] else { continue }  // `paths` are keys of `texts`
      fileTexts[path] = text
      switch kind(of: path, root: root) {
      case .items:
        let (parsed, problems) = ItemParser.parse(text, file: path)
        items += parsed
        diagnostics += problems
      case .blueprint:
        let (blueprint, problems) = BlueprintParser.parse(text, file: path)
        if let blueprint { blueprints.append(blueprint) }
        diagnostics += problems
      case .form:
        let (form, problems) = FormParser.parse(text, file: path)
        if let form { forms.append(form) }
        diagnostics += problems
      case .other:
        break
      }
    }
    diagnostics += crossFileDiagnostics(items: items, blueprints: blueprints, forms: forms)
    return ItemBank(
      root: root, items: items, blueprints: blueprints, forms: forms,
      diagnostics: diagnostics.sortedByLocation(), fileTexts: fileTexts)
  }
}
