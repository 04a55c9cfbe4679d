// The `caspian` command (issue #5 grows it): for now `query DB STATEMENT` and `--version`.
#include <caspian/database.hpp>

#include <cstring>
#include <iostream>

int main(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "--version") == 0) {
        std::cout << "caspian 0.1.0\n";
        return 0;
    }
    if (argc != 4 || std::strcmp(argv[1], "query") != 0) {
        std::cerr << "usage: caspian query DB STATEMENT\n";
        return 2;
    }
    try {
        auto db = caspian::Database::open(argv[2]);
        auto result = db.query(argv[3]);
        while (result.next()) {
            std::string line;
            for (const auto& v : result.row()) line += (line.empty() ? "" : " | ") + caspian::to_literal(v);
            std::cout << line << "\n";
        }
    } catch (const caspian::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
