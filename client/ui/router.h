// The web screen's router: method and exact path to a handler, and what
// the route needs before it runs: an unlocked profile (most do), and
// whether a call counts as the person being active (the idle lock's
// clock; a progress poll does not). Paths have no parameters: ids travel
// in the query or the JSON body, never as personal text in a path.
// Not thread-safe to build; Find is safe once built.
#ifndef HROMADA_CLIENT_UI_ROUTER_H_
#define HROMADA_CLIENT_UI_ROUTER_H_

#include <map>
#include <string>
#include <utility>

#include "client/ui/http.h"

namespace hromada::ui {

struct Route {
  Handler handler;
  bool needs_profile = true;  // refused while locked (the page shows the unlock form)
  bool is_activity = true;    // resets the idle lock's clock
  // A POST that changes no record (a search whose text must stay out of
  // the address). Every other POST counts as a change (App's data
  // generation).
  bool reads_only = false;
};

class Router {
 public:
  void Add(const std::string& method, const std::string& path, Route route) {
    routes_[{method, path}] = std::move(route);
  }
  // The route for the request's method and path, or nullptr.
  const Route* Find(const Request& request) const {
    auto it = routes_.find({request.method, request.path});
    return it == routes_.end() ? nullptr : &it->second;
  }
  // Whether some method serves `path` (405 rather than 404).
  bool Knows(const std::string& path) const {
    for (const auto& [key, route] : routes_) {
      if (key.second == path) return true;
    }
    return false;
  }

 private:
  std::map<std::pair<std::string, std::string>, Route> routes_;
};

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_ROUTER_H_
