/* The least libxlsxwriter does to write a workbook of the consolidated
 * workbook's shape: a Data sheet of ROWS x 21 cells and SHEETS sheets of
 * 300 x 12, half numbers (a percentage format on the Data sheet), half
 * strings from a few thousand distinct ones. No store, no rules, no layout:
 * what export cannot go below with this library (issue 12).
 *
 * usage: write_floor OUT.xlsx ROWS SHEETS     (kpiflow's x1 council: 12000 40)
 */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: write_floor OUT.xlsx ROWS SHEETS\n");
    return 2;
  }
  int rows = atoi(argv[2]), sheets = atoi(argv[3]);
  long cells = 0;
  char text[64];
  lxw_workbook* wb = workbook_new(argv[1]);
  lxw_format* percent = workbook_add_format(wb);
  format_set_num_format(percent, "0.0%");
  lxw_worksheet* data = workbook_add_worksheet(wb, "Data");
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < 21; c++, cells++) {
      if (c % 2) {
        worksheet_write_number(data, (lxw_row_t)r, (lxw_col_t)c, r * 0.37 + c, percent);
      } else {
        snprintf(text, sizeof text, "text %d", (r * 7 + c) % 3000);
        worksheet_write_string(data, (lxw_row_t)r, (lxw_col_t)c, text, NULL);
      }
    }
  for (int s = 0; s < sheets; s++) {
    snprintf(text, sizeof text, "Service %d", s);
    lxw_worksheet* sheet = workbook_add_worksheet(wb, text);
    for (int r = 0; r < 300; r++)
      for (int c = 0; c < 12; c++, cells++) {
        if (c % 2) {
          worksheet_write_number(sheet, (lxw_row_t)r, (lxw_col_t)c, r * 1.5, NULL);
        } else {
          snprintf(text, sizeof text, "commentary %d", (r * 13 + c) % 5000);
          worksheet_write_string(sheet, (lxw_row_t)r, (lxw_col_t)c, text, NULL);
        }
      }
  }
  lxw_error error = workbook_close(wb);
  printf("%ld cells\n", cells);
  return error == LXW_NO_ERROR ? 0 : 1;
}
