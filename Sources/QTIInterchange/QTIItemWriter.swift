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
/// The item is a single-cardinality, identifier-typed choice interaction: the stem is the
/// interaction's `qti-prompt` (one `<p>` per paragraph), each option a `qti-simple-choice` in
/// authored order, `shuffle` as the item's `shuffle` field, the key the correct response, and
/// response processing the standard `match_correct` template, which sets the float outcome SCORE
/// to 1 for the key and 0 otherwise. Nothing else of the item is in the item file: metadata
/// (domain, cognitive level, status, version) goes into the manifest (``QTIManifestWriter``).
public enum QTIItemWriter {
  /// The `qti-assessment-item` element for `item`, or the first reason it cannot be exported.
  public static func element(for item: Item) throws(QTIExportError) -> XMLElement {
    try check(item)
    let choices = item.options.map { option in
      XMLNode.element(
        XMLElement("qti-simple-choice", [("identifier", option.id)], text: QTIText.normalized(option.text)))
    }
    let prompt = XMLElement(
      "qti-prompt", children: QTIText.paragraphs(item.stem).map { .element(XMLElement("p", text: $0)) })
    let interaction = XMLElement(
      "qti-choice-interaction",
      [("response-identifier", "RESPONSE"), ("shuffle", item.shuffle ? "true" : "false"), ("max-choices", "1")],
      children: [.element(prompt)] + choices)
    return XMLElement(
      "qti-assessment-item",
      [
        ("xmlns", QTIVocabulary.qti3Namespace), ("xmlns:xsi", QTIVocabulary.xsiNamespace),
        ("xsi:schemaLocation", "\(QTIVocabulary.qti3Namespace) \(QTIVocabulary.qti3SchemaLocation)"),
        ("identifier", item.id), ("title", item.id), ("adaptive", "false"), ("time-dependent", "false"),
      ],
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
