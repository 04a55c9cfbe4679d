// The shell's :schema: per label and per relationship type, how many there are and the
// property keys they hold with the kinds of their values, sorted and aligned.
#pragma once

#include <caspian/database.hpp>
#include <caspian/session.hpp>

#include <ostream>

namespace caspian::cli {

// Reads the properties through CALL db.schema.nodeTypeProperties() and relTypeProperties() in
// session (so an open transaction's changes show).
void print_schema(Session& session, const Counts& counts, std::ostream& out);

}  // namespace caspian::cli
