// Call: runs a procedure once per input row (arguments evaluated against that row) and yields
// the input row extended by each result row's YIELDed fields. Must not check names or
// argument counts: the planner did.
#include "query/exec/eval.hpp"
#include "query/exec/unary_cursor.hpp"
#include "query/procedures/registry.hpp"

#include <caspian/error.hpp>

#include <algorithm>

namespace caspian::query::exec {

namespace {
class CallCursor : public UnaryCursor {
public:
    CallCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx),
          call_(std::get<plan::CallArgs>(node.args)),
          proc_(find_procedure(call_.procedure)) {
        if (proc_ == nullptr) {
            throw Error(ErrorKind::Internal, "unknown procedure '" + call_.procedure + "' in plan");
        }
        for (const std::string& column : call_.fields) {
            const auto it = std::find(proc_->fields.begin(), proc_->fields.end(), column);
            if (it == proc_->fields.end()) {
                throw Error(ErrorKind::Internal, "procedure '" + call_.procedure +
                                                     "' has no field '" + column + "' in plan");
            }
            field_index_.push_back(static_cast<std::size_t>(it - proc_->fields.begin()));
        }
    }
    void open(const Row& seed) override {
        child_->open(seed);
        results_.clear();
        pos_ = 0;
    }
    bool next(Row& row) override {
        while (pos_ == results_.size()) {
            if (!child_->next(in_)) return false;
            args_.clear();
            for (const plan::Expr& e : call_.arguments)
                args_.push_back(eval(e, in_, ctx_));
            try {
                results_ = call_.where ? proc_->run_filtered(ctx_, args_, accept_)
                                       : proc_->run(ctx_, args_);
            } catch (const ProcedureArgumentError& e) {
                const std::size_t i = e.argument();
                throw e.with_where(i < call_.arguments.size() ? call_.arguments[i].span
                                                              : node_.span);
            } catch (const Error& e) {
                if (e.where()) throw;
                throw e.with_where(node_.span);
            }
            pos_ = 0;
            // A procedure without fields (void) runs for its effect: the row goes on once.
            if (proc_->fields.empty() && call_.void_passes_rows) {
                row = in_;
                return true;
            }
        }
        row = in_;
        fill(row, results_[pos_++]);
        return true;
    }

private:
    void fill(Row& row, std::vector<Value>& result) const {
        for (std::size_t i = 0; i < field_index_.size(); ++i)
            row[call_.slots[i]] = std::move(result[field_index_[i]]);
    }
    // The YIELD ... WHERE of run_filtered, on a copy of the input row with the result's fields.
    bool passes(const std::vector<Value>& result) {
        Row row = in_;
        std::vector<Value> copy = result;
        fill(row, copy);
        return eval_predicate(*call_.where, row, ctx_);
    }

    const plan::CallArgs& call_;
    const ProcedureInfo* proc_;
    std::vector<std::size_t>
        field_index_;  // call_.fields[i] is the procedure's field field_index_[i]
    Row in_;
    std::vector<Value> args_;
    std::vector<std::vector<Value>> results_;
    std::size_t pos_ = 0;
    std::function<bool(const std::vector<Value>&)> accept_ = [this](const std::vector<Value>& r) {
        return passes(r);
    };
};
}  // namespace

CursorPtr make_call(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<CallCursor>(node, ctx);
}

}  // namespace caspian::query::exec
