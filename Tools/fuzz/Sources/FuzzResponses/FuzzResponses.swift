import Foundation
import ItemBenchCore
import ItemResponseTheory

/// Response CSV files, as 0/1 data without a bank and as letter data with keys for Q1–Q3.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponses(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  guard case .success(let text) = UTF8Text.decode(data) else { return 0 }
  _ = try? ResponseReader.parse(text: text, file: "r.csv")
  let keys = [
    "Q1": ItemKey(key: "A", options: ["A", "B", "C", "D"]), "Q2": ItemKey(key: "B", options: ["A", "B", "C"]),
    "Q3": ItemKey(key: "D", options: ["A", "B", "C", "D"]),
  ]
  if let matrix = try? ResponseReader.parse(text: text, file: "r.csv", keys: keys) {
    _ = ClassicalAnalysis.analyze(matrix)
  }
  return 0
}
