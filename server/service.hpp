// The interface of a network service of `caspian serve` (Bolt, HTTP); shared by server/bolt and
// server/http, it knows nothing of either protocol.
#pragma once

#include <string>

namespace caspian::server {
// A network service of `caspian serve` (Bolt, HTTP): started on its own threads, stopped by stop().
class Service {
public:
    virtual ~Service() = default;
    virtual std::string describe() const = 0;  // "bolt://127.0.0.1:7687"
    virtual void stop() = 0;
};
}  // namespace caspian::server
