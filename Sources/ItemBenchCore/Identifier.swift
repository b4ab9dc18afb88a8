/// The rule for the ids of items, forms, blueprints and domains.
///
/// An id is 1 to ``maximumLength`` characters from `A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_` and `.`,
/// starts with a letter or digit and never contains `..`. So an id can never be empty, carry path
/// syntax (`/`, `\`, `..`), or hide control, bidirectional or invisible characters, and it is
/// always safe as one component of a file name (``OutputFolder`` relies on that). ASCII only:
/// look-alike letters from other scripts would make two different ids print the same.
///
/// Checking is O(length).
public enum Identifier {
  /// The longest id accepted, in characters.
  public static let maximumLength = 64

  /// The rule in words, for error messages and documentation.
  public static let rule =
    "1 to 64 characters from A-Z, a-z, 0-9, '-', '_' and '.', starting with a letter or digit, without '..'"

  /// Why `id` is not a valid id, or nil when it is.
  public static func problem(_ id: String) -> String? {
    if id.isEmpty { return "the id is empty; ids are \(rule)" }
    let scalars = id.unicodeScalars
    if let bad = scalars.first(where: { !isAllowed($0) }) {
      let what: String
      switch bad {
      case "/", "\\": what = "path syntax ('\(bad)')"
      case " ": what = "a space"
      default:
        if bad.value < 0x20 || bad.value == 0x7F || (0x80...0x9F).contains(bad.value) {
          what = "a control character (\(scalarName(bad)))"
        } else if isBidirectionalControl(bad) {
          what = "a bidirectional control character (\(scalarName(bad)))"
        } else if isInvisible(bad) {
          what = "an invisible character (\(scalarName(bad)))"
        } else if bad.isASCII {
          what = "the character '\(bad)'"
        } else {
          what = "the non-ASCII character \(scalarName(bad))"
        }
      }
      return "the id \(quoted(id)) contains \(what); ids are \(rule)"
    }
    if scalars.count > maximumLength {
      return "the id \(quoted(id)) is \(scalars.count) characters long; ids are \(rule)"
    }
    if let first = scalars.first, !isAlphanumeric(first) {
      return "the id \(quoted(id)) starts with '\(first)'; ids are \(rule)"
    }
    if id.contains("..") { return "the id \(quoted(id)) contains '..' (path syntax); ids are \(rule)" }
    return nil
  }

  /// Whether `id` follows the rule.
  public static func isValid(_ id: String) -> Bool { problem(id) == nil }

  /// `id` in single quotes with every scalar outside printable ASCII written as `\u{XXXX}`, so a
  /// message shows exactly what the file holds (a right-to-left override cannot reorder it).
  public static func quoted(_ id: String) -> String {
    var text = "'"
    for scalar in id.unicodeScalars.prefix(80) {
      if scalar.value >= 0x20 && scalar.value < 0x7F {
        text.unicodeScalars.append(scalar)
      } else {
        text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      }
    }
    if id.unicodeScalars.count > 80 { text += "…" }
    return text + "'"
  }

  private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
    default: return false
    }
  }

  private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    isAlphanumeric(scalar) || scalar == "-" || scalar == "_" || scalar == "."
  }

  private static func scalarName(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069.
  static func isBidirectionalControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }

  /// Format and zero-width characters (general category Cf) and other invisible spaces.
  static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.properties.generalCategory == .format { return true }
    switch scalar.value {
    case 0x00A0, 0x115F, 0x1160, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x3164,
      0xFEFF:
      return true
    default: return false
    }
  }
}
