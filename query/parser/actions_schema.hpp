// Actions for schema and transaction commands: CREATE/DROP INDEX, CREATE/DROP CONSTRAINT, SHOW
// INDEXES/CONSTRAINTS, BEGIN/COMMIT/ROLLBACK.
// Included only by parse.cpp: every action<> specialisation must be visible where parse<> is
// instantiated, so the actions stay in one translation unit and the grammar is compiled once.
// state.hpp says why the namespace is unnamed.
#pragma once

#include "query/parser/actions_names.hpp"
#include "query/parser/state.hpp"
#include "value/text.hpp"
#include "value/text_analyzer.hpp"

namespace caspian::query::parser {
namespace {

// What a schema statement's children say, by role: every DDL action below reads its AST from
// this one pass instead of switching over the names itself.
struct SchemaParts {
    std::optional<std::string> name;  // the index's or constraint's
    bool if_exists = false;           // IF NOT EXISTS (create) or IF EXISTS (drop)
    bool old_syntax = false;          // ON ... ASSERT
    std::optional<std::string> variable;
    bool is_relationship = false;
    std::vector<std::string> labels;  // labels, or relationship types
    std::vector<std::string> properties;
    std::vector<Name> property_variables;  // the n of each n.p
    const Expr* options = nullptr;         // OPTIONS {...}; owned by the children
};

inline SchemaParts schema_parts(std::vector<Item>& kids) {
    SchemaParts p;
    for (auto& kid : kids) {
        if (auto* t = get<Tag>(kid)) {
            if (t->kind == TagKind::IfExists) p.if_exists = true;
            if (t->kind == TagKind::OldConstraintSyntax) p.old_syntax = true;
            continue;
        }
        if (auto* e = get<ExprPtr>(kid)) {
            p.options = e->get();
            continue;
        }
        auto& n = std::get<Name>(kid);
        switch (n.role) {
            case Role::IndexName:
                p.name = std::move(n.text);
                break;
            case Role::Variable:
                p.variable = std::move(n.text);
                break;
            case Role::RelType:
                p.is_relationship = true;
                p.labels.push_back(std::move(n.text));
                break;
            case Role::Label:
                p.labels.push_back(std::move(n.text));
                break;
            case Role::ConstraintVariable:
                p.property_variables.push_back(std::move(n));
                break;
            default:
                p.properties.push_back(std::move(n.text));
                break;
        }
    }
    return p;
}

// The full-text and vector forms check here that each n of n.p is the pattern's variable.
inline void require_pattern_variable(const SchemaParts& p) {
    const std::string variable = p.variable.value_or("");
    for (const Name& n : p.property_variables) {
        if (n.text != variable) {
            throw Error(
                ErrorKind::Semantic,
                "variable '" + n.text + "' is not defined (the pattern names '" + variable + "')",
                n.span);
        }
    }
}

inline std::string first_or_empty(const std::vector<std::string>& names) {
    return names.empty() ? std::string() : names.front();
}

template <>
struct action<g::create_index> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        SchemaParts p = schema_parts(kids);
        st.push(CreateIndex{std::move(p.name), std::move(p.variable), first_or_empty(p.labels),
                            std::move(p.properties)});
    }
};

template <>
struct action<g::drop_index> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        SchemaParts p = schema_parts(kids);
        st.push(DropIndex{std::move(p.name), first_or_empty(p.labels), std::move(p.properties)});
    }
};

// The parts of a constraint statement: name, IF [NOT] EXISTS, ON ... ASSERT, pattern, property.
template <typename T>
T constraint_from(SchemaParts& p) {
    T c;
    c.name = std::move(p.name);
    if constexpr (std::is_same_v<T, CreateConstraint>) {
        c.if_not_exists = p.if_exists;
        c.is_old_syntax = p.old_syntax;
    } else {
        c.if_exists = p.if_exists;
    }
    c.variable = p.variable.value_or("");
    if (!p.property_variables.empty()) {
        c.property_variable = p.property_variables.front().text;
        c.property_span = p.property_variables.front().span;
    }
    c.label = first_or_empty(p.labels);
    c.property = first_or_empty(p.properties);
    return c;
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
        SchemaParts p = schema_parts(kids);
        st.push(constraint_from<CreateConstraint>(p));
    }
};

template <>
struct action<g::drop_constraint> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        SchemaParts p = schema_parts(kids);
        st.push(constraint_from<DropConstraint>(p));
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

// The analyzer OPTIONS {indexConfig: {`fulltext.analyzer`: '...'}} names; other keys are errors.
inline std::string fulltext_analyzer(const Expr& options) {
    const auto fail = [](const std::string& what, SourceSpan where) {
        throw Error(ErrorKind::Semantic, what, where);
    };
    if (options.kind != ExprKind::Map) fail("OPTIONS takes a map", options.span);
    std::string analyzer = "standard";
    for (std::size_t i = 0; i < options.keys.size(); ++i) {
        if (options.keys[i] != "indexConfig") {
            fail("unknown index option '" + options.keys[i] + "' (known: indexConfig)",
                 options.span);
        }
        const Expr& config = *options.args[i];
        if (config.kind != ExprKind::Map) fail("indexConfig takes a map", config.span);
        for (std::size_t j = 0; j < config.keys.size(); ++j) {
            const Expr& value = *config.args[j];
            if (config.keys[j] != "fulltext.analyzer") {
                fail("unknown full-text index setting '" + config.keys[j] +
                         "' (known: fulltext.analyzer)",
                     config.span);
            }
            if (value.kind != ExprKind::String || !find_analyzer(value.string_value)) {
                fail("unknown full-text analyzer " +
                         std::string(value.kind == ExprKind::String ? "'" + value.string_value + "'"
                                                                    : "(not a string)") +
                         " (known: standard, english)",
                     value.span);
            }
            analyzer = analyzer_name(*find_analyzer(value.string_value));
        }
    }
    return analyzer;
}

template <>
struct action<g::create_fulltext_index> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        SchemaParts p = schema_parts(kids);
        require_pattern_variable(p);
        CreateFulltextIndex c;
        c.name = p.name.value_or("");
        c.if_not_exists = p.if_exists;
        c.is_relationship = p.is_relationship;
        c.labels = std::move(p.labels);
        c.properties = std::move(p.properties);
        if (p.options) c.analyzer = fulltext_analyzer(*p.options);
        st.push(std::move(c));
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

// OPTIONS {indexConfig: {`vector.dimensions`: 384, `vector.similarity_function`: 'cosine',
// `vector.hnsw.m`: 16, `vector.hnsw.ef_construction`: 200}}: other keys and values are errors.
inline void vector_settings(const Expr& options, CreateVectorIndex& c) {
    const auto fail = [](const std::string& what, SourceSpan where) {
        throw Error(ErrorKind::Semantic, what, where);
    };
    if (options.kind != ExprKind::Map) fail("OPTIONS takes a map", options.span);
    const auto integer = [&](const Expr& value, const std::string& key) {
        if (value.kind != ExprKind::Integer) fail("`" + key + "` must be an integer", value.span);
        return value.int_value;
    };
    for (std::size_t i = 0; i < options.keys.size(); ++i) {
        if (options.keys[i] != "indexConfig") {
            fail("unknown index option '" + options.keys[i] + "' (known: indexConfig)",
                 options.span);
        }
        const Expr& config = *options.args[i];
        if (config.kind != ExprKind::Map) fail("indexConfig takes a map", config.span);
        for (std::size_t j = 0; j < config.keys.size(); ++j) {
            const std::string& key = config.keys[j];
            const Expr& value = *config.args[j];
            if (key == "vector.dimensions") {
                c.dimensions = integer(value, key);
                if (*c.dimensions < 1 || *c.dimensions > 4096)
                    fail("`vector.dimensions` must be from 1 to 4096", value.span);
            } else if (key == "vector.similarity_function") {
                const std::string s =
                    value.kind == ExprKind::String ? ascii_lower(value.string_value) : "";
                if (s != "cosine" && s != "euclidean") {
                    fail("unknown similarity function " +
                             (value.kind == ExprKind::String ? "'" + value.string_value + "'"
                                                             : std::string("(not a string)")) +
                             " (known: cosine, euclidean)",
                         value.span);
                }
                c.similarity = s;
            } else if (key == "vector.hnsw.m") {
                c.m = integer(value, key);
                if (c.m < 2 || c.m > 512) fail("`vector.hnsw.m` must be from 2 to 512", value.span);
            } else if (key == "vector.hnsw.ef_construction") {
                c.ef_construction = integer(value, key);
                if (c.ef_construction < 1 || c.ef_construction > 10000)
                    fail("`vector.hnsw.ef_construction` must be from 1 to 10000", value.span);
            } else {
                fail("unknown vector index setting '" + key +
                         "' (known: vector.dimensions, vector.similarity_function, "
                         "vector.hnsw.m, vector.hnsw.ef_construction)",
                     config.span);
            }
        }
    }
}

template <>
struct action<g::create_vector_index> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        SchemaParts p = schema_parts(kids);
        require_pattern_variable(p);
        CreateVectorIndex c;
        c.name = p.name.value_or("");
        c.if_not_exists = p.if_exists;
        c.is_relationship = p.is_relationship;
        c.label = first_or_empty(p.labels);
        c.property = first_or_empty(p.properties);
        if (p.options) vector_settings(*p.options, c);
        st.push(std::move(c));
    }
};

}  // namespace
}  // namespace caspian::query::parser
