// The coordinators' endpoints (client/ui/api_coordinators.cc,
// api_coord_report.cc) by role: a field device is refused every one with
// the catalogue's sentence and nothing written; a coordinator gets the
// queues and the report but not the coverage grid; a network coordinator
// gets all. Real profiles, enrolled against the server's own sync logic
// in process (tests/client/local_server.h).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client/ui/api.h"
#include "client/ui/app.h"
#include "client/ui/catalogue.h"
#include "tests/client/client_fixture.h"

namespace hromada::ui {
namespace {

Request Call(const std::string& method, const std::string& path, const std::string& body = "") {
  Request r;
  r.method = method;
  r.path = path;
  r.body = body;
  return r;
}

class CoordRoutesTest : public test::ClientTest {
 protected:
  // An unlocked App over a profile enrolled with `role`, with two persons
  // likely to be one.
  void OpenAs(v1::Role role) {
    {
      std::unique_ptr<Client> client = Enrolled("device.db", role);
      ASSERT_NE(client, nullptr);
      for (const char* name : {"Олена Петренко", "Olena Petrenko"}) {
        absl::StatusOr<std::string> id = client->Put(
            "person", "", kCommunity, Fields{{"full_name", name}, {"birth_year", int64_t{1984}}});
        ASSERT_TRUE(id.ok()) << id.status();
        ids_.push_back(*id);
      }
    }
    AppOptions options;
    options.profile_path = dir_.Path("device.db");
    options.client_options = Options();
    options.client_options.settings.passphrase.clear();
    absl::StatusOr<std::unique_ptr<App>> app = App::Create(options);
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = *std::move(app);
    ASSERT_TRUE(app_->Unlock(kTestPassphrase).ok());
    AddCoordinatorRoutes(router_, *app_);
  }
  Response Serve(const Request& r) { return app_->Serve(router_, r); }
  nlohmann::json Body(const Response& r) { return nlohmann::json::parse(r.body); }
  int64_t Merges() {
    absl::StatusOr<std::vector<RecordView>> merges = app_->client()->List("person_merge");
    EXPECT_TRUE(merges.ok()) << merges.status();
    return merges.ok() ? static_cast<int64_t>(merges->size()) : -1;
  }
  std::string MergeBody() const {
    return nlohmann::json({{"person", ids_[0]}, {"same_as", ids_[1]}}).dump();
  }

  std::unique_ptr<App> app_;
  Router router_;
  std::vector<std::string> ids_;
};

TEST_F(CoordRoutesTest, AFieldDeviceIsRefusedEveryScreenInWords) {
  OpenAs(v1::ROLE_FIELD);
  const nlohmann::json roles = Body(Serve(Call("GET", "/api/coord/roles")));
  EXPECT_EQ(roles["coordinator"], false);
  EXPECT_EQ(roles["network"], false);
  for (const char* path : {"/api/coord/duplicates", "/api/coord/conflicts", "/api/coord/report",
                           "/api/coord/report/file", "/api/coord/coverage"}) {
    const Response r = Serve(Call("GET", path));
    EXPECT_EQ(r.status, 403) << path;
    const bool grid = std::string(path) == "/api/coord/coverage";
    EXPECT_EQ(Body(r)["error"],
              Say(grid ? "coord.not_network" : "coord.not_coordinator", Lang::kUk))
        << path;
  }
  const Response merge = Serve(Call("POST", "/api/coord/merge", MergeBody()));
  EXPECT_EQ(merge.status, 403);
  EXPECT_EQ(Merges(), 0) << "a refused merge writes nothing";
  app_->set_lang(Lang::kEn);
  EXPECT_EQ(Body(Serve(Call("GET", "/api/coord/conflicts")))["error"],
            "This section is for coordinators, and this device is not enrolled as one.");
}

TEST_F(CoordRoutesTest, ACoordinatorMergesButHasNoCoverageGrid) {
  OpenAs(v1::ROLE_COORDINATOR);
  const nlohmann::json roles = Body(Serve(Call("GET", "/api/coord/roles")));
  EXPECT_EQ(roles["coordinator"], true);
  EXPECT_EQ(roles["network"], false);
  const Response queue = Serve(Call("GET", "/api/coord/duplicates"));
  ASSERT_EQ(queue.status, 200) << queue.body;
  const nlohmann::json pairs = Body(queue)["pairs"];
  ASSERT_EQ(pairs.size(), 1u) << queue.body;
  EXPECT_EQ(pairs[0]["a"]["birth_year"], 1984);
  EXPECT_EQ(pairs[0]["a"]["meetings"], 0);
  const Response merge = Serve(Call("POST", "/api/coord/merge", MergeBody()));
  ASSERT_EQ(merge.status, 200) << merge.body;
  EXPECT_EQ(Body(merge)["merged"], true);
  EXPECT_EQ(Merges(), 1);
  EXPECT_EQ(Body(Serve(Call("POST", "/api/coord/merge", MergeBody())))["merged"], false)
      << "merged already: nothing written twice";
  EXPECT_EQ(Merges(), 1);
  EXPECT_TRUE(Body(Serve(Call("GET", "/api/coord/duplicates")))["pairs"].empty());
  EXPECT_EQ(Serve(Call("GET", "/api/coord/conflicts")).status, 200);
  EXPECT_EQ(Serve(Call("GET", "/api/coord/report")).status, 200);
  const Response grid = Serve(Call("GET", "/api/coord/coverage"));
  EXPECT_EQ(grid.status, 403);
  EXPECT_EQ(Body(grid)["error"], Say("coord.not_network", Lang::kUk));
}

TEST_F(CoordRoutesTest, ANetworkCoordinatorGetsTheGridAndTheFiles) {
  OpenAs(v1::ROLE_NETWORK_COORDINATOR);
  EXPECT_EQ(Body(Serve(Call("GET", "/api/coord/roles")))["network"], true);
  Request grid = Call("GET", "/api/coord/coverage");
  grid.query["months"] = "3";
  const Response answer = Serve(grid);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const nlohmann::json body = Body(answer);
  EXPECT_EQ(body["months"].size(), 3u);
  ASSERT_EQ(body["rows"].size(), 1u) << "the one community this device syncs";
  EXPECT_EQ(body["rows"][0]["cells"].size(), 3u);
  EXPECT_EQ(body["rows"][0]["cells"][2]["reported"], false);
  grid.query["months"] = "40";
  EXPECT_EQ(Serve(grid).status, 422);
  Request file = Call("GET", "/api/coord/report/file");
  file.query["format"] = "xlsx";
  const Response xlsx = Serve(file);
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK") << "a workbook is a zip";
  bool attachment = false;
  for (const auto& [name, value] : xlsx.headers) {
    if (name == "Content-Disposition") attachment = value.rfind("attachment; ", 0) == 0;
  }
  EXPECT_TRUE(attachment);
  file.query["format"] = "pdf";
  EXPECT_EQ(Serve(file).status, 422);
  file.query["format"] = "csv";
  file.query["from"] = "31.02.2024";
  const Response bad = Serve(file);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(Body(bad)["field"], "from");
  file.query["from"] = "01.05.2024";
  file.query["to"] = "30.04.2024";
  const Response backwards = Serve(file);
  EXPECT_EQ(backwards.status, 422);
  EXPECT_EQ(Body(backwards)["field"], "to");
  EXPECT_EQ(Body(backwards)["error"], Say("coord.to_before_from", Lang::kUk));
}

}  // namespace
}  // namespace hromada::ui
