#include "support/package_builder.hpp"

#include <zip.h>

#include <stdexcept>

namespace kpiflow::test {

std::string zip_bytes(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (target == nullptr) throw std::runtime_error("zip_source_buffer_create");
  zip_t* archive = zip_open_from_source(target, ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("zip_open_from_source");
  zip_source_keep(target);
  for (const auto& [name, content] : parts) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (source == nullptr || zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0)
      throw std::runtime_error("zip_file_add " + name);
  }
  if (zip_close(archive) != 0) throw std::runtime_error("zip_close");
  zip_stat_t stat;
  if (zip_source_stat(target, &stat) != 0 || zip_source_open(target) != 0) throw std::runtime_error("zip_source_open");
  std::string bytes(static_cast<std::size_t>(stat.size), '\0');
  zip_int64_t n = zip_source_read(target, bytes.data(), bytes.size());
  zip_source_close(target);
  zip_source_free(target);
  if (n < 0) throw std::runtime_error("zip_source_read");
  bytes.resize(static_cast<std::size_t>(n));
  return bytes;
}

std::string workbook_bytes(const WorkbookParts& p) {
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  std::map<std::string, std::string> parts;
  parts["[Content_Types].xml"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
      "</Types>";
  parts["_rels/.rels"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"" + rel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
  parts["xl/workbook.xml"] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rel +
                             "\"><workbookPr " + p.workbook_pr + "/><sheets><sheet name=\"" + p.sheet_name +
                             "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  std::string rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                     "<Relationship Id=\"rId1\" Type=\"" + rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>";
  if (!p.shared_strings.empty()) {
    rels += "<Relationship Id=\"rId2\" Type=\"" + rel + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
    std::string sst = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"" + ns + "\">";
    for (const auto& si : p.shared_strings) sst += "<si>" + si + "</si>";
    parts["xl/sharedStrings.xml"] = sst + "</sst>";
  }
  if (!p.styles_body.empty()) {
    rels += "<Relationship Id=\"rId3\" Type=\"" + rel + "/styles\" Target=\"styles.xml\"/>";
    parts["xl/styles.xml"] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"" + ns + "\">" + p.styles_body + "</styleSheet>";
  }
  parts["xl/_rels/workbook.xml.rels"] = rels + "</Relationships>";
  parts["xl/worksheets/sheet1.xml"] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + ns + "\" xmlns:r=\"" +
                                      rel + "\"><sheetData>" + p.sheet_data + "</sheetData>" + p.after_sheet_data +
                                      "</worksheet>";
  for (const auto& [name, content] : p.replace) parts[name] = content;
  std::vector<std::pair<std::string, std::string>> ordered(parts.begin(), parts.end());
  return zip_bytes(ordered);
}

std::string styles_with_formats(const std::vector<std::string>& codes) {
  std::string num_fmts = "<numFmts count=\"" + std::to_string(codes.size()) + "\">";
  std::string xfs = "<cellXfs count=\"" + std::to_string(codes.size() + 1) + "\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\"/>";
  for (std::size_t i = 0; i < codes.size(); ++i) {
    std::string code;
    for (char c : codes[i]) {
      if (c == '"') code += "&quot;";
      else if (c == '&') code += "&amp;";
      else if (c == '<') code += "&lt;";
      else code += c;
    }
    num_fmts += "<numFmt numFmtId=\"" + std::to_string(164 + i) + "\" formatCode=\"" + code + "\"/>";
    xfs += "<xf numFmtId=\"" + std::to_string(164 + i) + "\" fontId=\"0\" fillId=\"0\"/>";
  }
  return num_fmts + "</numFmts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>" +
         xfs + "</cellXfs>";
}

}  // namespace kpiflow::test
