import Foundation
import ItemBank
import ItemBenchCore
import QTIInterchange

/// The repository root (three levels above this file).
func repositoryRoot(filePath: String = #filePath) -> String {
  URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
}

func fixturesDirectory(filePath: String = #filePath) -> String {
  URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
}

/// The shipped sample bank, loaded once.
let shippedBank: ItemBank = BankLoader.load(root: repositoryRoot() + "/Items")

func temporaryDirectory() throws -> String {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("qti-tests-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// The package of `items` and `forms`, or a test failure message.
func buildPackage(
  items: [Item], forms: [Form] = [], blueprints: [Blueprint] = [], options: QTIExportOptions = QTIExportOptions()
) throws -> QTIPackage {
  switch QTIPackage.build(
    identifier: "test-package", items: items, forms: forms, blueprints: blueprints, options: options)
  {
  case .success(let package): return package
  case .failure(let problems): throw problems
  }
}

/// What an item should look like after export and import: a draft, text normalised, and
/// without review fields unless they were exported.
func expectedAfterRoundTrip(_ item: Item, withRationale: Bool) -> Item {
  var expected = item
  expected.status = .draft
  expected.stem = QTIText.normalized(item.stem) + "\n"
  expected.options = item.options.map { ItemOption(id: $0.id, text: QTIText.normalized($0.text)) }
  expected.scoreCategories = item.scoreCategories.map {
    ScoreCategory(score: $0.score, rubric: QTIText.normalized($0.rubric))
  }
  if !withRationale {
    expected.rationale = ItemRationale()
    expected.references = []
    expected.task = nil
    expected.enemies = []
    expected.authors = []
    expected.reviewers = []
    expected.tags = []
    expected.notes = nil
  }
  return expected
}

/// A deterministic generator (SplitMix64), so property tests are reproducible from their seed.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
