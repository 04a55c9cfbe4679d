// The function registry: every family's table indexed by lower-cased name, and the aggregate
// functions' entries (their implementation is make_aggregator, aggregates.cpp).
#include "query/functions/scalar.hpp"
#include "value/text.hpp"

#include <string>
#include <unordered_map>

namespace caspian::query {

namespace {

const FunctionInfo aggregate_functions[] = {
    {"count", 1, 1, true, nullptr},
    {"sum", 1, 1, true, nullptr},
    {"avg", 1, 1, true, nullptr},
    {"min", 1, 1, true, nullptr},
    {"max", 1, 1, true, nullptr},
    {"collect", 1, 1, true, nullptr},
    {"stDev", 1, 1, true, nullptr},
    {"stDevP", 1, 1, true, nullptr},
    {"percentileCont", 2, 2, true, nullptr},
    {"percentileDisc", 2, 2, true, nullptr},
};

const std::unordered_map<std::string, const FunctionInfo*>& registry() {
    static const std::unordered_map<std::string, const FunctionInfo*> map = [] {
        std::unordered_map<std::string, const FunctionInfo*> m;
        for (const std::span<const FunctionInfo> family :
             {list_functions(), string_functions(), conversion_functions(), math_functions(),
              graph_value_functions(), temporal_functions(), vector_functions(),
              std::span<const FunctionInfo>(aggregate_functions)}) {
            for (const FunctionInfo& f : family)
                m.emplace(ascii_lower(f.name), &f);
        }
        return m;
    }();
    return map;
}

}  // namespace

const FunctionInfo* find_function(std::string_view name) {
    const auto& map = registry();
    const auto it = map.find(ascii_lower(name));
    return it == map.end() ? nullptr : it->second;
}

}  // namespace caspian::query
