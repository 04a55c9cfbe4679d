// Old files for upgrade tests: rewrites the format version a file says it has, as a file written
// by an older build would say it.
#pragma once

#include "storage/bytes.hpp"
#include "storage/env.hpp"

#include <cstdint>
#include <string>

namespace caspian::testing {

inline void set_stored_format_version(storage::WriteTxn& txn, std::uint32_t version) {
    std::string bytes;
    storage::append_be32(bytes, version);
    txn.put(txn.tables().meta, storage::format_version_key, bytes);
}

}  // namespace caspian::testing
