import Foundation
import ItemBank
import ItemBenchCore
import ZIPFoundation

/// What to export and how.
public struct QTIExportOptions: Sendable {
  /// Write rationales, references and authoring fields (review packages).
  public var withRationale: Bool
  public var sections: QTISectionLayout
  /// The tool version written into the manifest's QTI metadata.
  public var toolVersion: String
  public init(withRationale: Bool = false, sections: QTISectionLayout = .single, toolVersion: String = "") {
    self.withRationale = withRationale
    self.sections = sections
    self.toolVersion = toolVersion
  }
}

/// A QTI 3.0 content package: its files (path inside the package → bytes), in path order.
///
/// Layout: `imsmanifest.xml`, `items/<item id>.xml`, `tests/<form id>.xml`. The same items,
/// forms and options always give the same bytes, and ``zipArchive()`` the same archive.
public struct QTIPackage: Sendable {
  public var files: [(path: String, data: Data)]

  /// Builds the package of `items` and `forms` (each form's items must be among `items`).
  /// Returns every problem found (all items and forms are checked) instead of a package if any.
  public static func build(
    identifier: String, items: [Item], forms: [Form], blueprints: [Blueprint], options: QTIExportOptions
  ) -> Result<QTIPackage, QTIExportProblems> {
    var problems: [QTIExportError] = []
    var files: [(String, Data)] = []
    var byID: [String: Item] = [:]
    var itemResources: [QTIManifestWriter.ItemResource] = []
    let domainTitles = Dictionary(
      blueprints.flatMap { $0.domains.map { ($0.id, $0.title) } }, uniquingKeysWith: { first, _ in first })
    for item in items {
      if byID[item.id] != nil {
        problems.append(
          QTIExportError(location: item.source.location(of: "id"), message: "item id '\(item.id)' is exported twice"))
        continue
      }
      do {
        let element = try QTIItemWriter.element(for: item)
        let href = "items/\(item.id).xml"
        byID[item.id] = item
        files.append((href, Data(element.document().utf8)))
        itemResources.append(.init(item: item, href: href, domainTitle: domainTitles[item.domain]))
      } catch {
        problems.append(error)
      }
    }
    var testResources: [QTIManifestWriter.TestResource] = []
    var formIDs: Set<String> = []
    for form in forms {
      guard formIDs.insert(form.id).inserted else {
        problems.append(QTIExportError(location: form.location, message: "form id '\(form.id)' is exported twice"))
        continue
      }
      let blueprint = blueprints.first { $0.id == form.blueprintID }
      do {
        let element = try QTITestWriter.element(
          for: form, blueprint: blueprint, items: byID, layout: options.sections, itemHref: { "../items/\($0).xml" })
        let href = "tests/\(form.id).xml"
        files.append((href, Data(element.document().utf8)))
        testResources.append(.init(form: form, href: href))
      } catch {
        problems.append(error)
      }
    }
    guard QTIVocabulary.isSafeIdentifier(identifier) else {
      problems.append(
        QTIExportError(
          location: SourceLocation(file: "<package>"), message: "package name '\(identifier)' is not a safe identifier")
      )
      return .failure(QTIExportProblems(problems: problems))
    }
    if !problems.isEmpty { return .failure(QTIExportProblems(problems: problems.sortedByLocation())) }
    let manifest = QTIManifestWriter.element(
      identifier: "MANIFEST-" + identifier, items: itemResources, tests: testResources,
      withRationale: options.withRationale, toolVersion: options.toolVersion)
    files.append(("imsmanifest.xml", Data(manifest.document().utf8)))
    files.sort { $0.0 < $1.0 }
    return .success(QTIPackage(files: files.map { (path: $0.0, data: $0.1) }))
  }

  /// Fixed for every entry, so that archives depend on their content only: 1980-01-01 00:00:00
  /// UTC (the earliest MS-DOS date ZIP can store) and mode `rw-r--r--`.
  public static let entryDate = Date(timeIntervalSince1970: 315_532_800)
  public static let entryPermissions: UInt16 = 0o644

  /// The package as a ZIP archive: entries in path order, deflated, with ``entryDate`` and
  /// ``entryPermissions``; directories are implied by the paths, not stored. Same files, same
  /// bytes.
  public func zipArchive() throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    for file in files.sorted(by: { $0.path < $1.path }) {
      let data = file.data
      try archive.addEntry(
        with: file.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Self.entryDate,
        permissions: Self.entryPermissions, compressionMethod: .deflate
      ) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
    return data
  }
}

/// Every problem that kept a package from being built.
public struct QTIExportProblems: Error, CustomStringConvertible, Sendable {
  public var problems: [QTIExportError]
  public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension Array where Element == QTIExportError {
  func sortedByLocation() -> [QTIExportError] {
    sorted { ($0.location, $0.message) < ($1.location, $1.message) }
  }
}
