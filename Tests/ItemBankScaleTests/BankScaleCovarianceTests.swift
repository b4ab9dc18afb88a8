import Foundation
import ItemBankScale
import ItemBenchCore
import ItemResponseTheory
import Testing

/// Bank-scale files keep an estimate's (a, b, c) covariance as its SEs and the correlations
/// r_ab, r_ac, r_bc, so a bank read back screens its anchors with the same covariances.
@Suite struct BankScaleCovarianceTests {
  static func bank(covariance: ParameterCovariance?) -> BankScale {
    let first = BankedAdministration(
      id: "2026-a", form: "form-a", date: "2026-05-01", candidates: 900, placement: .definesScale)
    var item = ItemParameters(id: "ANC-1", a: 1.2, b: -0.5, c: 0.2)
    if let covariance {
      item.seA = covariance.aa.squareRoot()
      item.seB = covariance.bb.squareRoot()
      item.seC = covariance.cc.squareRoot()
      item.covariance = covariance
    }
    var bank = BankScale(
      model: "3pl", scalingConstant: 1, definedBy: "2026-a", referenceForm: "form-a",
      reference: [ItemParameters(id: "ANC-1", a: 1.2, b: -0.5, c: 0.2)], administrations: [first])
    bank.upsert(
      BankedItem(
        id: "ANC-1", status: .operational,
        current: BankedEstimate(item, administration: "2026-a", placement: .definesScale, role: "anchor")))
    return bank
  }

  @Test func correlationsAreWrittenAndTheCovarianceRebuilt() throws {
    // se_a = 0.1, se_b = 0.2, se_c = 0.05; r_ab = 0.004/(0.1·0.2) = 0.2, r_ac = 0.002/(0.1·0.05) = 0.4,
    // r_bc = 0.008/(0.2·0.05) = 0.8.
    let covariance = ParameterCovariance(aa: 0.01, ab: 0.004, ac: 0.002, bb: 0.04, bc: 0.008, cc: 0.0025)
    let text = BankScaleFile.text(Self.bank(covariance: covariance))
    #expect(text.contains("r_ab: 0.200000, r_ac: 0.400000, r_bc: 0.800000"))
    let read = try BankScaleFile.parse(text, file: "bank.yml")
    let rebuilt = try #require(read.item("ANC-1")?.parameters.covariance)
    for (row, want) in zip(rebuilt.matrix, covariance.matrix) {
      for (value, target) in zip(row, want) { #expect(abs(value - target) < 1e-12) }
    }
    #expect(BankScaleFile.text(read) == text)
    // Without a covariance nothing is added, and the file reads back without one.
    let plain = BankScaleFile.text(Self.bank(covariance: nil))
    #expect(!plain.contains("r_ab"))
    #expect(try BankScaleFile.parse(plain, file: "bank.yml").item("ANC-1")?.parameters.covariance == nil)
  }

  @Test func incompleteOrOutOfRangeCorrelationsAreErrors() {
    let covariance = ParameterCovariance(aa: 0.01, ab: 0.004, ac: 0.002, bb: 0.04, bc: 0.008, cc: 0.0025)
    let text = BankScaleFile.text(Self.bank(covariance: covariance))
    for broken in [
      text.replacingOccurrences(of: "r_ab: 0.200000, ", with: ""),
      text.replacingOccurrences(of: "r_bc: 0.800000", with: "r_bc: 1.500000"),
    ] {
      #expect(throws: BankScaleFileError.self) { try BankScaleFile.parse(broken, file: "bank.yml") }
    }
  }
}
