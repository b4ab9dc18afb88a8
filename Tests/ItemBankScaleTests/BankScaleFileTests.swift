import Equating
import Foundation
import ItemBankScale
import ItemBenchCore
import ItemResponseTheory
import Testing

@Suite struct BankScaleFileTests {
  /// A small bank written by hand: two administrations, one anchor observed, one item replaced.
  static func sample() -> BankScale {
    let first = BankedAdministration(
      id: "2026-a", form: "form-a", date: "2026-05-01", candidates: 900, placement: .definesScale)
    let second = BankedAdministration(
      id: "2026-b", form: "form-b", date: "2026-11-01", candidates: 800, placement: .linked, method: "stocking-lord",
      A: 0.95, B: 0.25, anchors: ["ANC-1"], dropped: ["ANC-2"])
    let anchor = ItemParameters(id: "ANC-1", a: 1.2, b: -0.5, c: 0.2, seA: 0.1, seB: 0.08, seC: 0.03)
    let drifted = ItemParameters(id: "ANC-2", a: 0.9, b: 0.4, c: 0.15, seA: 0.09, seB: 0.12, seC: nil)
    var bank = BankScale(
      model: "3pl", scalingConstant: 1, definedBy: "2026-a", referenceForm: "form-a",
      reference: [anchor, drifted].map { ItemParameters(id: $0.id, a: $0.a, b: $0.b, c: $0.c) },
      administrations: [first, second])
    bank.upsert(
      BankedItem(
        id: "PRE-1", status: .pretest,
        current: BankedEstimate(
          ItemParameters(id: "PRE-1", a: 1, b: 1.5, c: 0.1), administration: "2026-b", placement: .linked,
          role: "pretest"),
        recommendation: .revise))
    bank.upsert(
      BankedItem(
        id: "ANC-1", status: .operational,
        current: BankedEstimate(anchor, administration: "2026-a", placement: .definesScale, role: "anchor")))
    bank.upsert(
      BankedItem(
        id: "ANC-2", status: .operational,
        current: BankedEstimate(
          ItemParameters(id: "ANC-2", a: 0.9, b: -0.2, c: 0.15), administration: "2026-b", placement: .linked,
          role: "anchor"),
        droppedAsAnchor: ["2026-b"]))
    bank.record(
      HistoryEntry(
        id: "ANC-2", event: .replaced,
        estimate: BankedEstimate(drifted, administration: "2026-a", placement: .definesScale, role: "anchor")))
    bank.record(
      HistoryEntry(
        id: "ANC-1", event: .observed,
        estimate: BankedEstimate(anchor, administration: "2026-b", placement: .linked, role: "anchor"), driftZ: 0.4))
    return bank
  }

  @Test func writingThenReadingGivesTheSameBankAndTheSameBytes() throws {
    let bank = Self.sample()
    #expect(bank.items.map(\.id) == ["ANC-1", "ANC-2", "PRE-1"])
    #expect(bank.history.map(\.id) == ["ANC-1", "ANC-2"])
    let text = BankScaleFile.text(bank)
    let read = try BankScaleFile.parse(text, file: "bank.yml")
    #expect(read == bank)
    #expect(BankScaleFile.text(read) == text)
    // One line per record: every item and history entry is one line of its own.
    #expect(text.split(separator: "\n").filter { $0.hasPrefix("  - {id: ANC-2") }.count == 3)
  }

  @Test func problemsAreLocated() {
    let text = BankScaleFile.text(Self.sample())
    // An unknown status, on the line of PRE-1.
    let broken = text.replacingOccurrences(of: "status: pretest", with: "status: pretets")
    let line =
      broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("status: pretets") }! + 1
    #expect {
      try BankScaleFile.parse(broken, file: "bank.yml")
    } throws: { error in
      guard let error = error as? BankScaleFileError else { return false }
      return error.location.line == line && error.message.contains("did you mean 'pretest'?")
    }
    // A number where a number belongs; text is an error, not a default.
    let wrong = text.replacingOccurrences(of: "a: 1.000000, b: 1.500000", with: "a: one, b: 1.500000")
    #expect(throws: BankScaleFileError.self) { try BankScaleFile.parse(wrong, file: "bank.yml") }
    // An estimate naming an administration the file does not list.
    let orphan = text.replacingOccurrences(
      of: "administration: 2026-b, placement: linked, role: pretest",
      with: "administration: 2027-x, placement: linked, role: pretest")
    #expect(throws: BankScaleFileError.self) { try BankScaleFile.parse(orphan, file: "bank.yml") }
  }

  @Test func aFormWithUnbankedItemsCannotBePreEquatedAndTheItemsAreNamed() throws {
    let scale = ScaleSpecification(minimum: 200, maximum: 350, passingScore: 300, cut: .raw(1), mapping: .piecewiseRaw)
    #expect {
      try BankTables.preEquated(
        form: "form-c", scoredItems: ["ANC-1", "NEW-1", "NEW-2"], bank: Self.sample(), scale: scale)
    } throws: { error in
      (error as? MissingParameters)?.ids == ["NEW-1", "NEW-2"]
    }
  }

  /// The reference form pre-equated to itself from the bank is the identity: every raw score's
  /// equivalent is the raw score, and the pass decision is raw ≥ the cut.
  @Test func theReferenceFormPreEquatesToItself() throws {
    let scale = ScaleSpecification(minimum: 200, maximum: 350, passingScore: 300, cut: .raw(1), mapping: .piecewiseRaw)
    let bank = Self.sample()
    var same = bank
    for item in bank.reference {
      same.upsert(
        BankedItem(
          id: item.id, status: .operational,
          current: BankedEstimate(item, administration: "2026-a", placement: .definesScale, role: "anchor")))
    }
    let table = try BankTables.preEquated(form: "form-a", scoredItems: ["ANC-1", "ANC-2"], bank: same, scale: scale)
    for row in table.rows { #expect(abs(row.equated - Double(row.raw)) < 1e-6) }
    #expect(table.lowestPassingRaw == 1)
  }
}
