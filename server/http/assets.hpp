// The web explorer's files, compiled into the binary (server/http/embed_assets.cmake writes their
// bytes into a generated .cpp): the only things GET serves; a request path never reaches a file.
#pragma once

#include <span>
#include <string_view>

namespace caspian::server::http {

struct Asset {
    std::string_view path;  // "/explorer.js"; index.html is served at "/"
    std::string_view content_type;
    std::string_view body;
};

std::span<const Asset> explorer_assets();

}  // namespace caspian::server::http
