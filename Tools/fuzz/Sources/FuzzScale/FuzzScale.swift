import Equating
import Foundation
import ItemBenchCore

/// Scale files; a scale that parses is also used to round a few values.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScale(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  guard case .success(let text) = UTF8Text.decode(data) else { return 0 }
  if let scale = try? ScaleSpecification.parse(text, file: "s.yml") {
    for value in [scale.minimum, scale.passingScore, scale.maximum, -1e12, 1e12] { _ = scale.round(value) }
  }
  return 0
}
