import ItemBank
import ItemBenchCore

/// A problem that keeps an item or form from being exported, located at the value at fault.
public struct QTIExportError: DiagnosticError {
  public var location: SourceLocation
  public var message: String
  public var diagnosticLocation: SourceLocation? { location }
}

/// Writes one item as a QTI 3.0 `qti-assessment-item`.
///
/// A multiple-choice item is a single-cardinality, identifier-typed choice interaction: the stem
/// is the interaction's `qti-prompt` (one `<p>` per paragraph), each option a `qti-simple-choice`
/// in authored order, `shuffle` as the item's `shuffle` field, the key the correct response, and
/// response processing the standard `match_correct` template, which sets the float outcome SCORE
/// to 1 for the key and 0 otherwise.
///
/// A partial-credit item is an extended-text interaction (a string response, single
/// cardinality) with the stem as its prompt, followed in the item body by a
/// `qti-rubric-block` for scorers (`use="scoring"`, `view="scorer"`): a description list with
/// one `dt` per score category (`Score 0`, `Score 1`, …) and its rubric as the `dd` (one `<p>`
/// per paragraph). It has no response processing: SCORE is declared `external-scored="human"`
/// with `normal-minimum` 0 and `normal-maximum` m, and MAXSCORE defaults to m, so a delivery
/// system knows the category scores a rater records.
///
/// Nothing else of the item is in the item file: metadata (domain, cognitive level, status,
/// version) goes into the manifest (``QTIManifestWriter``).
public enum QTIItemWriter {
  /// The `qti-assessment-item` element for `item`, or the first reason it cannot be exported.
  public static func element(for item: Item) throws(QTIExportError) -> XMLElement {
    switch item.responseType {
    case .multipleChoice: return try choiceElement(for: item)
    case .partialCredit: return try extendedTextElement(for: item)
    }
  }

  /// The text of the `dt` naming score category `score` in the rubric block.
  static func scoreLabel(_ score: Int) -> String { "Score \(score)" }

  /// The root element's attributes for `item`.
  static func rootAttributes(_ item: Item) -> [(String, String)] {
    [
      ("xmlns", QTIVocabulary.qti3Namespace), ("xmlns:xsi", QTIVocabulary.xsiNamespace),
      ("xsi:schemaLocation", "\(QTIVocabulary.qti3Namespace) \(QTIVocabulary.qti3SchemaLocation)"),
      ("identifier", item.id), ("title", item.id), ("adaptive", "false"), ("time-dependent", "false"),
    ]
  }

  static func prompt(_ item: Item) -> XMLElement {
    XMLElement("qti-prompt", children: QTIText.paragraphs(item.stem).map { .element(XMLElement("p", text: $0)) })
  }

  static func extendedTextElement(for item: Item) throws(QTIExportError) -> XMLElement {
    try checkPartialCredit(item)
    let maximum = String(item.maximumScore)
    let interaction = XMLElement(
      "qti-extended-text-interaction", [("response-identifier", "RESPONSE")], children: [.element(prompt(item))])
    var list: [XMLNode] = []
    for category in item.scoreCategories {
      list.append(.element(XMLElement("dt", text: scoreLabel(category.score))))
      list.append(
        .element(
          XMLElement(
            "dd", children: QTIText.paragraphs(category.rubric).map { .element(XMLElement("p", text: $0)) })))
    }
    let rubric = XMLElement(
      "qti-rubric-block", [("use", "scoring"), ("view", "scorer")],
      children: [.element(XMLElement("qti-content-body", children: [.element(XMLElement("dl", children: list))]))])
    return XMLElement(
      "qti-assessment-item", rootAttributes(item),
      children: [
        .element(
          XMLElement(
            "qti-response-declaration",
            [("identifier", "RESPONSE"), ("cardinality", "single"), ("base-type", "string")])),
        .element(
          XMLElement(
            "qti-outcome-declaration",
            [
              ("identifier", "SCORE"), ("cardinality", "single"), ("base-type", "float"),
              ("normal-maximum", maximum), ("normal-minimum", "0"), ("external-scored", "human"),
            ],
            children: [
              .element(XMLElement("qti-default-value", children: [.element(XMLElement("qti-value", text: "0"))]))
            ])),
        .element(
          XMLElement(
            "qti-outcome-declaration", [("identifier", "MAXSCORE"), ("cardinality", "single"), ("base-type", "float")],
            children: [
              .element(XMLElement("qti-default-value", children: [.element(XMLElement("qti-value", text: maximum))]))
            ])),
        .element(XMLElement("qti-item-body", children: [.element(interaction), .element(rubric)])),
      ])
  }

  /// Checks what QTI needs of a partial-credit item: an id that is an NCName, a stem with text,
  /// score categories 0, 1, …, m (m ≥ 1) each with rubric text, and text XML can carry.
  static func checkPartialCredit(_ item: Item) throws(QTIExportError) {
    func fail(_ field: String, _ message: String) -> QTIExportError {
      QTIExportError(location: item.source.location(of: field), message: "item '\(item.id)': \(message)")
    }
    guard QTIVocabulary.isSafeIdentifier(item.id) else {
      throw fail("id", "the id is not a QTI identifier (letters, digits, '-', '_', '.', starting with a letter or '_')")
    }
    guard !QTIText.paragraphs(item.stem).isEmpty else { throw fail("stem", "the stem is empty") }
    guard item.scoreCategories.count >= 2, item.scoreCategories.map(\.score) == Array(item.scoreCategories.indices)
    else {
      throw fail("score_categories", "a partial-credit item needs score categories 0, 1, …, m with m at least 1")
    }
    for (index, category) in item.scoreCategories.enumerated() where QTIText.paragraphs(category.rubric).isEmpty {
      throw fail("score_categories.\(index).rubric", "the rubric of score \(category.score) has no text")
    }
    let texts = [item.stem] + item.scoreCategories.map(\.rubric)
    guard texts.allSatisfy(XMLElement.validateText) else {
      throw fail("stem", "the text holds control characters XML cannot carry")
    }
  }

  static func choiceElement(for item: Item) throws(QTIExportError) -> XMLElement {
    try check(item)
    let choices = item.options.map { option in
      XMLNode.element(
        XMLElement("qti-simple-choice", [("identifier", option.id)], text: QTIText.normalized(option.text)))
    }
    let interaction = XMLElement(
      "qti-choice-interaction",
      [("response-identifier", "RESPONSE"), ("shuffle", item.shuffle ? "true" : "false"), ("max-choices", "1")],
      children: [.element(prompt(item))] + choices)
    return XMLElement(
      "qti-assessment-item", rootAttributes(item),
      children: [
        .element(
          XMLElement(
            "qti-response-declaration",
            [("identifier", "RESPONSE"), ("cardinality", "single"), ("base-type", "identifier")],
            children: [
              .element(
                XMLElement("qti-correct-response", children: [.element(XMLElement("qti-value", text: item.key))]))
            ])),
        .element(scoreDeclaration()),
        .element(XMLElement("qti-item-body", children: [.element(interaction)])),
        .element(XMLElement("qti-response-processing", [("template", QTIVocabulary.matchCorrectTemplate)])),
      ])
  }

  /// The float outcome SCORE with default 0.
  static func scoreDeclaration() -> XMLElement {
    XMLElement(
      "qti-outcome-declaration", [("identifier", "SCORE"), ("cardinality", "single"), ("base-type", "float")],
      children: [
        .element(XMLElement("qti-default-value", children: [.element(XMLElement("qti-value", text: "0"))]))
      ])
  }

  /// Checks what QTI needs of an item: identifiers that are NCNames, at least two options, a key
  /// naming one of them, a stem with text, and text XML can carry.
  static func check(_ item: Item) throws(QTIExportError) {
    func fail(_ field: String, _ message: String) -> QTIExportError {
      QTIExportError(location: item.source.location(of: field), message: "item '\(item.id)': \(message)")
    }
    guard QTIVocabulary.isSafeIdentifier(item.id) else {
      throw fail("id", "the id is not a QTI identifier (letters, digits, '-', '_', '.', starting with a letter or '_')")
    }
    for option in item.options where !QTIVocabulary.isSafeIdentifier(option.id) {
      throw fail("options.\(option.id)", "option id '\(option.id)' is not a QTI identifier")
    }
    guard Set(item.options.map(\.id)).count == item.options.count else {
      throw fail("options", "option ids are not unique")
    }
    guard item.options.count >= 2 else { throw fail("options", "a choice item needs at least two options") }
    guard item.keyedOption != nil else { throw fail("key", "the key '\(item.key)' names no option") }
    guard !QTIText.paragraphs(item.stem).isEmpty else { throw fail("stem", "the stem is empty") }
    for option in item.options where QTIText.normalized(option.text).isEmpty {
      throw fail("options.\(option.id)", "option \(option.id) has no text")
    }
    let texts = [item.stem] + item.options.map(\.text)
    guard texts.allSatisfy(XMLElement.validateText) else {
      throw fail("stem", "the text holds control characters XML cannot carry")
    }
  }
}
