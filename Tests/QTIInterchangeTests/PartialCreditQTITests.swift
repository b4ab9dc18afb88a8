import Foundation
import ItemBank
import ItemBenchCore
import QTIInterchange
import Testing
import TestSupport

/// Partial-credit items in QTI: exported as an extended-text interaction with a scoring rubric
/// block and a human-scored SCORE of 0…m, valid against the QTI 3.0 schemas, imported back as
/// the same items, and written as YAML that reads back the same.
@Suite struct PartialCreditQTITests {
  static let scenario = Item(
    id: "SCN-0001", version: 2, status: .pretest, domain: "inventory", cognitiveLevel: .analysis,
    stem: "A distributor sells 12,000 units a year at $60 an order & $5 a unit-year.\n\n"
      + "Compute the economic order quantity <EOQ> and say whether 600 units is right.\n",
    rationale: ItemRationale(key: "Accept 536 to 538 units."), references: ["Economic order quantity"],
    tags: ["scenario"], responseType: .partialCredit,
    scoreCategories: [
      ScoreCategory(score: 0, rubric: "No relevant work."),
      ScoreCategory(score: 1, rubric: "States EOQ = sqrt(2DS/H).\n\nIdentifies D, S and H."),
      ScoreCategory(score: 2, rubric: "Computes 537 units and recommends it over 600."),
    ])

  static let choice = Item(
    id: "INV-0001", domain: "inventory", stem: "What is safety stock?\n",
    options: [ItemOption(id: "A", text: "Buffer stock"), ItemOption(id: "B", text: "Cycle stock")], key: "A")

  func file(_ package: QTIPackage, _ path: String) throws -> String {
    String(decoding: try #require(package.files.first { $0.path == path }).data, as: UTF8.self)
  }

  @Test func exportedAsAnExtendedTextInteractionWithARubricForScorers() throws {
    let package = try buildPackage(items: [Self.scenario, Self.choice])
    let root = try XMLReader.parse(try file(package, "items/SCN-0001.xml"), file: "SCN-0001.xml")
    let response = try #require(root.child("qti-response-declaration"))
    #expect(response.attribute("base-type") == "string" && response.attribute("cardinality") == "single")
    #expect(response.child("qti-correct-response") == nil)
    let outcomes = root.elements.filter { $0.name == "qti-outcome-declaration" }
    let score = try #require(outcomes.first { $0.attribute("identifier") == "SCORE" })
    #expect(score.attribute("external-scored") == "human")
    #expect(score.attribute("normal-maximum") == "2" && score.attribute("normal-minimum") == "0")
    let maximum = try #require(outcomes.first { $0.attribute("identifier") == "MAXSCORE" })
    #expect(maximum.descendants().first { $0.name == "qti-value" }?.textContent == "2")
    #expect(root.child("qti-response-processing") == nil)
    let body = try #require(root.child("qti-item-body"))
    #expect(body.elements.map(\.name) == ["qti-extended-text-interaction", "qti-rubric-block"])
    let prompt = try #require(body.elements[0].child("qti-prompt"))
    #expect(
      prompt.elements.map(\.textContent).last
        == "Compute the economic order quantity <EOQ> and say whether 600 units is right.")
    let rubric = body.elements[1]
    #expect(rubric.attribute("use") == "scoring" && rubric.attribute("view") == "scorer")
    let list = try #require(rubric.descendants().first { $0.name == "dl" })
    #expect(list.elements.filter { $0.name == "dt" }.map(\.textContent) == ["Score 0", "Score 1", "Score 2"])
    #expect(list.elements.filter { $0.name == "dd" }.map { $0.elements.count } == [1, 2, 1])
    // The scoring note goes into the manifest's review extension only, like a rationale.
    #expect(!(try file(package, "items/SCN-0001.xml")).contains("Accept 536"))

    let manifest = try file(package, "imsmanifest.xml")
    let parsed = try XMLReader.parse(manifest, file: "imsmanifest.xml")
    let resources = parsed.descendants().filter { $0.name == "resource" }
    func metadata(_ id: String, _ name: String) -> String? {
      resources.first { $0.attribute("identifier") == "item-\(id)" }?.descendants().first { $0.name == name }?
        .textContent
    }
    #expect(metadata("SCN-0001", "interactionType") == "extendedTextInteraction")
    #expect(metadata("SCN-0001", "scoringMode") == "human")
    #expect(metadata("SCN-0001", "solutionAvailable") == "false")
    #expect(metadata("INV-0001", "interactionType") == "choiceInteraction")
    #expect(metadata("INV-0001", "scoringMode") == "responseprocessing")
  }

  @Test func multipleChoiceExportIsUnchanged() throws {
    // The element of a multiple-choice item, spelled out as before partial credit existed.
    let element = try QTIItemWriter.element(for: Self.choice)
    let text = element.document()
    #expect(
      text.contains("<qti-choice-interaction response-identifier=\"RESPONSE\" shuffle=\"false\" max-choices=\"1\">"))
    #expect(text.contains("<qti-response-processing template=\"\(QTIVocabulary.matchCorrectTemplate)\"/>"))
    #expect(!text.contains("rubric") && !text.contains("external-scored") && !text.contains("MAXSCORE"))
  }

  @Test(
    .enabled(
      if: PackageTests.validator != nil,
      "needs xmllint (Debian libxml2-utils) and ../shared/qti3/validate beside the repository"))
  func theItemTheManifestAndAFormWithItValidate() throws {
    let validator = try #require(PackageTests.validator)
    let form = Form(
      id: "form-pc", blueprintID: "demo",
      entries: [FormEntry(itemID: "INV-0001", role: .scored), FormEntry(itemID: "SCN-0001", role: .pretest)])
    for withRationale in [false, true] {
      let package = try buildPackage(
        items: [Self.scenario, Self.choice], forms: [form], options: QTIExportOptions(withRationale: withRationale))
      let directory = try temporaryDirectory()
      defer { try? FileManager.default.removeItem(atPath: directory) }
      var paths: [String] = []
      for entry in package.files where entry.path != "items/INV-0001.xml" {
        let path = directory + "/" + entry.path
        try FileManager.default.createDirectory(
          atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try entry.data.write(to: URL(fileURLWithPath: path))
        paths.append(path)
      }
      let run = try ChildProcess.run(URL(fileURLWithPath: validator), arguments: paths, mergingStandardError: true)
      #expect(run.status == 0, "\(run.standardOutput)")
      #expect(run.standardOutput.components(separatedBy: " validates").count - 1 == 3)
    }
  }

  @Test func anItemQTICannotCarryIsRefusedNamingIt() {
    var empty = Self.scenario
    empty.id = "SCN-0002"
    empty.scoreCategories[1].rubric = "  \n"
    empty.source = ItemSource(
      file: "Items/s.yml",
      fieldLocations: ["score_categories.1.rubric": SourceLocation(file: "Items/s.yml", line: 12, column: 13)])
    var gap = Self.scenario
    gap.id = "SCN-0003"
    gap.scoreCategories.remove(at: 1)
    guard
      case .failure(let problems) = QTIPackage.build(
        identifier: "p", items: [empty, gap], forms: [], blueprints: [], options: .init())
    else {
      Issue.record("expected a failure")
      return
    }
    #expect(problems.problems.count == 2)
    #expect(
      problems.description.contains("Items/s.yml:12:13: item 'SCN-0002': the rubric of score 1 has no text"))
    #expect(problems.description.contains("item 'SCN-0003': a partial-credit item needs score categories 0, 1, …, m"))
  }

  /// Exports `items` and imports them into an empty bank with the shipped blueprints.
  func roundTrip(_ items: [Item], withRationale: Bool) throws -> ([String: Item], [QTIImportRefusal]) {
    let package = try buildPackage(
      items: items, blueprints: shippedBank.blueprints, options: QTIExportOptions(withRationale: withRationale))
    let (documents, problems) = QTIImportSources.package(files: package.files, label: "package.zip")
    let target = ItemBank(root: "/nonexistent-bank", items: [], blueprints: shippedBank.blueprints)
    let (imported, refused) = QTIImporter.convert(
      documents, into: target, bankRoot: "/nonexistent-bank", options: .init())
    return (Dictionary(uniqueKeysWithValues: imported.map { ($0.item.id, $0.item) }), problems + refused)
  }

  /// Partial-credit items with random texts full of XML and YAML special characters.
  static func generatedItems(seed: UInt64, count: Int) -> [Item] {
    var generator = SeededGenerator(seed: seed)
    var items: [Item] = []
    for index in 0..<count {
      let categories = (0...Int.random(in: 1...5, using: &generator)).map { score in
        var rubric = QTIText.normalized(RoundTripTests.text(&generator, lines: 1...3))
        if rubric.isEmpty { rubric = "rubric \(score)" }
        // A leading space or a line break at the end exercises the YAML writer's block scalars.
        if Bool.random(using: &generator) { rubric = " " + rubric + "\n" }
        return ScoreCategory(score: score, rubric: rubric)
      }
      var stem = QTIText.normalized(RoundTripTests.text(&generator, lines: 1...6))
      if stem.isEmpty { stem = "Explain." }
      items.append(
        Item(
          id: "PC-\(index)", version: Int.random(in: 1...9, using: &generator), status: .operational,
          domain: "inventory", cognitiveLevel: .analysis, stem: stem + "\n",
          rationale: ItemRationale(
            key: Bool.random(using: &generator) ? RoundTripTests.text(&generator, lines: 1...3) : nil),
          references: (0..<Int.random(in: 0...2, using: &generator)).map { _ in
            RoundTripTests.text(&generator, lines: 1...1)
          },
          tags: Bool.random(using: &generator) ? ["t1", "yes"] : [], responseType: .partialCredit,
          scoreCategories: categories))
    }
    return items
  }

  @Test(arguments: [7, 8] as [UInt64])
  func partialCreditItemsComeBackFromAnExport(seed: UInt64) throws {
    let items = [Self.scenario] + Self.generatedItems(seed: seed, count: 60)
    for withRationale in [false, true] {
      let (imported, refused) = try roundTrip(items + [Self.choice], withRationale: withRationale)
      #expect(refused.isEmpty, "\(refused.prefix(3))")
      for item in items + [Self.choice] {
        let back = try #require(imported[item.id], "item \(item.id) did not come back")
        let expected = expectedAfterRoundTrip(item, withRationale: withRationale)
        #expect(
          QTIImporter.sameContent(back, expected), "seed \(seed), item \(item.id):\n\(back)\nexpected\n\(expected)")
      }
    }
  }

  @Test func theYAMLWriterRoundTripsPartialCreditItems() throws {
    for item in [Self.scenario] + Self.generatedItems(seed: 9, count: 80) {
      let text = ItemYAMLWriter.text(for: item, comment: ["test"])
      let (items, diagnostics) = ItemParser.parse(text, file: "x.yml")
      #expect(diagnostics.isEmpty, "\(item.id): \(diagnostics)\n\(text)")
      let back = try #require(items.first, "\(item.id)\n\(text)")
      #expect(QTIImporter.sameContent(back, item), "\(item.id)\n\(text)")
    }
    let text = ItemYAMLWriter.text(for: Self.scenario, comment: [])
    #expect(text.contains("cognitive_level: analysis\ntype: partial-credit\nstem: |\n"))
    #expect(text.contains("score_categories:\n  - score: 0\n    rubric: No relevant work.\n  - score: 1\n"))
    #expect(text.contains("rationale: Accept 536 to 538 units.\n"))
    #expect(!text.contains("options:") && !text.contains("key:"))
    // A multiple-choice item has no type line.
    #expect(!ItemYAMLWriter.text(for: Self.choice, comment: []).contains("type:"))
    // Nested multi-line values that start with a space (an option, a distractor rationale) get
    // the indentation indicator relative to their key.
    var spaced = Self.choice
    spaced.options[1].text = " Cycle\nstock"
    spaced.rationale = ItemRationale(key: " Buffer\nstock.", distractors: ["B": "  Average\ndemand."])
    let spacedText = ItemYAMLWriter.text(for: spaced, comment: [])
    let spacedBack = ItemParser.parse(spacedText, file: "x.yml")
    #expect(spacedBack.diagnostics.isEmpty, "\(spacedBack.diagnostics)\n\(spacedText)")
    #expect(spacedBack.items.first.map { QTIImporter.sameContent($0, spaced) } == true, "\(spacedText)")
  }

  /// An extended-text item as ItemBench writes it, with `rubric` as the item body's rubric block.
  static func foreign(_ rubric: String, processing: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="ESSAY-1" title="Essay" adaptive="false" time-dependent="false">
      <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>
      <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
      <qti-item-body>
        <qti-extended-text-interaction response-identifier="RESPONSE">
          <qti-prompt><p>Explain safety stock.</p></qti-prompt>
        </qti-extended-text-interaction>
    \(rubric)
      </qti-item-body>
    \(processing)
    </qti-assessment-item>

    """
  }

  func importOne(_ text: String) throws -> Result<Item, QTIImportRefusal> {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try text.write(toFile: directory + "/essay.xml", atomically: true, encoding: .utf8)
    let (documents, problems) = QTIImportSources.collect(paths: [directory + "/essay.xml"])
    if let problem = problems.first { return .failure(problem) }
    let target = ItemBank(root: "/nonexistent-bank", items: [], blueprints: shippedBank.blueprints)
    let (imported, refused) = QTIImporter.convert(
      documents, into: target, bankRoot: "/nonexistent-bank", options: .init(domain: "inventory"))
    if let item = imported.first?.item { return .success(item) }
    return .failure(refused.first ?? QTIImportRefusal(location: SourceLocation(file: "?"), itemID: nil, reason: "?"))
  }

  @Test func extendedTextItemsWithoutItemBenchsRubricAreRefusedWithTheirLine() throws {
    let good = """
        <qti-rubric-block use="scoring" view="scorer"><qti-content-body><dl>
          <dt>Score 0</dt><dd><p>Nothing.</p></dd><dt>Score 1</dt><dd>Defines it.</dd>
        </dl></qti-content-body></qti-rubric-block>
      """
    let item = try importOne(Self.foreign(good)).get()
    #expect(item.responseType == .partialCredit && item.status == .draft)
    #expect(
      item.scoreCategories == [
        ScoreCategory(score: 0, rubric: "Nothing."), ScoreCategory(score: 1, rubric: "Defines it."),
      ])
    #expect(item.stem == "Explain safety stock.\n")

    func reason(_ text: String) throws -> (line: Int, reason: String) {
      switch try importOne(text) {
      case .success: return (0, "imported")
      case .failure(let refusal): return (refusal.location.line, refusal.reason)
      }
    }
    let noRubric = try reason(Self.foreign(""))
    #expect(noRubric.line == 6 && noRubric.reason.hasPrefix("an extended-text interaction without a scoring rubric"))
    let wrongLabel = try reason(Self.foreign(good.replacingOccurrences(of: "Score 1", with: "Score 2")))
    #expect(wrongLabel.line == 10 && wrongLabel.reason == "expected 'Score 1' in the scoring rubric, found 'Score 2'")
    let oneCategory = try reason(
      Self.foreign(
        "<qti-rubric-block use=\"scoring\" view=\"scorer\"><qti-content-body><dl><dt>Score 0</dt><dd>x</dd></dl></qti-content-body></qti-rubric-block>"
      ))
    #expect(oneCategory.reason == "1 score category; at least 2")
    let processed = try reason(Self.foreign(good, processing: "<qti-response-processing/>"))
    #expect(processed.reason.hasPrefix("response processing for an extended-text interaction"))
  }
}
