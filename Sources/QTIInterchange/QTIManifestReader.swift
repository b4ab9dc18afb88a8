import ItemBank
import ItemBenchCore

/// What a package manifest says about one item resource.
public struct QTIItemMetadata: Sendable, Hashable {
  public var domain: String?
  public var subdomain: String?
  public var cognitiveLevel: String?
  public var version: Int?
  /// Review fields (``QTIManifestWriter/review(_:)``), when the package carries them.
  public var rationale = ItemRationale()
  public var references: [String] = []
  public var task: String?
  public var enemies: [String] = []
  public var authors: [String] = []
  public var reviewers: [String] = []
  public var tags: [String] = []
  public var notes: String?
  public init() {}
}

/// Reads `imsmanifest.xml`: the item resources' files and the metadata ItemBench writes (LOM
/// classifications with ItemBench's taxon-path sources, `lifeCycle/version`, the review
/// extension). Metadata of other tools is not interpreted; their items take `--domain`.
public enum QTIManifestReader {
  /// Item file path (relative to the package root, as the manifest's `href`) → metadata.
  public static func itemResources(_ manifest: XMLTreeElement) -> [String: QTIItemMetadata] {
    var result: [String: QTIItemMetadata] = [:]
    guard manifest.name == "manifest", let resources = manifest.child("resources") else { return result }
    for resource in resources.elements where resource.name == "resource" {
      guard let type = resource.attribute("type"), type.hasPrefix("imsqti_item_xml") else { continue }
      let href = resource.attribute("href") ?? resource.child("file")?.attribute("href")
      guard let href else { continue }
      var metadata = QTIItemMetadata()
      if let lom = resource.child("metadata")?.child("lom") { read(lom: lom, into: &metadata) }
      result[href] = metadata
    }
    return result
  }

  static func langString(_ element: XMLTreeElement?) -> String? {
    guard let element else { return nil }
    if let string = element.child("string") { return string.textContent }
    return element.textContent
  }

  static func read(lom: XMLTreeElement, into metadata: inout QTIItemMetadata) {
    if let version = langString(lom.child("lifeCycle")?.child("version")) {
      metadata.version = Int(QTIText.normalized(version))
    }
    for classification in lom.elements where classification.name == "classification" {
      for path in classification.elements where path.name == "taxonPath" {
        let source = langString(path.child("source")).map(QTIText.normalized)
        let taxa = path.elements.filter { $0.name == "taxon" }.compactMap { $0.child("id")?.textContent }.map(
          QTIText.normalized)
        switch source {
        case QTIVocabulary.domainTaxonomy:
          metadata.domain = taxa.first
          metadata.subdomain = taxa.count > 1 ? taxa[1] : nil
        case QTIVocabulary.cognitiveLevelTaxonomy:
          metadata.cognitiveLevel = taxa.first
        default:
          continue
        }
      }
    }
    guard
      let review = lom.elements.first(where: { $0.name == "review" && $0.namespace == QTIVocabulary.itemBenchNamespace }
      )
    else { return }
    for field in review.elements {
      let text = field.textContent
      if text.isEmpty { continue }  // an authored value is never empty
      switch field.name {
      case "rationale": metadata.rationale.key = text
      case "distractor-rationale":
        if let option = field.attribute("option") { metadata.rationale.distractors[option] = text }
      case "reference": metadata.references.append(text)
      case "task": metadata.task = text
      case "enemy": metadata.enemies.append(text)
      case "author": metadata.authors.append(text)
      case "reviewer": metadata.reviewers.append(text)
      case "tag": metadata.tags.append(text)
      case "notes": metadata.notes = text
      default: continue
      }
    }
  }
}
