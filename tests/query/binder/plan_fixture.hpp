// A small stored graph to bind and plan parsed statements against (nothing runs): the fixture of
// the binder tests and of plan/'s scan and union tests. Links only caspian_query.
#pragma once

#include "query/optimizer/optimizer.hpp"
#include "query/parser/parser.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>

namespace caspian::query::plan {

// Ten People, two of them also Admins, who KNOW each other in a ring.
class PlanFixture : public ::testing::Test {
protected:
    void SetUp() override {
        storage::WriteTxn txn(*env_);
        graph::GraphWriter g(txn);
        const auto key = g.intern<graph::NameKind::Property>("key");
        const auto person = g.intern<graph::NameKind::Label>("Person");
        const auto admin = g.intern<graph::NameKind::Label>("Admin");
        const auto knows = g.intern<graph::NameKind::Type>("KNOWS");
        std::vector<NodeId> people;
        for (int i = 0; i < 10; ++i) {
            people.push_back(g.create_node(i < 2 ? std::vector{person, admin} : std::vector{person},
                                           {{key, Value("p" + std::to_string(i))}}));
        }
        for (std::size_t i = 0; i < people.size(); ++i)
            g.create_edge(people[i], knows, people[(i + 1) % people.size()], {});
        txn.commit();
    }

    PlannedQuery plan_of(const std::string& text) {
        Statement statement = parse(text);
        storage::ReadTxn read(*env_);
        graph::GraphReader reader(read);
        return optimizer::optimize(plan_query(std::get<Query>(statement.body), reader));
    }

    std::string explain_of(const std::string& text) {
        PlannedQuery planned = plan_of(text);
        return explain(*planned.root, planned.slot_names);
    }

    // The semantic error planning text raises (a failure if it plans).
    Error error_of(const std::string& text) {
        try {
            plan_of(text);
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Semantic) << text << ": " << e.what();
            return e;
        }
        ADD_FAILURE() << "planned without an error: " << text;
        return Error(ErrorKind::Internal, "none");
    }

    caspian::testing::TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

// Where in text the error points, as the offset of the nth (from 0) occurrence of needle.
inline std::size_t offset_of(const std::string& text, const std::string& needle, int nth = 0) {
    std::size_t at = text.find(needle);
    for (int i = 0; i < nth && at != std::string::npos; ++i)
        at = text.find(needle, at + 1);
    return at;
}

}  // namespace caspian::query::plan
