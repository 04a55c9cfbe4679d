// Query text -> AST: the one translation unit that instantiates pegtl::parse<> over the grammar,
// so it includes every actions_*.hpp header (each action<> specialisation must be visible here).
// The fragment stack and the control are in state.hpp; the statement's own action is below.
#include "query/parser/parser.hpp"

#include "query/parser/actions_clause.hpp"
#include "query/parser/actions_expression.hpp"
#include "query/parser/actions_names.hpp"
#include "query/parser/actions_pattern.hpp"
#include "query/parser/actions_schema.hpp"
#include "query/parser/actions_subquery.hpp"
#include "query/parser/actions_terse.hpp"
#include "query/parser/stack_floor.hpp"
#include "query/parser/state.hpp"
#include "query/parser/statement_limits.hpp"
#include "value/text.hpp"

#include <cctype>
#include <string>
#include <string_view>

namespace caspian::query {
namespace parser {
namespace {

template <>
struct action<g::statement> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        Statement s;
        s.span = st.span(in);
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                s.mode = t->kind == TagKind::Explain ? ExplainMode::Explain : ExplainMode::Profile;
                continue;
            }
            std::visit(
                [&s](auto& body) {
                    using T = std::decay_t<decltype(body)>;
                    if constexpr (std::is_same_v<T, Query> || std::is_same_v<T, TerseMatch> ||
                                  std::is_same_v<T, CreateIndex> || std::is_same_v<T, DropIndex> ||
                                  std::is_same_v<T, ShowIndexes> ||
                                  std::is_same_v<T, TransactionControl> ||
                                  std::is_same_v<T, CreateConstraint> ||
                                  std::is_same_v<T, DropConstraint> ||
                                  std::is_same_v<T, ShowConstraints> ||
                                  std::is_same_v<T, CreateFulltextIndex> ||
                                  std::is_same_v<T, CreateVectorIndex> ||
                                  std::is_same_v<T, Analyze>) {
                        s.body = std::move(body);
                    }
                },
                kid);
        }
        st.result = std::move(s);
    }
};

// Issue #9: query text is UTF-8 without NUL bytes; anything else ends here with its position
// rather than reaching names, values and the store.
void check_text(std::string_view text) {
    const std::size_t i = find_bad_text_byte(text);
    if (i == std::string_view::npos) return;
    syntax_error(text[i] == '\0' ? "NUL byte in the query text" : "invalid UTF-8 in the query text",
                 {i, 1});
}

// The openCypher detail of a grammar failure at `offset` (issue #16): the TCK names a few kinds
// of malformed text; everything else is UnexpectedSyntax.
std::string failure_detail(std::string_view text, std::size_t offset, std::string_view message) {
    const auto at = [&](std::size_t i) { return i < text.size() ? text[i] : '\0'; };
    const auto is_word = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    };
    if (message.find("digits after '0") != std::string_view::npos) return "InvalidNumberLiteral";
    std::size_t word = offset;  // a number running into letters: 12h3, 0x1A2j
    while (word > 0 && is_word(text[word - 1]))
        --word;
    if (word < offset && std::isdigit(static_cast<unsigned char>(text[word])) != 0 &&
        is_word(at(offset)))
        return "InvalidNumberLiteral";
    if (static_cast<unsigned char>(at(offset)) >= 0x80) return "InvalidUnicodeCharacter";
    if (message.starts_with("invalid escape")) {
        for (std::size_t i = offset > 0 ? offset - 1 : 0; i <= offset; ++i) {
            if (at(i) == '\\' && (at(i + 1) == 'u' || at(i + 1) == 'U'))
                return "InvalidUnicodeLiteral";
        }
    }
    if (at(offset) == '$') return "InvalidParameterUse";
    if (message == "expected ']' after the relationship details")
        return "InvalidRelationshipPattern";
    return "UnexpectedSyntax";
}

}  // namespace
}  // namespace parser

Statement parse(std::string_view text) {
    using namespace parser;
    check_text(text);
    State st(text);
    st.stack_floor = stack_floor();
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.size(), "query");
    try {
        if (!pegtl::parse<g::statement, action, control>(in, st) || !st.result)
            syntax_error("expected a statement", {0, 0});
    } catch (const pegtl::parse_error& e) {
        const std::size_t offset = e.positions().empty() ? 0 : e.positions().front().byte;
        if (offset > 0 && offset < text.size() && text[offset] == '=' && text[offset - 1] == '=') {
            // Most languages people come from compare with '=='.
            syntax_error("'==' is not a Cypher operator: write '=' to compare for equality",
                         {offset - 1, 2});
        }
        syntax_error(std::string(e.message()), {offset, offset < text.size() ? 1u : 0u},
                     failure_detail(text, offset, e.message()));
    }
    check_statement_limits(*st.result);
    return std::move(*st.result);
}

}  // namespace caspian::query
