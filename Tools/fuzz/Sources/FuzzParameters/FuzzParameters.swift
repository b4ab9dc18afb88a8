import Foundation
import ItemBenchCore
import ItemResponseTheory

/// Parameter files as JSON and as CSV, and the positioned JSON reader under the JSON layout.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParameters(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  guard case .success(let text) = UTF8Text.decode(data) else { return 0 }
  _ = try? LocatedJSON.parse(text)
  if let file = try? ParameterFile.parseJSON(text, file: "p.json") {
    // What a reader does next: write it back and read that again.
    _ = try? ParameterFile.parseJSON(file.jsonText(), file: "again.json")
  }
  _ = try? ParameterFile.parseCSV(text, file: "p.csv")
  return 0
}
