// The metrics read when Prometheus scrapes rather than counted as calls
// happen: devices by state and how many were seen lately, the database's
// size on disk, commit time, and the build. Appended after Metrics::Render().
//
// Thread-safe (the Store is); each scrape lists the devices once.
#ifndef HROMADA_SERVER_OPS_METRICS_GAUGES_H_
#define HROMADA_SERVER_OPS_METRICS_GAUGES_H_

#include <string>

#include "server/store/store.h"
#include "shared/base/clock.h"

namespace hromada::server {

// Appends the gauges to `out`; the database's size and commits are the
// store's (Store::Stats). A store that cannot be read leaves its device
// series out and sets hromada_scrape_error to 1 instead.
void AppendGauges(Store& store, const Clock& clock, std::string& out);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_OPS_METRICS_GAUGES_H_
