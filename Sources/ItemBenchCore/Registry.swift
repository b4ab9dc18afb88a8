import Foundation

/// A thread-safe table of named entries: the one registry behind ItemBench's extension points
/// (lint rules, lint reporters, table exporters, IRT models).
///
/// Names are compared as written (``NameRule/exact``) or ignoring case
/// (``NameRule/caseInsensitive``, the entry then listed under its lower-cased name). Registering
/// a name again replaces its entry and keeps its place in ``names``, which lists names in
/// registration order (``sortedNames`` alphabetically). Every operation is O(1) but the lists,
/// which are O(n) (O(n log n) sorted).
public final class Registry<Entry: Sendable>: @unchecked Sendable {
  /// How two names are compared.
  public enum NameRule: Sendable {
    /// Byte for byte.
    case exact
    /// Ignoring case (`String.lowercased()`); names are stored lower-cased.
    case caseInsensitive
  }

  private let lock = NSLock()
  private let nameRule: NameRule
  private var entriesByName: [String: Entry] = [:]
  private var order: [String] = []

  /// An empty registry comparing names by `nameRule`.
  public init(nameRule: NameRule = .exact) {
    self.nameRule = nameRule
  }

  /// The key a name is stored under.
  private func key(_ name: String) -> String {
    switch nameRule {
    case .exact: return name
    case .caseInsensitive: return name.lowercased()
    }
  }

  /// Adds `entry` under `name`, replacing (in place) any entry registered under that name.
  public func register(_ entry: Entry, as name: String) {
    let key = key(name)
    lock.lock()
    defer { lock.unlock() }
    if entriesByName.updateValue(entry, forKey: key) == nil { order.append(key) }
  }

  /// Removes the entry under `name`, if any.
  public func unregister(_ name: String) {
    let key = key(name)
    lock.lock()
    defer { lock.unlock() }
    if entriesByName.removeValue(forKey: key) != nil { order.removeAll { $0 == key } }
  }

  /// The entry under `name`, if registered.
  public func entry(named name: String) -> Entry? {
    let key = key(name)
    lock.lock()
    defer { lock.unlock() }
    return entriesByName[key]
  }

  /// The registered names, in registration order.
  public var names: [String] {
    lock.lock()
    defer { lock.unlock() }
    return order
  }

  /// The registered names, sorted.
  public var sortedNames: [String] { names.sorted() }

  /// The entries, in registration order of their names.
  public var entries: [Entry] {
    lock.lock()
    defer { lock.unlock() }
    return order.compactMap { entriesByName[$0] }
  }
}
