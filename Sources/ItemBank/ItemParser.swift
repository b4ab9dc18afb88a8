import ItemBenchCore
import ItemBenchYAML
import Yams

/// Reads items from the text of one item file.
///
/// A file holds one item (a mapping), or several: a list of item mappings, or a mapping with
/// `items:` (and optionally `format:`). Every problem is reported; an item is returned whenever
/// its required fields could be read, even if other fields were wrong, so later checks still run.
public enum ItemParser {
  /// Every field an item may have, in documentation order.
  public static let knownFields = [
    "format", "id", "version", "status", "domain", "subdomain", "task", "cognitive_level", "type", "stem",
    "options", "key", "score_categories", "rationale", "references", "enemies", "authors", "reviewers", "tags",
    "notes", "shuffle",
  ]
  /// Fields a multiple-choice item (the default type) must have.
  public static let requiredFields = ["id", "status", "domain", "cognitive_level", "stem", "options", "key"]

  /// Fields an item of `type` must have: `options` and `key` for multiple choice,
  /// `score_categories` for partial credit.
  public static func requiredFields(for type: ItemResponseType) -> [String] {
    switch type {
    case .multipleChoice: requiredFields
    case .partialCredit: ["id", "status", "domain", "cognitive_level", "stem", "score_categories"]
    }
  }

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
    // An unknown `type` is reported and leaves the type undecided: the fields of either type are
    // then checked only for their own shape (none is required or refused) and no item is returned.
    let typeGiven = reader.has("type")
    let responseType = reader.enumeration("type", as: ItemResponseType.self) ?? (typeGiven ? nil : .multipleChoice)
    let stem = reader.string("stem", required: true, expected: "the question text")
    var options: [ItemOption]? = []
    var key: String? = ""
    var scoreCategories: [ScoreCategory]? = []
    switch responseType {
    case .multipleChoice?:
      options = readOptions(&reader)
      key = reader.string("key", required: true, expected: "the id of the correct option")
      reader.refuse(
        "score_categories", because: "only a partial-credit item has score categories (set 'type: partial-credit')")
    case .partialCredit?:
      let reason = "a partial-credit item has no options or key; its score categories say how it is scored"
      reader.refuse("options", because: reason)
      reader.refuse("key", because: reason)
      scoreCategories = readScoreCategories(&reader)
    case nil:
      if reader.has("options") { options = readOptions(&reader) }
      if reader.has("key") { key = reader.string("key") }
      if reader.has("score_categories") { scoreCategories = readScoreCategories(&reader) }
    }
    let rationale = readRationale(&reader, textOnly: responseType == .partialCredit)
    let references = reader.stringList("references")
    let enemies = reader.stringList("enemies")
    let authors = reader.stringList("authors")
    let reviewers = reader.stringList("reviewers")
    let tags = reader.stringList("tags")
    let notes = reader.string("notes")
    let shuffle = reader.bool("shuffle") ?? false
    if shuffle, responseType == .partialCredit, let node = reader.value("shuffle") {
      reader.error("a partial-credit item has no options to shuffle; remove 'shuffle: true'", at: node)
    }
    reader.reportUnknownKeys(known: knownFields)

    guard let id, let status, let domain, let level, let responseType, let stem, let options, let key,
      let scoreCategories
    else { return nil }
    let source = ItemSource(file: file, start: reader.start, fieldLocations: reader.locations)
    return Item(
      id: id, version: version, status: status, domain: domain, subdomain: subdomain, task: task,
      cognitiveLevel: level, stem: stem, options: options, key: key, rationale: rationale,
      references: references, enemies: enemies, authors: authors, reviewers: reviewers, tags: tags,
      notes: notes, shuffle: shuffle && responseType == .multipleChoice, source: source,
      responseType: responseType, scoreCategories: scoreCategories)
  }

  /// `score_categories` is a list of `{score: N, rubric: text}` mappings whose scores are 0, 1,
  /// …, m in order, with m in `InputLimits.partialCreditMaximumScore`. Every problem is reported (each
  /// break in the order once, where it happens); nil unless the whole list is valid.
  static func readScoreCategories<N: YAMLNodeView>(_ reader: inout MappingReader<N>) -> [ScoreCategory]? {
    let expected = "a list of score categories, each a mapping with 'score' and 'rubric'"
    guard let node = reader.value("score_categories") else {
      reader.missing("score_categories", expected: expected)
      return nil
    }
    guard node.kind == .sequence else {
      reader.error("expected 'score_categories' to be \(expected), found \(YAMLSource.kindDescription(node))", at: node)
      return nil
    }
    let elements = node.elements
    let limits = InputLimits.partialCreditMaximumScore
    guard elements.count <= limits.upperBound + 1 else {
      reader.error(
        "\(elements.count) score categories; a partial-credit item has at most \(limits.upperBound + 1) "
          + "(scores 0 to \(limits.upperBound))", at: node)
      return nil
    }
    var categories: [ScoreCategory] = []
    var valid = true
    var previous: Int?
    for (index, element) in elements.enumerated() {
      let path = "score_categories.\(index)"
      reader.recordLocation(path, element)
      var diagnostics: [Diagnostic] = []
      guard
        var inner = MappingReader(
          element, file: reader.file, context: "score_categories[\(index + 1)]", diagnostics: &diagnostics)
      else {
        reader.append(diagnostics)
        valid = false
        previous = nil
        continue
      }
      let score = inner.int("score", required: true, expected: "a whole number (the category's score)")
      let rubric = inner.string("rubric", required: true, expected: "what a response must show to earn the score")
      inner.reportUnknownKeys(known: ["score", "rubric"])
      for (field, location) in inner.locations { reader.recordLocation("\(path).\(field)", location) }
      reader.append(diagnostics + inner.diagnostics)
      if let score {
        let wanted = previous.map { $0 + 1 } ?? (index == 0 ? 0 : score)
        if score != wanted, let scoreNode = inner.value("score") {
          reader.append([
            .error(
              "expected score \(wanted) in score_categories[\(index + 1)], found \(score): the scores must be "
                + "0, 1, …, m in order, without gaps or repeats", at: inner.location(scoreNode), code: "invalid-value")
          ])
          valid = false
        }
        previous = score
      } else {
        valid = false
        previous = nil
      }
      guard let score, let rubric else {
        valid = false
        continue
      }
      categories.append(ScoreCategory(score: score, rubric: rubric))
    }
    if elements.count < limits.lowerBound + 1 {
      reader.error(
        "\(elements.count) score categor\(elements.count == 1 ? "y" : "ies"); a partial-credit item needs at least "
          + "\(limits.lowerBound + 1) (scores 0 and 1)", at: node)
      return nil
    }
    return valid ? categories : nil
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
  /// With `textOnly` (a partial-credit item: the text is a scoring note) only text is accepted.
  static func readRationale<N: YAMLNodeView>(_ reader: inout MappingReader<N>, textOnly: Bool = false) -> ItemRationale
  {
    guard let node = reader.value("rationale") else { return ItemRationale() }
    switch node.kind {
    case .scalar:
      return ItemRationale(key: reader.scalarText(node, field: "rationale"))
    case _ where textOnly:
      reader.error(
        "expected 'rationale' of a partial-credit item to be text (a scoring note), found "
          + YAMLSource.kindDescription(node), at: node)
      return ItemRationale()
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

  /// Reports `key`, if present, as a field this mapping must not have (at the key), `because`
  /// saying why.
  mutating func refuse(_ key: String, because reason: String) {
    guard let index = keys.firstIndex(of: key) else { return }
    append([.error("\(context) cannot have '\(key)': \(reason)", at: location(keyNodes[index]), code: "invalid-value")])
  }
}
