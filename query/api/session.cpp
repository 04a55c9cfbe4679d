// Statement entry points. TODO(#3): parse, bind, plan and execute; until then every statement
// is refused with a clear error.
#include "query/api/session.hpp"

namespace caspian::query {

namespace {
[[noreturn]] void not_built() {
    throw Error(ErrorKind::Usage, "the query engine is not built yet (issue #3)");
}
}  // namespace

Result run_statement(const graph::GraphReader&, std::string_view, const Params&) { not_built(); }
Result run_statement(graph::GraphWriter&, std::string_view, const Params&) { not_built(); }
Result run_autocommit(std::shared_ptr<storage::Env>, std::string_view, const Params&) {
    not_built();
}

}  // namespace caspian::query
