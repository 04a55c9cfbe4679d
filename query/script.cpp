// split_statements of include/caspian/script.hpp: a small lexer that knows where Cypher's
// strings, quoted names and comments begin and end, so a ';' inside them does not split.
#include <caspian/script.hpp>

#include <algorithm>

namespace caspian {

SplitScript split_statements(std::string_view s) {
    SplitScript out;
    enum class State { Normal, Single, Double, Backtick, Line, Block };
    State state = State::Normal;
    std::size_t begin = 0, end = 0;  // content of the current statement
    bool content = false;
    auto mark = [&](std::size_t i, std::size_t until) {
        if (!content) begin = i;
        content = true;
        end = until;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        switch (state) {
            case State::Normal:
                if (c == ';') {
                    if (content) out.statements.push_back({begin, end - begin});
                    content = false;
                } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
                    state = State::Line;
                    ++i;
                } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
                    state = State::Block;
                    ++i;
                } else if (c == '\'' || c == '"' || c == '`') {
                    state = c == '\'' ? State::Single : c == '"' ? State::Double : State::Backtick;
                    mark(i, i + 1);
                } else if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
                             c == '\v')) {
                    mark(i, i + 1);
                }
                break;
            case State::Single:
            case State::Double:
                if (c == '\\') {
                    ++i;
                } else if ((c == '\'' && state == State::Single) ||
                           (c == '"' && state == State::Double)) {
                    state = State::Normal;
                }
                end = std::min(i + 1, s.size());
                break;
            case State::Backtick:
                if (c == '`') state = State::Normal;
                end = i + 1;
                break;
            case State::Line:
                if (c == '\n') state = State::Normal;
                break;
            case State::Block:
                if (c == '*' && i + 1 < s.size() && s[i + 1] == '/') {
                    state = State::Normal;
                    ++i;
                }
                break;
        }
    }
    out.open_token = state == State::Single || state == State::Double || state == State::Backtick ||
                     state == State::Block;
    if (content) {
        if (state != State::Normal && state != State::Line) end = s.size();
        out.rest = StatementSpan{begin, end - begin};
    }
    return out;
}

}  // namespace caspian
