// Gherkin subset of the openCypher TCK: Feature, Background, Scenario, Scenario Outline with
// Examples, tags, steps with a docstring or a table, comments. No i18n keywords, no Rule.
#include "feature_parser.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <utility>

namespace caspian::tck {

namespace {

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(start, end - start));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

// A table row "| a | b\|c |": cells trimmed, \| \\ \n unescaped as Gherkin does.
std::vector<std::string> parse_row(std::string_view row, const std::string& path,
                                   std::size_t line) {
    std::vector<std::string> cells;
    if (row == "|") return cells;  // the table of a procedure with no arguments and no fields
    std::string cell;
    bool closed = false;
    for (std::size_t i = 1; i < row.size(); ++i) {
        const char c = row[i];
        closed = false;
        if (c == '\\' && i + 1 < row.size()) {
            const char n = row[++i];
            if (n == '|') {
                cell += '|';
            } else if (n == '\\') {
                cell += '\\';
            } else if (n == 'n') {
                cell += '\n';
            } else {
                cell += '\\';
                cell += n;
            }
        } else if (c == '|') {
            cells.emplace_back(trim(cell));
            cell.clear();
            closed = true;
        } else {
            cell += c;
        }
    }
    if (!closed) throw ParseError(path, line, "table row does not end with '|'");
    return cells;
}

std::vector<std::string> parse_tags(std::string_view line) {
    std::vector<std::string> tags;
    std::istringstream in{std::string(line)};
    std::string word;
    while (in >> word) {
        if (word.front() == '#') break;
        tags.push_back(word);
    }
    return tags;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
}

struct Examples {
    std::vector<std::string> tags;
    Table table;  // header first
    std::size_t line = 0;
};

struct RawScenario {
    std::string name;
    std::size_t line = 0;
    bool outline = false;
    std::vector<std::string> tags;
    std::vector<Step> steps;
    std::vector<Examples> examples;
};

// Where the next table row or docstring belongs.
enum class Block { None, Header, Step, Examples };

bool take_prefix(std::string_view& s, std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    return true;
}

}  // namespace

std::string Scenario::id() const {
    std::string out = feature_path + ": " + name;
    if (example) out += " (example " + std::to_string(*example) + ")";
    return out;
}

std::string Scenario::folder() const {
    const auto slash = feature_path.rfind('/');
    return slash == std::string::npos ? std::string(".") : feature_path.substr(0, slash);
}

bool Scenario::has_tag(std::string_view tag) const {
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

void classify_step(Step& step) {
    static const std::regex error_re(
        R"(an? (\w+) should be raised at (compile time|runtime|any time): (\S+))");
    std::string_view text = trim(step.text);
    step.kind = StepKind::Unknown;
    if (text == "an empty graph") {
        step.kind = StepKind::EmptyGraph;
    } else if (text == "any graph") {
        step.kind = StepKind::AnyGraph;
    } else if (text == "having executed:") {
        step.kind = StepKind::HavingExecuted;
    } else if (text == "parameters are:") {
        step.kind = StepKind::Parameters;
    } else if (text.starts_with("there exists a procedure ") && text.ends_with(":")) {
        step.kind = StepKind::Procedure;
    } else if (text == "executing query:") {
        step.kind = StepKind::ExecutingQuery;
    } else if (text == "executing control query:") {
        step.kind = StepKind::ExecutingControlQuery;
    } else if (text == "the result should be empty") {
        step.kind = StepKind::ResultEmpty;
    } else if (text == "the side effects should be:") {
        step.kind = StepKind::SideEffects;
    } else if (text == "no side effects") {
        step.kind = StepKind::NoSideEffects;
    } else if (std::string_view rest = text;
               take_prefix(rest, "the result should be") && !rest.empty() && rest.back() == ':') {
        rest.remove_suffix(1);
        constexpr std::string_view ignoring = "(ignoring element order for lists)";
        if (const auto pos = rest.find(ignoring); pos != std::string_view::npos) {
            step.ignore_list_order = true;
            const std::string_view after = rest.substr(pos + ignoring.size());
            if (!trim(after).empty()) return;
            rest = rest.substr(0, pos);
        }
        rest = trim(rest);
        if (rest.empty() || rest == ", in any order") {
            step.in_order = false;
        } else if (rest == ", in order") {
            step.in_order = true;
        } else {
            return;
        }
        step.kind = StepKind::ResultRows;
    } else if (std::match_results<std::string_view::const_iterator> m;
               std::regex_match(text.begin(), text.end(), m, error_re)) {
        step.kind = StepKind::ErrorRaised;
        step.error_type = m[1].str();
        step.error_phase = m[2].str();
        step.error_detail = m[3].str();
    }
}

Feature parse_feature(std::string_view text, const std::string& path) {
    const std::vector<std::string> lines = split_lines(text);
    Feature feature;
    feature.path = path;
    std::vector<std::string> feature_tags;
    std::vector<std::string> pending_tags;
    std::vector<Step> background;
    std::vector<RawScenario> raw;
    bool seen_feature = false;
    bool in_background = false;
    Block block = Block::None;

    const auto steps_here = [&]() -> std::vector<Step>& {
        return in_background ? background : raw.back().steps;
    };

    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::size_t lineno = i + 1;
        const std::string_view line = trim(lines[i]);
        if (line.empty() || line.front() == '#') continue;

        if (line.front() == '@') {
            const auto tags = parse_tags(line);
            pending_tags.insert(pending_tags.end(), tags.begin(), tags.end());
            continue;
        }
        std::string_view rest = line;
        if (take_prefix(rest, "Feature:")) {
            if (seen_feature) throw ParseError(path, lineno, "second Feature");
            seen_feature = true;
            feature.name = std::string(trim(rest));
            feature_tags = std::exchange(pending_tags, {});
            block = Block::Header;
            continue;
        }
        if (!seen_feature) throw ParseError(path, lineno, "text before Feature:");
        if (take_prefix(rest, "Background:")) {
            if (!raw.empty()) throw ParseError(path, lineno, "Background after a Scenario");
            in_background = true;
            block = Block::Header;
            continue;
        }
        const bool outline =
            take_prefix(rest, "Scenario Outline:") || take_prefix(rest, "Scenario Template:");
        if (outline || take_prefix(rest, "Scenario:") || take_prefix(rest, "Example:")) {
            in_background = false;
            RawScenario s;
            s.name = std::string(trim(rest));
            s.line = lineno;
            s.outline = outline;
            s.tags = std::exchange(pending_tags, {});
            raw.push_back(std::move(s));
            block = Block::Header;
            continue;
        }
        if (take_prefix(rest, "Examples:") || take_prefix(rest, "Scenarios:")) {
            if (raw.empty() || !raw.back().outline)
                throw ParseError(path, lineno, "Examples outside a Scenario Outline");
            raw.back().examples.push_back({std::exchange(pending_tags, {}), {}, lineno});
            block = Block::Examples;
            continue;
        }
        if (!pending_tags.empty()) throw ParseError(path, lineno, "tags not followed by a header");

        if (line.front() == '|') {
            auto row = parse_row(line, path, lineno);
            Table* table = nullptr;
            if (block == Block::Step) {
                Step& step = steps_here().back();
                if (step.docstring) throw ParseError(path, lineno, "table after a docstring");
                table = &step.table;
            } else if (block == Block::Examples) {
                table = &raw.back().examples.back().table;
            } else {
                throw ParseError(path, lineno, "table row outside a step or Examples");
            }
            if (!table->empty() && table->front().size() != row.size())
                throw ParseError(path, lineno, "table row has a different number of cells");
            table->push_back(std::move(row));
            continue;
        }

        if (line.starts_with("\"\"\"") || line.starts_with("```")) {
            if (block != Block::Step) throw ParseError(path, lineno, "docstring outside a step");
            Step& step = steps_here().back();
            if (step.docstring || !step.table.empty())
                throw ParseError(path, lineno, "second argument of a step");
            const std::string delimiter(line.substr(0, 3));
            const std::size_t indent = lines[i].find_first_not_of(" \t");
            std::string body;
            bool closed = false;
            for (++i; i < lines.size(); ++i) {
                const std::string& raw_line = lines[i];
                if (trim(raw_line) == delimiter) {
                    closed = true;
                    break;
                }
                std::size_t cut = 0;
                while (cut < indent && cut < raw_line.size() &&
                       (raw_line[cut] == ' ' || raw_line[cut] == '\t'))
                    ++cut;
                body += raw_line.substr(cut);
                body += '\n';
            }
            if (!closed) throw ParseError(path, lineno, "unterminated docstring");
            if (!body.empty()) body.pop_back();
            replace_all(body, "\\\"\\\"\\\"", "\"\"\"");
            step.docstring = std::move(body);
            continue;
        }

        std::string keyword;
        for (const char* kw : {"Given ", "When ", "Then ", "And ", "But ", "* "}) {
            if (take_prefix(rest, kw)) {
                keyword = std::string(trim(kw));
                break;
            }
        }
        if (!keyword.empty()) {
            if (!in_background && raw.empty())
                throw ParseError(path, lineno, "step outside a Scenario");
            if (block == Block::Examples) throw ParseError(path, lineno, "step after Examples");
            Step step;
            step.keyword = keyword;
            step.text = std::string(trim(rest));
            step.line = lineno;
            steps_here().push_back(std::move(step));
            block = Block::Step;
            continue;
        }
        // Free text is a description, allowed only right under a header line.
        if (block != Block::Header) throw ParseError(path, lineno, "unexpected line");
    }
    if (!seen_feature) throw ParseError(path, lines.size(), "no Feature:");

    for (const RawScenario& r : raw) {
        Scenario base;
        base.feature_path = path;
        base.feature_name = feature.name;
        base.name = r.name;
        base.line = r.line;
        base.tags = feature_tags;
        base.tags.insert(base.tags.end(), r.tags.begin(), r.tags.end());
        base.steps = background;
        base.steps.insert(base.steps.end(), r.steps.begin(), r.steps.end());
        if (!r.outline) {
            for (Step& step : base.steps)
                classify_step(step);
            feature.scenarios.push_back(std::move(base));
            continue;
        }
        std::size_t example = 0;
        for (const Examples& ex : r.examples) {
            if (ex.table.empty()) continue;
            const std::vector<std::string>& header = ex.table.front();
            for (std::size_t row = 1; row < ex.table.size(); ++row) {
                Scenario s = base;
                s.example = ++example;
                s.tags.insert(s.tags.end(), ex.tags.begin(), ex.tags.end());
                const auto substitute = [&](std::string& target) {
                    for (std::size_t c = 0; c < header.size(); ++c)
                        replace_all(target, "<" + header[c] + ">", ex.table[row][c]);
                };
                for (Step& step : s.steps) {
                    substitute(step.text);
                    if (step.docstring) substitute(*step.docstring);
                    for (auto& cells : step.table)
                        for (std::string& cell : cells)
                            substitute(cell);
                    classify_step(step);
                }
                feature.scenarios.push_back(std::move(s));
            }
        }
    }
    return feature;
}

Feature parse_feature_file(const std::filesystem::path& file, const std::filesystem::path& root) {
    const std::string rel = file.lexically_relative(root).generic_string();
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ParseError(rel, 0, "cannot read " + file.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_feature(buffer.str(), rel);
}

std::vector<std::filesystem::path> find_feature_files(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && entry.path().extension() == ".feature")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace caspian::tck
