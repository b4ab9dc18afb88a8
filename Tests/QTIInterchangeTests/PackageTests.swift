import Foundation
import ItemBank
import ItemBenchCore
import QTIInterchange
import Testing
import TestSupport
import ZIPFoundation

/// The exported package: deterministic archive, manifest contents, what is and is not exported,
/// and validity against the 1EdTech schemas.
@Suite struct PackageTests {
  func shippedPackage(withRationale: Bool = false, sections: QTISectionLayout = .single) throws -> QTIPackage {
    try buildPackage(
      items: shippedBank.items, forms: shippedBank.forms, blueprints: shippedBank.blueprints,
      options: QTIExportOptions(withRationale: withRationale, sections: sections, toolVersion: "test"))
  }

  func file(_ package: QTIPackage, _ path: String) throws -> String {
    String(decoding: try #require(package.files.first { $0.path == path }).data, as: UTF8.self)
  }

  @Test func sameInputGivesByteIdenticalArchive() throws {
    let first = try shippedPackage().zipArchive()
    let second = try shippedPackage().zipArchive()
    #expect(first == second)
    // Entries are in path order with the fixed date and permissions.
    let archive = try Archive(data: first, accessMode: .read)
    let entries = Array(archive)
    #expect(entries.map(\.path) == entries.map(\.path).sorted())
    #expect(entries.count == shippedBank.items.count + shippedBank.forms.count + 1)
    for entry in entries {
      #expect(entry.fileAttributes[.modificationDate] as? Date == QTIPackage.entryDate)
      #expect((entry.fileAttributes[.posixPermissions] as? Int16).map { UInt16($0) & 0o777 } == 0o644)
    }
    // And it reads back into the same files.
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try first.write(to: URL(fileURLWithPath: directory + "/p.zip"))
    let (documents, problems) = QTIImportSources.collect(paths: [directory + "/p.zip"])
    #expect(problems.isEmpty)
    #expect(documents.count == shippedBank.items.count)
  }

  @Test func formsAreTestsInFormOrderWithPretestExcludedFromScore() throws {
    let package = try shippedPackage()
    let form = try #require(shippedBank.form("form-a"))
    let test = try XMLReader.parse(try file(package, "tests/form-a.xml"), file: "form-a.xml")
    let references = test.descendants().filter { $0.name == "qti-assessment-item-ref" }
    #expect(references.map { $0.attribute("identifier")! } == form.entries.map(\.itemID))
    let pretest = references.filter { $0.attribute("category") == "pretest" }.map { $0.attribute("identifier")! }
    #expect(pretest == form.pretestItemIDs)
    #expect(pretest.count == 10)
    let variables = try #require(test.descendants().first { $0.name == "qti-test-variables" })
    #expect(variables.attribute("exclude-category") == "pretest")
    #expect(variables.attribute("variable-identifier") == "SCORE")
    // cpim-demo states 84 minutes.
    #expect(test.child("qti-time-limits")?.attribute("max-time") == "5040")
  }

  @Test func domainSectionsFollowTheBlueprint() throws {
    let package = try shippedPackage(sections: .domain)
    let test = try XMLReader.parse(try file(package, "tests/form-b.xml"), file: "form-b.xml")
    let sections = test.descendants().filter { $0.name == "qti-assessment-section" }
    let blueprint = try #require(shippedBank.blueprint("cpim-demo"))
    #expect(sections.map { $0.attribute("identifier")! } == blueprint.domains.map { "section-" + $0.id })
    for section in sections {
      let domain = String(section.attribute("identifier")!.dropFirst("section-".count))
      for reference in section.elements {
        #expect(shippedBank.item(reference.attribute("identifier")!)?.domain == domain)
      }
    }
    let total = sections.reduce(0) { $0 + $1.elements.count }
    #expect(total == shippedBank.form("form-b")!.entries.count)
  }

  @Test func manifestListsEveryResourceAndDependency() throws {
    let package = try shippedPackage()
    let manifest = try XMLReader.parse(try file(package, "imsmanifest.xml"), file: "imsmanifest.xml")
    let resources = try #require(manifest.child("resources")).elements
    let files = Set(package.files.map(\.path)).subtracting(["imsmanifest.xml"])
    #expect(Set(resources.compactMap { $0.child("file")?.attribute("href") }) == files)
    let test = try #require(resources.first { $0.attribute("identifier") == "test-form-a" })
    let dependencies = test.elements.filter { $0.name == "dependency" }.map { $0.attribute("identifierref")! }
    #expect(dependencies == shippedBank.form("form-a")!.entries.map { "item-" + $0.itemID })
    // Metadata: read back what one item says.
    let item = try #require(shippedBank.item("INV-0001"))
    let metadata = try #require(QTIManifestReader.itemResources(manifest)["items/INV-0001.xml"])
    #expect(metadata.domain == item.domain)
    #expect(metadata.subdomain == item.subdomain)
    #expect(metadata.cognitiveLevel == item.cognitiveLevel.rawValue)
    #expect(metadata.version == item.version)
  }

  @Test func reviewFieldsOnlyWithRationaleAndNeverInTheItemBody() throws {
    let item = try #require(shippedBank.item("INV-0001"))
    let rationale = try #require(item.rationale.key)
    let plain = try shippedPackage()
    let review = try shippedPackage(withRationale: true)
    #expect(!(try file(plain, "imsmanifest.xml")).contains(rationale.prefix(30)))
    #expect((try file(review, "imsmanifest.xml")).contains(XMLEscaping.text(String(rationale.prefix(30)))))
    for package in [plain, review] {
      let itemXML = try file(package, "items/INV-0001.xml")
      #expect(!itemXML.contains(rationale.prefix(30)))
      #expect(!itemXML.contains("inventory"))  // the domain is metadata, not item content
      #expect(!itemXML.contains(item.references[0]))
    }
  }

  @Test func textIsEscaped() throws {
    let item = Item(
      id: "ESC-1", domain: "inventory", stem: "Is 3 < 4 & 5 > 2?\n\nSecond \"paragraph\".\n",
      options: [ItemOption(id: "A", text: "a <b>not markup</b>"), ItemOption(id: "B", text: "]]> & more")], key: "A")
    let package = try buildPackage(items: [item])
    let xml = try file(package, "items/ESC-1.xml")
    #expect(xml.contains("<p>Is 3 &lt; 4 &amp; 5 &gt; 2?</p>"))
    #expect(xml.contains(">a &lt;b&gt;not markup&lt;/b&gt;</qti-simple-choice>"))
    #expect(xml.contains(">]]&gt; &amp; more</qti-simple-choice>"))
  }

  @Test func itemsQTICannotCarryAreReportedWithTheirLocation() {
    let bad = Item(
      id: "bad id", domain: "inventory", stem: "x\n",
      options: [ItemOption(id: "A", text: "a"), ItemOption(id: "B", text: "b")],
      key: "A",
      source: ItemSource(
        file: "Items/x.yml", fieldLocations: ["id": SourceLocation(file: "Items/x.yml", line: 2, column: 5)]))
    let noKey = Item(
      id: "K-1", domain: "inventory", stem: "x\n",
      options: [ItemOption(id: "A", text: "a"), ItemOption(id: "B", text: "b")], key: "C")
    guard
      case .failure(let problems) = QTIPackage.build(
        identifier: "p", items: [bad, noKey], forms: [], blueprints: [], options: .init())
    else {
      Issue.record("expected a failure")
      return
    }
    #expect(problems.problems.count == 2)
    #expect(problems.description.contains("Items/x.yml:2:5: item 'bad id': the id is not a QTI identifier"))
    #expect(problems.description.contains("item 'K-1': the key 'C' names no option"))
  }

  /// The shared validator and xmllint, when both are here. The validator is `shared/qti3/validate`
  /// beside the repository (as CI lays it out) or beside one of its ancestors (a work tree in a
  /// subfolder), or the file `QTI3_VALIDATE` names.
  static let validator: String? = {
    var candidates: [String] = []
    if let named = ProcessInfo.processInfo.environment["QTI3_VALIDATE"] { candidates.append(named) }
    var folder = URL(fileURLWithPath: repositoryRoot())
    while folder.path != "/" {
      folder = folder.deletingLastPathComponent()
      candidates.append(folder.appendingPathComponent("shared/qti3/validate").path)
    }
    guard let path = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else { return nil }
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    guard paths.contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/xmllint") }) else { return nil }
    return path
  }()

  @Test(
    .enabled(
      if: validator != nil,
      "needs xmllint (Debian libxml2-utils) and ../shared/qti3/validate beside the repository; Tools/ci/qti.sh installs xmllint and runs this check in CI"
    ))
  func sampleExportValidatesAgainstTheQTI3Schemas() throws {
    let validator = try #require(Self.validator)
    for (name, package) in [
      ("plain", try shippedPackage()), ("review", try shippedPackage(withRationale: true, sections: .domain)),
    ] {
      let directory = try temporaryDirectory()
      defer { try? FileManager.default.removeItem(atPath: directory) }
      // The manifest, every test, and one item per domain: xmllint reads the schema again for
      // every file (about half a second each), so Tools/ci/qti.sh validates every item file.
      var seenDomains: Set<String> = []
      let sample = package.files.filter { file in
        guard file.path.hasPrefix("items/") else { return true }
        let id = String(file.path.dropFirst("items/".count).dropLast(".xml".count))
        return shippedBank.item(id).map { seenDomains.insert($0.domain).inserted } ?? true
      }
      var paths: [String] = []
      for file in sample {
        let path = directory + "/" + file.path
        try FileManager.default.createDirectory(
          atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try file.data.write(to: URL(fileURLWithPath: path))
        paths.append(path)
      }
      let run = try ChildProcess.run(
        URL(fileURLWithPath: validator), arguments: paths, mergingStandardError: true)
      let text = run.standardOutput
      #expect(
        run.status == 0,
        "\(name) package:\n\(text.split(separator: "\n").filter { !$0.hasSuffix(" validates") }.prefix(20).joined(separator: "\n"))"
      )
      #expect(text.components(separatedBy: " validates").count - 1 == sample.count)
      #expect(sample.count == 1 + shippedBank.forms.count + seenDomains.count)
    }
  }
}
