import Foundation
import ItemBank
import ItemBenchCore

/// Item, blueprint and form files: the bytes as the bank loader sees them (UTF-8 decoding with
/// located errors), then each of the three parsers, then the whole loader on an in-memory bank.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzItemFiles(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  guard case .success(let text) = UTF8Text.decode(data) else { return 0 }
  _ = ItemParser.parse(text, file: "item.yml")
  _ = BlueprintParser.parse(text, file: "blueprint.yml")
  _ = FormParser.parse(text, file: "form.yml")
  _ = BankLoader.load(texts: ["d/item.yml": text, "blueprints/b.yml": text, "forms/f.yml": text])
  return 0
}
