import ItemBank
import ItemBenchCore

/// Writes the content package's `imsmanifest.xml`.
///
/// One resource per item (`imsqti_item_xmlv3p0`) and per form (`imsqti_test_xmlv3p0`), each
/// listing its file; a test resource depends on the resources of its items. Each item resource
/// carries its metadata in LOM:
///
/// - `general/identifier`: catalogue `ItemBench`, entry the item id;
/// - `lifeCycle/version`: the item's content version; `lifeCycle/status`: source `ItemBench`,
///   value the item's status (`draft` … `retired`);
/// - `classification` with purpose `discipline`: taxon path `ItemBench content domain`, the
///   domain id (and title) and, if any, the subdomain id;
/// - `classification` with purpose `educational objective`: taxon path
///   `ItemBench cognitive level`, the level.
///
/// and `qtiMetadata` naming the interaction type (choice, or extended text for a partial-credit
/// item, scored by a human) and the tool. With `withRationale`, a
/// `review` element of ItemBench's namespace (``QTIVocabulary/itemBenchNamespace``) inside the
/// LOM carries the rationale, distractor rationales, references, task, enemies, authors,
/// reviewers, tags and notes. Statistics and IRT parameters are never written.
public enum QTIManifestWriter {
  public struct ItemResource {
    public var item: Item
    public var href: String
    public var domainTitle: String?
  }

  public struct TestResource {
    public var form: Form
    public var href: String
  }

  public static func itemResourceID(_ itemID: String) -> String { "item-" + itemID }
  public static func testResourceID(_ formID: String) -> String { "test-" + formID }

  public static func element(
    identifier: String, items: [ItemResource], tests: [TestResource], withRationale: Bool, toolVersion: String
  ) -> XMLElement {
    var resources: [XMLNode] = []
    for resource in items {
      resources.append(
        .element(
          XMLElement(
            "resource",
            [
              ("identifier", itemResourceID(resource.item.id)), ("type", "imsqti_item_xmlv3p0"),
              ("href", resource.href),
            ],
            children: [
              .element(
                XMLElement(
                  "metadata",
                  children: [
                    .element(qtiMetadata(for: resource.item, toolVersion: toolVersion)),
                    .element(lom(for: resource, withRationale: withRationale)),
                  ])),
              .element(XMLElement("file", [("href", resource.href)])),
            ])))
    }
    for resource in tests {
      var children: [XMLNode] = [.element(XMLElement("file", [("href", resource.href)]))]
      var seen: Set<String> = []
      for entry in resource.form.entries where seen.insert(entry.itemID).inserted {
        children.append(.element(XMLElement("dependency", [("identifierref", itemResourceID(entry.itemID))])))
      }
      resources.append(
        .element(
          XMLElement(
            "resource",
            [
              ("identifier", testResourceID(resource.form.id)), ("type", "imsqti_test_xmlv3p0"),
              ("href", resource.href),
            ],
            children: children)))
    }
    return XMLElement(
      "manifest",
      [
        ("xmlns", QTIVocabulary.manifestNamespace), ("xmlns:lom", QTIVocabulary.lomNamespace),
        ("xmlns:qti", QTIVocabulary.qtiMetadataNamespace), ("xmlns:xsi", QTIVocabulary.xsiNamespace),
        ("xsi:schemaLocation", "\(QTIVocabulary.manifestNamespace) \(QTIVocabulary.manifestSchemaLocation)"),
        ("identifier", identifier),
      ],
      children: [
        .element(
          XMLElement(
            "metadata",
            children: [
              .element(XMLElement("schema", text: "QTI Package")),
              .element(XMLElement("schemaversion", text: "3.0.0")),
            ])),
        .element(XMLElement("organizations")),
        .element(XMLElement("resources", children: resources)),
      ])
  }

  /// The QTI metadata of `item`: a choice interaction scored by response processing, or (a
  /// partial-credit item) an extended-text interaction scored by a human, with no solution.
  static func qtiMetadata(for item: Item, toolVersion: String) -> XMLElement {
    let choice = item.responseType == .multipleChoice
    return XMLElement(
      "qti:qtiMetadata",
      children: [
        .element(XMLElement("qti:itemTemplate", text: "false")),
        .element(XMLElement("qti:timeDependent", text: "false")),
        .element(XMLElement("qti:composite", text: "false")),
        .element(XMLElement("qti:interactionType", text: choice ? "choiceInteraction" : "extendedTextInteraction")),
        .element(XMLElement("qti:feedbackType", text: "none")),
        .element(XMLElement("qti:solutionAvailable", text: choice ? "true" : "false")),
        .element(XMLElement("qti:scoringMode", text: choice ? "responseprocessing" : "human")),
        .element(XMLElement("qti:toolName", text: "ItemBench")),
        .element(XMLElement("qti:toolVersion", text: toolVersion)),
      ])
  }

  static func string(_ name: String, _ text: String) -> XMLNode {
    .element(XMLElement(name, children: [.element(XMLElement("lom:string", text: text))]))
  }

  static func vocabulary(_ name: String, source: String, value: String) -> XMLNode {
    .element(
      XMLElement(
        name,
        children: [.element(XMLElement("lom:source", text: source)), .element(XMLElement("lom:value", text: value))]))
  }

  static func taxon(_ id: String, entry: String?) -> XMLNode {
    var children: [XMLNode] = [.element(XMLElement("lom:id", text: id))]
    if let entry { children.append(string("lom:entry", entry)) }
    return .element(XMLElement("lom:taxon", children: children))
  }

  static func lom(for resource: ItemResource, withRationale: Bool) -> XMLElement {
    let item = resource.item
    var domainTaxa = [taxon(item.domain, entry: resource.domainTitle)]
    if let subdomain = item.subdomain { domainTaxa.append(taxon(subdomain, entry: nil)) }
    var children: [XMLNode] = [
      .element(
        XMLElement(
          "lom:general",
          children: [
            .element(
              XMLElement(
                "lom:identifier",
                children: [
                  .element(XMLElement("lom:catalog", text: QTIVocabulary.identifierCatalog)),
                  .element(XMLElement("lom:entry", text: item.id)),
                ]))
          ])),
      .element(
        XMLElement(
          "lom:lifeCycle",
          children: [
            string("lom:version", String(item.version)),
            vocabulary("lom:status", source: QTIVocabulary.statusVocabulary, value: item.status.rawValue),
          ])),
      .element(
        XMLElement(
          "lom:classification",
          children: [
            vocabulary("lom:purpose", source: "LOMv1.0", value: "discipline"),
            .element(
              XMLElement("lom:taxonPath", children: [string("lom:source", QTIVocabulary.domainTaxonomy)] + domainTaxa)),
          ])),
      .element(
        XMLElement(
          "lom:classification",
          children: [
            vocabulary("lom:purpose", source: "LOMv1.0", value: "educational objective"),
            .element(
              XMLElement(
                "lom:taxonPath",
                children: [
                  string("lom:source", QTIVocabulary.cognitiveLevelTaxonomy),
                  taxon(item.cognitiveLevel.rawValue, entry: nil),
                ])),
          ])),
    ]
    if withRationale { children.append(.element(review(item))) }
    return XMLElement("lom:lom", children: children)
  }

  /// The review extension: rationale, references and authoring fields, text as written.
  static func review(_ item: Item) -> XMLElement {
    var children: [XMLNode] = []
    func add(_ name: String, _ text: String, _ attributes: [(String, String)] = []) {
      children.append(.element(XMLElement("ib:" + name, attributes, text: text)))
    }
    if let key = item.rationale.key { add("rationale", key) }
    for option in item.options {
      if let text = item.rationale.distractors[option.id] { add("distractor-rationale", text, [("option", option.id)]) }
    }
    for (optionID, text) in item.rationale.distractors.sorted(by: { $0.key < $1.key })
    where item.option(optionID) == nil {
      add("distractor-rationale", text, [("option", optionID)])
    }
    for reference in item.references { add("reference", reference) }
    if let task = item.task { add("task", task) }
    for enemy in item.enemies { add("enemy", enemy) }
    for author in item.authors { add("author", author) }
    for reviewer in item.reviewers { add("reviewer", reviewer) }
    for tag in item.tags { add("tag", tag) }
    if let notes = item.notes { add("notes", notes) }
    return XMLElement("ib:review", [("xmlns:ib", QTIVocabulary.itemBenchNamespace)], children: children)
  }
}
