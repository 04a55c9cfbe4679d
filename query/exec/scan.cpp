// The start of a pattern: every node, the nodes of a label, a node by its unique key, or the
// nodes a property index finds. Scans read ids in batches and resume by id, so no cursor is
// held across rows (and across the writes of later clauses).
#include "query/exec/cursor.hpp"
#include "query/exec/eval.hpp"
#include "query/exec/kept_adjacency.hpp"

#include <caspian/error.hpp>

#include <algorithm>

namespace caspian::query::exec {

namespace {

constexpr std::size_t batch_size = 512;

class ScanCursor : public Cursor {
public:
    ScanCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node), ctx_(ctx), slot_(bound_slot(node)) {}

    void open(const Row& seed) override {
        seed_ = seed;
        record_filter_ = RecordFilter();  // a Filter above offers its own after each open
        batch_.clear();
        records_.clear();
        pos_ = 0;
        next_from_ = NodeId{1};
        end_ = NodeId{0};  // none
        exhausted_ = false;
        if (&node_ == ctx_.morsel_scan) {  // a worker of a parallel aggregate (issue #20)
            next_from_ = ctx_.morsel.first;
            end_ = ctx_.morsel.second;
        }
        if (node_.kind == plan::Kind::LabelScan) {
            label_ = ctx_.find<graph::NameKind::Label>(node_.as<plan::ScanArgs>().label);
            exhausted_ = !label_;
        }
        if (node_.kind == plan::Kind::IndexSeek) seek();
        if (node_.kind == plan::Kind::KeyLookup) {
            exhausted_ = true;
            const Value key = eval(node_.as<plan::KeyLookupArgs>().key, seed_, ctx_);
            if (key.kind() == ValueKind::String) {
                if (auto id = ctx_.reader().find_key(key.as_string())) batch_.push_back(*id);
            }
        }
    }

    bool next(Row& row) override {
        for (;;) {
            while (pos_ == batch_.size()) {
                if (exhausted_) return false;
                refill();
            }
            ctx_.check_cancel();
            // Records the Filter above would drop build no row (issue #20).
            if (record_filter_.empty() || records_.empty() ||
                record_filter_.may_pass(records_[pos_]))
                break;
            ++pos_;
        }
        row = seed_;
        if (!records_.empty()) ctx_.remember_node(batch_[pos_], records_[pos_]);
        row[slot_] = ctx_.node_ref(batch_[pos_++]);
        return true;
    }

    bool take_record_filter(int slot, RecordFilter filter) override {
        // Only a whole-node scan of a read-only statement that reads the records hands them over.
        if (node_.kind != plan::Kind::AllNodesScan || !ctx_.keeps_records() || slot != slot_ ||
            node_.as<plan::ScanArgs>().with_edges)
            return false;
        record_filter_ = std::move(filter);
        return true;
    }

private:
    // All candidates of the index range at once; the Filter above re-checks each.
    void seek() {
        exhausted_ = true;
        const auto& args = node_.as<plan::IndexSeekArgs>();
        auto label = ctx_.find<graph::NameKind::Label>(args.label);
        auto prop = ctx_.find<graph::NameKind::Property>(args.property);
        if (!label || !prop || !ctx_.reader().has_index(*label, *prop)) return;
        std::optional<Value> lower, upper;
        if (args.lower) lower = eval(*args.lower, seed_, ctx_);
        if (args.upper) upper = eval(*args.upper, seed_, ctx_);
        if ((lower && lower->is_null()) || (upper && upper->is_null())) return;
        // A wide range reads millions of ids before the first row: poll the timeout meanwhile.
        graph::InterruptPoll poll(ctx_.interrupt(), 1024);
        auto push = [this, &poll](NodeId id) {
            poll.tick();
            batch_.push_back(id);
            return true;
        };
        // Lists are not in the index: every node of the label is a candidate.
        if ((lower && !graph::is_indexable(*lower)) || (upper && !graph::is_indexable(*upper))) {
            ctx_.reader().scan_label(*label, push);
            return;
        }
        ctx_.reader().index_scan(*label, *prop, lower, upper, push);
    }

    void refill() {
        batch_.clear();
        records_.clear();
        pos_ = 0;
        bool past_end = false;
        auto take = [this, &past_end](NodeId id) {
            if (end_.value != 0 && id.value >= end_.value) {
                past_end = true;
                return false;
            }
            batch_.push_back(id);
            return batch_.size() < batch_size;
        };
        if (node_.kind == plan::Kind::LabelScan) {
            ctx_.reader().scan_label(*label_, take, next_from_);
        } else if (const auto& dir = node_.as<plan::ScanArgs>().with_edges) {
            // A reader per batch, as the other scans: no cursor is held across rows.
            graph::AdjacencyReader adjacency(ctx_.reader().txn());
            NodeId from = next_from_;
            while (batch_.size() < batch_size) {
                const auto id = adjacency.next_node(from, adjacency_direction(*dir));
                if (!id || (end_.value != 0 && id->value >= end_.value)) {
                    past_end = true;
                    break;
                }
                batch_.push_back(*id);
                from = NodeId{id->value + 1};
            }
        } else if (ctx_.keeps_records()) {
            // Read-only: the records stay put, so property reads use them (issue #8). A morsel
            // reads no further than its end.
            std::size_t want = batch_size;
            if (end_.value != 0) {
                if (next_from_.value >= end_.value) {
                    exhausted_ = true;
                    return;
                }
                want = std::min<std::uint64_t>(want, end_.value - next_from_.value);
            }
            ctx_.reader().node_records(next_from_, want, batch_, records_);
            while (end_.value != 0 && !batch_.empty() && batch_.back().value >= end_.value) {
                batch_.pop_back();
                records_.pop_back();
            }
            past_end = batch_.size() < want || want < batch_size;
        } else {
            ctx_.reader().scan_nodes(take, next_from_);
        }
        if (batch_.size() < batch_size || past_end) exhausted_ = true;
        if (!batch_.empty()) next_from_ = NodeId{batch_.back().value + 1};
    }

    // The slot each kind binds.
    static int bound_slot(const plan::PlanNode& node) {
        switch (node.kind) {
            case plan::Kind::KeyLookup:
                return node.as<plan::KeyLookupArgs>().slot;
            case plan::Kind::IndexSeek:
                return node.as<plan::IndexSeekArgs>().slot;
            default:
                return node.as<plan::ScanArgs>().slot;
        }
    }

    const plan::PlanNode& node_;
    ExecContext& ctx_;
    const int slot_;
    Row seed_;
    std::vector<NodeId> batch_;
    std::vector<std::string_view> records_;  // batch_'s records when the context keeps them
    std::size_t pos_ = 0;
    NodeId next_from_{1};
    NodeId end_{0};  // the morsel's end (exclusive); 0: none
    bool exhausted_ = false;
    std::optional<graph::LabelId> label_;
    RecordFilter record_filter_;
};

}  // namespace

CursorPtr make_scan(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<ScanCursor>(node, ctx);
}

}  // namespace caspian::query::exec
