// SPDX-License-Identifier: Apache-2.0
// Private to store: the schema, as numbered migrations that run on both backends.
#pragma once

#include "database.hpp"

namespace exray::store {

// The newest schema version this build knows.
[[nodiscard]] int latest_schema_version() noexcept;

// Applies the migrations the store lacks, each in its own transaction under the migration lock,
// and returns the version reached. A store newer than this build is refused: an older exray
// must not write rows a newer one would misread.
[[nodiscard]] Result<int> migrate(Database& db);

// The store's version, for a reader that may not migrate: a store older or newer than this
// build is refused, with what to do.
[[nodiscard]] Result<int> check_version(Database& db);

}  // namespace exray::store
