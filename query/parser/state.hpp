// The parse state every action works on: the fragment stack and the PEGTL control that keeps it
// consistent. Included only by parse.cpp and the actions_*.hpp headers it includes (it pulls in
// the whole grammar).
#pragma once

#include "query/ast.hpp"
#include "query/parser/grammar.hpp"
#include "query/parser/grammar_errors.hpp"
#include "query/parser/literals.hpp"
#include "query/parser/parser.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace caspian::query::parser {
// Internal linkage here and in the actions headers, as when the parser was one .cpp: the compiler
// inlines the match and action functions as before, so the code and the stack each nesting level
// uses (stack_floor.hpp) stay as they were (with external linkage parse.cpp.o grew by ~10%).
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;

// ---- fragments on the stack -------------------------------------------------------------------

// Actions push fragments on the stack; a rule's action reduces what its sub-rules pushed. The
// control rolls the stack back whenever a rule fails, so backtracking never leaves stale
// fragments behind (PEGTL does not undo actions itself).

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
    CallParentheses,
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
                          TransactionControl, CreateConstraint, DropConstraint, ShowConstraints,
                          CreateFulltextIndex, CreateVectorIndex, Analyze>;

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

// ---- fragment helpers -------------------------------------------------------------------------

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

template <typename T>
T* get(Item& item) {
    return std::get_if<T>(&item);
}

ExprPtr take_expr(Item& item) {
    return std::move(std::get<ExprPtr>(item));
}

// Every rule without a specialisation in an actions_*.hpp header does nothing.
template <typename Rule>
struct action : pegtl::nothing<Rule> {};

}  // namespace
}  // namespace caspian::query::parser
