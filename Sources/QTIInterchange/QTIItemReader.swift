import ItemBank
import ItemBenchCore

/// A QTI item that could not be converted, and why, located at the element at fault.
public struct QTIImportRefusal: DiagnosticError, Hashable {
  public var location: SourceLocation
  /// The item's identifier, when it could be read.
  public var itemID: String?
  public var reason: String
  public init(location: SourceLocation, itemID: String?, reason: String) {
    self.location = location
    self.itemID = itemID
    self.reason = reason
  }
  public var message: String { "cannot import \(itemID.map { "item '\($0)'" } ?? "item"): \(reason)" }
  public var diagnosticLocation: SourceLocation? { location }
}

/// What a QTI item file holds that ItemBench can carry: a single-response choice item, or a
/// partial-credit item as ItemBench exports it (an extended-text interaction with a scoring
/// rubric block).
public struct QTIChoiceItem: Sendable, Hashable {
  public var identifier: String
  /// Stem text in ItemBench's plain form (``QTIText``).
  public var stem: String
  /// The choices (empty for a partial-credit item).
  public var options: [ItemOption]
  /// The correct choice (empty for a partial-credit item).
  public var key: String
  public var shuffle: Bool
  /// The QTI version the item was written in: "3.0", "2.2" or "2.1".
  public var qtiVersion: String
  /// Where the root element is.
  public var location: SourceLocation
  /// Multiple choice, or partial credit for an extended-text interaction.
  public var responseType: ItemResponseType = .multipleChoice
  /// The score categories 0…m of a partial-credit item, rubric text in ItemBench's plain form.
  public var scoreCategories: [ScoreCategory] = []
}

/// Reads a `qti-assessment-item` (QTI 3.0) or `assessmentItem` (QTI 2.2 and 2.1) with one
/// single-cardinality choice interaction, or with one extended-text interaction laid out as
/// ``QTIItemWriter`` writes a partial-credit item (a string response, no response processing,
/// and a `qti-rubric-block` with `use="scoring"` after the interaction holding a description
/// list of `Score 0`, `Score 1`, … each with its rubric).
///
/// Accepted: the stem in `qti-prompt`, in the item body around the interaction, or both (body
/// text first); paragraphs (`p`, `div`, headings), line breaks and inline formatting (`span`,
/// `strong`, `em`, `b`, `i`, `u`, `code`, …), whose text is kept and markup dropped; `shuffle`;
/// feedback elements (skipped); response processing absent or the `match_correct` template.
///
/// Refused, with the element at fault: another interaction type, or more than one interaction;
/// multiple or ordered cardinality, or `max-choices` other than 1; no correct response, or one
/// naming no choice; media (`img`, `object`, `audio`, `video`, `math`, `svg`, …), tables, lists
/// and other markup plain text cannot carry; templates; response processing other than
/// `match_correct`; identifiers that are not safe file names.
public enum QTIItemReader {
  public static func read(_ root: XMLTreeElement) -> Result<QTIChoiceItem, QTIImportRefusal> {
    let version: String
    let item: XMLTreeElement
    switch root.namespace {
    case QTIVocabulary.qti3Namespace:
      version = "3.0"
      item = root
    case QTIVocabulary.qti22Namespace:
      version = "2.2"
      item = QTI2Names.converted(root)
    case QTIVocabulary.qti21Namespace:
      version = "2.1"
      item = QTI2Names.converted(root)
    default:
      return .failure(
        QTIImportRefusal(
          location: root.location, itemID: nil,
          reason: "<\(root.name)> in namespace '\(root.namespace)' is not a QTI 3.0, 2.2 or 2.1 item"))
    }
    do {
      return .success(try read(item: item, version: version))
    } catch {
      return .failure(error)
    }
  }

  static func read(item: XMLTreeElement, version: String) throws(QTIImportRefusal) -> QTIChoiceItem {
    guard item.name == "qti-assessment-item" else {
      throw QTIImportRefusal(location: item.location, itemID: nil, reason: "<\(item.name)> is not an assessment item")
    }
    guard let identifier = item.attribute("identifier") else {
      throw QTIImportRefusal(location: item.location, itemID: nil, reason: "the item has no identifier")
    }
    func refuse(_ reason: String, at element: XMLTreeElement) -> QTIImportRefusal {
      QTIImportRefusal(location: element.location, itemID: identifier, reason: reason)
    }
    guard QTIVocabulary.isSafeIdentifier(identifier) else {
      throw refuse(
        "identifier '\(identifier)' cannot be an ItemBench id and file name (letters, digits, '-', '_', '.', starting with a letter or '_', no path)",
        at: item)
    }
    if let template = item.child("qti-template-declaration") {
      throw refuse("template items (qti-template-declaration) cannot be carried", at: template)
    }
    guard let body = item.child("qti-item-body") else { throw refuse("the item has no item body", at: item) }
    let interactions = body.descendants().filter { $0.name.hasSuffix("-interaction") }
    guard let interaction = interactions.first else { throw refuse("the item body holds no interaction", at: body) }
    guard interactions.count == 1 else {
      throw refuse(
        "\(interactions.count) interactions (\(interactions.map { "<\($0.name)>" }.joined(separator: ", "))); an ItemBench item has one choice interaction",
        at: interactions[1])
    }
    if interaction.name == "qti-extended-text-interaction" {
      return try readExtendedText(
        item: item, body: body, interaction: interaction, identifier: identifier, version: version)
    }
    guard interaction.name == "qti-choice-interaction" else {
      throw refuse("<\(interaction.name)> is not a choice interaction", at: interaction)
    }
    let declaration = try responseDeclaration(of: interaction, in: item, identifier: identifier)
    let cardinality = declaration.attribute("cardinality") ?? ""
    guard cardinality == "single" else {
      throw refuse("cardinality '\(cardinality)' (only single-response choice items are carried)", at: declaration)
    }
    guard declaration.attribute("base-type") == "identifier" else {
      throw refuse("base type '\(declaration.attribute("base-type") ?? "")' (expected identifier)", at: declaration)
    }
    if let maxChoices = interaction.attribute("max-choices"), maxChoices != "1" {
      throw refuse("max-choices '\(maxChoices)' (only single-response choice items are carried)", at: interaction)
    }
    guard let correct = declaration.child("qti-correct-response") else {
      throw refuse("no correct response (the key)", at: declaration)
    }
    let values = correct.elements.filter { $0.name == "qti-value" }
    guard values.count == 1 else {
      throw refuse("\(values.count) correct values (expected exactly one key)", at: correct)
    }
    let key = QTIText.normalized(values[0].textContent)

    if let processing = item.child("qti-response-processing") {
      let template = processing.attribute("template") ?? processing.attribute("template-location")
      let last = template?.split(separator: "/").last.map(String.init) ?? ""
      guard last == "match_correct" || last == "match_correct.xml", processing.elements.isEmpty else {
        throw refuse(
          template.map { "response processing template '\($0)' (only match_correct is carried)" }
            ?? "custom response processing rules (only the match_correct template is carried)",
          at: processing)
      }
    }

    var options: [ItemOption] = []
    var shuffle = interaction.attribute("shuffle") == "true"
    for child in interaction.elements where child.name != "qti-prompt" {
      guard child.name == "qti-simple-choice" else {
        throw refuse("<\(child.name)> inside the choice interaction cannot be carried", at: child)
      }
      guard let optionID = child.attribute("identifier"), QTIVocabulary.isSafeIdentifier(optionID) else {
        throw refuse("a choice without a usable identifier", at: child)
      }
      if child.attribute("template-identifier") != nil {
        throw refuse("template-controlled choices cannot be carried", at: child)
      }
      if child.attribute("fixed") == "true" { shuffle = false }
      var text = TextCollector()
      try text.collect(child, refuse: { refuse($0, at: $1) })
      let optionText = text.paragraphs().joined(separator: "\n\n")
      guard !optionText.isEmpty else { throw refuse("choice \(optionID) has no text", at: child) }
      guard !options.contains(where: { $0.id == optionID }) else {
        throw refuse("choice id \(optionID) appears twice", at: child)
      }
      options.append(ItemOption(id: optionID, text: optionText))
    }
    guard options.count >= 2 else {
      throw refuse("\(options.count) choice(s); a choice item needs at least two", at: interaction)
    }
    guard options.contains(where: { $0.id == key }) else {
      throw refuse("the correct response '\(key)' names no choice", at: values[0])
    }

    var stem = TextCollector()
    try stem.collect(body, interaction: interaction, refuse: { refuse($0, at: $1) })
    let stemText = stem.paragraphs().joined(separator: "\n\n")
    guard !stemText.isEmpty else { throw refuse("the item has no stem text (prompt or body text)", at: body) }
    return QTIChoiceItem(
      identifier: identifier, stem: stemText, options: options, key: key, shuffle: shuffle, qtiVersion: version,
      location: item.location)
  }
}

extension QTIItemReader {
  /// The `qti-response-declaration` of `item` whose identifier is the `interaction`'s
  /// `response-identifier`, or a refusal at the interaction.
  static func responseDeclaration(of interaction: XMLTreeElement, in item: XMLTreeElement, identifier: String)
    throws(QTIImportRefusal) -> XMLTreeElement
  {
    let responseID = interaction.attribute("response-identifier") ?? ""
    guard
      let declaration = item.elements.first(where: {
        $0.name == "qti-response-declaration" && $0.attribute("identifier") == responseID
      })
    else {
      throw QTIImportRefusal(
        location: interaction.location, itemID: identifier,
        reason: "no response declaration for the interaction's response '\(responseID)'")
    }
    return declaration
  }

  /// A partial-credit item: the extended-text `interaction`'s prompt (and body text) as the
  /// stem, the scoring rubric block's description list as the score categories.
  static func readExtendedText(
    item: XMLTreeElement, body: XMLTreeElement, interaction: XMLTreeElement, identifier: String, version: String
  ) throws(QTIImportRefusal) -> QTIChoiceItem {
    func refuse(_ reason: String, at element: XMLTreeElement) -> QTIImportRefusal {
      QTIImportRefusal(location: element.location, itemID: identifier, reason: reason)
    }
    let declaration = try responseDeclaration(of: interaction, in: item, identifier: identifier)
    guard declaration.attribute("cardinality") == "single", declaration.attribute("base-type") == "string" else {
      throw refuse(
        "an extended-text response of cardinality '\(declaration.attribute("cardinality") ?? "")' and base type "
          + "'\(declaration.attribute("base-type") ?? "")' (expected single and string)", at: declaration)
    }
    if let processing = item.child("qti-response-processing") {
      throw refuse(
        "response processing for an extended-text interaction (a partial-credit item is scored by raters from its rubric)",
        at: processing)
    }
    let rubrics = body.elements.filter { $0.name == "qti-rubric-block" && $0.attribute("use") == "scoring" }
    guard let rubric = rubrics.first else {
      throw refuse(
        "an extended-text interaction without a scoring rubric (a qti-rubric-block with use=\"scoring\" listing "
          + "Score 0, Score 1, …) cannot be carried", at: interaction)
    }
    guard rubrics.count == 1 else { throw refuse("more than one scoring rubric block", at: rubrics[1]) }
    guard let content = rubric.child("qti-content-body"), content.elements.count == 1,
      let list = content.child("dl"),
      content.children.allSatisfy({ node in
        if case .text(let text, _) = node { return QTIText.paragraphs(text).isEmpty }
        return true
      })
    else {
      throw refuse(
        "the scoring rubric is not a description list of score categories (dt 'Score N', dd rubric)", at: rubric)
    }
    var categories: [ScoreCategory] = []
    var pendingScore: (score: Int, element: XMLTreeElement)?
    for element in list.elements {
      switch element.name {
      case "dt":
        if let pending = pendingScore { throw refuse("score \(pending.score) has no rubric", at: pending.element) }
        let label = QTIText.normalized(element.textContent)
        let expected = QTIItemWriter.scoreLabel(categories.count)
        guard label == expected else {
          throw refuse("expected '\(expected)' in the scoring rubric, found '\(label)'", at: element)
        }
        pendingScore = (categories.count, element)
      case "dd":
        guard let pending = pendingScore else {
          throw refuse("a rubric (dd) that names no score (dt)", at: element)
        }
        var text = TextCollector()
        try text.collect(element, refuse: { refuse($0, at: $1) })
        let rubricText = text.paragraphs().joined(separator: "\n\n")
        guard !rubricText.isEmpty else { throw refuse("score \(pending.score) has no rubric", at: element) }
        categories.append(ScoreCategory(score: pending.score, rubric: rubricText))
        pendingScore = nil
      default:
        throw refuse("<\(element.name)> inside the scoring rubric cannot be carried", at: element)
      }
    }
    if let pending = pendingScore { throw refuse("score \(pending.score) has no rubric", at: pending.element) }
    guard categories.count >= 2 else {
      throw refuse("\(categories.count) score categor\(categories.count == 1 ? "y" : "ies"); at least 2", at: list)
    }
    guard categories.count <= InputLimits.partialCreditMaximumScore.upperBound + 1 else {
      throw refuse(
        "\(categories.count) score categories; at most \(InputLimits.partialCreditMaximumScore.upperBound + 1)",
        at: list)
    }
    if let score = item.elements.first(where: {
      $0.name == "qti-outcome-declaration" && $0.attribute("identifier") == "SCORE"
    }), let maximum = score.attribute("normal-maximum"), Double(maximum) != Double(categories.count - 1) {
      throw refuse(
        "SCORE's normal-maximum \(maximum) is not the rubric's highest score \(categories.count - 1)", at: score)
    }
    // The stem: the body without the rubric block (the interaction contributes its prompt).
    var stemBody = body
    stemBody.children = body.children.filter { node in
      if case .element(let element) = node { return element.location != rubric.location }
      return true
    }
    var stem = TextCollector()
    try stem.collect(stemBody, interaction: interaction, refuse: { refuse($0, at: $1) })
    let stemText = stem.paragraphs().joined(separator: "\n\n")
    guard !stemText.isEmpty else { throw refuse("the item has no stem text (prompt or body text)", at: body) }
    return QTIChoiceItem(
      identifier: identifier, stem: stemText, options: [], key: "", shuffle: false, qtiVersion: version,
      location: item.location, responseType: .partialCredit, scoreCategories: categories)
  }
}

/// Collects the plain text of XHTML content, paragraph by paragraph.
struct TextCollector {
  private var finished: [String] = []
  private var current = ""

  static let blocks: Set<String> = ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "qti-prompt"]
  static let inline: Set<String> = [
    "span", "strong", "em", "b", "i", "u", "code", "q", "abbr", "cite", "dfn", "kbd", "samp", "var", "small", "label",
  ]
  static let skipped: Set<String> = ["qti-feedback-inline", "qti-feedback-block"]
  static let media: Set<String> = [
    "img", "object", "audio", "video", "picture", "source", "track", "svg", "math", "iframe", "embed", "canvas",
    "figure",
  ]

  mutating func endParagraph() {
    finished += QTIText.paragraphs(current)
    current = ""
  }

  mutating func paragraphs() -> [String] {
    endParagraph()
    return finished
  }

  /// Collects `element`'s content; the choice `interaction`, if met, contributes its prompt.
  mutating func collect(
    _ element: XMLTreeElement, interaction: XMLTreeElement? = nil,
    refuse: (String, XMLTreeElement) -> QTIImportRefusal
  ) throws(QTIImportRefusal) {
    for child in element.children {
      switch child {
      case .text(let text, _):
        current += text
      case .element(let inner):
        if let interaction, inner.location == interaction.location {
          endParagraph()
          if let prompt = inner.child("qti-prompt") { try collect(prompt, refuse: refuse) }
          endParagraph()
        } else if Self.blocks.contains(inner.name) {
          endParagraph()
          try collect(inner, interaction: interaction, refuse: refuse)
          endParagraph()
        } else if Self.inline.contains(inner.name) {
          try collect(inner, interaction: interaction, refuse: refuse)
        } else if inner.name == "br" {
          current += "\n"
        } else if Self.skipped.contains(inner.name) {
          continue
        } else if Self.media.contains(inner.name) {
          throw refuse("media (<\(inner.name)>) cannot be carried by an ItemBench item", inner)
        } else {
          throw refuse("<\(inner.name)> markup cannot be carried in ItemBench's plain text", inner)
        }
      }
    }
  }
}

/// QTI 2.x names in QTI 3.0 form: `assessmentItem` → `qti-assessment-item`,
/// `responseIdentifier` → `response-identifier`. XHTML names (lower case) are kept.
enum QTI2Names {
  /// QTI 2.x element names that are all lower case (the rest are camel case).
  static let lowerCaseQTI: Set<String> = ["prompt", "value", "mapping", "stylesheet", "gap", "hottext", "hotspot"]

  static func converted(_ element: XMLTreeElement) -> XMLTreeElement {
    var result = element
    if element.name.contains(where: \.isUppercase) || lowerCaseQTI.contains(element.name) {
      result.name = "qti-" + kebab(element.name)
    }
    result.attributes = element.attributes.map {
      (name: $0.name.contains(":") ? $0.name : kebab($0.name), value: $0.value)
    }
    result.children = element.children.map { child in
      if case .element(let inner) = child { return .element(converted(inner)) }
      return child
    }
    return result
  }

  static func kebab(_ name: String) -> String {
    var output = ""
    for character in name {
      if character.isUppercase {
        output += "-" + character.lowercased()
      } else {
        output.append(character)
      }
    }
    return output
  }
}
