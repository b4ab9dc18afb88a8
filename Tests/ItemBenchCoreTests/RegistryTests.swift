import Foundation
import ItemBenchCore
import Testing

@Suite struct RegistryTests {
  @Test func registrationOrderReplacementAndRemoval() {
    let registry = Registry<Int>()
    registry.register(1, as: "csv")
    registry.register(2, as: "json")
    registry.register(3, as: "md")
    registry.register(20, as: "json")  // replaced in place
    #expect(registry.names == ["csv", "json", "md"])
    #expect(registry.entries == [1, 20, 3])
    #expect(registry.entry(named: "json") == 20)
    #expect(registry.entry(named: "JSON") == nil)  // exact names
    registry.unregister("csv")
    registry.unregister("absent")
    #expect(registry.names == ["json", "md"])
    #expect(registry.entry(named: "csv") == nil)
    registry.register(4, as: "csv")  // back at the end
    #expect(registry.names == ["json", "md", "csv"])
    #expect(registry.sortedNames == ["csv", "json", "md"])
  }

  @Test func caseInsensitiveNamesAreStoredLowerCased() {
    let registry = Registry<String>(nameRule: .caseInsensitive)
    registry.register("two", as: "2PL")
    registry.register("three", as: "3pl")
    registry.register("TWO", as: "2pl")
    #expect(registry.names == ["2pl", "3pl"])
    #expect(registry.entry(named: "2Pl") == "TWO")
    registry.unregister("3PL")
    #expect(registry.entries == ["TWO"])
  }

  /// Concurrent registrations from both cores all land (the lock serialises them).
  @Test func concurrentRegistrationsAllLand() {
    let registry = Registry<Int>()
    DispatchQueue.concurrentPerform(iterations: 1000) { index in
      registry.register(index, as: "entry-\(index)")
      _ = registry.entry(named: "entry-\(index / 2)")
    }
    #expect(registry.names.count == 1000)
    #expect(Set(registry.entries) == Set(0..<1000))
  }
}
