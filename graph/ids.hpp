// Strong ids of labels, edge types and property keys: passing one where another belongs fails to
// compile (as Kùzu's table_id_t and property_id_t do). One u32 each, no cost; only the key
// encoders (keys.hpp) and the stored records (storage/codec.hpp) see the integer.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace caspian::graph {

// One id space per kind of name; the kind byte leads both dictionary keys (keys.hpp).
enum class NameKind : char { Label = 'l', Type = 't', Property = 'p' };

// The id of a name of one kind. Explicit from the integer (a decoder or a test says which kind
// it means); `.value` is what the key encoders write.
template <NameKind Kind>
struct NameId {
    std::uint32_t value = 0;

    constexpr NameId() noexcept = default;
    constexpr explicit NameId(std::uint32_t v) noexcept : value(v) {}
    friend constexpr auto operator<=>(NameId, NameId) = default;
};

using LabelId = NameId<NameKind::Label>;
using TypeId = NameId<NameKind::Type>;
using PropertyId = NameId<NameKind::Property>;

}  // namespace caspian::graph

template <caspian::graph::NameKind Kind>
struct std::hash<caspian::graph::NameId<Kind>> {
    std::size_t operator()(caspian::graph::NameId<Kind> id) const noexcept {
        return std::hash<std::uint32_t>{}(id.value);
    }
};
