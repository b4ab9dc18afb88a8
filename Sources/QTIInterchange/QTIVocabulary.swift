/// Namespaces, resource types and identifiers QTI export and import share.
public enum QTIVocabulary {
  /// The QTI 3.0 Assessment, Section and Item namespace.
  public static let qti3Namespace = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
  /// Where the QTI 3.0 ASI schema is published (for `xsi:schemaLocation`).
  public static let qti3SchemaLocation = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
  /// The QTI 2.2 and 2.1 namespaces, read on import.
  public static let qti22Namespace = "http://www.imsglobal.org/xsd/imsqti_v2p2"
  public static let qti21Namespace = "http://www.imsglobal.org/xsd/imsqti_v2p1"
  /// The QTI 3.0 content-package manifest namespace.
  public static let manifestNamespace = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
  public static let manifestSchemaLocation =
    "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
  /// IEEE LOM, as QTI 3.0 manifests carry it.
  public static let lomNamespace = "http://ltsc.ieee.org/xsd/LOM"
  /// The QTI 3.0 metadata namespace.
  public static let qtiMetadataNamespace = "http://www.imsglobal.org/xsd/imsqti_metadata_v3p0"
  /// ItemBench's extension inside LOM for review packages (`--with-rationale`): rationale,
  /// references and authoring fields. LOM allows elements of other namespaces there (lax).
  public static let itemBenchNamespace = "urn:itembench:qti-review:1"
  public static let xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

  /// The standard response-processing template of QTI 3.0.
  public static let matchCorrectTemplate = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"

  /// The LOM taxon-path sources ItemBench writes and reads back.
  public static let domainTaxonomy = "ItemBench content domain"
  public static let cognitiveLevelTaxonomy = "ItemBench cognitive level"
  /// The LOM vocabulary source of ItemBench status values.
  public static let statusVocabulary = "ItemBench"
  /// The catalogue name of item identifiers in LOM `general/identifier`.
  public static let identifierCatalog = "ItemBench"

  /// The category an assessment-item reference of a pretest item carries; the test's outcome
  /// processing excludes it from SCORE.
  public static let pretestCategory = "pretest"

  /// Whether `identifier` is an XML NCName made of ASCII letters, digits, `-`, `_` and `.`,
  /// starting with a letter or `_` (what QTI identifiers, manifest ids and ItemBench file names
  /// all accept), at most 128 characters.
  public static func isSafeIdentifier(_ identifier: String) -> Bool {
    let bytes = Array(identifier.utf8)
    guard let first = bytes.first, bytes.count <= 128 else { return false }
    func letter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
    guard letter(first) || first == UInt8(ascii: "_") else { return false }
    return bytes.allSatisfy { byte in
      letter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        || byte == UInt8(ascii: ".")
    } && !identifier.contains("..")
  }
}
