import Foundation
import ItemBank
import ItemBenchCore
import ZIPFoundation

/// One XML document to import, with the metadata its package's manifest gives it.
public struct QTIImportDocument: Sendable {
  /// How messages name the document: a path, or `PACKAGE.zip/PATH` inside an archive.
  public var label: String
  public var text: String
  public var metadata: QTIItemMetadata?
}

/// Finds the item documents of packages (ZIP or folder with `imsmanifest.xml`), folders of XML
/// files and single XML files.
///
/// With a manifest, the item resources it lists are read (tests and other resources are not
/// items); without one, every `.xml` file, skipping tests and sections. Archives are read in
/// memory and never extracted, so no entry name can write anywhere; an entry larger than
/// ``maximumDocumentSize`` once inflated, or an archive above ``maximumEntries`` entries, is
/// refused before it is inflated.
public enum QTIImportSources {
  public static let maximumDocumentSize = 8 << 20
  public static let maximumEntries = 100_000

  /// The documents under `paths`, and the problems that kept any from being read.
  public static func collect(paths: [String]) -> (documents: [QTIImportDocument], problems: [QTIImportRefusal]) {
    var documents: [QTIImportDocument] = []
    var problems: [QTIImportRefusal] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        problems.append(refusal(path, "no such file or directory"))
        continue
      }
      let result: (documents: [QTIImportDocument], problems: [QTIImportRefusal])
      if isDirectory.boolValue {
        result = folder(path)
      } else if path.lowercased().hasSuffix(".zip") {
        result = archive(path)
      } else if URL(fileURLWithPath: path).lastPathComponent == "imsmanifest.xml" {
        result = folder(URL(fileURLWithPath: path).deletingLastPathComponent().path)
      } else {
        result = files([(URL(fileURLWithPath: path).lastPathComponent, path)], labelPrefix: nil)
      }
      documents += result.documents
      problems += result.problems
    }
    return (documents, problems)
  }

  static func refusal(_ file: String, _ reason: String, line: Int = 0, column: Int = 0) -> QTIImportRefusal {
    QTIImportRefusal(location: SourceLocation(file: file, line: line, column: column), itemID: nil, reason: reason)
  }

  /// A package's files in memory (package path → bytes), as ``QTIPackage/files`` or an
  /// archive's entries hold them.
  public static func package(files: [(path: String, data: Data)], label: String) -> (
    documents: [QTIImportDocument], problems: [QTIImportRefusal]
  ) {
    var byPath: [String: Data] = [:]
    for file in files { byPath[file.path] = file.data }
    func labelled(_ path: String) -> String { label.isEmpty ? path : label + "/" + path }
    var documents: [QTIImportDocument] = []
    var problems: [QTIImportRefusal] = []
    if let manifestData = byPath["imsmanifest.xml"] {
      guard let text = decode(manifestData) else {
        return ([], [refusal(labelled("imsmanifest.xml"), "the manifest is not UTF-8 text")])
      }
      let manifest: XMLTreeElement
      do {
        manifest = try XMLReader.parse(text, file: labelled("imsmanifest.xml"))
      } catch {
        return ([], [QTIImportRefusal(location: error.location, itemID: nil, reason: error.message)])
      }
      for (href, metadata) in QTIManifestReader.itemResources(manifest).sorted(by: { $0.key < $1.key }) {
        let path = normalizedPath(href)
        guard let data = byPath[path] else {
          problems.append(
            refusal(labelled("imsmanifest.xml"), "the manifest lists '\(href)', which is not in the package"))
          continue
        }
        guard let text = decode(data) else {
          problems.append(refusal(labelled(path), "the file is not UTF-8 text"))
          continue
        }
        documents.append(QTIImportDocument(label: labelled(path), text: text, metadata: metadata))
      }
      return (documents, problems)
    }
    for (path, data) in byPath.sorted(by: { $0.key < $1.key }) where path.lowercased().hasSuffix(".xml") {
      guard let text = decode(data) else {
        problems.append(refusal(labelled(path), "the file is not UTF-8 text"))
        continue
      }
      documents.append(QTIImportDocument(label: labelled(path), text: text, metadata: nil))
    }
    return (documents, problems)
  }

  static func normalizedPath(_ href: String) -> String {
    var parts: [Substring] = []
    for part in href.split(separator: "/") {
      if part == "." { continue }
      if part == ".." { _ = parts.popLast() } else { parts.append(part) }
    }
    return parts.joined(separator: "/").removingPercentEncoding ?? parts.joined(separator: "/")
  }

  static func decode(_ data: Data) -> String? {
    var data = data
    if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
    return String(data: data, encoding: .utf8)
  }

  static func archive(_ path: String) -> (documents: [QTIImportDocument], problems: [QTIImportRefusal]) {
    let archive: Archive
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      return ([], [refusal(path, "not a readable ZIP archive (\(error))")])
    }
    var files: [(path: String, data: Data)] = []
    var problems: [QTIImportRefusal] = []
    var count = 0
    for entry in archive where entry.type == .file {
      count += 1
      guard count <= maximumEntries else {
        problems.append(refusal(path, "the archive has more than \(maximumEntries) entries"))
        break
      }
      let lower = entry.path.lowercased()
      guard lower.hasSuffix(".xml") else { continue }
      guard entry.uncompressedSize <= Int64(maximumDocumentSize) else {
        problems.append(refusal(path + "/" + entry.path, "larger than \(maximumDocumentSize >> 20) MiB once inflated"))
        continue
      }
      var data = Data()
      do {
        _ = try archive.extract(entry, skipCRC32: false) { chunk in
          guard data.count + chunk.count <= maximumDocumentSize else { throw CocoaError(.fileReadTooLarge) }
          data.append(chunk)
        }
        files.append((normalizedPath(entry.path), data))
      } catch {
        problems.append(refusal(path + "/" + entry.path, "cannot be read from the archive (\(error))"))
      }
    }
    let result = package(files: files, label: path)
    return (result.documents, problems + result.problems)
  }

  static func folder(_ path: String) -> (documents: [QTIImportDocument], problems: [QTIImportRefusal]) {
    let base = path.hasSuffix("/") ? String(path.dropLast()) : path
    var relative: [(String, String)] = []
    if let enumerator = FileManager.default.enumerator(atPath: base) {
      for case let name as String in enumerator where name.lowercased().hasSuffix(".xml") {
        if name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
        relative.append((name, base + "/" + name))
      }
    }
    relative.sort { $0.0 < $1.0 }
    return files(relative, labelPrefix: base)
  }

  /// Reads files from disk (relative path, full path) into a package in memory.
  static func files(_ list: [(String, String)], labelPrefix: String?) -> (
    documents: [QTIImportDocument], problems: [QTIImportRefusal]
  ) {
    var files: [(path: String, data: Data)] = []
    var problems: [QTIImportRefusal] = []
    for (relative, full) in list {
      let size = (try? FileManager.default.attributesOfItem(atPath: full)[.size] as? Int) ?? 0
      guard size <= maximumDocumentSize else {
        problems.append(refusal(full, "larger than \(maximumDocumentSize >> 20) MiB"))
        continue
      }
      guard let data = FileManager.default.contents(atPath: full) else {
        problems.append(refusal(full, "cannot read file"))
        continue
      }
      files.append((relative, data))
    }
    guard let labelPrefix else {
      // Single files: label them by the path given.
      var documents: [QTIImportDocument] = []
      for (index, file) in files.enumerated() {
        guard let text = decode(file.data) else {
          problems.append(refusal(list[index].1, "the file is not UTF-8 text"))
          continue
        }
        documents.append(QTIImportDocument(label: list[index].1, text: text, metadata: nil))
      }
      return (documents, problems)
    }
    let result = package(files: files, label: labelPrefix)
    return (result.documents, problems + result.problems)
  }
}
