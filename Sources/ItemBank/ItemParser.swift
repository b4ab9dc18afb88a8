import ItemBenchCore
import Yams

/// Reads items from the text of one item file.
///
/// A file holds one item (a mapping), or several: a list of item mappings, or a mapping with
/// `items:` (and optionally `format:`). Every problem is reported; an item is returned whenever
/// its required fields could be read, even if other fields were wrong, so later checks still run.
public enum ItemParser {
  /// Every field an item may have, in documentation order.
  public static let knownFields = [
    "format", "id", "version", "status", "domain", "subdomain", "task", "cognitive_level", "stem",
    "options", "key", "rationale", "references", "enemies", "authors", "reviewers", "tags", "notes",
    "shuffle",
  ]
  /// Fields an item must have.
  public static let requiredFields = ["id", "status", "domain", "cognitive_level", "stem", "options", "key"]

  /// Parses `text` (the contents of `file`).
  ///
  /// The text is composed with ``YAMLTree`` (straight from libyaml's events) when that gives
  /// the same tree as Yams, and with Yams otherwise (errors, anchors, tags, duplicate keys).
  public static func parse(_ text: String, file: String) -> (items: [Item], diagnostics: [Diagnostic]) {
    if let tree = YAMLTree.compose(text) {
      guard let root = tree.root else {
        return (
          [],
          [
            .error(
              "empty item file: expected an item mapping", at: SourceLocation(file: file, line: 1, column: 1),
              code: "missing-field")
          ]
        )
      }
      return withExtendedLifetime(tree) { parse(view: root, file: file) }
    }
    switch YAMLSource.compose(text, file: file, resolver: YAMLSource.textResolver) {
    case .failure(let diagnostic):
      return ([], [diagnostic])
    case .success(nil):
      return (
        [],
        [
          .error(
            "empty item file: expected an item mapping", at: SourceLocation(file: file, line: 1, column: 1),
            code: "missing-field")
        ]
      )
    case .success(let node?):
      return parse(node: node, file: file)
    }
  }

  /// Parses an already-composed document.
  package static func parse(node: Node, file: String) -> (items: [Item], diagnostics: [Diagnostic]) {
    parse(view: node, file: file)
  }

  static func parse<N: YAMLNodeView>(view node: N, file: String) -> (items: [Item], diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    var items: [Item] = []
    switch node.kind {
    case .sequence:
      for element in node.elements {
        if let item = parseItem(element, file: file, diagnostics: &diagnostics) { items.append(item) }
      }
    case .mapping where node.value(forKey: "stem") == nil && node.value(forKey: "items") != nil:
      guard var reader = MappingReader(node, file: file, context: "item list", diagnostics: &diagnostics) else {
        break
      }
      if reader.checkFormat(), let list = reader.value("items") {
        if list.kind == .sequence {
          for element in list.elements {
            if let item = parseItem(element, file: file, diagnostics: &diagnostics) { items.append(item) }
          }
        } else {
          reader.error("expected 'items' to be a list of items, found \(YAMLSource.kindDescription(list))", at: list)
        }
      }
      reader.reportUnknownKeys(known: ["format", "items"])
      diagnostics += reader.diagnostics
    default:
      if let item = parseItem(node, file: file, diagnostics: &diagnostics) { items.append(item) }
    }
    return (items, diagnostics)
  }

  static func parseItem<N: YAMLNodeView>(_ node: N, file: String, diagnostics: inout [Diagnostic]) -> Item? {
    let idNode = node.value(forKey: "id")
    let label = (idNode?.text).map { "item '\($0)'" } ?? "item"
    guard var reader = MappingReader(node, file: file, context: label, diagnostics: &diagnostics) else {
      return nil
    }
    defer { diagnostics += reader.diagnostics }
    guard reader.checkFormat() else { return nil }

    let id = reader.identifier("id", required: true, expected: "a stable item id")
    let version = reader.int("version") ?? 1
    let status = reader.enumeration("status", as: ItemStatus.self, required: true)
    let domain = reader.string("domain", required: true, expected: "a blueprint domain id")
    let subdomain = reader.string("subdomain")
    let task = reader.string("task")
    let level = reader.enumeration("cognitive_level", as: CognitiveLevel.self, required: true)
    let stem = reader.string("stem", required: true, expected: "the question text")
    let options = readOptions(&reader)
    let key = reader.string("key", required: true, expected: "the id of the correct option")
    let rationale = readRationale(&reader)
    let references = reader.stringList("references")
    let enemies = reader.stringList("enemies")
    let authors = reader.stringList("authors")
    let reviewers = reader.stringList("reviewers")
    let tags = reader.stringList("tags")
    let notes = reader.string("notes")
    let shuffle = reader.bool("shuffle") ?? false
    reader.reportUnknownKeys(known: knownFields)

    guard let id, let status, let domain, let level, let stem, let options, let key else { return nil }
    let source = ItemSource(file: file, start: reader.start, fieldLocations: reader.locations)
    return Item(
      id: id, version: version, status: status, domain: domain, subdomain: subdomain, task: task,
      cognitiveLevel: level, stem: stem, options: options, key: key, rationale: rationale,
      references: references, enemies: enemies, authors: authors, reviewers: reviewers, tags: tags,
      notes: notes, shuffle: shuffle, source: source)
  }

  /// `options` is a mapping of option id to text (`A: 200 units`) or a list of
  /// `{id: A, text: …}` mappings.
  static func readOptions<N: YAMLNodeView>(_ reader: inout MappingReader<N>) -> [ItemOption]? {
    let expected = "a mapping of option id to option text"
    guard let node = reader.value("options") else {
      reader.missing("options", expected: expected)
      return nil
    }
    var options: [ItemOption] = []
    switch node.kind {
    case .mapping:
      for (keyNode, valueNode) in node.pairs {
        guard let optionID = keyNode.text else { continue }
        reader.recordLocation("options.\(optionID)", valueNode)
        if let text = reader.scalarText(valueNode, field: "options.\(optionID)", expected: "the option text") {
          options.append(ItemOption(id: optionID, text: text))
        }
      }
    case .sequence:
      for element in node.elements {
        guard element.kind == .mapping, let optionID = element.lookup("id")?.text, let textNode = element.lookup("text")
        else {
          reader.error("expected each option to be a mapping with 'id' and 'text'", at: element)
          continue
        }
        reader.recordLocation("options.\(optionID)", textNode)
        if let text = reader.scalarText(textNode, field: "options.\(optionID)", expected: "the option text") {
          options.append(ItemOption(id: optionID, text: text))
        }
      }
    default:
      reader.error("expected 'options' to be \(expected), found \(YAMLSource.kindDescription(node))", at: node)
      return nil
    }
    return options
  }

  /// `rationale` is text (for the key) or a mapping with `key` and `distractors` (id → text).
  static func readRationale<N: YAMLNodeView>(_ reader: inout MappingReader<N>) -> ItemRationale {
    guard let node = reader.value("rationale") else { return ItemRationale() }
    switch node.kind {
    case .scalar:
      return ItemRationale(key: reader.scalarText(node, field: "rationale"))
    case .mapping:
      var diagnostics: [Diagnostic] = []
      guard var inner = MappingReader(node, file: reader.file, context: "rationale", diagnostics: &diagnostics) else {
        return ItemRationale()
      }
      let key = inner.string("key")
      var distractors: [String: String] = [:]
      if let mapNode = inner.value("distractors") {
        if mapNode.kind == .mapping {
          for (keyNode, valueNode) in mapNode.pairs {
            guard let optionID = keyNode.text else { continue }
            reader.recordLocation("rationale.distractors.\(optionID)", valueNode)
            if let text = inner.scalarText(valueNode, field: "rationale.distractors.\(optionID)") {
              distractors[optionID] = text
            }
          }
        } else {
          inner.error("expected 'rationale.distractors' to be a mapping of option id to text", at: mapNode)
        }
      }
      inner.reportUnknownKeys(known: ["key", "distractors"])
      for (path, location) in inner.locations { reader.recordLocation("rationale.\(path)", location) }
      reader.append(diagnostics + inner.diagnostics)
      return ItemRationale(key: key, distractors: distractors)
    default:
      reader.error("expected 'rationale' to be text or a mapping with 'key' and 'distractors'", at: node)
      return ItemRationale()
    }
  }
}

extension MappingReader {
  mutating func recordLocation(_ path: String, _ node: N) { recordLocation(path, location(node)) }
}
