import Foundation

/// Decoding the bytes of a text file the way every ItemBench reader does: UTF-8, a leading
/// byte-order mark (EF BB BF) skipped, and invalid UTF-8 or a NUL byte reported at the line and
/// column where it is (columns count Unicode scalars, like ``SourceLocation``). O(n).
public enum UTF8Text {
  /// Where and why the bytes are not text.
  public struct Problem: Error, Sendable, Hashable {
    public var message: String
    public var line: Int
    public var column: Int
  }

  /// The text of `data`, or the first problem.
  public static func decode(_ data: Data) -> Result<String, Problem> {
    data.withUnsafeBytes { raw -> Result<String, Problem> in
      let bytes = raw.bindMemory(to: UInt8.self)
      var start = 0
      if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
      let body = UnsafeBufferPointer(rebasing: bytes[start...])
      // Fast path: valid UTF-8 without NUL.
      if !body.contains(0), let text = validated(body) { return .success(text) }
      return .failure(locateProblem(body))
    }
  }

  private static func validated(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
      return String(validating: bytes, as: UTF8.self)
    }
    return String(data: Data(buffer: bytes), encoding: .utf8)
  }

  /// The first NUL or invalid sequence, with its 1-based line and column.
  static func locateProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> Problem {
    var line = 1
    var column = 1
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0 {
        return Problem(message: "NUL byte in the file; the file is not text", line: line, column: column)
      }
      let length: Int
      switch byte {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: length = 0
      }
      var valid = length > 0 && index + length <= bytes.count
      if valid && length > 1 {
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { valid = false }
        if valid {
          let second = bytes[index + 1]
          if byte == 0xE0 && second < 0xA0 { valid = false }  // overlong
          if byte == 0xED && second > 0x9F { valid = false }  // surrogate
          if byte == 0xF0 && second < 0x90 { valid = false }  // overlong
          if byte == 0xF4 && second > 0x8F { valid = false }  // above U+10FFFF
        }
      }
      if !valid {
        let hex = String(byte, radix: 16, uppercase: true)
        return Problem(
          message: "invalid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex)); save the file as UTF-8 text",
          line: line, column: column)
      }
      if byte == 0x0A {
        line += 1
        column = 1
      } else {
        column += 1
      }
      index += length
    }
    return Problem(message: "the file is not valid UTF-8 text", line: line, column: column)
  }
}
