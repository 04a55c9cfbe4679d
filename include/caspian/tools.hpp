// Tools over a whole database, behind the `caspian` command: one include for JSON rendering of
// values, splitting of statement scripts, maintenance (stats, check, backup), bulk import and
// export. Each header states its own contracts. Standard library only.
#pragma once

#include <caspian/import_export.hpp>
#include <caspian/json.hpp>
#include <caspian/maintenance.hpp>
#include <caspian/script.hpp>
