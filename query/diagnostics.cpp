// Error rendering against the source text (diagnostics.hpp).
#include "query/diagnostics.hpp"

#include <algorithm>

namespace caspian::query {

LineColumn line_column(std::string_view source, std::size_t offset) noexcept {
    LineColumn lc;
    offset = std::min(offset, source.size());
    for (std::size_t i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(source[i]);
        if (c == '\n') {
            ++lc.line;
            lc.column = 1;
        } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
            ++lc.column;
        }
    }
    return lc;
}

namespace {

// Bytes of the source line quoted before and after the caret.
constexpr std::size_t max_quoted_before = 80;
constexpr std::size_t max_quoted_after = 80;

// The start of the UTF-8 character at or before i, so a window never splits one.
std::size_t utf8_start(std::string_view source, std::size_t i) {
    while (i > 0 && i < source.size() && (static_cast<unsigned char>(source[i]) & 0xC0) == 0x80)
        --i;
    return i;
}

}  // namespace

std::string render_error(const Error& error, std::string_view source,
                         std::string_view source_name) {
    // The openCypher class and detail when they say more than the kind: not for a detail-less
    // error, nor for UnexpectedSyntax, which is all "syntax error" says already.
    std::string label = std::string(to_string(error.kind())) + " error";
    if (!error.detail().empty() && error.detail() != "UnexpectedSyntax") {
        label.append(" (").append(to_string(error.error_class())).append(".");
        label.append(error.detail()).append(")");
    }
    return render_diagnostic(label, error.what(), error.where(), source, source_name);
}

std::string render_diagnostic(std::string_view label, std::string_view message,
                              std::optional<SourceSpan> where, std::string_view source,
                              std::string_view source_name) {
    std::string out(source_name);
    if (where) {
        const LineColumn lc = line_column(source, where->offset);
        out += ':' + std::to_string(lc.line) + ':' + std::to_string(lc.column);
    }
    out += std::string(": ").append(label).append(": ").append(message);
    if (!where) return out;

    const std::size_t offset = std::min(where->offset, source.size());
    std::size_t begin = 0;
    if (offset > 0) {
        const std::size_t newline = source.rfind('\n', offset - 1);
        if (newline != std::string_view::npos) begin = newline + 1;
    }
    std::size_t end = source.find('\n', begin);
    if (end == std::string_view::npos) end = source.size();
    if (end > begin && source[end - 1] == '\r') --end;
    // A generated statement may be one line of megabytes: quote a window around the caret.
    const bool cut_before = offset > begin + max_quoted_before;
    const bool cut_after = end > offset + max_quoted_after;
    if (cut_before) begin = utf8_start(source, offset - max_quoted_before);
    if (cut_after) end = utf8_start(source, offset + max_quoted_after);
    const std::string_view line = source.substr(begin, end - begin);
    out += "\n  ";
    if (cut_before) out += "...";
    out += line;
    if (cut_after) out += "...";
    out += "\n  ";
    if (cut_before) out += "   ";
    for (std::size_t i = begin; i < offset && i < begin + line.size(); ++i) {
        const auto c = static_cast<unsigned char>(source[i]);
        if (c == '\t') {
            out += '\t';
        } else if ((c & 0xC0) != 0x80) {
            out += ' ';
        }
    }
    out += '^';
    return out;
}

}  // namespace caspian::query
