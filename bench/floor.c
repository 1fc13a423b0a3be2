/* The floor kpiflow cat is measured against: the least a libzip + expat
 * reader can do. Streams xl/worksheets/sheet1.xml through expat, counts
 * <c> elements and sums the numbers in <v>. No shared strings, no styles,
 * no output. With --inflate-only it only unpacks the part.
 *
 * usage: floor FILE.xlsx [--inflate-only]
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct state {
  long cells;
  double sum;
  int in_v;
  char value[128];
  size_t length;
};

static const char *local(const char *name) {
  const char *colon = strrchr(name, ':');
  return colon ? colon + 1 : name;
}

static void on_start(void *data, const char *name, const char **attrs) {
  struct state *s = data;
  const char *n = local(name);
  (void)attrs;
  if (n[0] == 'c' && n[1] == '\0') s->cells++;
  else if (n[0] == 'v' && n[1] == '\0') { s->in_v = 1; s->length = 0; }
}

static void on_end(void *data, const char *name) {
  struct state *s = data;
  const char *n = local(name);
  if (n[0] == 'v' && n[1] == '\0') {
    s->value[s->length] = '\0';
    s->sum += strtod(s->value, NULL);
    s->in_v = 0;
  }
}

static void on_text(void *data, const char *text, int length) {
  struct state *s = data;
  if (!s->in_v) return;
  if (s->length + (size_t)length >= sizeof s->value) length = (int)(sizeof s->value - 1 - s->length);
  memcpy(s->value + s->length, text, (size_t)length);
  s->length += (size_t)length;
}

int main(int argc, char **argv) {
  int error = 0;
  if (argc < 2) { fprintf(stderr, "usage: floor FILE.xlsx [--inflate-only]\n"); return 2; }
  int inflate_only = argc > 2 && strcmp(argv[2], "--inflate-only") == 0;
  zip_t *archive = zip_open(argv[1], ZIP_RDONLY, &error);
  if (!archive) { fprintf(stderr, "cannot open %s\n", argv[1]); return 2; }
  zip_file_t *file = zip_fopen(archive, "xl/worksheets/sheet1.xml", 0);
  if (!file) { fprintf(stderr, "no sheet1.xml\n"); return 2; }
  struct state s = {0};
  XML_Parser parser = XML_ParserCreate(NULL);
  XML_SetUserData(parser, &s);
  XML_SetElementHandler(parser, on_start, on_end);
  XML_SetCharacterDataHandler(parser, on_text);
  enum { CHUNK = 1 << 18 };
  long bytes = 0;
  for (;;) {
    void *buffer = XML_GetBuffer(parser, CHUNK);
    zip_int64_t n = zip_fread(file, buffer, CHUNK);
    if (n < 0) { fprintf(stderr, "read error\n"); return 2; }
    bytes += n;
    if (!inflate_only && XML_ParseBuffer(parser, (int)n, n == 0) != XML_STATUS_OK) {
      fprintf(stderr, "xml error: %s\n", XML_ErrorString(XML_GetErrorCode(parser)));
      return 2;
    }
    if (n == 0) break;
  }
  if (inflate_only) printf("inflated %ld bytes\n", bytes);
  else printf("cells %ld sum %.17g\n", s.cells, s.sum);
  XML_ParserFree(parser);
  zip_fclose(file);
  zip_discard(archive);
  return 0;
}
