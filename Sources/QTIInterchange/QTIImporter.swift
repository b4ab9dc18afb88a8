import Foundation
import ItemBank
import ItemBenchCore

/// An item ready to be written into the bank.
public struct QTIImportedItem: Sendable {
  public var item: Item
  /// Where the file goes: `<bank>/<domain>/<id>.yml`.
  public var path: String
  /// The file's text, as `itembench new` lays items out (``ItemYAMLWriter``).
  public var text: String
  /// The document it came from.
  public var source: String
}

/// Converts QTI choice items (and partial-credit items as ItemBench exports them) into ItemBench
/// items for a bank.
///
/// Each item becomes a draft: id from the QTI identifier, domain (and subdomain), cognitive
/// level, version and, in review packages, rationale, references and authoring fields from the
/// manifest's metadata (``QTIManifestReader``); domain and level fall back to the options given.
/// An item is refused, with its file, line and reason, when it cannot be read
/// (``QTIItemReader``), has no domain, names a domain the bank's blueprints do not define, has an
/// id already in the bank or in the same import, or would land on an existing file. The others
/// still convert. Every converted item's text is read back with ``ItemParser`` and must give the
/// same item, so what is written is what was read.
public enum QTIImporter {
  public struct Options: Sendable {
    /// The domain of items whose metadata names none (`--domain`).
    public var domain: String?
    /// The cognitive level of items whose metadata names none (`--level`).
    public var level: CognitiveLevel
    public init(domain: String? = nil, level: CognitiveLevel = .recall) {
      self.domain = domain
      self.level = level
    }
  }

  public static func convert(
    _ documents: [QTIImportDocument], into bank: ItemBank, bankRoot: String, options: Options
  ) -> (items: [QTIImportedItem], refused: [QTIImportRefusal]) {
    let knownDomains = Set(bank.blueprints.flatMap { $0.domains.map(\.id) })
    var items: [QTIImportedItem] = []
    var refused: [QTIImportRefusal] = []
    var taken: [String: String] = [:]
    for document in documents {
      let root: XMLTreeElement
      do {
        root = try XMLReader.parse(document.text, file: document.label)
      } catch {
        refused.append(
          QTIImportRefusal(location: error.location, itemID: nil, reason: "not well-formed XML: \(error.message)"))
        continue
      }
      // Tests and sections in a folder without a manifest are not items: skip them quietly.
      if document.metadata == nil,
        ["qti-assessment-test", "assessmentTest", "qti-assessment-section", "assessmentSection", "manifest"].contains(
          root.name)
      {
        continue
      }
      let choice: QTIChoiceItem
      switch QTIItemReader.read(root) {
      case .success(let read): choice = read
      case .failure(let refusal):
        refused.append(refusal)
        continue
      }
      func refuse(_ reason: String) {
        refused.append(QTIImportRefusal(location: choice.location, itemID: choice.identifier, reason: reason))
      }
      let metadata = document.metadata ?? QTIItemMetadata()
      guard let domain = metadata.domain ?? options.domain else {
        refuse("no domain: the package's metadata names none; pass --domain")
        continue
      }
      guard QTIVocabulary.isSafeIdentifier(domain) else {
        refuse("domain '\(domain)' cannot be a folder name")
        continue
      }
      if !knownDomains.isEmpty && !knownDomains.contains(domain) {
        refuse(
          "domain '\(domain)' is not a domain of the bank's blueprints\(EditDistance.didYouMean(domain, among: knownDomains))"
        )
        continue
      }
      var level = options.level
      if let named = metadata.cognitiveLevel {
        guard let known = CognitiveLevel(rawValue: named) else {
          refuse("cognitive level '\(named)' in the metadata is not one of recall, application, analysis")
          continue
        }
        level = known
      }
      if let existing = bank.item(choice.identifier) {
        refuse("id '\(choice.identifier)' is already in the bank (\(existing.source.location(of: "id")))")
        continue
      }
      if let first = taken[choice.identifier] {
        refuse("id '\(choice.identifier)' was already imported from \(first)")
        continue
      }
      let path = URL(fileURLWithPath: bankRoot).appendingPathComponent(domain).appendingPathComponent(
        choice.identifier + ".yml"
      ).path
      let relativePath =
        (bankRoot.hasSuffix("/") ? bankRoot : bankRoot + "/") + domain + "/" + choice.identifier + ".yml"
      if FileManager.default.fileExists(atPath: path) {
        refuse("\(relativePath) exists; never overwritten")
        continue
      }
      let item = Item(
        id: choice.identifier, version: metadata.version ?? 1, status: .draft, domain: domain,
        subdomain: metadata.subdomain, task: metadata.task, cognitiveLevel: level, stem: choice.stem + "\n",
        options: choice.options, key: choice.key, rationale: metadata.rationale, references: metadata.references,
        enemies: metadata.enemies, authors: metadata.authors, reviewers: metadata.reviewers, tags: metadata.tags,
        notes: metadata.notes, shuffle: choice.shuffle, responseType: choice.responseType,
        scoreCategories: choice.scoreCategories)
      let text = ItemYAMLWriter.text(
        for: item,
        comment: [
          "Imported from QTI \(choice.qtiVersion): \(document.label)",
          "Review it, then set status to review when it is ready. Format: docs/formats.md",
        ])
      let (readBack, problems) = ItemParser.parse(text, file: relativePath)
      guard problems.isEmpty, readBack.count == 1, sameContent(readBack[0], item) else {
        let detail = problems.first?.message ?? readBack.first.flatMap { differingField($0, item) } ?? "content differs"
        refuse("its text cannot be written as YAML that reads back the same (\(detail))")
        continue
      }
      taken[choice.identifier] = document.label
      items.append(QTIImportedItem(item: readBack[0], path: relativePath, text: text, source: document.label))
    }
    return (items, refused)
  }

  /// The name of the first field where `read` differs from `intended`, with both values.
  static func differingField(_ read: Item, _ intended: Item) -> String? {
    let fields: [(String, (Item) -> String)] = [
      ("id", { $0.id }), ("version", { "\($0.version)" }), ("domain", { $0.domain }),
      ("subdomain", { "\($0.subdomain ?? "-")" }), ("task", { "\($0.task ?? "-")" }), ("stem", { $0.stem }),
      ("options", { "\($0.options)" }), ("key", { $0.key }), ("rationale", { "\($0.rationale)" }),
      ("references", { "\($0.references)" }), ("enemies", { "\($0.enemies)" }), ("authors", { "\($0.authors)" }),
      ("reviewers", { "\($0.reviewers)" }), ("tags", { "\($0.tags)" }), ("notes", { "\($0.notes ?? "-")" }),
      ("shuffle", { "\($0.shuffle)" }), ("type", { $0.responseType.rawValue }),
      ("score_categories", { "\($0.scoreCategories)" }),
    ]
    for (name, value) in fields where value(read) != value(intended) {
      return "\(name) reads back as \(value(read).debugDescription), not \(value(intended).debugDescription)"
    }
    return nil
  }

  /// Whether two items have the same content (every authored field; the source aside).
  public static func sameContent(_ left: Item, _ right: Item) -> Bool {
    var left = left
    left.source = right.source
    return left == right
  }
}
