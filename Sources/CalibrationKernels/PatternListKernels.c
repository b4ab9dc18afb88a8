/* The byte loops of building the pattern lists (ResponsePatterns): counting a row's correct and
 * incorrect answers (vectorised byte compares) and listing the positions holding one value
 * branch-free. Integer work only. */
#include "CalibrationKernels.h"
#include "KernelSupport.h"

CAL_INLINE void cal_count_answers_body(
    const uint8_t *row, ptrdiff_t width, int32_t *correct, int32_t *incorrect) {
  int32_t ones = 0;
  int32_t zeros = 0;
  for (ptrdiff_t position = 0; position < width; position++) {
    ones += row[position] == 1;
    zeros += row[position] == 0;
  }
  *correct = ones;
  *incorrect = zeros;
}

CAL_DISPATCH(
    cal_count_answers, (const uint8_t *row, ptrdiff_t width, int32_t *correct, int32_t *incorrect),
    (row, width, correct, incorrect))

CAL_INLINE ptrdiff_t listPositions(const uint8_t *row, ptrdiff_t width, uint8_t wanted, uint16_t *out) {
  ptrdiff_t end = 0;
  for (ptrdiff_t position = 0; position < width; position++) {
    out[end] = (uint16_t)position;
    end += row[position] == wanted;
  }
  return end;
}

ptrdiff_t cal_list_positions(const uint8_t *row, ptrdiff_t width, uint8_t wanted, uint16_t *out) {
  return listPositions(row, width, wanted, out);
}
