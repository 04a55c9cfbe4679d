// Full-text indexes (issue #17): their catalog, building, upkeep within the writer's transaction
// and the check against the data. Searching them is graph/fulltext_search.hpp. No ICU here.
#pragma once

#include "graph/ids.hpp"

#include "storage/codec.hpp"
#include "value/text_analyzer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::graph {

class GraphReader;
class GraphWriter;

enum class FulltextEntity : char { Node = 'n', Relationship = 'r' };

struct FulltextIndex {
    std::string name;
    std::uint32_t id = 0;  // given by create_fulltext_index
    FulltextEntity entity = FulltextEntity::Node;
    Analyzer analyzer = Analyzer::Standard;
    std::vector<std::uint32_t> tokens;   // label ids (nodes) or type ids (relationships), sorted
    std::vector<PropertyId> properties;  // in the order given: a property's place is its field

    // Whether a node with these labels (a relationship of this type) is a document here.
    [[nodiscard]] bool covers(const std::vector<std::uint32_t>& labels_or_type) const;
    // The field of a property; nullopt when the index does not hold it.
    [[nodiscard]] std::optional<std::uint32_t> field(PropertyId property) const;
};

// The stored counts BM25 needs.
struct FulltextStats {
    std::uint64_t documents = 0;
    std::uint64_t tokens = 0;
};

// Every full-text index, by name. Error{Corrupt} for a catalog entry that does not decode.
[[nodiscard]] std::vector<FulltextIndex> fulltext_indexes(const GraphReader& reader);
[[nodiscard]] std::optional<FulltextIndex> find_fulltext_index(const GraphReader& reader,
                                                               std::string_view name);
[[nodiscard]] FulltextStats fulltext_stats(const GraphReader& reader, std::uint32_t index);

// Stores the index and builds its entries from the data already stored. Returns false when an
// index of that name exists and if_not_exists; otherwise that is Error{Semantic}, as are an
// empty label or property list and a name over 400 bytes.
bool create_fulltext_index(GraphWriter& writer, FulltextIndex index, bool if_not_exists);
// Deletes the index and all its entries; false when there is none of that name.
bool drop_fulltext_index(GraphWriter& writer, std::string_view name);

// Adds (or removes) the entries of one document: the string values of the index's properties
// among properties. The caller checked covers(); removing reads the terms from the values, so
// it must be given the values that were indexed.
void fulltext_document(GraphWriter& writer, const FulltextIndex& index, std::uint64_t id,
                       const storage::PropertyIds& properties, bool add);

// Rebuilds the index from the data in memory and compares every stored entry with it: one line
// per disagreement (at most max_problems).
[[nodiscard]] std::vector<std::string> check_fulltext_index(const GraphReader& reader,
                                                            const FulltextIndex& index,
                                                            std::size_t max_problems = 100);

}  // namespace caspian::graph
