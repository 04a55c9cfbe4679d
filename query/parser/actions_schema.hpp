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

// The action of a DDL statement: build makes its AST from the children's SchemaParts.
template <auto build>
struct schema_action {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        SchemaParts p = schema_parts(kids);
        st.push(build(p));
    }
};

inline CreateIndex create_index_from(SchemaParts& p) {
    return {std::move(p.name), std::move(p.variable), first_or_empty(p.labels),
            std::move(p.properties)};
}

inline DropIndex drop_index_from(SchemaParts& p) {
    return {std::move(p.name), first_or_empty(p.labels), std::move(p.properties)};
}

template <>
struct action<g::create_index> : schema_action<&create_index_from> {};
template <>
struct action<g::drop_index> : schema_action<&drop_index_from> {};

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
struct action<g::create_constraint> : schema_action<&constraint_from<CreateConstraint>> {};
template <>
struct action<g::drop_constraint> : schema_action<&constraint_from<DropConstraint>> {};

template <>
struct action<g::show_constraints> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        st.push(ShowConstraints{});
    }
};

template <>
struct action<g::analyze> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        st.push(Analyze{});
    }
};

template <>
struct action<g::show_indexes> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        st.push(ShowIndexes{});
    }
};

[[noreturn]] inline void bad_option(const std::string& what, SourceSpan where) {
    throw Error(ErrorKind::Semantic, what, where);
}

// Calls setting(key, value, config) for each entry of OPTIONS {indexConfig: {key: value, ...}}
// (config: the inner map, where an unknown key is reported); anything else is an error.
template <typename Setting>
void for_each_index_setting(const Expr& options, const Setting& setting) {
    if (options.kind != ExprKind::Map) bad_option("OPTIONS takes a map", options.span);
    for (std::size_t i = 0; i < options.keys.size(); ++i) {
        if (options.keys[i] != "indexConfig") {
            bad_option("unknown index option '" + options.keys[i] + "' (known: indexConfig)",
                       options.span);
        }
        const Expr& config = *options.args[i];
        if (config.kind != ExprKind::Map) bad_option("indexConfig takes a map", config.span);
        for (std::size_t j = 0; j < config.keys.size(); ++j)
            setting(config.keys[j], *config.args[j], config);
    }
}

// The analyzer OPTIONS {indexConfig: {`fulltext.analyzer`: '...'}} names; other keys are errors.
inline std::string fulltext_analyzer(const Expr& options) {
    std::string analyzer = "standard";
    for_each_index_setting(options, [&](const std::string& key, const Expr& value,
                                        const Expr& config) {
        if (key != "fulltext.analyzer") {
            bad_option("unknown full-text index setting '" + key + "' (known: fulltext.analyzer)",
                       config.span);
        }
        if (value.kind != ExprKind::String || !find_analyzer(value.string_value)) {
            bad_option(
                "unknown full-text analyzer " +
                    std::string(value.kind == ExprKind::String ? "'" + value.string_value + "'"
                                                               : "(not a string)") +
                    " (known: standard, english)",
                value.span);
        }
        analyzer = analyzer_name(*find_analyzer(value.string_value));
    });
    return analyzer;
}

// The name, IF NOT EXISTS and entity of a full-text or vector index, each n of n.p checked.
template <typename T>
T search_index_from(SchemaParts& p) {
    require_pattern_variable(p);
    T c;
    c.name = p.name.value_or("");
    c.if_not_exists = p.if_exists;
    c.is_relationship = p.is_relationship;
    return c;
}

inline CreateFulltextIndex fulltext_index_from(SchemaParts& p) {
    auto c = search_index_from<CreateFulltextIndex>(p);
    c.labels = std::move(p.labels);
    c.properties = std::move(p.properties);
    if (p.options) c.analyzer = fulltext_analyzer(*p.options);
    return c;
}

template <>
struct action<g::create_fulltext_index> : schema_action<&fulltext_index_from> {};

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
    // An integer setting within [low, high].
    const auto integer = [](const Expr& value, const std::string& key, std::int64_t low,
                            std::int64_t high) {
        if (value.kind != ExprKind::Integer)
            bad_option("`" + key + "` must be an integer", value.span);
        if (value.int_value < low || value.int_value > high) {
            bad_option(
                "`" + key + "` must be from " + std::to_string(low) + " to " + std::to_string(high),
                value.span);
        }
        return value.int_value;
    };
    for_each_index_setting(options, [&](const std::string& key, const Expr& value,
                                        const Expr& config) {
        if (key == "vector.dimensions") {
            c.dimensions = integer(value, key, 1, 4096);
        } else if (key == "vector.similarity_function") {
            const std::string s =
                value.kind == ExprKind::String ? ascii_lower(value.string_value) : "";
            if (s != "cosine" && s != "euclidean") {
                bad_option("unknown similarity function " +
                               (value.kind == ExprKind::String ? "'" + value.string_value + "'"
                                                               : std::string("(not a string)")) +
                               " (known: cosine, euclidean)",
                           value.span);
            }
            c.similarity = s;
        } else if (key == "vector.hnsw.m") {
            c.m = integer(value, key, 2, 512);
        } else if (key == "vector.hnsw.ef_construction") {
            c.ef_construction = integer(value, key, 1, 10000);
        } else {
            bad_option("unknown vector index setting '" + key +
                           "' (known: vector.dimensions, vector.similarity_function, "
                           "vector.hnsw.m, vector.hnsw.ef_construction)",
                       config.span);
        }
    });
}

inline CreateVectorIndex vector_index_from(SchemaParts& p) {
    auto c = search_index_from<CreateVectorIndex>(p);
    c.label = first_or_empty(p.labels);
    c.property = first_or_empty(p.properties);
    if (p.options) vector_settings(*p.options, c);
    return c;
}

template <>
struct action<g::create_vector_index> : schema_action<&vector_index_from> {};

}  // namespace
}  // namespace caspian::query::parser
