#include "reader/styles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "reader/xml.hpp"
#include "model/text.hpp"

namespace kpiflow::reader {

std::string_view builtin_format(unsigned id) {
  switch (id) {
    case 0: return "General";
    case 1: return "0";
    case 2: return "0.00";
    case 3: return "#,##0";
    case 4: return "#,##0.00";
    case 5: return "\"$\"#,##0_);(\"$\"#,##0)";
    case 6: return "\"$\"#,##0_);[Red](\"$\"#,##0)";
    case 7: return "\"$\"#,##0.00_);(\"$\"#,##0.00)";
    case 8: return "\"$\"#,##0.00_);[Red](\"$\"#,##0.00)";
    case 9: return "0%";
    case 10: return "0.00%";
    case 11: return "0.00E+00";
    case 12: return "# ?/?";
    case 13: return "# ?\?/??";
    case 14: return "mm-dd-yy";
    case 15: return "d-mmm-yy";
    case 16: return "d-mmm";
    case 17: return "mmm-yy";
    case 18: return "h:mm AM/PM";
    case 19: return "h:mm:ss AM/PM";
    case 20: return "h:mm";
    case 21: return "h:mm:ss";
    case 22: return "m/d/yy h:mm";
    case 37: return "#,##0 ;(#,##0)";
    case 38: return "#,##0 ;[Red](#,##0)";
    case 39: return "#,##0.00;(#,##0.00)";
    case 40: return "#,##0.00;[Red](#,##0.00)";
    case 41: return "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)";
    case 42: return "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)";
    case 43: return "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)";
    case 44: return "_(\"$\"* #,##0.00_)_(\"$\"* \\(#,##0.00\\)_(\"$\"* \"-\"??_)_(@_)";
    case 45: return "mm:ss";
    case 46: return "[h]:mm:ss";
    case 47: return "mmss.0";
    case 48: return "##0.0E+0";
    case 49: return "@";
    default: return {};
  }
}

namespace {

// Ids 27-36 and 50-58 are East Asian date formats whose code depends on the
// locale Excel runs in; they are dates whatever the code.
bool is_locale_date_id(unsigned id) { return (id >= 27 && id <= 36) || (id >= 50 && id <= 58); }

bool starts_with_nocase(std::string_view text, std::size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (ascii_lower(text[at + i]) != ascii_lower(word[i])) return false;
  return true;
}

}  // namespace

FormatKind classify_format(std::string_view code) {
  bool date = false, time = false, month_or_minute = false, duration = false;
  bool percent = false, currency = false, text = false, digits = false, general = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') {  // literal text
      std::size_t close = code.find('"', i + 1);
      std::string_view literal = code.substr(i + 1, close == std::string_view::npos ? std::string_view::npos
                                                                                    : close - i - 1);
      if (literal.find_first_of("$") != std::string_view::npos || literal.find("\xC2\xA3") != std::string_view::npos ||
          literal.find("\xE2\x82\xAC") != std::string_view::npos)
        currency = true;
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {  // escaped character, padding, fill
      if (c == '\\' && i + 1 < code.size() && (code[i + 1] == '$')) currency = true;
      ++i;
      continue;
    }
    if (c == '[') {
      std::size_t close = code.find(']', i + 1);
      std::string_view inside = code.substr(i + 1, close == std::string_view::npos ? std::string_view::npos
                                                                                   : close - i - 1);
      std::string low = ascii_lower(inside);
      if (!low.empty() && low.find_first_not_of("hms") == std::string::npos) duration = true;
      // [$£-809] names a currency; [$-409] and [$-F800] only a locale.
      if (low.size() > 1 && low[0] == '$' && low[1] != '-') currency = true;
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (starts_with_nocase(code, i, "general")) {
      general = true;
      i += 6;
      continue;
    }
    if (starts_with_nocase(code, i, "am/pm")) {
      time = true;
      i += 4;
      continue;
    }
    if (starts_with_nocase(code, i, "a/p")) {
      time = true;
      i += 2;
      continue;
    }
    switch (ascii_lower(c)) {
      case 'y': case 'd': date = true; break;
      case 'h': case 's': time = true; break;
      case 'm': month_or_minute = true; break;
      case '%': percent = true; break;
      case '$': currency = true; break;
      case '@': text = true; break;
      case '0': case '#': case '?': digits = true; break;
      case 'e':
        // 0.00E+00 is scientific; a bare e is the year of an era.
        if (!(i + 1 < code.size() && (code[i + 1] == '+' || code[i + 1] == '-'))) date = true;
        break;
      default:
        if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < code.size() &&
            static_cast<unsigned char>(code[i + 1]) == 0xA3)
          currency = true;  // £
        if (static_cast<unsigned char>(c) == 0xE2 && code.substr(i, 3) == "\xE2\x82\xAC") currency = true;  // €
        break;
    }
  }
  if (duration) return FormatKind::duration;
  if (month_or_minute && !time) date = true;
  if (date && time) return FormatKind::datetime;
  if (date) return FormatKind::date;
  if (time) return FormatKind::time;
  if (percent) return FormatKind::percent;
  if (currency) return FormatKind::currency;
  if (text && !digits) return FormatKind::text;
  if (digits) return FormatKind::number;
  (void)general;
  return FormatKind::general;
}

namespace {

// The legacy 64-colour palette (indexed="N").
constexpr const char* default_palette[64] = {
    "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF", "000000", "FFFFFF", "FF0000",
    "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF", "800000", "008000", "000080", "808000", "800080", "008080",
    "C0C0C0", "808080", "9999FF", "993366", "FFFFCC", "CCFFFF", "660066", "FF8080", "0066CC", "CCCCFF", "000080",
    "FF00FF", "FFFF00", "00FFFF", "800080", "800000", "008080", "0000FF", "00CCFF", "CCFFFF", "CCFFCC", "FFFF99",
    "99CCFF", "FF99CC", "CC99FF", "FFCC99", "3366FF", "33CCCC", "99CC00", "FFCC00", "FF9900", "FF6600", "666699",
    "969696", "003366", "339966", "003300", "333300", "993300", "993366", "333399", "333333"};

std::string upper_rgb(std::string_view hex) {
  if (hex.size() == 8) hex.remove_prefix(2);  // ARGB: the alpha is not a colour
  if (hex.size() != 6) return {};
  std::string out;
  for (char c : hex) {
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return {};
    out += c;
  }
  return out;
}

template <typename T>
std::optional<T> number_attr(const char** attrs, std::string_view name) {
  const char* value = attribute(attrs, name);
  if (value == nullptr) return std::nullopt;
  std::string_view text(value);
  T out{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return out;
}

// Colour scheme of xl/theme/theme1.xml in its document order:
// dk1 lt1 dk2 lt2 accent1..6 hlink folHlink.
class ThemeHandler : public XmlHandler {
 public:
  std::vector<std::string> scheme;
  void start(std::string_view name, const char** attrs) override {
    if (name == "clrScheme") {
      in_scheme_ = true;
    } else if (in_scheme_ && depth_ == 0) {
      ++depth_;
      scheme.emplace_back();
    } else if (in_scheme_ && depth_ > 0) {
      ++depth_;
      if (name == "srgbClr") {
        if (const char* v = attribute(attrs, "val")) scheme.back() = upper_rgb(v);
      } else if (name == "sysClr") {
        if (const char* v = attribute(attrs, "lastClr")) scheme.back() = upper_rgb(v);
      }
    }
  }
  void end(std::string_view name) override {
    if (name == "clrScheme") in_scheme_ = false;
    else if (in_scheme_ && depth_ > 0) --depth_;
  }

 private:
  bool in_scheme_ = false;
  int depth_ = 0;
};

struct Fill {
  std::string rgb;
};

class StylesHandler : public XmlHandler {
 public:
  explicit StylesHandler(const std::vector<std::string>& theme) : theme_(theme) {
    for (const char* c : default_palette) palette_.emplace_back(c);
  }

  std::map<unsigned, std::string> custom_formats;
  std::vector<Fill> fills;
  struct Xf {
    unsigned num_fmt = 0;
    unsigned fill = 0;
  };
  std::vector<Xf> xfs;

  void start(std::string_view name, const char** attrs) override {
    if (name == "numFmts") {
      in_num_fmts_ = true;
    } else if (in_num_fmts_ && name == "numFmt") {
      auto id = number_attr<unsigned>(attrs, "numFmtId");
      const char* code = attribute(attrs, "formatCode");
      if (id && code) custom_formats[*id] = code;
    } else if (name == "fills") {
      in_fills_ = true;
    } else if (in_fills_ && name == "fill") {
      fills.emplace_back();
      pattern_ = "none";
      fg_.clear();
    } else if (in_fills_ && name == "patternFill") {
      const char* type = attribute(attrs, "patternType");
      pattern_ = type ? type : "none";
    } else if (in_fills_ && name == "fgColor") {
      fg_ = colour(attrs);
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (in_cell_xfs_ && name == "xf") {
      xfs.push_back(Xf{number_attr<unsigned>(attrs, "numFmtId").value_or(0),
                       number_attr<unsigned>(attrs, "fillId").value_or(0)});
    } else if (name == "indexedColors") {
      palette_.clear();
      in_indexed_ = true;
    } else if (in_indexed_ && name == "rgbColor") {
      const char* rgb = attribute(attrs, "rgb");
      palette_.push_back(rgb ? upper_rgb(rgb) : std::string());
    }
  }

  void end(std::string_view name) override {
    if (name == "numFmts") {
      in_num_fmts_ = false;
    } else if (name == "fills") {
      in_fills_ = false;
    } else if (in_fills_ && name == "fill") {
      if (pattern_ != "none") fills.back().rgb = fg_;
    } else if (name == "cellXfs") {
      in_cell_xfs_ = false;
    } else if (name == "indexedColors") {
      in_indexed_ = false;
      if (palette_.size() < 64)
        for (std::size_t i = palette_.size(); i < 64; ++i) palette_.emplace_back(default_palette[i]);
    }
  }

 private:
  std::string colour(const char** attrs) {
    if (const char* a = attribute(attrs, "auto"); a && (std::string_view(a) == "1" || std::string_view(a) == "true"))
      return {};
    std::string rgb;
    if (const char* v = attribute(attrs, "rgb")) {
      rgb = upper_rgb(v);
    } else if (auto theme = number_attr<unsigned>(attrs, "theme")) {
      // Styles number the theme's colours with the first two pairs swapped:
      // 0 = lt1 (background), 1 = dk1 (text), 2 = lt2, 3 = dk2.
      static constexpr unsigned swap[4] = {1, 0, 3, 2};
      unsigned at = *theme < 4 ? swap[*theme] : *theme;
      if (at < theme_.size()) rgb = theme_[at];
    } else if (auto index = number_attr<unsigned>(attrs, "indexed")) {
      if (*index < palette_.size()) rgb = palette_[*index];
    }
    if (rgb.empty()) return rgb;
    if (auto tint = number_attr<double>(attrs, "tint"); tint && *tint != 0) rgb = apply_tint(rgb, *tint);
    return rgb;
  }

  const std::vector<std::string>& theme_;
  std::vector<std::string> palette_;
  bool in_num_fmts_ = false, in_fills_ = false, in_cell_xfs_ = false, in_indexed_ = false;
  std::string pattern_, fg_;
};

Styles build(const StylesHandler& h) {
  Styles styles;
  styles.formats.reserve(h.xfs.size());
  for (const auto& xf : h.xfs) {
    CellFormat format;
    if (auto it = h.custom_formats.find(xf.num_fmt); it != h.custom_formats.end()) {
      format.code = it->second;
    } else {
      format.code = std::string(builtin_format(xf.num_fmt));
    }
    format.kind = classify_format(format.code);
    if (is_locale_date_id(xf.num_fmt) && h.custom_formats.find(xf.num_fmt) == h.custom_formats.end())
      format.kind = FormatKind::date;
    if (format.code == "General") format.code.clear();
    if (xf.fill < h.fills.size()) format.fill = h.fills[xf.fill].rgb;
    styles.formats.push_back(std::move(format));
  }
  return styles;
}

}  // namespace

std::string apply_tint(std::string_view rgb, double tint) {
  auto channel = [&](std::size_t at) {
    unsigned v = 0;
    std::from_chars(rgb.data() + at, rgb.data() + at + 2, v, 16);
    return v / 255.0;
  };
  double r = channel(0), g = channel(2), b = channel(4);
  double hi = std::max({r, g, b}), lo = std::min({r, g, b});
  double l = (hi + lo) / 2, h = 0, s = 0;
  if (hi != lo) {
    double d = hi - lo;
    s = l > 0.5 ? d / (2 - hi - lo) : d / (hi + lo);
    if (hi == r) h = (g - b) / d + (g < b ? 6 : 0);
    else if (hi == g) h = (b - r) / d + 2;
    else h = (r - g) / d + 4;
    h /= 6;
  }
  l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  auto hue = [](double p, double q, double t) {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1.0 / 6) return p + (q - p) * 6 * t;
    if (t < 0.5) return q;
    if (t < 2.0 / 3) return p + (q - p) * (2.0 / 3 - t) * 6;
    return p;
  };
  if (s == 0) {
    r = g = b = l;
  } else {
    double q = l < 0.5 ? l * (1 + s) : l + s - l * s;
    double p = 2 * l - q;
    r = hue(p, q, h + 1.0 / 3);
    g = hue(p, q, h);
    b = hue(p, q, h - 1.0 / 3);
  }
  auto byte = [](double v) { return static_cast<unsigned>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
  return fmt::format("{:02X}{:02X}{:02X}", byte(r), byte(g), byte(b));
}

Styles parse_styles(const Package& package, std::optional<std::size_t> styles_part,
                    std::optional<std::size_t> theme_part) {
  ThemeHandler theme;
  if (theme_part) parse_part(package, *theme_part, theme);
  StylesHandler handler(theme.scheme);
  if (styles_part) parse_part(package, *styles_part, handler);
  return build(handler);
}

Styles parse_styles_text(std::string_view styles_xml, std::string_view theme_xml, const Location& where) {
  ThemeHandler theme;
  if (!theme_xml.empty()) parse_text(theme_xml, where.in_part("xl/theme/theme1.xml"), theme);
  StylesHandler handler(theme.scheme);
  parse_text(styles_xml, where.in_part("xl/styles.xml"), handler);
  return build(handler);
}

}  // namespace kpiflow::reader
