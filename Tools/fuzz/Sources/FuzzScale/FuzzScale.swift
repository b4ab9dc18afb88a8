import Equating
import Foundation
import FuzzSupport
import ItemBenchCore

/// Scale files; a scale that parses is also used to round a few values.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScale(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let data = start.map { Data(bytes: $0, count: count) } ?? Data()
  guard case .success(let text) = UTF8Text.decode(data) else { return 0 }
  if let scale = try? ScaleSpecification.parse(text, file: "s.yml") {
    for value in [scale.minimum, scale.passingScore, scale.maximum, -1e12, 1e12] { _ = scale.round(value) }
  }
  return 0
}

@_cdecl("FuzzScale_main")
public func fuzzScaleMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
  runFuzzer(fuzzScale)
}
