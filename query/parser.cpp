// Actions turning grammar.hpp matches into the AST, and syntax error rendering.
// Actions push fragments on a stack; a rule's action reduces what its sub-rules pushed. The
// control rolls the stack back whenever a rule fails, so backtracking never leaves stale
// fragments behind (PEGTL does not undo actions itself).
#include "query/parser.hpp"

#include "query/grammar.hpp"
#include "query/grammar_errors.hpp"
#include "value/text.hpp"

#include <pthread.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <set>
#include <unordered_map>
#include <utility>

namespace caspian::query {
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;

// ---- fragments on the stack -------------------------------------------------------------------

enum class Role {
    Variable,
    PathVariable,
    Label,
    RelType,
    Key,
    Function,
    Procedure,
    Field,
    IndexName,
    ConstraintVariable,
};

struct Name {
    Role role;
    std::string text;
    SourceSpan span;
};

enum class TagKind {
    Optional,
    Distinct,
    Star,
    Desc,
    Dots,
    Bound,
    ArrowLeft,
    ArrowRight,
    PathFunction,
    Quantifier,
    Operator,
    Compare,
    IsNull,
    IsNotNull,
    Detach,
    UnionAll,
    OnCreate,
    OnMatch,
    SetMerge,
    SetReplace,
    YieldStar,
    Explain,
    Profile,
    Transaction,
    IfExists,
    OldConstraintSyntax,
};

struct Tag {
    TagKind kind;
    SourceSpan span;
    std::int64_t value = 0;
};

enum class SlotKind { Where, Projection, CaseSubject, CaseElse, SliceFrom, SliceTo, Skip, Limit };

struct Slot {
    SlotKind kind;
    ExprPtr expr;
};

struct IndexOp {
    ExprPtr from;
    ExprPtr to;
    bool slice = false;
    SourceSpan span;
};

struct MergeAction {
    bool on_create = false;
    std::vector<SetItem> items;
};

using TersePtr = std::unique_ptr<TerseCondition>;

using Item = std::variant<ExprPtr, Name, Tag, Slot, IndexOp, NodePattern, RelPattern, PatternPart,
                          ProjectionItem, SortItem, Projection, SetItem, RemoveItem, MergeAction,
                          YieldItem, MapProjectionItem, Clause, SingleQuery, TersePtr, TerseOperand,
                          VarLength, Query, TerseMatch, CreateIndex, DropIndex, ShowIndexes,
                          TransactionControl, CreateConstraint, DropConstraint, ShowConstraints>;

struct State {
    explicit State(std::string_view text) : source(text) {}

    struct Mark {
        std::size_t items;
        std::size_t offset;
    };

    std::string_view source;
    std::vector<Item> items;
    std::vector<Mark> marks;  // one per rule being matched
    // End offset of a run of whitespace/comments -> its start, to trim spans.
    std::unordered_map<std::size_t, std::size_t> ws_begin;
    std::set<std::pair<const void*, std::size_t>> failed_attempts;  // see grammar::attempt
    int depth = 0;
    // Nesting stops being parsed below this stack address: frame sizes vary a lot between builds
    // (sanitizers make them ~10x larger), so max_nesting alone cannot protect the stack.
    std::uintptr_t stack_floor = 0;
    std::optional<Statement> result;

    std::size_t offset_of(const char* p) const noexcept {
        return static_cast<std::size_t>(p - source.data());
    }

    // The fragments pushed since the current rule started (its children), removed from the stack.
    std::vector<Item> take() {
        const std::size_t base = marks.back().items;
        std::vector<Item> kids(std::make_move_iterator(items.begin() + static_cast<long>(base)),
                               std::make_move_iterator(items.end()));
        items.erase(items.begin() + static_cast<long>(base), items.end());
        return kids;
    }

    template <typename T>
    void push(T&& value) {
        items.emplace_back(std::forward<T>(value));
    }

    // [begin, end) of a match, without the trailing whitespace and comments.
    SourceSpan span(const char* begin, const char* end) const {
        const std::size_t b = offset_of(begin);
        std::size_t e = offset_of(end);
        if (auto it = ws_begin.find(e); it != ws_begin.end()) e = std::max(b, it->second);
        return SourceSpan{b, e - b};
    }
    template <typename ActionInput>
    SourceSpan span(const ActionInput& in) const {
        return span(in.begin(), in.end());
    }
    std::string text(SourceSpan s) const { return std::string(source.substr(s.offset, s.length)); }
};

[[noreturn]] void syntax_error(const std::string& message, SourceSpan where) {
    throw Error(ErrorKind::Syntax, message, where);
}

// ---- the control: stack rollback, span trimming, nesting limit, attempt memo ---------------

template <typename Rule>
struct tracking : pegtl::normal<Rule> {
    static constexpr bool is_nesting = std::is_base_of_v<g::nesting, Rule>;

    template <typename ParseInput>
    static void start(const ParseInput& in, State& st) {
        const std::size_t offset = st.offset_of(in.current());
        if constexpr (is_nesting) {
            const auto frame = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
            if (st.depth >= max_nesting || frame < st.stack_floor)
                syntax_error("expression nests too deeply", {offset, 1});
            ++st.depth;
        }
        st.marks.push_back({st.items.size(), offset});
    }

    template <typename ParseInput>
    static void success(const ParseInput& in, State& st) {
        if constexpr (std::is_same_v<Rule, g::ws>) {
            const std::size_t begin = st.marks.back().offset;
            const std::size_t end = st.offset_of(in.current());
            if (end > begin) {
                auto [it, inserted] = st.ws_begin.try_emplace(end, begin);
                if (!inserted) it->second = std::min(it->second, begin);
            }
        }
        st.marks.pop_back();
        if constexpr (is_nesting) --st.depth;
    }

    template <typename ParseInput>
    static void failure(const ParseInput&, State& st) {
        if constexpr (requires { typename Rule::attempted; }) {
            st.failed_attempts.insert(
                {&g::attempt_key<typename Rule::attempted>::id, st.marks.back().offset});
        }
        rollback(st);
    }

    template <typename ParseInput>
    static void unwind(const ParseInput&, State& st) {
        rollback(st);
    }

    static void rollback(State& st) {
        const std::size_t base = st.marks.back().items;
        st.items.erase(st.items.begin() + static_cast<long>(base), st.items.end());
        st.marks.pop_back();
        if constexpr (is_nesting) --st.depth;
    }
};

template <typename Rule>
using control = pegtl::must_if<g::error_table, tracking>::control<Rule>;

// ---- helpers ----------------------------------------------------------------------------------

ExprPtr make_expr(ExprKind kind, SourceSpan span) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = span;
    return e;
}

SourceSpan cover(SourceSpan a, SourceSpan b) {
    const std::size_t begin = std::min(a.offset, b.offset);
    const std::size_t end = std::max(a.offset + a.length, b.offset + b.length);
    return {begin, end - begin};
}

// `name` or `na``me` (backticks quoted, doubled backticks escaped) -> the name.
std::string unquote_name(std::string_view text) {
    if (text.empty() || text.front() != '`') return std::string(text);
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == '`') ++i;
    }
    return out;
}

// `a.b.c` where parts may be backticked -> parts unquoted, joined by '.'.
std::string unquote_dotted(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        if (text[i] == '`') {
            ++j;
            while (j < text.size()) {
                if (text[j] == '`') {
                    if (j + 1 < text.size() && text[j + 1] == '`') {
                        j += 2;
                        continue;
                    }
                    ++j;
                    break;
                }
                ++j;
            }
        } else {
            while (j < text.size() && text[j] != '.')
                ++j;
        }
        out += unquote_name(text.substr(i, j - i));
        if (j < text.size() && text[j] == '.') {
            out += '.';
            ++j;
        }
        i = j;
    }
    return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::uint32_t hex_value(std::string_view digits) {
    return static_cast<std::uint32_t>(std::strtoul(std::string(digits).c_str(), nullptr, 16));
}

// The body of a quoted string literal (quotes included in `text`) with escapes decoded. The
// grammar has already checked every escape's shape.
std::string unescape_string(std::string_view text, std::size_t offset) {
    std::string out;
    out.reserve(text.size());
    const std::string_view body = text.substr(1, text.size() - 2);
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        const char e = body[++i];
        switch (e) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'u':
            case 'U': {
                const std::size_t n = e == 'u' ? 4 : 8;
                std::uint32_t cp = hex_value(body.substr(i + 1, n));
                const SourceSpan where{offset + 1 + i - 1, n + 2};
                i += n;
                if (cp >= 0xD800 && cp <= 0xDBFF && body.substr(i + 1, 2) == "\\u") {
                    const std::uint32_t low = hex_value(body.substr(i + 3, 4));
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    }
                }
                if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
                    syntax_error("invalid unicode escape in string literal", where);
                append_utf8(out, cp);
                break;
            }
            default:
                out += e;
                break;  // \\ \' \"
        }
    }
    return out;
}

// negated: the literal follows a '-', so 2^63 is allowed and returned as INT64_MIN, which the
// planner folds with the minus into -9223372036854775808.
std::int64_t parse_integer(std::string_view digits, int base, SourceSpan where,
                           bool negated = false) {
    std::uint64_t value = 0;
    const auto limit =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negated ? 1 : 0);
    for (const char c : digits) {
        const int d = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                             : c - 'A' + 10;
        if (value > (limit - static_cast<std::uint64_t>(d)) / static_cast<std::uint64_t>(base))
            syntax_error("integer literal is too large", where);
        value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
    }
    return static_cast<std::int64_t>(value);
}

double parse_float(std::string_view text, SourceSpan where) {
    const std::string s(text);
    errno = 0;
    const double value = std::strtod(s.c_str(), nullptr);
    if (errno == ERANGE && std::isinf(value)) syntax_error("float literal is too large", where);
    return value;
}

template <typename T>
T* get(Item& item) {
    return std::get_if<T>(&item);
}

ExprPtr take_expr(Item& item) {
    return std::move(std::get<ExprPtr>(item));
}

ExprPtr name_to_variable(Name& n) {
    auto e = make_expr(ExprKind::Variable, n.span);
    e->name = std::move(n.text);
    return e;
}

// Left fold of `operand (op operand)*` where each op is a Tag{Operator, ExprKind}.
ExprPtr fold_binary(std::vector<Item>& kids) {
    ExprPtr acc = take_expr(kids[0]);
    for (std::size_t i = 1; i + 1 < kids.size(); i += 2) {
        const auto kind = static_cast<ExprKind>(std::get<Tag>(kids[i]).value);
        ExprPtr rhs = take_expr(kids[i + 1]);
        auto e = make_expr(kind, cover(acc->span, rhs->span));
        e->args.push_back(std::move(acc));
        e->args.push_back(std::move(rhs));
        acc = std::move(e);
    }
    return acc;
}

// Left fold of `operand (KEYWORD operand)*` (AND, OR, XOR: the children are operands only).
ExprPtr fold_keyword(std::vector<Item>& kids, ExprKind kind) {
    ExprPtr acc = take_expr(kids[0]);
    for (std::size_t i = 1; i < kids.size(); ++i) {
        ExprPtr rhs = take_expr(kids[i]);
        auto e = make_expr(kind, cover(acc->span, rhs->span));
        e->args.push_back(std::move(acc));
        e->args.push_back(std::move(rhs));
        acc = std::move(e);
    }
    return acc;
}

PatternPart build_pattern_part(std::vector<Item>& kids, SourceSpan span) {
    PatternPart part;
    part.span = span;
    bool have_start = false;
    std::optional<RelPattern> pending;
    for (auto& kid : kids) {
        if (auto* n = get<Name>(kid)) {
            part.path_variable = std::move(n->text);
        } else if (auto* t = get<Tag>(kid)) {
            part.function = static_cast<PathFunction>(t->value);
        } else if (auto* node = get<NodePattern>(kid)) {
            if (!have_start) {
                part.start = std::move(*node);
                have_start = true;
            } else {
                part.steps.push_back(PatternStep{std::move(*pending), std::move(*node)});
                pending.reset();
            }
        } else if (auto* rel = get<RelPattern>(kid)) {
            pending = std::move(*rel);
        }
    }
    return part;
}

std::vector<SetItem> collect_set_items(std::vector<Item>& kids) {
    std::vector<SetItem> items;
    for (auto& kid : kids)
        if (auto* s = get<SetItem>(kid)) items.push_back(std::move(*s));
    return items;
}

// ---- actions ----------------------------------------------------------------------------------

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

// Names.
template <Role R>
struct name_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        const std::string_view text(in.begin(), in.size());
        std::string value = (R == Role::Function || R == Role::Procedure) ? unquote_dotted(text)
                                                                          : unquote_name(text);
        st.push(Name{R, std::move(value), st.span(in)});
    }
};
template <>
struct action<g::variable> : name_action<Role::Variable> {};
template <>
struct action<g::path_variable> : name_action<Role::PathVariable> {};
template <>
struct action<g::label_name> : name_action<Role::Label> {};
template <>
struct action<g::rel_type_name> : name_action<Role::RelType> {};
template <>
struct action<g::property_key> : name_action<Role::Key> {};
template <>
struct action<g::function_name> : name_action<Role::Function> {};
template <>
struct action<g::procedure_name> : name_action<Role::Procedure> {};
template <>
struct action<g::yield_field> : name_action<Role::Field> {};
template <>
struct action<g::index_name> : name_action<Role::IndexName> {};
template <>
struct action<g::constraint_name> : name_action<Role::IndexName> {};
template <>
struct action<g::constraint_variable> : name_action<Role::ConstraintVariable> {};
template <>
struct action<g::terse_label> : name_action<Role::Label> {};
template <>
struct action<g::terse_key> : name_action<Role::Key> {};

// Tags.
template <TagKind K, std::int64_t V = 0>
struct tag_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.push(Tag{K, st.span(in), V});
    }
};
template <ExprKind K>
struct operator_action : tag_action<TagKind::Operator, static_cast<std::int64_t>(K)> {};

template <>
struct action<g::kw_optional> : tag_action<TagKind::Optional> {};
template <>
struct action<g::projection_distinct> : tag_action<TagKind::Distinct> {};
template <>
struct action<g::function_distinct> : tag_action<TagKind::Distinct> {};
template <>
struct action<g::projection_star> : tag_action<TagKind::Star> {};
template <>
struct action<g::kw_desc> : tag_action<TagKind::Desc> {};
template <>
struct action<g::dot_dot> : tag_action<TagKind::Dots> {};
template <>
struct action<g::slice_dots> : tag_action<TagKind::Dots> {};
template <>
struct action<g::arrow_left> : tag_action<TagKind::ArrowLeft> {};
template <>
struct action<g::arrow_right> : tag_action<TagKind::ArrowRight> {};
template <>
struct action<g::is_null_op> : tag_action<TagKind::IsNull> {};
template <>
struct action<g::is_not_null_op> : tag_action<TagKind::IsNotNull> {};
template <>
struct action<g::kw_detach> : tag_action<TagKind::Detach> {};
template <>
struct action<g::union_all> : tag_action<TagKind::UnionAll> {};
template <>
struct action<g::on_create> : tag_action<TagKind::OnCreate> {};
template <>
struct action<g::on_match> : tag_action<TagKind::OnMatch> {};
template <>
struct action<g::set_merge_op> : tag_action<TagKind::SetMerge> {};
template <>
struct action<g::set_replace_op> : tag_action<TagKind::SetReplace> {};
template <>
struct action<g::yield_star> : tag_action<TagKind::YieldStar> {};
template <>
struct action<g::kw_explain> : tag_action<TagKind::Explain> {};
template <>
struct action<g::kw_profile> : tag_action<TagKind::Profile> {};
template <>
struct action<g::kw_begin>
    : tag_action<TagKind::Transaction, static_cast<std::int64_t>(TransactionCommand::Begin)> {};
template <>
struct action<g::kw_commit>
    : tag_action<TagKind::Transaction, static_cast<std::int64_t>(TransactionCommand::Commit)> {};
template <>
struct action<g::kw_rollback>
    : tag_action<TagKind::Transaction, static_cast<std::int64_t>(TransactionCommand::Rollback)> {};
template <>
struct action<g::power_op> : operator_action<ExprKind::Power> {};
template <>
struct action<g::multiply_op> : operator_action<ExprKind::Multiply> {};
template <>
struct action<g::divide_op> : operator_action<ExprKind::Divide> {};
template <>
struct action<g::modulo_op> : operator_action<ExprKind::Modulo> {};
template <>
struct action<g::add_op> : operator_action<ExprKind::Add> {};
template <>
struct action<g::subtract_op> : operator_action<ExprKind::Subtract> {};
template <>
struct action<g::starts_with_op> : operator_action<ExprKind::StartsWith> {};
template <>
struct action<g::ends_with_op> : operator_action<ExprKind::EndsWith> {};
template <>
struct action<g::contains_op> : operator_action<ExprKind::Contains> {};
template <>
struct action<g::in_op> : operator_action<ExprKind::In> {};
template <>
struct action<g::regex_op> : operator_action<ExprKind::RegexMatch> {};

template <>
struct action<g::range_bound> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        const SourceSpan s = st.span(in);
        st.push(Tag{TagKind::Bound, s, parse_integer(in.string_view(), 10, s)});
    }
};

template <>
struct action<g::path_function> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        const bool all = in.size() > 0 && (in.begin()[0] == 'a' || in.begin()[0] == 'A');
        const auto f = all ? PathFunction::AllShortestPaths : PathFunction::ShortestPath;
        st.push(Tag{TagKind::PathFunction, st.span(in), static_cast<std::int64_t>(f)});
    }
};

template <>
struct action<g::quantifier_name> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        const char c = static_cast<char>(in.begin()[0] | 0x20);
        const char c2 = static_cast<char>(in.begin()[1] | 0x20);
        ExprKind kind = ExprKind::All;
        if (c == 'a' && c2 == 'n') kind = ExprKind::Any;
        if (c == 'n') kind = ExprKind::None;
        if (c == 's') kind = ExprKind::Single;
        st.push(Tag{TagKind::Quantifier, st.span(in), static_cast<std::int64_t>(kind)});
    }
};

CompareOp compare_op_of(std::string_view text) {
    if (text.starts_with("<>")) return CompareOp::Ne;
    if (text.starts_with("<=")) return CompareOp::Le;
    if (text.starts_with(">=")) return CompareOp::Ge;
    if (text.starts_with("<")) return CompareOp::Lt;
    if (text.starts_with(">")) return CompareOp::Gt;
    return CompareOp::Eq;
}

template <typename Rule>
struct compare_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.push(Tag{TagKind::Compare, st.span(in),
                    static_cast<std::int64_t>(compare_op_of(in.string_view()))});
    }
};
template <>
struct action<g::comparison_op> : compare_action<g::comparison_op> {};
template <>
struct action<g::terse_op> : compare_action<g::terse_op> {};

// Slots: an expression tagged with its role in the enclosing construct.
template <SlotKind K>
struct slot_action {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(Slot{K, take_expr(kids.back())});
    }
};
template <>
struct action<g::where_expression> : slot_action<SlotKind::Where> {};
template <>
struct action<g::projection_expression> : slot_action<SlotKind::Projection> {};
template <>
struct action<g::case_subject> : slot_action<SlotKind::CaseSubject> {};
template <>
struct action<g::case_else> : slot_action<SlotKind::CaseElse> {};
template <>
struct action<g::slice_from> : slot_action<SlotKind::SliceFrom> {};
template <>
struct action<g::slice_to> : slot_action<SlotKind::SliceTo> {};
template <>
struct action<g::skip_expression> : slot_action<SlotKind::Skip> {};
template <>
struct action<g::limit_expression> : slot_action<SlotKind::Limit> {};

// Literals.
template <>
struct action<g::null_literal> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.push(make_expr(ExprKind::Null, st.span(in)));
    }
};
template <bool B>
struct bool_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto e = make_expr(ExprKind::Bool, st.span(in));
        e->bool_value = B;
        st.push(std::move(e));
    }
};
template <>
struct action<g::true_literal> : bool_action<true> {};
template <>
struct action<g::false_literal> : bool_action<false> {};

template <int Base, std::size_t Skip>
struct integer_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto e = make_expr(ExprKind::Integer, st.span(in));
        std::size_t before = e->span.offset;
        while (before > 0 && (st.source[before - 1] == ' ' || st.source[before - 1] == '\t')) {
            --before;
        }
        const bool negated = before > 0 && st.source[before - 1] == '-';
        e->int_value = parse_integer(in.string_view().substr(Skip), Base, e->span, negated);
        st.push(std::move(e));
    }
};
template <>
struct action<g::decimal_integer> : integer_action<10, 0> {};
template <>
struct action<g::hex_integer> : integer_action<16, 2> {};
template <>
struct action<g::octal_integer> : integer_action<8, 2> {};

template <>
struct action<g::float_literal> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto e = make_expr(ExprKind::Float, st.span(in));
        e->float_value = parse_float(in.string_view(), e->span);
        st.push(std::move(e));
    }
};

template <>
struct action<g::string_literal> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto e = make_expr(ExprKind::String, st.span(in));
        e->string_value = unescape_string(in.string_view(), e->span.offset);
        st.push(std::move(e));
    }
};

template <>
struct action<g::parameter> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto e = make_expr(ExprKind::Parameter, st.span(in));
        e->name = unquote_name(in.string_view().substr(1));
        st.push(std::move(e));
    }
};

// Compound expressions.
template <>
struct action<g::list_literal> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::List, st.span(in));
        for (auto& kid : kids)
            e->args.push_back(take_expr(kid));
        st.push(std::move(e));
    }
};

template <>
struct action<g::map_literal> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::Map, st.span(in));
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                e->keys.push_back(std::move(n->text));
            } else {
                e->args.push_back(take_expr(kid));
            }
        }
        st.push(std::move(e));
    }
};

template <>
struct action<g::parenthesized> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        std::get<ExprPtr>(st.items.back())->span = st.span(in);  // `(a)` is the column text
    }
};

template <>
struct action<g::function_call> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::FunctionCall, st.span(in));
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                e->name = std::move(n->text);
            } else if (get<Tag>(kid)) {
                e->distinct = true;
            } else {
                e->args.push_back(take_expr(kid));
            }
        }
        st.push(std::move(e));
    }
};

template <>
struct action<g::count_star> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.take();
        st.push(make_expr(ExprKind::CountStar, st.span(in)));
    }
};

template <>
struct action<g::case_expression> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::Case, st.span(in));
        e->args.resize(2);
        for (auto& kid : kids) {
            if (auto* s = get<Slot>(kid)) {
                e->args[s->kind == SlotKind::CaseSubject ? 0 : 1] = std::move(s->expr);
            } else {
                e->args.push_back(take_expr(kid));
            }
        }
        st.push(std::move(e));
    }
};

// `[x IN list WHERE p | e]` and quantifiers `all(x IN list WHERE p)`.
template <typename Rule>
struct filter_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::ListComprehension, st.span(in));
        e->args.resize(3);
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                e->kind = static_cast<ExprKind>(t->value);
            } else if (auto* n = get<Name>(kid)) {
                e->name = std::move(n->text);
            } else if (auto* s = get<Slot>(kid)) {
                e->args[s->kind == SlotKind::Where ? 1 : 2] = std::move(s->expr);
            } else {
                e->args[0] = take_expr(kid);
            }
        }
        if (e->kind != ExprKind::ListComprehension) e->args.resize(2);
        st.push(std::move(e));
    }
};
template <>
struct action<g::list_comprehension> : filter_action<g::list_comprehension> {};
template <>
struct action<g::quantifier> : filter_action<g::quantifier> {};

template <>
struct action<g::pattern_comprehension> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::PatternComprehension, st.span(in));
        e->args.resize(1);
        std::optional<std::string> path_variable;
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                path_variable = std::move(n->text);
            } else if (auto* p = get<PatternPart>(kid)) {
                e->patterns.push_back(std::move(*p));
            } else if (auto* s = get<Slot>(kid)) {
                e->args[0] = std::move(s->expr);
            } else {
                e->args.push_back(take_expr(kid));
            }
        }
        e->patterns.front().path_variable = std::move(path_variable);
        st.push(std::move(e));
    }
};

template <>
struct action<g::reduce_expression> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::Reduce, st.span(in));
        e->name = std::move(std::get<Name>(kids[0]).text);
        e->args.push_back(take_expr(kids[1]));
        e->name2 = std::move(std::get<Name>(kids[2]).text);
        e->args.push_back(take_expr(kids[3]));
        e->args.push_back(take_expr(kids[4]));
        st.push(std::move(e));
    }
};

template <>
struct action<g::exists_subquery> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::Exists, st.span(in));
        e->args.resize(1);
        for (auto& kid : kids) {
            if (auto* p = get<PatternPart>(kid)) {
                e->patterns.push_back(std::move(*p));
            } else if (auto* s = get<Slot>(kid)) {
                e->args[0] = std::move(s->expr);
            }
        }
        st.push(std::move(e));
    }
};

template <>
struct action<g::pattern_predicate> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::PatternPredicate, st.span(in));
        e->patterns.push_back(std::move(std::get<PatternPart>(kids.back())));
        st.push(std::move(e));
    }
};

template <MapProjectionKind K>
struct projection_entry_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        MapProjectionItem item;
        item.kind = K;
        item.span = st.span(in);
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                item.name = std::move(n->text);
            } else {
                item.value = take_expr(kid);
            }
        }
        st.push(std::move(item));
    }
};
template <>
struct action<g::projection_property> : projection_entry_action<MapProjectionKind::Property> {};
template <>
struct action<g::projection_all> : projection_entry_action<MapProjectionKind::AllProperties> {};
template <>
struct action<g::projection_literal> : projection_entry_action<MapProjectionKind::Literal> {};
template <>
struct action<g::projection_variable> : projection_entry_action<MapProjectionKind::Variable> {};

template <>
struct action<g::map_projection> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::MapProjection, st.span(in));
        e->name = std::move(std::get<Name>(kids[0]).text);
        for (std::size_t i = 1; i < kids.size(); ++i)
            e->projection.push_back(std::move(std::get<MapProjectionItem>(kids[i])));
        st.push(std::move(e));
    }
};

template <>
struct action<g::variable_expression> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(name_to_variable(std::get<Name>(kids[0])));
    }
};

template <>
struct action<g::index_or_slice> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        IndexOp op;
        op.span = st.span(in);
        for (auto& kid : kids) {
            if (get<Tag>(kid)) {
                op.slice = true;
            } else if (auto* s = get<Slot>(kid)) {
                (s->kind == SlotKind::SliceFrom ? op.from : op.to) = std::move(s->expr);
            }
        }
        st.push(std::move(op));
    }
};

// atom (.key | :Label | [i] | [a..b])*; the subject is an Expr or, in SET/REMOVE targets, a
// variable Name.
ExprPtr fold_postfix(std::vector<Item>& kids) {
    ExprPtr acc =
        get<Name>(kids[0]) ? name_to_variable(std::get<Name>(kids[0])) : take_expr(kids[0]);
    bool last_was_label = false;
    for (std::size_t i = 1; i < kids.size(); ++i) {
        if (auto* n = get<Name>(kids[i])) {
            if (n->role == Role::Label) {
                if (last_was_label) {
                    acc->labels.push_back(std::move(n->text));
                    acc->span = cover(acc->span, n->span);
                } else {
                    auto e = make_expr(ExprKind::HasLabels, cover(acc->span, n->span));
                    e->labels.push_back(std::move(n->text));
                    e->args.push_back(std::move(acc));
                    acc = std::move(e);
                }
                last_was_label = true;
                continue;
            }
            auto e = make_expr(ExprKind::Property, cover(acc->span, n->span));
            e->name = std::move(n->text);
            e->args.push_back(std::move(acc));
            acc = std::move(e);
        } else if (auto* op = get<IndexOp>(kids[i])) {
            auto e = make_expr(op->slice ? ExprKind::Slice : ExprKind::Index,
                               cover(acc->span, op->span));
            e->args.push_back(std::move(acc));
            e->args.push_back(std::move(op->from));
            if (op->slice) e->args.push_back(std::move(op->to));
            acc = std::move(e);
        }
        last_was_label = false;
    }
    return acc;
}

template <typename Rule>
struct postfix_action {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(fold_postfix(kids));
    }
};
template <>
struct action<g::postfix_expression> : postfix_action<g::postfix_expression> {};
template <>
struct action<g::property_target> : postfix_action<g::property_target> {};

template <ExprKind K>
struct unary_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(K, st.span(in));
        e->args.push_back(take_expr(kids.back()));
        st.push(std::move(e));
    }
};
template <>
struct action<g::negation> : unary_action<ExprKind::Negate> {};
template <>
struct action<g::unary_plus> : unary_action<ExprKind::UnaryPlus> {};
template <>
struct action<g::not_prefix> : unary_action<ExprKind::Not> {};

template <typename Rule>
struct binary_action {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(fold_binary(kids));
    }
};
template <>
struct action<g::power_expression> : binary_action<g::power_expression> {};
template <>
struct action<g::multiplicative_expression> : binary_action<g::multiplicative_expression> {};
template <>
struct action<g::additive_expression> : binary_action<g::additive_expression> {};

template <>
struct action<g::predicate_expression> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        ExprPtr acc = take_expr(kids[0]);
        for (std::size_t i = 1; i < kids.size(); ++i) {
            const Tag& t = std::get<Tag>(kids[i]);
            if (t.kind == TagKind::IsNull || t.kind == TagKind::IsNotNull) {
                auto e =
                    make_expr(t.kind == TagKind::IsNull ? ExprKind::IsNull : ExprKind::IsNotNull,
                              cover(acc->span, t.span));
                e->args.push_back(std::move(acc));
                acc = std::move(e);
                continue;
            }
            ExprPtr rhs = take_expr(kids[++i]);
            auto e = make_expr(static_cast<ExprKind>(t.value), cover(acc->span, rhs->span));
            e->args.push_back(std::move(acc));
            e->args.push_back(std::move(rhs));
            acc = std::move(e);
        }
        st.push(std::move(acc));
    }
};

template <>
struct action<g::comparison_expression> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        if (kids.size() == 1) {
            st.push(std::move(kids[0]));
            return;
        }
        auto e = make_expr(ExprKind::Comparison, {});
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                e->ops.push_back(static_cast<CompareOp>(t->value));
            } else {
                e->args.push_back(take_expr(kid));
            }
        }
        e->span = cover(e->args.front()->span, e->args.back()->span);
        st.push(std::move(e));
    }
};

template <ExprKind K>
struct keyword_fold_action {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(fold_keyword(kids, K));
    }
};
template <>
struct action<g::and_expression> : keyword_fold_action<ExprKind::And> {};
template <>
struct action<g::xor_expression> : keyword_fold_action<ExprKind::Xor> {};
template <>
struct action<g::or_expression> : keyword_fold_action<ExprKind::Or> {};

// Patterns.
template <>
struct action<g::node_pattern> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        NodePattern node;
        node.span = st.span(in);
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                if (n->role == Role::Variable) {
                    node.variable = std::move(n->text);
                } else {
                    node.labels.push_back(std::move(n->text));
                }
            } else if (get<ExprPtr>(kid)) {
                node.properties = take_expr(kid);
            }
        }
        st.push(std::move(node));
    }
};

template <>
struct action<g::var_length> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        VarLength length;
        bool dots = false;
        for (auto& kid : kids) {
            const Tag& t = std::get<Tag>(kid);
            if (t.kind == TagKind::Dots) {
                dots = true;
            } else if (dots) {
                length.max = t.value;
            } else {
                length.min = t.value;
            }
        }
        if (!dots) length.max = length.min;
        st.push(length);
    }
};

template <>
struct action<g::rel_pattern> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        RelPattern rel;
        rel.span = st.span(in);
        bool left = false;
        bool right = false;
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                (t->kind == TagKind::ArrowLeft ? left : right) = true;
            } else if (auto* n = get<Name>(kid)) {
                if (n->role == Role::Variable) {
                    rel.variable = std::move(n->text);
                } else {
                    rel.types.push_back(std::move(n->text));
                }
            } else if (auto* v = get<VarLength>(kid)) {
                rel.length = *v;
            } else if (get<ExprPtr>(kid)) {
                rel.properties = take_expr(kid);
            }
        }
        rel.direction = left == right ? Direction::Both : left ? Direction::Left : Direction::Right;
        st.push(std::move(rel));
    }
};

template <typename Rule>
struct pattern_part_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        st.push(build_pattern_part(kids, st.span(in)));
    }
};
template <>
struct action<g::pattern_part> : pattern_part_action<g::pattern_part> {};
template <>
struct action<g::expression_pattern> : pattern_part_action<g::expression_pattern> {};

// Clauses.
template <typename ActionInput, typename T>
void push_clause(const ActionInput& in, State& st, T&& body) {
    st.push(Clause{std::forward<T>(body), st.span(in)});
}

template <>
struct action<g::match_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        MatchClause m;
        for (auto& kid : kids) {
            if (get<Tag>(kid)) {
                m.optional = true;
            } else if (auto* p = get<PatternPart>(kid)) {
                m.patterns.push_back(std::move(*p));
            } else if (auto* s = get<Slot>(kid)) {
                m.where = std::move(s->expr);
            }
        }
        push_clause(in, st, std::move(m));
    }
};

template <>
struct action<g::unwind_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        UnwindClause u;
        u.list = take_expr(kids[0]);
        u.variable = std::move(std::get<Name>(kids[1]).text);
        push_clause(in, st, std::move(u));
    }
};

template <>
struct action<g::projection_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        ProjectionItem item;
        item.span = st.span(in);
        item.expr = take_expr(kids[0]);
        if (kids.size() > 1) item.alias = std::move(std::get<Name>(kids[1]).text);
        item.column = item.alias ? *item.alias : st.text(item.expr->span);
        st.push(std::move(item));
    }
};

template <>
struct action<g::sort_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        SortItem item;
        item.span = st.span(in);
        item.expr = take_expr(kids[0]);
        item.descending = kids.size() > 1;
        st.push(std::move(item));
    }
};

template <>
struct action<g::projection_body> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        Projection p;
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                (t->kind == TagKind::Distinct ? p.distinct : p.star) = true;
            } else if (auto* item = get<ProjectionItem>(kid)) {
                p.items.push_back(std::move(*item));
            } else if (auto* sort = get<SortItem>(kid)) {
                p.order_by.push_back(std::move(*sort));
            } else if (auto* s = get<Slot>(kid)) {
                (s->kind == SlotKind::Skip ? p.skip : p.limit) = std::move(s->expr);
            }
        }
        st.push(std::move(p));
    }
};

template <>
struct action<g::return_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        push_clause(in, st, ReturnClause{std::move(std::get<Projection>(kids[0]))});
    }
};

template <>
struct action<g::with_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        WithClause w;
        w.projection = std::move(std::get<Projection>(kids[0]));
        if (kids.size() > 1) w.where = std::move(std::get<Slot>(kids[1]).expr);
        push_clause(in, st, std::move(w));
    }
};

template <>
struct action<g::create_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        CreateClause c;
        for (auto& kid : kids)
            c.patterns.push_back(std::move(std::get<PatternPart>(kid)));
        push_clause(in, st, std::move(c));
    }
};

template <>
struct action<g::set_property_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        SetItem item;
        item.kind = SetItemKind::Property;
        item.span = st.span(in);
        item.target = take_expr(kids[0]);
        item.value = take_expr(kids.back());
        st.push(std::move(item));
    }
};

template <>
struct action<g::set_variable_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        SetItem item;
        item.kind = SetItemKind::Labels;
        item.span = st.span(in);
        item.variable = std::move(std::get<Name>(kids[0]).text);
        for (std::size_t i = 1; i < kids.size(); ++i) {
            if (auto* t = get<Tag>(kids[i])) {
                item.kind =
                    t->kind == TagKind::SetMerge ? SetItemKind::Merge : SetItemKind::Replace;
            } else if (auto* n = get<Name>(kids[i])) {
                item.labels.push_back(std::move(n->text));
            } else {
                item.value = take_expr(kids[i]);
            }
        }
        st.push(std::move(item));
    }
};

template <>
struct action<g::set_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        push_clause(in, st, SetClause{collect_set_items(kids)});
    }
};

template <>
struct action<g::remove_property_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        RemoveItem item;
        item.span = st.span(in);
        item.property = take_expr(kids[0]);
        st.push(std::move(item));
    }
};

template <>
struct action<g::remove_label_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        RemoveItem item;
        item.is_labels = true;
        item.span = st.span(in);
        item.variable = std::move(std::get<Name>(kids[0]).text);
        for (std::size_t i = 1; i < kids.size(); ++i)
            item.labels.push_back(std::move(std::get<Name>(kids[i]).text));
        st.push(std::move(item));
    }
};

template <>
struct action<g::remove_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        RemoveClause r;
        for (auto& kid : kids)
            r.items.push_back(std::move(std::get<RemoveItem>(kid)));
        push_clause(in, st, std::move(r));
    }
};

template <>
struct action<g::delete_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        DeleteClause d;
        for (auto& kid : kids) {
            if (get<Tag>(kid)) {
                d.detach = true;
            } else {
                d.targets.push_back(take_expr(kid));
            }
        }
        push_clause(in, st, std::move(d));
    }
};

template <>
struct action<g::merge_action> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        MergeAction m;
        m.on_create = std::get<Tag>(kids[0]).kind == TagKind::OnCreate;
        m.items = collect_set_items(kids);
        st.push(std::move(m));
    }
};

template <>
struct action<g::merge_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        MergeClause m;
        m.pattern = std::move(std::get<PatternPart>(kids[0]));
        for (std::size_t i = 1; i < kids.size(); ++i) {
            auto& a = std::get<MergeAction>(kids[i]);
            auto& target = a.on_create ? m.on_create : m.on_match;
            for (auto& item : a.items)
                target.push_back(std::move(item));
        }
        push_clause(in, st, std::move(m));
    }
};

template <>
struct action<g::yield_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        YieldItem item;
        item.span = st.span(in);
        item.field = std::move(std::get<Name>(kids[0]).text);
        if (kids.size() > 1) item.alias = std::move(std::get<Name>(kids[1]).text);
        st.push(std::move(item));
    }
};

template <>
struct action<g::call_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        CallClause c;
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                c.procedure = std::move(n->text);
            } else if (get<Tag>(kid)) {
                c.yield_star = true;
            } else if (auto* y = get<YieldItem>(kid)) {
                c.yields.push_back(std::move(*y));
            } else if (auto* s = get<Slot>(kid)) {
                c.where = std::move(s->expr);
            } else {
                c.args.push_back(take_expr(kid));
            }
        }
        push_clause(in, st, std::move(c));
    }
};

template <>
struct action<g::single_query> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        SingleQuery q;
        q.span = st.span(in);
        for (auto& kid : kids)
            q.clauses.push_back(std::move(std::get<Clause>(kid)));
        st.push(std::move(q));
    }
};

template <>
struct action<g::query> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        Query q;
        bool all = false;
        for (auto& kid : kids) {
            if (get<Tag>(kid)) {
                all = true;
                continue;
            }
            if (!q.parts.empty()) q.union_all.push_back(all);
            all = false;
            q.parts.push_back(std::move(std::get<SingleQuery>(kid)));
        }
        st.push(std::move(q));
    }
};

// The terse form.
template <>
struct action<g::terse_number> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        ExprPtr literal = take_expr(kids[0]);
        TerseOperand op;
        op.span = st.span(in);
        const bool negative = in.begin()[0] == '-';
        if (literal->kind == ExprKind::Integer) {
            op.kind = TerseOperandKind::Integer;
            op.int_value = negative ? -literal->int_value : literal->int_value;
        } else {
            op.kind = TerseOperandKind::Float;
            op.float_value = negative ? -literal->float_value : literal->float_value;
        }
        op.text = st.text(op.span);
        st.push(std::move(op));
    }
};

template <>
struct action<g::terse_string> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        TerseOperand op;
        op.kind = TerseOperandKind::String;
        op.span = st.span(in);
        op.text = std::move(std::get<ExprPtr>(kids[0])->string_value);
        st.push(std::move(op));
    }
};

template <>
struct action<g::terse_word> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        TerseOperand op;
        op.kind = TerseOperandKind::Word;
        op.span = st.span(in);
        op.text = unquote_name(in.string_view());
        st.push(std::move(op));
    }
};

template <>
struct action<g::terse_comparison> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto c = std::make_unique<TerseCondition>();
        c->kind = TerseConditionKind::Compare;
        c->span = st.span(in);
        c->key = std::move(std::get<Name>(kids[0]).text);
        c->op = static_cast<CompareOp>(std::get<Tag>(kids[1]).value);
        c->operand = std::move(std::get<TerseOperand>(kids[2]));
        st.push(std::move(c));
    }
};

template <>
struct action<g::terse_negation> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto c = std::make_unique<TerseCondition>();
        c->kind = TerseConditionKind::Not;
        c->span = st.span(in);
        c->children.push_back(std::move(std::get<TersePtr>(kids[0])));
        st.push(std::move(c));
    }
};

template <TerseConditionKind K>
struct terse_fold_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        if (kids.size() == 1) {
            st.push(std::move(kids[0]));
            return;
        }
        auto c = std::make_unique<TerseCondition>();
        c->kind = K;
        c->span = st.span(in);
        for (auto& kid : kids)
            c->children.push_back(std::move(std::get<TersePtr>(kid)));
        st.push(std::move(c));
    }
};
template <>
struct action<g::terse_and> : terse_fold_action<TerseConditionKind::And> {};
template <>
struct action<g::terse_or> : terse_fold_action<TerseConditionKind::Or> {};

template <>
struct action<g::terse_match> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        TerseMatch m;
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                m.label = std::move(n->text);
                m.label_span = n->span;
            } else if (auto* c = get<TersePtr>(kid)) {
                m.where = std::move(*c);
            } else if (auto* clause = get<Clause>(kid)) {
                m.return_span = clause->span;
                m.return_clause = std::move(std::get<ReturnClause>(clause->body));
            }
        }
        st.push(std::move(m));
    }
};

// Schema and transaction commands.
template <>
struct action<g::create_index> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        CreateIndex c;
        for (auto& kid : kids) {
            auto& n = std::get<Name>(kid);
            switch (n.role) {
                case Role::IndexName:
                    c.name = std::move(n.text);
                    break;
                case Role::Variable:
                    c.variable = std::move(n.text);
                    break;
                case Role::Label:
                    c.label = std::move(n.text);
                    break;
                default:
                    c.properties.push_back(std::move(n.text));
                    break;
            }
        }
        st.push(std::move(c));
    }
};

template <>
struct action<g::drop_index> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        DropIndex d;
        for (auto& kid : kids) {
            auto& n = std::get<Name>(kid);
            switch (n.role) {
                case Role::IndexName:
                    d.name = std::move(n.text);
                    break;
                case Role::Label:
                    d.label = std::move(n.text);
                    break;
                default:
                    d.properties.push_back(std::move(n.text));
                    break;
            }
        }
        st.push(std::move(d));
    }
};

// The parts of a constraint statement: name, IF [NOT] EXISTS, ON ... ASSERT, pattern, property.
template <typename T>
void fill_constraint(T& c, std::vector<Item>& kids) {
    for (auto& kid : kids) {
        if (auto* t = get<Tag>(kid)) {
            if (t->kind == TagKind::IfExists) {
                if constexpr (std::is_same_v<T, CreateConstraint>) {
                    c.if_not_exists = true;
                } else {
                    c.if_exists = true;
                }
            }
            if constexpr (std::is_same_v<T, CreateConstraint>) {
                if (t->kind == TagKind::OldConstraintSyntax) c.is_old_syntax = true;
            }
            continue;
        }
        auto& n = std::get<Name>(kid);
        switch (n.role) {
            case Role::IndexName:
                c.name = std::move(n.text);
                break;
            case Role::Variable:
                c.variable = std::move(n.text);
                break;
            case Role::ConstraintVariable:
                c.property_variable = std::move(n.text);
                c.property_span = n.span;
                break;
            case Role::Label:
                c.label = std::move(n.text);
                break;
            default:
                c.property = std::move(n.text);
                break;
        }
    }
}

template <>
struct action<g::if_not_exists> : tag_action<TagKind::IfExists> {};
template <>
struct action<g::if_exists> : tag_action<TagKind::IfExists> {};
template <>
struct action<g::kw_assert> : tag_action<TagKind::OldConstraintSyntax> {};

template <>
struct action<g::create_constraint> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        CreateConstraint c;
        fill_constraint(c, kids);
        st.push(std::move(c));
    }
};

template <>
struct action<g::drop_constraint> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        DropConstraint d;
        fill_constraint(d, kids);
        st.push(std::move(d));
    }
};

template <>
struct action<g::show_constraints> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        st.push(ShowConstraints{});
    }
};

template <>
struct action<g::show_indexes> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        st.push(ShowIndexes{});
    }
};

template <>
struct action<g::transaction_command> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(TransactionControl{static_cast<TransactionCommand>(std::get<Tag>(kids[0]).value)});
    }
};

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
                                  std::is_same_v<T, ShowConstraints>) {
                        s.body = std::move(body);
                    }
                },
                kid);
        }
        st.result = std::move(s);
    }
};

// The lowest stack address parsing may reach in this thread: its stack's low end plus a reserve
// for the frames between two nesting checks and for throwing. 0 when the bounds are unknown.
// Computed once per thread: on the main thread glibc reads /proc/self/maps for it, which cost
// most of a parse (~70 µs of ~80 µs per statement).
std::uintptr_t compute_stack_floor() {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
    void* low = nullptr;
    std::size_t size = 0;
    const bool known = pthread_attr_getstack(&attr, &low, &size) == 0;
    pthread_attr_destroy(&attr);
    if (!known) return 0;
    const std::size_t reserve = std::max<std::size_t>(256 * 1024, size / 8);
    return reinterpret_cast<std::uintptr_t>(low) + std::min(reserve, size);
}

std::uintptr_t stack_floor() {
    thread_local const std::uintptr_t cached = compute_stack_floor();
    return cached;
}

}  // namespace

// Issue #9: query text is UTF-8 without NUL bytes; anything else ends here with its position
// rather than reaching names, values and the store.
static void check_text(std::string_view text) {
    const std::size_t i = find_bad_text_byte(text);
    if (i == std::string_view::npos) return;
    syntax_error(text[i] == '\0' ? "NUL byte in the query text" : "invalid UTF-8 in the query text",
                 {i, 1});
}

Statement parse(std::string_view text) {
    check_text(text);
    State st(text);
    st.stack_floor = stack_floor();
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.size(), "query");
    try {
        if (!pegtl::parse<g::statement, action, control>(in, st) || !st.result)
            syntax_error("expected a statement", {0, 0});
    } catch (const pegtl::parse_error& e) {
        const std::size_t offset = e.positions().empty() ? 0 : e.positions().front().byte;
        syntax_error(std::string(e.message()), {offset, offset < text.size() ? 1u : 0u});
    }
    return std::move(*st.result);
}

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

std::string render_error(const Error& error, std::string_view source,
                         std::string_view source_name) {
    std::string out(source_name);
    const auto where = error.where();
    if (where) {
        const LineColumn lc = line_column(source, where->offset);
        out += ':' + std::to_string(lc.line) + ':' + std::to_string(lc.column);
    }
    out += std::string(": ") + to_string(error.kind()) + " error: " + error.what();
    if (!where) return out;

    const std::size_t offset = std::min(where->offset, source.size());
    std::size_t begin = 0;
    if (offset > 0) {
        const std::size_t newline = source.rfind('\n', offset - 1);
        if (newline != std::string_view::npos) begin = newline + 1;
    }
    std::size_t end = source.find('\n', begin);
    if (end == std::string_view::npos) end = source.size();
    std::string_view line = source.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += "\n  ";
    out += line;
    out += "\n  ";
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
