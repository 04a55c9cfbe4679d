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
        CreateFulltextIndex c;
        std::string variable;
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                if (t->kind == TagKind::IfExists) c.if_not_exists = true;
                continue;
            }
            if (auto* e = get<ExprPtr>(kid)) {
                c.analyzer = fulltext_analyzer(**e);
                continue;
            }
            auto& n = std::get<Name>(kid);
            switch (n.role) {
                case Role::IndexName:
                    c.name = std::move(n.text);
                    break;
                case Role::Variable:
                    variable = std::move(n.text);
                    break;
                case Role::Label:
                    c.labels.push_back(std::move(n.text));
                    break;
                case Role::RelType:
                    c.is_relationship = true;
                    c.labels.push_back(std::move(n.text));
                    break;
                case Role::ConstraintVariable:
                    if (n.text != variable) {
                        throw Error(ErrorKind::Semantic,
                                    "variable '" + n.text +
                                        "' is not defined (the pattern names '" + variable + "')",
                                    n.span);
                    }
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
        CreateVectorIndex c;
        std::string variable;
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                if (t->kind == TagKind::IfExists) c.if_not_exists = true;
                continue;
            }
            if (auto* e = get<ExprPtr>(kid)) {
                vector_settings(**e, c);
                continue;
            }
            auto& n = std::get<Name>(kid);
            switch (n.role) {
                case Role::IndexName:
                    c.name = std::move(n.text);
                    break;
                case Role::Variable:
                    variable = std::move(n.text);
                    break;
                case Role::Label:
                    c.label = std::move(n.text);
                    break;
                case Role::ConstraintVariable:
                    if (n.text != variable) {
                        throw Error(ErrorKind::Semantic,
                                    "variable '" + n.text +
                                        "' is not defined (the pattern names '" + variable + "')",
                                    n.span);
                    }
                    break;
                default:
                    c.property = std::move(n.text);
                    break;
            }
        }
        st.push(std::move(c));
    }
};

}  // namespace
}  // namespace caspian::query::parser
