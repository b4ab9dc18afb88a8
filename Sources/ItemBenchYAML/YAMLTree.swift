#if canImport(CYaml)
  import CYaml
#endif
import ItemBenchCore
import Yams

/// A YAML document composed straight from libyaml's events into flat arrays: the cheap
/// alternative to `Yams.compose` for the bank's item files, which are parsed by the thousand.
///
/// ``compose(_:)`` builds the same tree `Yams.compose(yaml:_:_:_:)` would with the plain-text
/// resolver (``YAMLSource/textResolver``): the same scalar texts, styles and positions. It
/// declines (returns nil) whenever it could differ from Yams, and the caller then composes with
/// Yams: on any syntax error, on anchors, aliases or explicit tags, on keys that are not
/// scalars, on duplicate keys, and on a second document. Those cases are rare in a bank and get
/// Yams' exact result and error messages.
///
/// Compared with Yams it allocates no object per event or node, decodes scalars without
/// Foundation, and checks duplicate keys by comparing their texts.
///
/// - Complexity: O(size of the text).
package final class YAMLTree {
  struct Entry {
    var kind: YAMLNodeKind
    /// libyaml's scalar style (0 any, 1 plain, 2 single-quoted, 3 double-quoted, 4 literal,
    /// 5 folded); 0 for collections.
    var style: UInt8
    var line: Int32
    var column: Int32
    /// A scalar's index in `strings`; a collection's first child in `children`.
    var first: Int32
    /// A mapping's number of pairs, a sequence's number of elements.
    var count: Int32
  }

  // Constants once composed (so reading them needs no exclusivity checks).
  let entries: [Entry]
  let strings: [String]
  /// Children of collections: a mapping's keys and values alternate.
  let children: [Int32]

  fileprivate init(_ builder: Builder) {
    entries = builder.entries
    strings = builder.strings
    children = builder.children
  }

  /// A node of a tree (valid while its tree is alive; used only while parsing one file).
  package struct Node: YAMLNodeView {
    unowned(unsafe) let tree: YAMLTree
    let index: Int32

    var entry: Entry { tree.entries[Int(index)] }
    package var kind: YAMLNodeKind { entry.kind }
    package var text: String? {
      let entry = self.entry
      return entry.kind == .scalar ? tree.strings[Int(entry.first)] : nil
    }
    package var isPlainScalar: Bool {
      let entry = self.entry
      return entry.kind == .scalar && entry.style == 1
    }
    package var isNull: Bool {
      guard isPlainScalar else { return false }
      switch tree.strings[Int(entry.first)] {
      case "", "~", "null", "Null", "NULL": return true
      default: return false
      }
    }
    package var scalarNode: Yams.Node? {
      let entry = self.entry
      guard entry.kind == .scalar, let style = Yams.Node.Scalar.Style(rawValue: UInt32(entry.style)) else { return nil }
      // As Yams tags it: implicit when plain, `str` otherwise (libyaml's quoted_implicit).
      let tag = Tag(entry.style == 1 ? .implicit : .str, YAMLSource.textResolver, YAMLTree.constructor)
      return .scalar(Yams.Node.Scalar(tree.strings[Int(entry.first)], tag, style))
    }
    package var keyText: String { text ?? "" }
    package var pairs: [(key: Node, value: Node)] {
      let entry = self.entry
      guard entry.kind == .mapping else { return [] }
      let first = Int(entry.first)
      return (0..<Int(entry.count)).map { pair in
        (
          Node(tree: tree, index: tree.children[first + 2 * pair]),
          Node(tree: tree, index: tree.children[first + 2 * pair + 1])
        )
      }
    }
    package var elements: [Node] {
      let entry = self.entry
      guard entry.kind == .sequence else { return [] }
      let first = Int(entry.first)
      return (0..<Int(entry.count)).map { Node(tree: tree, index: tree.children[first + $0]) }
    }
    package var position: (line: Int, column: Int)? {
      let entry = self.entry
      return (Int(entry.line), Int(entry.column))
    }
    package func value(forKey key: String) -> Node? {
      let entry = self.entry
      guard entry.kind == .mapping else { return nil }
      let first = Int(entry.first)
      for pair in 0..<Int(entry.count) {
        let keyEntry = tree.entries[Int(tree.children[first + 2 * pair])]
        if tree.strings[Int(keyEntry.first)] == key {
          return Node(tree: tree, index: tree.children[first + 2 * pair + 1])
        }
      }
      return nil
    }
    // Every key is a scalar tagged `str` (implicitly or by quoting), as is the looked-up key.
    package func lookup(_ key: String) -> Node? { value(forKey: key) }
  }

  /// The document's root node, if the document is not empty.
  package var root: Node? { entries.isEmpty ? nil : Node(tree: self, index: Int32(entries.count - 1)) }

  /// The constructor of the scalars handed to Yams (immutable after creation).
  nonisolated(unsafe) static let constructor = Constructor.default

  /// Whether this build can compose with libyaml directly.
  package static var isAvailable: Bool {
    #if canImport(CYaml)
      return true
    #else
      return false
    #endif
  }

  /// Composes `text`: a tree (empty for an empty document), or nil when Yams must compose it
  /// (see the type's documentation).
  package static func compose(_ text: String) -> YAMLTree? {
    #if canImport(CYaml)
      var text = text
      return text.withUTF8 { bytes -> YAMLTree? in
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        var builder = Builder()
        // Room for about one node per 24 bytes (item files have one per 30-40), so that the
        // arrays rarely grow while composing.
        let estimate = bytes.count / 24 + 16
        builder.entries.reserveCapacity(estimate)
        builder.strings.reserveCapacity(estimate)
        builder.children.reserveCapacity(estimate)
        return builder.build(base, bytes.count) ? YAMLTree(builder) : nil
      }
    #else
      return nil
    #endif
  }

  /// The arrays of a tree being composed.
  fileprivate struct Builder {
    var entries: [Entry] = []
    var strings: [String] = []
    var children: [Int32] = []
  }
}

#if canImport(CYaml)
  extension YAMLTree.Builder {
    typealias Entry = YAMLTree.Entry

    /// Runs libyaml over the bytes and fills the arrays; false to decline.
    mutating func build(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
      // libyaml's parser points at itself (its read handler's data), so it lives at a fixed
      // address on the heap, as does the current event.
      let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
      let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
      parser.initialize(to: yaml_parser_t())
      event.initialize(to: yaml_event_t())
      defer {
        yaml_event_delete(event)
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
      }
      guard yaml_parser_initialize(parser) == 1 else { return false }
      yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(parser, bytes, count)
      var reader = EventReader(parser: parser, event: event)
      // Stream start, then a document start or the end of an empty stream.
      guard reader.next(), event.pointee.type == YAML_STREAM_START_EVENT, reader.next() else { return false }
      if event.pointee.type == YAML_STREAM_END_EVENT { return true }
      guard event.pointee.type == YAML_DOCUMENT_START_EVENT, reader.next() else { return false }
      var pending: [Int32] = []  // children of the open collections, innermost last
      pending.reserveCapacity(64)
      guard node(&reader, &pending) != nil else { return false }
      // The document end, then the stream end (a second document is Yams' error to report).
      guard reader.next(), event.pointee.type == YAML_DOCUMENT_END_EVENT, reader.next(),
        event.pointee.type == YAML_STREAM_END_EVENT
      else { return false }
      return true
    }

    /// Steps through libyaml's events, deleting each before reading the next.
    private struct EventReader {
      let parser: UnsafeMutablePointer<yaml_parser_t>
      let event: UnsafeMutablePointer<yaml_event_t>
      var started = false

      mutating func next() -> Bool {
        if started { yaml_event_delete(event) }
        started = true
        return yaml_parser_parse(parser, event) == 1
      }
    }

    /// Adds the node that starts with the current event (and its children), returning its
    /// index, or nil to decline. On return the current event is the node's last event.
    private mutating func node(_ reader: inout EventReader, _ pending: inout [Int32]) -> Int32? {
      let event = reader.event
      let line = Int32(truncatingIfNeeded: event.pointee.start_mark.line + 1)
      let column = Int32(truncatingIfNeeded: event.pointee.start_mark.column + 1)
      switch event.pointee.type {
      case YAML_SCALAR_EVENT:
        let scalar = event.pointee.data.scalar
        guard scalar.anchor == nil, scalar.quoted_implicit == 1 || scalar.tag == nil else { return nil }
        let style = UInt8(truncatingIfNeeded: scalar.style.rawValue)
        guard style <= 5 else { return nil }
        let buffer = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
        let string: String
        if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
          // A leading byte-order mark: decode exactly as Yams does.
          // libyaml has checked the UTF-8, so the fallback is never used.
          string = String(bytes: buffer, encoding: .utf8) ?? String(decoding: buffer, as: UTF8.self)
        } else {
          string = String(decoding: buffer, as: UTF8.self)
        }
        strings.append(string)
        entries.append(
          Entry(kind: .scalar, style: style, line: line, column: column, first: Int32(strings.count - 1), count: 0))
        return Int32(entries.count - 1)
      case YAML_SEQUENCE_START_EVENT:
        let start = event.pointee.data.sequence_start
        guard start.anchor == nil, start.implicit != 0 || start.tag == nil else { return nil }
        let base = pending.count
        while true {
          guard reader.next() else { return nil }
          if event.pointee.type == YAML_SEQUENCE_END_EVENT { break }
          guard let child = node(&reader, &pending) else { return nil }
          pending.append(child)
        }
        return close(.sequence, line: line, column: column, pending: &pending, from: base, count: pending.count - base)
      case YAML_MAPPING_START_EVENT:
        let start = event.pointee.data.mapping_start
        guard start.anchor == nil, start.implicit != 0 || start.tag == nil else { return nil }
        let base = pending.count
        while true {
          guard reader.next() else { return nil }
          if event.pointee.type == YAML_MAPPING_END_EVENT { break }
          guard let key = node(&reader, &pending), entries[Int(key)].kind == .scalar else { return nil }
          // Duplicate keys are Yams' error to report (compared as Yams does: same text, and
          // every key here is tagged `str`). Large mappings are left to Yams as well.
          guard pending.count - base < 512 else { return nil }
          let keyText = strings[Int(entries[Int(key)].first)]
          var index = base
          while index < pending.count {
            if strings[Int(entries[Int(pending[index])].first)] == keyText { return nil }
            index += 2
          }
          guard reader.next(), let value = node(&reader, &pending) else { return nil }
          pending.append(key)
          pending.append(value)
        }
        return close(
          .mapping, line: line, column: column, pending: &pending, from: base, count: (pending.count - base) / 2)
      default:
        // Aliases (and anything unexpected): Yams composes the file.
        return nil
      }
    }

    private mutating func close(
      _ kind: YAMLNodeKind, line: Int32, column: Int32, pending: inout [Int32], from base: Int, count: Int
    ) -> Int32 {
      let first = Int32(children.count)
      children.append(contentsOf: pending[base...])
      pending.removeSubrange(base...)
      entries.append(Entry(kind: kind, style: 0, line: line, column: column, first: first, count: Int32(count)))
      return Int32(entries.count - 1)
    }
  }
#endif
