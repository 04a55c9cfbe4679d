// A small program embedding caspian through <caspian/...> only: it builds a tiny graph (Belarus,
// Azerbaijan and a visit), reads it back and prints it. Usage: embedding_example [DIR]
// (default: a fresh directory under the system temporary directory, removed at the end).
#include <caspian/database.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <random>
#include <string>

namespace {

std::filesystem::path default_dir() {
    return std::filesystem::temp_directory_path() /
           ("caspian-embedding-" + std::to_string(std::random_device{}()));
}

}  // namespace

int main(int argc, char** argv) {
    const bool own_dir = argc < 2;
    const std::filesystem::path dir = own_dir ? default_dir() : std::filesystem::path(argv[1]);
    int status = EXIT_SUCCESS;
    try {
        caspian::Database db = caspian::Database::open(dir);

        // One write transaction: committed when the function returns, rolled back if it
        // throws, run again if the map had to grow.
        caspian::EdgeId visit;
        db.update([&](caspian::WriteTransaction& txn) {
            const caspian::NodeId by =
                txn.create_node({"Country"}, {{"key", "BY"}, {"name", "Belarus"}});
            const caspian::NodeId az = txn.create_node(
                {"Country"}, {{"key", "AZ"}, {"name", "Azerbaijan"}, {"capital", "Baku"}});
            visit = txn.create_edge(by, "VISITED", az,
                                    {{"date", caspian::make_date(2022, 5, 18)},
                                     {"days", 2},
                                     {"purpose", "working visit"}});
        });

        // A read transaction sees the snapshot taken when it began.
        caspian::ReadTransaction txn = db.begin_read();
        const std::optional<caspian::NodeId> by = txn.find_node("BY");
        if (!by) throw caspian::Error(caspian::ErrorKind::Internal, "BY is not in the key index");
        std::cout << "node " << by->value << ": " << caspian::to_literal(*txn.node(*by)) << "\n";
        for (const caspian::Edge& e : txn.edges(*by, caspian::Direction::Out, "VISITED")) {
            std::cout << "  -" << caspian::to_literal(e) << "-> "
                      << caspian::to_literal(*txn.node(e.dst)) << "\n";
        }
        const caspian::Edge edge = *txn.edge(visit);
        const caspian::Value* date = caspian::find_property(edge.properties, "date");
        std::cout << "visit date: " << caspian::to_iso(date->as_date()) << "\n";
        const caspian::Counts counts = txn.counts();
        std::cout << counts.nodes << " nodes, " << counts.edges << " edge(s)\n";

        // Errors are caspian::Error with a kind: a second node with key BY breaks the key index.
        try {
            db.update([](caspian::WriteTransaction& w) { w.create_node({}, {{"key", "BY"}}); });
        } catch (const caspian::Error& e) {
            std::cout << caspian::to_string(e.kind()) << " error: " << e.what() << "\n";
        }
    } catch (const caspian::Error& e) {
        std::cerr << "embedding: " << caspian::to_string(e.kind()) << " error: " << e.what()
                  << "\n";
        status = EXIT_FAILURE;
    }
    if (own_dir) {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    return status;
}
