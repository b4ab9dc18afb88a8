import Foundation

/// Turns a ``DataTable`` into the bytes of one file format.
///
/// This is an extension point: the built-in CSV, JSON and Markdown exporters conform to it, and
/// another package can register its own with ``ExporterRegistry/register(_:)``; the CLI's
/// `--format` options accept every registered ``formatName``.
public protocol TableExporter: Sendable {
  /// The name users pass to `--format` (lower case, for example `csv`).
  var formatName: String { get }
  /// The file extension without a dot (for example `csv`).
  var fileExtension: String { get }
  /// The file contents. Must be deterministic: the same table gives the same text.
  func export(_ table: DataTable) throws -> String
}

/// The exporters known to this process, built-in ones first.
public final class ExporterRegistry: @unchecked Sendable {
  /// The process-wide registry the CLI reads.
  public static let shared = ExporterRegistry()

  private let table = Registry<any TableExporter>()

  public init(builtIns: Bool = true) {
    if builtIns {
      for exporter in [CSVExporter(), JSONExporter(), MarkdownExporter()] as [any TableExporter] {
        register(exporter)
      }
    }
  }

  /// Adds `exporter`, replacing (in place) any registered under the same
  /// ``TableExporter/formatName``.
  public func register(_ exporter: any TableExporter) { table.register(exporter, as: exporter.formatName) }

  /// The exporter for `formatName`, if registered.
  public func exporter(named formatName: String) -> (any TableExporter)? { table.entry(named: formatName) }

  /// Registered format names, in registration order.
  public var formatNames: [String] { table.names }
}

/// RFC 4180 CSV: metadata as leading `# key: value` comment lines, then a header row and one
/// line per row, `\n` line endings, fields quoted only when they contain `,`, `"` or a newline.
public struct CSVExporter: TableExporter {
  public var includeMetadata: Bool
  public init(includeMetadata: Bool = true) { self.includeMetadata = includeMetadata }
  public var formatName: String { "csv" }
  public var fileExtension: String { "csv" }

  public func export(_ table: DataTable) throws -> String {
    var text = ""
    if includeMetadata {
      for (key, value) in table.metadata { text += "# \(key): \(value)\n" }
    }
    text += table.columns.map(Self.field).joined(separator: ",") + "\n"
    for row in table.rows {
      text += row.map { Self.field($0.plainText) }.joined(separator: ",") + "\n"
    }
    return text
  }

  /// A CSV field, quoted if needed.
  public static func field(_ value: String) -> String {
    guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return value
    }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

/// JSON: `{"name": …, "metadata": {…}, "columns": […], "rows": [{column: value, …}, …]}`.
public struct JSONExporter: TableExporter {
  public init() {}
  public var formatName: String { "json" }
  public var fileExtension: String { "json" }

  public func export(_ table: DataTable) throws -> String {
    let rows: [JSONValue] = table.rows.map { row in
      .object(zip(table.columns, row).map { ($0, $1.json) })
    }
    let document: JSONValue = .object([
      ("name", .string(table.name)),
      ("metadata", .object(table.metadata.map { ($0.key, .string($0.value)) })),
      ("columns", .array(table.columns.map { .string($0) })),
      ("rows", .array(rows)),
    ])
    return document.rendered(pretty: true) + "\n"
  }
}

/// GitHub-flavoured Markdown: a heading, the metadata as a bullet list, then a pipe table.
public struct MarkdownExporter: TableExporter {
  public init() {}
  public var formatName: String { "markdown" }
  public var fileExtension: String { "md" }

  public func export(_ table: DataTable) throws -> String {
    var text = "# \(table.name)\n\n"
    for (key, value) in table.metadata { text += "- **\(key)**: \(Self.escape(value))\n" }
    if !table.metadata.isEmpty { text += "\n" }
    let body = table.rows.map { row in row.map(\.plainText) }
    text += MarkdownTable(header: table.columns, alignments: table.columns.map { _ in .right }, rows: body).rendered()
    return text
  }

  private static func escape(_ value: String) -> String { MarkdownTable.escape(value) }
}
