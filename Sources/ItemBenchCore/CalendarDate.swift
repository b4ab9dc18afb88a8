/// ISO 8601 calendar dates `YYYY-MM-DD` (years 1000–9999, proleptic Gregorian calendar), as
/// parameter files, tables and the project file carry them.
public enum CalendarDate {
  /// Why `text` is not a real calendar date in `YYYY-MM-DD` form, or nil. `2026-02-30`,
  /// `2026-13-01` and `2025-02-29` are rejected; `2024-02-29` is accepted.
  public static func problem(_ text: String) -> String? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else {
      return "expected a date as YYYY-MM-DD (for example 2026-11-01), found '\(text.prefix(40))'"
    }
    guard year >= 1000 else { return "the year of '\(text)' must be from 1000 to 9999" }
    guard (1...12).contains(month) else { return "'\(text)' is not a date: month \(month) (months are 01 to 12)" }
    let days = daysInMonth(month, year: year)
    guard (1...days).contains(day) else {
      return "'\(text)' is not a date: \(year)-\(parts[1]) has \(days) days"
    }
    return nil
  }

  /// Days in `month` (1–12) of `year`, leap years by the Gregorian rule.
  public static func daysInMonth(_ month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}
