// Argument: the leaf that yields, once, the row its parent seeded (the input row of an Apply's
// right side, or the empty row a statement starts from).
#include "query/exec/cursor.hpp"

namespace caspian::query::exec {

namespace {
class ArgumentCursor : public Cursor {
public:
    void open(const Row& seed) override {
        seed_ = seed;
        done_ = false;
    }
    bool next(Row& row) override {
        if (done_) return false;
        done_ = true;
        row = seed_;
        return true;
    }

private:
    Row seed_;
    bool done_ = true;
};
}  // namespace

CursorPtr make_leaf(const plan::PlanNode&, ExecContext&) {
    return std::make_unique<ArgumentCursor>();
}

}  // namespace caspian::query::exec
