import ExamCycle
import Foundation
import FuzzSupport
import ItemBankScale
import ItemBenchCore
import ItemLint

/// The settings files read by the shared YAML mapping reader: every input goes through the
/// project-file, bank-scale and lint-configuration readers (each must return or throw, never
/// crash, trap or hang).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettings(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let data = start.map { Data(bytes: $0, count: count) } ?? Data()
  guard case .success(let text) = UTF8Text.decode(data) else { return 0 }
  _ = try? ProjectConfiguration.parse(text, file: "itembench.yml")
  if let bank = try? BankScaleFile.parse(text, file: "bank.yml") {
    // What reads must write and read back.
    _ = try? BankScaleFile.parse(BankScaleFile.text(bank), file: "bank.yml")
  }
  _ = try? LintConfiguration.parse(text, file: ".itembench-lint.yml")
  return 0
}

@_cdecl("FuzzSettings_main")
public func fuzzSettingsMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
  runFuzzer(fuzzSettings)
}
