// Prints node and edge ids in test messages (`<< "node " << id`) and gtest's failure output.
#pragma once

#include <caspian/ids.hpp>

#include <ostream>

namespace caspian {

inline std::ostream& operator<<(std::ostream& out, NodeId id) {
    return out << "NodeId(" << id.value << ")";
}
inline std::ostream& operator<<(std::ostream& out, EdgeId id) {
    return out << "EdgeId(" << id.value << ")";
}

}  // namespace caspian
